/**
 * `defineObject` declares a custom Twenty object and `extendObject` adds fields
 * to an existing one (STYLE.md "Declare, then run"; modelled on Twenty's app
 * SDK, packages/twenty-sdk/src/sdk/define/objects/define-object.ts). The value
 * is an `ObjectRef`, so `client.records(unitObject)` is typed by the schema.
 */
import type { ObjectRef } from '../../../sdk/index';
import { DeclarationError } from './declaration-error';
import {
  type FieldDefinition,
  type FieldMap,
  ON_DELETE_ACTIONS,
  RATING_VALUES,
  type RecordOfFields,
  SELECT_COLORS,
  type SystemRecordFields,
} from './define-field';
import {
  DEFAULT_CUSTOM_OBJECT_FIELDS,
  isStandardObjectName,
  metadataNameProblems,
  STANDARD_OBJECT_NAMES,
} from './metadata-names';

export interface ObjectConfig<F extends FieldMap> {
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description?: string;
  icon?: string;
  fields: F;
}

/** Twenty gives every custom object a TEXT `name` (its label identifier), declared or not. */
export type ObjectRecord<F extends FieldMap> = SystemRecordFields & {
  name?: string | null;
} & RecordOfFields<F>;

export interface ObjectDefinition<F extends FieldMap = FieldMap> extends ObjectRef<ObjectRecord<F>> {
  readonly kind: 'object';
  readonly nameSingular: string;
  readonly namePlural: string;
  readonly labelSingular: string;
  readonly labelPlural: string;
  readonly description?: string;
  readonly icon?: string;
  readonly fields: F;
}

export interface ObjectExtension<F extends FieldMap = FieldMap> {
  readonly kind: 'extension';
  /** The object that receives the fields: a standard object or another plugin's object. */
  readonly nameSingular: string;
  readonly fields: F;
}

/** The REST record type of a declared object: `InferRecord<typeof unitObject>`. */
export type InferRecord<O extends { readonly __record?: unknown }> = NonNullable<O['__record']>;

/** Option values Twenty accepts: UPPER_SNAKE_CASE (field-metadata validators). */
export const SELECT_VALUE_PATTERN = /^[A-Z0-9][A-Z0-9_]*$/;

export function defineObject<const F extends FieldMap>(config: ObjectConfig<F>): ObjectDefinition<F> {
  const problems: string[] = [];
  for (const key of ['nameSingular', 'namePlural'] as const) {
    for (const p of metadataNameProblems(config[key])) problems.push(`${key} "${String(config[key])}" ${p}`);
  }
  if (config.nameSingular === config.namePlural) {
    problems.push(`nameSingular and namePlural are both "${config.nameSingular}"; Twenty needs two names`);
  }
  for (const name of [config.nameSingular, config.namePlural]) {
    if (isStandardObjectName(name)) {
      problems.push(
        `"${name}" is a standard Twenty object; add fields to it with extendObject('${name}', …)`,
      );
    }
  }
  for (const key of ['labelSingular', 'labelPlural'] as const) {
    if (typeof config[key] !== 'string' || config[key].trim() === '') problems.push(`${key} is empty`);
  }
  problems.push(...fieldMapProblems(config.fields, { customObject: true }));
  if (problems.length > 0) {
    throw new DeclarationError('invalid_object', `defineObject("${String(config.nameSingular)}")`, problems);
  }
  return Object.freeze({
    kind: 'object',
    nameSingular: config.nameSingular,
    namePlural: config.namePlural,
    labelSingular: config.labelSingular,
    labelPlural: config.labelPlural,
    ...(config.description !== undefined && { description: config.description }),
    ...(config.icon !== undefined && { icon: config.icon }),
    fields: Object.freeze({ ...config.fields }),
  });
}

export function extendObject<const F extends FieldMap>(
  target: string | ObjectRef<unknown>,
  config: { fields: F },
): ObjectExtension<F> {
  const nameSingular = typeof target === 'string' ? target : target.nameSingular;
  const problems = metadataNameProblems(nameSingular).map((p) => `target object "${nameSingular}" ${p}`);
  problems.push(...fieldMapProblems(config.fields, { customObject: false }));
  if (problems.length > 0)
    throw new DeclarationError('invalid_object', `extendObject("${nameSingular}")`, problems);
  return Object.freeze({ kind: 'extension', nameSingular, fields: Object.freeze({ ...config.fields }) });
}

/** Every problem of a field map; empty when Twenty would accept all of it. */
export function fieldMapProblems(fields: FieldMap, opts: { customObject: boolean }): string[] {
  const problems: string[] = [];
  if (fields === null || typeof fields !== 'object')
    return ['fields must be an object of defineField.*(…) values'];
  const names = new Set(Object.keys(fields));
  const inverses = new Map<string, string>();
  for (const [name, field] of Object.entries(fields)) {
    const at = `field "${name}"`;
    if (field?.kind !== 'field') {
      problems.push(`${at} is not a defineField.*(…) value`);
      continue;
    }
    for (const p of metadataNameProblems(name)) problems.push(`${at}: the name ${p}`);
    const builtIn = DEFAULT_CUSTOM_OBJECT_FIELDS[name];
    if (builtIn !== undefined && !(name === 'name' && (!opts.customObject || field.type === 'TEXT'))) {
      problems.push(
        `${at}: Twenty already creates "${name}" (${builtIn}) on every object; choose another name`,
      );
    }
    if (typeof field.label !== 'string' || field.label.trim() === '') problems.push(`${at}: label is empty`);
    problems.push(...fieldProblems(field).map((p) => `${at}: ${p}`));
    if (field.type === 'RELATION' && field.relation) {
      const joinColumn = `${name}Id`;
      if (names.has(joinColumn)) {
        problems.push(`${at}: its records carry "${joinColumn}", which is also declared as a field`);
      }
      const t = field.relation.target;
      // A thunk is resolved later (registry), when every object exists.
      const target =
        typeof t === 'string' ? t : typeof t === 'object' && t !== null ? t.nameSingular : undefined;
      if (target !== undefined) {
        const key = `${target}:${field.relation.inverseName}`;
        const clash = inverses.get(key);
        if (clash) {
          problems.push(
            `${at}: inverse "${field.relation.inverseName}" on "${target}" is already the inverse of field "${clash}"`,
          );
        }
        inverses.set(key, name);
      }
    }
  }
  return problems;
}

function fieldProblems(field: FieldDefinition): string[] {
  const problems: string[] = [];
  const d = field.defaultValue;
  switch (field.type) {
    case 'SELECT':
    case 'MULTI_SELECT': {
      const options = field.options ?? [];
      if (options.length === 0) problems.push(`a ${field.type} needs at least one option`);
      const seen = new Set<string>();
      for (const o of options) {
        if (!SELECT_VALUE_PATTERN.test(o.value)) {
          problems.push(
            `option "${o.value}" must be UPPER_SNAKE_CASE (A-Z, 0-9, _), e.g. "${toUpperSnake(o.value)}"`,
          );
        }
        if (seen.has(o.value)) problems.push(`option "${o.value}" is declared twice`);
        seen.add(o.value);
        if (typeof o.label !== 'string' || o.label.trim() === '')
          problems.push(`option "${o.value}" has no label`);
        if (o.color !== undefined && !(SELECT_COLORS as readonly string[]).includes(o.color)) {
          problems.push(
            `option "${o.value}" has colour "${o.color}"; Twenty knows ${SELECT_COLORS.join(', ')}`,
          );
        }
      }
      const defaults = d === undefined ? [] : field.type === 'MULTI_SELECT' && Array.isArray(d) ? d : [d];
      if (field.type === 'MULTI_SELECT' && d !== undefined && !Array.isArray(d)) {
        problems.push('the default of a MULTI_SELECT must be an array of option values');
      }
      for (const v of defaults) {
        if (!seen.has(String(v))) {
          problems.push(`default "${String(v)}" is not one of its options (${[...seen].join(', ')})`);
        }
      }
      break;
    }
    case 'RELATION':
      problems.push(...relationProblems(field));
      break;
    case 'TEXT':
      if (d !== undefined && typeof d !== 'string')
        problems.push('the default of a TEXT field must be a string');
      break;
    case 'NUMBER':
      if (d !== undefined && (typeof d !== 'number' || !Number.isFinite(d))) {
        problems.push('the default of a NUMBER field must be a finite number');
      }
      break;
    case 'NUMERIC':
      if (d !== undefined && (typeof d !== 'string' || !/^-?\d+(\.\d+)?$/.test(d))) {
        problems.push('the default of a NUMERIC field must be a decimal string such as "0" or "12.50"');
      }
      break;
    case 'BOOLEAN':
      if (d !== undefined && typeof d !== 'boolean')
        problems.push('the default of a BOOLEAN field must be true or false');
      break;
    case 'DATE':
    case 'DATE_TIME':
      if (d !== undefined && d !== 'now') problems.push(`the only default of a ${field.type} field is 'now'`);
      break;
    case 'UUID':
      if (d !== undefined && d !== 'uuid') problems.push(`the only default of a UUID field is 'uuid'`);
      break;
    case 'RATING':
      if (d !== undefined && !(RATING_VALUES as readonly unknown[]).includes(d)) {
        problems.push(`the default of a RATING field is one of ${RATING_VALUES.join(', ')}`);
      }
      break;
    case 'CURRENCY': {
      const code =
        typeof d === 'object' && d !== null ? (d as { currencyCode?: unknown }).currencyCode : undefined;
      if (d !== undefined && (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code))) {
        problems.push(`the default of a CURRENCY field is { currencyCode: 'RUB' } (an ISO 4217 code)`);
      }
      break;
    }
    case 'FULL_NAME':
    case 'EMAILS':
    case 'PHONES':
    case 'LINKS':
    case 'ADDRESS':
    case 'RAW_JSON':
    case 'RICH_TEXT':
    case 'ARRAY':
      if (d !== undefined) problems.push(`a ${field.type} field takes no default`);
      break;
    default: {
      const unknownType: never = field.type;
      problems.push(`type "${String(unknownType)}" is not a Twenty field type`);
    }
  }
  if (field.type !== 'SELECT' && field.type !== 'MULTI_SELECT' && field.options !== undefined) {
    problems.push(`options belong to SELECT and MULTI_SELECT fields, not ${field.type}`);
  }
  return problems;
}

function relationProblems(field: FieldDefinition): string[] {
  const relation = field.relation;
  if (!relation) return ['a RELATION needs { target, inverseName }'];
  const problems: string[] = [];
  if (field.isUnique) problems.push('a RELATION cannot be unique');
  const target = relation.target;
  if (typeof target === 'string' && !isStandardObjectName(target)) {
    problems.push(
      `relation target "${target}" is not a standard object (${STANDARD_OBJECT_NAMES.join(', ')}); ` +
        'pass the ObjectRef of a custom object, or () => ref when two objects point at each other',
    );
  } else if (typeof target === 'object' && (target === null || typeof target.nameSingular !== 'string')) {
    problems.push(
      'relation target is not an ObjectRef (it may be used before it is defined: pass () => ref)',
    );
  } else if (typeof target !== 'string' && typeof target !== 'object' && typeof target !== 'function') {
    problems.push('relation target is missing');
  }
  for (const p of metadataNameProblems(relation.inverseName)) {
    problems.push(`inverse name "${String(relation.inverseName)}" ${p}`);
  }
  if (
    relation.onDelete !== undefined &&
    !(ON_DELETE_ACTIONS as readonly string[]).includes(relation.onDelete)
  ) {
    problems.push(`onDelete "${relation.onDelete}" is not one of ${ON_DELETE_ACTIONS.join(', ')}`);
  }
  return problems;
}

function toUpperSnake(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/**
 * Languages `realty setup` can label Twenty's screens in (`REALTY_LOCALE`). The schema's own labels
 * are English; a plugin ships the other languages as a label map (`plugins/<p>/labels-ru.ts`) given
 * to `definePlugin({ labels: { ru } })`, keyed by names, which never change with the language.
 */
export const LABEL_LOCALES = ['ru', 'en'] as const;
export type LabelLocale = (typeof LABEL_LOCALES)[number];
export const DEFAULT_LABEL_LOCALE: LabelLocale = 'ru';

/** One field in one language. `options` maps an option's value to its label; `inverseLabel` names the relation's other end. */
export interface FieldLabelEntry {
  readonly label?: string;
  readonly description?: string;
  /** Used in every language when the declaration has no icon (icons do not change with the language). */
  readonly icon?: string;
  readonly inverseLabel?: string;
  readonly options?: Readonly<Record<string, string>>;
}

/** One object in one language: its own labels (custom objects) and its fields' (own or extension fields). */
export interface ObjectLabelEntry {
  readonly labelSingular?: string;
  readonly labelPlural?: string;
  readonly description?: string;
  /** Used in every language when the declaration has no icon. */
  readonly icon?: string;
  readonly fields?: Readonly<Record<string, FieldLabelEntry>>;
  /** Views people start from, created by `realty setup` where the workspace lets it (never changed after). */
  readonly views?: readonly StartingViewEntry[];
}

/**
 * A starting view of an object in one language: a table whose columns are these fields in this
 * order, optionally grouped by a SELECT field's options and sorted. Its name (unique per object) is
 * how `realty setup` recognises it later; it has no quotes, `\ ; . = * /` (Twenty's view names).
 */
export interface StartingViewEntry {
  readonly name: string;
  readonly icon?: string;
  readonly fields: readonly string[];
  readonly groupBy?: string;
  readonly sort?: readonly { readonly field: string; readonly direction: 'asc' | 'desc' }[];
}

/** The `name` Twenty creates with every custom object, as a declaration (its label is «Name»). */
export const TWENTY_NAME_FIELD: FieldDefinition = Object.freeze({
  kind: 'field',
  type: 'TEXT',
  label: 'Name',
});

/** Fields Twenty gives every custom object, which views may show too. */
const VIEW_DEFAULT_FIELDS = ['name', 'createdAt', 'updatedAt', 'createdBy'];
const VIEW_NAME = /^(?!(?:not|or|and|Int|Float|Boolean|String|ID)$)[^'"\\;.=*/]+$/;

/** A plugin's labels in one language, by object name (`unit`, or `person` for extension fields). */
export type SchemaLabels = Readonly<Record<string, ObjectLabelEntry>>;

/** Every language a plugin labels its schema in besides the declaration's English. */
export type PluginLabels = Readonly<Partial<Record<LabelLocale, SchemaLabels>>>;

/** Declares a label map (`labels-ru.ts`); definePlugin checks every name in it against the schema. */
export function defineLabels<const L extends SchemaLabels>(labels: L): L {
  return labels;
}

/**
 * Problems of a plugin's label maps: every object, field and option they name must be one the plugin
 * declares (its objects, or the fields it adds to other objects), so a typo cannot go unnoticed.
 */
export function labelProblems(
  labels: PluginLabels,
  objects: readonly ObjectDefinition[],
  extensions: readonly ObjectExtension[],
): string[] {
  const problems: string[] = [];
  const own = new Map(objects.map((o) => [o.nameSingular, o]));
  const extended = new Map<string, Record<string, FieldDefinition>>();
  for (const e of extensions) extended.set(e.nameSingular, { ...extended.get(e.nameSingular), ...e.fields });
  for (const [locale, map] of Object.entries(labels)) {
    if (!(LABEL_LOCALES as readonly string[]).includes(locale)) {
      problems.push(`labels: "${locale}" is not a language setup knows (${LABEL_LOCALES.join(', ')})`);
      continue;
    }
    for (const [objectName, entry] of Object.entries(map ?? {})) {
      const at = `labels.${locale}.${objectName}`;
      const object = own.get(objectName);
      const fields: Record<string, FieldDefinition> | undefined = object
        ? { ...object.fields, ...extended.get(objectName) }
        : extended.get(objectName);
      if (!fields) {
        problems.push(`${at}: "${objectName}" is neither an object of this plugin nor one it adds fields to`);
        continue;
      }
      if (!object) {
        for (const key of ['labelSingular', 'labelPlural', 'description', 'icon'] as const) {
          if (entry[key] !== undefined)
            problems.push(`${at}.${key}: "${objectName}" is not this plugin's object; label only its fields`);
        }
      }
      const names = new Set<string>();
      for (const [i, view] of (entry.views ?? []).entries()) {
        const vat = `${at}.views[${i}]`;
        if (!object) problems.push(`${vat}: views belong to this plugin's own objects`);
        if (typeof view.name !== 'string' || !VIEW_NAME.test(view.name))
          problems.push(
            `${vat}: name "${String(view.name)}" must be non-empty, without quotes, \\ ; . = * /`,
          );
        if (names.has(view.name)) problems.push(`${vat}: "${view.name}" is declared twice`);
        names.add(view.name);
        if (view.fields.length === 0) problems.push(`${vat}: a view needs at least one column`);
        const cols = [
          ...view.fields,
          ...(view.sort ?? []).map((s) => s.field),
          ...(view.groupBy ? [view.groupBy] : []),
        ];
        for (const col of cols)
          if (!(col in fields) && !VIEW_DEFAULT_FIELDS.includes(col))
            problems.push(`${vat}: "${objectName}" has no field "${col}"`);
        if (view.groupBy !== undefined && fields[view.groupBy] && fields[view.groupBy]?.type !== 'SELECT')
          problems.push(`${vat}: groupBy "${view.groupBy}" must be a SELECT field`);
      }
      for (const [fieldName, f] of Object.entries(entry.fields ?? {})) {
        // Twenty gives every custom object a TEXT `name` (the first column), declared or not.
        const field = fields[fieldName] ?? (object && fieldName === 'name' ? TWENTY_NAME_FIELD : undefined);
        if (!field) {
          problems.push(`${at}.fields.${fieldName}: "${objectName}" has no declared field "${fieldName}"`);
          continue;
        }
        if (f.inverseLabel !== undefined && field.type !== 'RELATION')
          problems.push(`${at}.fields.${fieldName}: inverseLabel belongs to a RELATION, not ${field.type}`);
        const values = new Set((field.options ?? []).map((o) => o.value));
        for (const value of Object.keys(f.options ?? {})) {
          if (!values.has(value))
            problems.push(
              `${at}.fields.${fieldName}.options: "${value}" is not one of its options (${[...values].join(', ') || 'none'})`,
            );
        }
        for (const [key, text] of Object.entries(f)) {
          if (key !== 'options' && (typeof text !== 'string' || text.trim() === ''))
            problems.push(`${at}.fields.${fieldName}.${key} is empty`);
        }
      }
    }
  }
  return problems;
}

/** Option labels from a vocabulary's lower-case words (`{ DRAFT: 'черновик' }` → «Черновик»), as Twenty shows tags. */
export function capitalizedLabels<K extends string>(labels: Readonly<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(
    Object.entries<string>(labels).map(([k, v]) => [k, v.charAt(0).toLocaleUpperCase('ru') + v.slice(1)]),
  ) as Record<K, string>;
}
