/**
 * Typed field builders for `defineObject` (contract C14). Each builder returns
 * a plain value the runtime can list, diff and provision; the phantom `__value`
 * carries the REST value type so `InferRecord` types records end to end.
 * Builders never throw: `defineObject` checks every field and reports all
 * problems at once.
 */
import type {
  Actor,
  Address,
  Currency,
  Emails,
  FullName,
  Links,
  ObjectRef,
  Phones,
} from '../../../sdk/index';
import type { StandardObjectName } from './metadata-names';

export type FieldType =
  | 'UUID'
  | 'TEXT'
  | 'PHONES'
  | 'EMAILS'
  | 'DATE_TIME'
  | 'DATE'
  | 'BOOLEAN'
  | 'NUMBER'
  | 'NUMERIC'
  | 'LINKS'
  | 'CURRENCY'
  | 'FULL_NAME'
  | 'RATING'
  | 'SELECT'
  | 'MULTI_SELECT'
  | 'RELATION'
  | 'ADDRESS'
  | 'RAW_JSON'
  | 'RICH_TEXT'
  | 'ARRAY';

/** Twenty's tag colours (twenty-shared TAG_COLORS); the first ten exist in older releases too. */
export const SELECT_COLORS = [
  'green',
  'turquoise',
  'sky',
  'blue',
  'purple',
  'pink',
  'red',
  'orange',
  'yellow',
  'gray',
  'ruby',
  'crimson',
  'tomato',
  'amber',
  'lime',
  'grass',
  'jade',
  'mint',
  'cyan',
  'iris',
  'violet',
  'plum',
  'bronze',
  'gold',
  'brown',
] as const;
export type SelectColor = (typeof SELECT_COLORS)[number];

export const ON_DELETE_ACTIONS = ['SET_NULL', 'CASCADE', 'RESTRICT', 'NO_ACTION'] as const;
export type OnDeleteAction = (typeof ON_DELETE_ACTIONS)[number];

export const RATING_VALUES = ['RATING_1', 'RATING_2', 'RATING_3', 'RATING_4', 'RATING_5'] as const;
export type RatingValue = (typeof RATING_VALUES)[number];

export interface SelectOptionInput {
  value: string;
  label: string;
  color?: SelectColor;
}

/** An ObjectRef, a standard object's name, or a thunk for relations that point at each other. */
export type RelationTarget = ObjectRef<unknown> | StandardObjectName | (() => ObjectRef<unknown>);

export interface RelationDefinition {
  readonly target: RelationTarget;
  /** Name of the ONE_TO_MANY field Twenty creates on the target, e.g. `units`. */
  readonly inverseName: string;
  readonly inverseLabel?: string;
  readonly inverseIcon?: string;
  readonly onDelete?: OnDeleteAction;
}

export interface FieldDefinition<Type extends FieldType = FieldType, Value = unknown> {
  readonly kind: 'field';
  readonly type: Type;
  readonly label: string;
  readonly description?: string;
  readonly icon?: string;
  readonly isNullable?: boolean;
  readonly isUnique?: boolean;
  /** As declared (`'FREE'`, `42`, `{ currencyCode: 'RUB' }`); provisioning converts it to Twenty's quoted form. */
  readonly defaultValue?: unknown;
  readonly options?: readonly SelectOptionInput[];
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly relation?: RelationDefinition;
  readonly __value?: Value;
}

export interface FieldOptions<Default = never> {
  label: string;
  description?: string;
  icon?: string;
  isNullable?: boolean;
  isUnique?: boolean;
  defaultValue?: Default;
}

type NoDefault = Omit<FieldOptions, 'defaultValue'>;

export interface SelectFieldOptions<O extends readonly SelectOptionInput[], Default>
  extends FieldOptions<Default> {
  options: O;
}

export interface RelationFieldOptions extends Omit<FieldOptions, 'defaultValue' | 'isUnique'> {
  target: RelationTarget;
  inverseName: string;
  /** Defaults to the inverse name spelled as a label ("unitChanges" → "Unit Changes"). */
  inverseLabel?: string;
  inverseIcon?: string;
  /** What happens to this record when the target is deleted; Twenty's default is SET_NULL. */
  onDelete?: OnDeleteAction;
}

function field<Type extends FieldType, Value>(
  type: Type,
  options: FieldOptions<unknown> & {
    options?: readonly SelectOptionInput[];
    settings?: Record<string, unknown>;
  },
): FieldDefinition<Type, Value> {
  const { label, description, icon, isNullable, isUnique, defaultValue, settings } = options;
  const definition: FieldDefinition<Type, Value> = {
    kind: 'field',
    type,
    label,
    ...(description !== undefined && { description }),
    ...(icon !== undefined && { icon }),
    ...(isNullable !== undefined && { isNullable }),
    ...(isUnique !== undefined && { isUnique }),
    ...(defaultValue !== undefined && { defaultValue }),
    ...(options.options !== undefined && { options: options.options }),
    ...(settings !== undefined && { settings }),
  };
  return Object.freeze(definition);
}

export const defineField = {
  uuid: (o: FieldOptions<'uuid'>) => field<'UUID', string | null>('UUID', o),
  text: (o: FieldOptions<string>) => field<'TEXT', string | null>('TEXT', o),
  number: (o: FieldOptions<number> & { decimals?: number }) =>
    field<'NUMBER', number | null>('NUMBER', {
      ...o,
      ...(o.decimals !== undefined && { settings: { decimals: o.decimals, type: 'number' } }),
    }),
  /** Arbitrary precision; Twenty returns it as a string so no digit is lost. */
  numeric: (o: FieldOptions<string>) => field<'NUMERIC', string | null>('NUMERIC', o),
  boolean: (o: FieldOptions<boolean>) => field<'BOOLEAN', boolean | null>('BOOLEAN', o),
  /** `"YYYY-MM-DD"`. */
  date: (o: FieldOptions<'now'>) => field<'DATE', string | null>('DATE', o),
  /** ISO 8601. */
  dateTime: (o: FieldOptions<'now'>) => field<'DATE_TIME', string | null>('DATE_TIME', o),
  currency: (o: FieldOptions<{ currencyCode: string }>) => field<'CURRENCY', Currency>('CURRENCY', o),
  fullName: (o: NoDefault) => field<'FULL_NAME', FullName>('FULL_NAME', o),
  emails: (o: NoDefault) => field<'EMAILS', Emails>('EMAILS', o),
  phones: (o: NoDefault) => field<'PHONES', Phones>('PHONES', o),
  links: (o: NoDefault) => field<'LINKS', Links>('LINKS', o),
  address: (o: NoDefault) => field<'ADDRESS', Address>('ADDRESS', o),
  select: <const O extends readonly SelectOptionInput[]>(o: SelectFieldOptions<O, O[number]['value']>) =>
    field<'SELECT', O[number]['value'] | null>('SELECT', o),
  multiSelect: <const O extends readonly SelectOptionInput[]>(
    o: SelectFieldOptions<O, readonly O[number]['value'][]>,
  ) => field<'MULTI_SELECT', O[number]['value'][] | null>('MULTI_SELECT', o),
  rating: (o: FieldOptions<RatingValue>) => field<'RATING', RatingValue | null>('RATING', o),
  rawJson: <T = unknown>(o: NoDefault) => field<'RAW_JSON', T | null>('RAW_JSON', o),
  /** Markdown / blocknote, as Twenty's RICH_TEXT(_V2) composite. */
  richText: (o: NoDefault) =>
    field<'RICH_TEXT', { blocknote: string | null; markdown: string | null }>('RICH_TEXT', o),
  array: (o: NoDefault) => field<'ARRAY', string[] | null>('ARRAY', o),
  /** MANY_TO_ONE from this side (`<name>Id` on records); Twenty adds the ONE_TO_MANY inverse on the target. */
  relation: (o: RelationFieldOptions): FieldDefinition<'RELATION', string | null> => {
    const { target, inverseName, inverseLabel, inverseIcon, onDelete, ...rest } = o;
    const relation: RelationDefinition = {
      target,
      inverseName,
      ...(inverseLabel !== undefined && { inverseLabel }),
      ...(inverseIcon !== undefined && { inverseIcon }),
      ...(onDelete !== undefined && { onDelete }),
    };
    return Object.freeze({ ...field<'RELATION', string | null>('RELATION', rest), relation });
  },
};

export type FieldMap = Readonly<Record<string, FieldDefinition>>;

type ValueOf<F> = F extends { readonly __value?: infer V } ? V : never;

/** The REST shape of the declared fields: relations as `<name>Id`, composites nested. */
export type RecordOfFields<F extends FieldMap> = {
  -readonly [K in keyof F as F[K] extends FieldDefinition<'RELATION', unknown>
    ? `${K & string}Id`
    : K]: ValueOf<F[K]>;
};

/** Fields every record carries (Twenty's default fields). */
// A type alias, not an interface: only aliases satisfy TwentyRecord's index signature.
export type SystemRecordFields = {
  id: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  createdBy?: Actor;
  updatedBy?: Actor;
  position?: number;
};

/** Resolves a relation target to the object it names. */
export function relationTargetName(target: RelationTarget): string {
  if (typeof target === 'string') return target;
  const ref = typeof target === 'function' ? target() : target;
  return ref.nameSingular;
}
