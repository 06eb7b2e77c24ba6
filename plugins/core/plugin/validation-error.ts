/**
 * A request that does not match its route's zod schema, as the one error body
 * a person can act on: Russian by default (English on `Accept-Language: en`),
 * naming the field by the label people see on the page — the route's `labels`,
 * else the schema's `.describe()` — never by its internal key alone. The key
 * stays in `field` for programs. A message a schema gives itself
 * (`.refine(…, 'Цена выше максимальной')`) is kept as written.
 */
import type { z } from 'zod';
import { type ErrorBody, errorBody, type MessageLang } from './route-error';

/** A label for a field: Russian, or both languages. */
export type FieldLabel = string | { readonly ru: string; readonly en?: string };
/** Labels a route declares for its params, query and body keys (`{ floorMin: 'Этаж от' }`); dotted paths for nested keys. */
export type FieldLabels = Readonly<Record<string, FieldLabel>>;

export type RequestPart = 'params' | 'query' | 'body' | 'request';

/** What zod hands an error map (v4 raw issue), read loosely: each code carries its own facts. */
interface RawIssue {
  readonly code?: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly origin?: string;
  readonly format?: string;
  readonly minimum?: number | bigint | Date;
  readonly maximum?: number | bigint | Date;
  readonly inclusive?: boolean;
  readonly divisor?: number | bigint;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly message?: string;
}

const RU_TYPES: Readonly<Record<string, string>> = {
  number: 'числом',
  int: 'целым числом',
  bigint: 'целым числом',
  string: 'текстом',
  boolean: 'да или нет (true/false)',
  date: 'датой',
  array: 'списком',
  object: 'набором полей (объектом)',
};
const RU_FORMATS: Readonly<Record<string, string>> = {
  uuid: 'идентификатором записи (UUID)',
  guid: 'идентификатором записи (UUID)',
  email: 'адресом электронной почты',
  url: 'адресом (URL)',
  date: 'датой вида ГГГГ-ММ-ДД',
  datetime: 'датой и временем (ISO 8601)',
  time: 'временем вида ЧЧ:ММ',
  e164: 'телефоном в формате +7…',
};

const shown = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
const choices = (values: readonly unknown[] | undefined): string => (values ?? []).map(shown).join(', ');

/** Why a value was refused, as the words after the field's label: «должно быть числом». */
export function issueReason(issue: RawIssue, lang: MessageLang): string {
  const ru = lang === 'ru';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return ru ? 'не заполнено' : 'is required';
      if (issue.expected === 'number' && typeof issue.input === 'number' && Number.isNaN(issue.input))
        return ru ? 'должно быть числом' : 'must be a number';
      return ru
        ? `должно быть ${RU_TYPES[issue.expected ?? ''] ?? `значением типа ${issue.expected}`}`
        : `must be ${issue.expected === 'int' ? 'a whole number' : `of type ${issue.expected}`}`;
    case 'invalid_format':
      return ru
        ? `должно быть ${RU_FORMATS[issue.format ?? ''] ?? 'значением верного вида'}`
        : `is not a valid ${issue.format ?? 'value'}`;
    case 'too_small': {
      const min = shown(issue.minimum);
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? ru
            ? 'не заполнено'
            : 'is required'
          : ru
            ? `должно быть не короче ${min} символов`
            : `must be at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return ru ? `должно содержать не меньше ${min} элементов` : `must have at least ${min} items`;
      if (issue.origin === 'date') return ru ? `должно быть не раньше ${min}` : `must not be before ${min}`;
      return issue.inclusive === false
        ? ru
          ? `должно быть больше ${min}`
          : `must be greater than ${min}`
        : ru
          ? `должно быть не меньше ${min}`
          : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = shown(issue.maximum);
      if (issue.origin === 'string')
        return ru ? `должно быть не длиннее ${max} символов` : `must be at most ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return ru ? `должно содержать не больше ${max} элементов` : `must have at most ${max} items`;
      if (issue.origin === 'date') return ru ? `должно быть не позже ${max}` : `must not be after ${max}`;
      return issue.inclusive === false
        ? ru
          ? `должно быть меньше ${max}`
          : `must be less than ${max}`
        : ru
          ? `должно быть не больше ${max}`
          : `must be at most ${max}`;
    }
    case 'invalid_value':
      return ru
        ? `должно быть одним из: ${choices(issue.values)}`
        : `must be one of: ${choices(issue.values)}`;
    case 'not_multiple_of':
      return ru
        ? `должно быть кратно ${shown(issue.divisor)}`
        : `must be a multiple of ${shown(issue.divisor)}`;
    case 'unrecognized_keys':
      return ru
        ? `лишние поля: ${(issue.keys ?? []).join(', ')}`
        : `unknown keys: ${(issue.keys ?? []).join(', ')}`;
    default:
      return ru ? 'неверное значение' : 'is not valid';
  }
}

/** The zod error map of a language: every issue a schema gave no message of its own gets `issueReason`. */
export const issueMap =
  (lang: MessageLang) =>
  (issue: RawIssue): string =>
    issueReason(issue, lang);

/** zod v4 keeps a schema's structure in `_zod.def`; read only what the label lookup needs. */
interface SchemaDef {
  readonly type?: string;
  readonly shape?: Readonly<Record<string, unknown>>;
  readonly innerType?: unknown;
  readonly in?: unknown;
  readonly element?: unknown;
  readonly valueType?: unknown;
}
const defOf = (schema: unknown): SchemaDef | undefined =>
  (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
const descriptionOf = (schema: unknown): string | undefined => {
  const text = (schema as { description?: unknown } | undefined)?.description;
  return typeof text === 'string' && text.trim() !== '' ? text : undefined;
};

/** The schema a path leads to (through optional, default, pipes, arrays and records), or undefined. */
export function schemaAt(schema: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = schema;
  const unwrap = (s: unknown): unknown => {
    for (let i = 0; i < 20; i++) {
      const def = defOf(s);
      if (descriptionOf(s) !== undefined) return s;
      const inner = def?.innerType ?? (def?.type === 'pipe' ? def.in : undefined);
      if (inner === undefined) return s;
      s = inner;
    }
    return s;
  };
  for (const key of path) {
    const def = defOf(unwrap(current));
    if (!def) return undefined;
    if (def.type === 'object' && typeof key === 'string') current = def.shape?.[key];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** The label of the field at `path`: the route's labels (full path, then the last key), the schema's description. */
export function fieldLabel(
  schema: unknown,
  path: readonly PropertyKey[],
  labels: FieldLabels | undefined,
  lang: MessageLang,
): string | undefined {
  const keys = path.filter((k): k is string => typeof k === 'string');
  const declared =
    labels?.[path.map(String).join('.')] ??
    (keys.length > 0 ? labels?.[keys[keys.length - 1] as string] : undefined);
  if (declared !== undefined)
    return typeof declared === 'string'
      ? declared
      : lang === 'en'
        ? (declared.en ?? declared.ru)
        : declared.ru;
  let node: unknown = schemaAt(schema, path);
  for (let i = 0; node !== undefined && i < 20; i++) {
    const text = descriptionOf(node);
    if (text !== undefined) return text;
    const def = defOf(node);
    node = def?.innerType ?? (def?.type === 'pipe' ? def.in : undefined);
  }
  return undefined;
}

export interface ValidationOptions {
  /** The schema that refused (to find `.describe()` labels). */
  schema?: unknown;
  labels?: FieldLabels;
  lang?: MessageLang;
}

/**
 * The first issue of a schema mismatch as a 400: `«Этаж от»: должно быть целым числом`. The field's
 * internal key is `field`; the message names its label (or the key, quoted, when none is declared).
 */
export function validationErrorBody(
  part: RequestPart,
  error: z.ZodError,
  options: ValidationOptions = {},
): ErrorBody {
  const lang = options.lang ?? 'ru';
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  const field = path.length > 0 ? path.map(String).join('.') : undefined;
  const label =
    field !== undefined ? (fieldLabel(options.schema, path, options.labels, lang) ?? field) : undefined;
  const reason = issue?.message ?? (lang === 'ru' ? 'неверное значение' : 'is not valid');
  const where =
    label !== undefined
      ? lang === 'ru'
        ? `«${label}»`
        : `"${label}"`
      : lang === 'ru'
        ? { params: 'Адрес запроса', query: 'Параметры запроса', body: 'Тело запроса', request: 'Запрос' }[
            part
          ]
        : { params: 'The path', query: 'The query', body: 'The body', request: 'The request' }[part];
  return errorBody(400, `invalid_${part}`, `${where}: ${reason}`, field !== undefined ? { field } : {});
}

/**
 * Parses `value` with `schema`, issues worded in `lang`. The schema's own messages win over the map
 * (zod's precedence), so a plugin's Russian `.refine` text reaches the person unchanged.
 */
export function parseWithLang<S extends z.ZodType>(
  schema: S,
  value: unknown,
  lang: MessageLang,
): ReturnType<S['safeParse']> {
  return schema.safeParse(value, { error: issueMap(lang) }) as ReturnType<S['safeParse']>;
}
