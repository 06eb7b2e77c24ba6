/**
 * The read model as routes see it: one view per replicated object,
 * `rv_<name>` over `rm_<name>`, without deleted rows, with one typed column
 * per declared field — `total_area numeric`, `price_amount_micros numeric`,
 * `building_id uuid` — instead of the `data` jsonb. Every cast is guarded: a
 * malformed value reads as null and never fails a query. The casts run once per
 * write: the table keeps each typed value in a stored generated column
 * (`v_total_area`), which the view reads as it is (parsing the jsonb per row
 * and query made the reports' scans several times dearer). Declared indexes are
 * built over exactly these columns, so a query through a view (or a scoped
 * reader's subquery over it) can use them.
 */
import type { Sql } from '../../../db/database';
import { type FieldDefinition, relationTargetName } from '../plugin/define-field';
import { isStandardObjectName } from '../plugin/metadata-names';
import type { DeclaredSchema, RegisteredReadModelObject } from '../plugin/plugin-registry';
import { STANDARD_OBJECT_FIELDS } from '../plugin/standard-fields';
import { advisoryLockKey } from '../store/advisory-locks';
import {
  type ReadModel,
  ReadModelError,
  type ReadModelIndex,
  readModelTable,
  type StoredColumn,
} from './read-model';

export type ViewSqlType =
  | 'text'
  | 'numeric'
  | 'boolean'
  | 'date'
  | 'timestamptz'
  | 'uuid'
  | 'text[]'
  | 'jsonb';

export interface ViewColumn {
  /** snake_case: `total_area`, `price_amount_micros`, `building_id`. */
  readonly name: string;
  readonly sqlType: ViewSqlType;
  /** The declared field (`price`, `building`); null for the system columns id, created_at, updated_at. */
  readonly field: string | null;
  /** The composite's sub-field (`amountMicros`). */
  readonly subField?: string;
  /** The key in the REST record: `price`, `buildingId`, `id`. */
  readonly recordKey: string;
  /** Its value in SQL over the storage table's columns (`id`, `updated_at`, `data`). */
  readonly expression: string;
  /** The target object of a many-to-one relation column. */
  readonly relationTarget?: string;
}

/**
 * The table's stored column behind a view column (`v_total_area`): every typed column but the
 * table's own (`id`, `updated_at`) and the jsonb ones (a copy of `data`'s parts would only double
 * them). Computed once per write, so a query reads typed values instead of parsing `data` per row.
 */
export function storedColumnName(column: ViewColumn): string | undefined {
  if (column.field === null && column.expression === column.name) return undefined;
  if (column.sqlType === 'jsonb') return undefined;
  return `v_${column.name}`;
}

/** What a view (or an index) reads for a column: its stored column, else its expression over `data`. */
const storedOrExpression = (column: ViewColumn) => storedColumnName(column) ?? column.expression;

/** The stored columns of an object's table, as the read model makes them. */
export function storedColumns(schema: DeclaredSchema, object: string): StoredColumn[] {
  return viewColumns(schema, object).flatMap((column) => {
    const name = storedColumnName(column);
    return name ? [{ name, sqlType: column.sqlType, expression: column.expression }] : [];
  });
}

/** Sub-fields of Twenty's composite types, as REST names them, with their column types. */
const COMPOSITES: Readonly<Record<string, readonly (readonly [string, ViewSqlType])[]>> = {
  CURRENCY: [
    ['amountMicros', 'numeric'],
    ['currencyCode', 'text'],
  ],
  FULL_NAME: [
    ['firstName', 'text'],
    ['lastName', 'text'],
  ],
  LINKS: [
    ['primaryLinkUrl', 'text'],
    ['primaryLinkLabel', 'text'],
    ['secondaryLinks', 'jsonb'],
  ],
  EMAILS: [
    ['primaryEmail', 'text'],
    ['additionalEmails', 'jsonb'],
  ],
  PHONES: [
    ['primaryPhoneNumber', 'text'],
    ['primaryPhoneCountryCode', 'text'],
    ['primaryPhoneCallingCode', 'text'],
    ['additionalPhones', 'jsonb'],
  ],
  ADDRESS: [
    ['addressStreet1', 'text'],
    ['addressStreet2', 'text'],
    ['addressCity', 'text'],
    ['addressPostcode', 'text'],
    ['addressState', 'text'],
    ['addressCountry', 'text'],
    ['addressLat', 'numeric'],
    ['addressLng', 'numeric'],
  ],
  RICH_TEXT: [['markdown', 'text']],
};

const SCALARS: Readonly<Record<string, ViewSqlType>> = {
  UUID: 'uuid',
  TEXT: 'text',
  SELECT: 'text',
  RATING: 'text',
  NUMBER: 'numeric',
  NUMERIC: 'numeric',
  BOOLEAN: 'boolean',
  DATE: 'date',
  DATE_TIME: 'timestamptz',
  MULTI_SELECT: 'text[]',
  ARRAY: 'text[]',
  RAW_JSON: 'jsonb',
};

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `unit` → `rv_unit`, `unitChange` → `rv_unit_change`. */
export function readModelView(object: string): string {
  return readModelTable(object).replace(/^rm_/, 'rv_');
}

const quote = (key: string) => `'${key.replace(/'/g, "''")}'`;
const NUMBER_TEXT = String.raw`'^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$'`;
const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/** The guarded cast of a jsonb value (`json`) and its text (`text`) to a column type. */
export function guardedCast(json: string, text: string, type: ViewSqlType): string {
  switch (type) {
    case 'text':
      return text;
    case 'jsonb':
      return json;
    case 'numeric':
      return `(case when ${text} ~ ${NUMBER_TEXT} then (${text})::numeric end)`;
    case 'boolean':
      return `(case ${text} when 'true' then true when 'false' then false end)`;
    case 'uuid':
      return `(case when ${text} ~ ${UUID_TEXT} then (${text})::uuid end)`;
    case 'date':
      return `rv_try_date(${text})`;
    case 'timestamptz':
      return `rv_try_timestamptz(${text})`;
    case 'text[]':
      return `rv_text_array(${json})`;
  }
}

/** Helpers the guarded casts need (a bad date cannot be told by a pattern alone). */
const VIEW_FUNCTIONS = `
create or replace function rv_try_date(value text) returns date language plpgsql immutable as $$
begin
  return value::date;
exception when others then
  return null;
end $$;
create or replace function rv_try_timestamptz(value text) returns timestamptz language plpgsql immutable as $$
begin
  return value::timestamptz;
exception when others then
  return null;
end $$;
create or replace function rv_text_array(value jsonb) returns text[] language sql immutable as $$
  select case when jsonb_typeof(value) = 'array'
    then array(select jsonb_array_elements_text(value)) end
$$;`;

/**
 * The declared fields of an object: Twenty's own fields of a standard object, its definition's (when
 * a plugin declares it) and every extension's.
 */
export function declaredFields(schema: DeclaredSchema, object: string): Record<string, FieldDefinition> {
  const fields: Record<string, FieldDefinition> = isStandardObjectName(object)
    ? { ...STANDARD_OBJECT_FIELDS[object] }
    : {};
  const definition = schema.objects.find((o) => o.nameSingular === object);
  if (definition) Object.assign(fields, definition.fields);
  for (const extension of schema.extensions)
    if (extension.nameSingular === object) Object.assign(fields, extension.fields);
  return fields;
}

const NAME_FIELD: FieldDefinition = Object.freeze({ kind: 'field', type: 'TEXT', label: 'Name' });

/** The columns of an object's view, in order: id, created_at, updated_at, then the declared fields. */
export function viewColumns(schema: DeclaredSchema, object: string): ViewColumn[] {
  const columns: ViewColumn[] = [
    { name: 'id', sqlType: 'uuid', field: null, recordKey: 'id', expression: 'id' },
    {
      name: 'created_at',
      sqlType: 'timestamptz',
      field: null,
      recordKey: 'createdAt',
      expression: guardedCast(`(data->'createdAt')`, `(data->>'createdAt')`, 'timestamptz'),
    },
    {
      name: 'updated_at',
      sqlType: 'timestamptz',
      field: null,
      recordKey: 'updatedAt',
      expression: 'updated_at',
    },
  ];
  const fields = declaredFields(schema, object);
  // Twenty gives every custom object a TEXT `name`, declared or not.
  const custom = schema.objects.some((o) => o.nameSingular === object);
  const all: [string, FieldDefinition][] = [
    ...(custom && !fields.name ? ([['name', NAME_FIELD]] as [string, FieldDefinition][]) : []),
    ...Object.entries(fields),
  ];
  for (const [field, definition] of all) {
    const key = quote(field);
    if (definition.type === 'RELATION') {
      const recordKey = `${field}Id`;
      columns.push({
        name: `${snakeCase(field)}_id`,
        sqlType: 'uuid',
        field,
        recordKey,
        expression: guardedCast(`(data->${quote(recordKey)})`, `(data->>${quote(recordKey)})`, 'uuid'),
        ...(definition.relation ? { relationTarget: relationTargetName(definition.relation.target) } : {}),
      });
      continue;
    }
    const composite = COMPOSITES[definition.type];
    if (composite) {
      for (const [subField, sqlType] of composite) {
        const sub = quote(subField);
        columns.push({
          name: `${snakeCase(field)}_${snakeCase(subField)}`,
          sqlType,
          field,
          subField,
          recordKey: field,
          expression: guardedCast(`(data->${key}->${sub})`, `(data->${key}->>${sub})`, sqlType),
        });
      }
      continue;
    }
    const sqlType = SCALARS[definition.type] ?? 'jsonb';
    columns.push({
      name: snakeCase(field),
      sqlType,
      field,
      recordKey: field,
      expression: guardedCast(`(data->${key})`, `(data->>${key})`, sqlType),
    });
  }
  return columns;
}

export function viewStatement(schema: DeclaredSchema, object: string): string {
  const columns = viewColumns(schema, object)
    .map((c) => `${storedOrExpression(c)} as ${c.name}`)
    .join(',\n  ');
  return `create or replace view ${readModelView(object)} as select\n  ${columns}\nfrom ${readModelTable(object)} where deleted_at is null`;
}

/**
 * The columns a declared index names: a field (`status`, `building`, `price` = all its columns), a
 * record key (`buildingId`), a sub-field (`price.amountMicros`) or a column (`price_amount_micros`).
 */
export function columnsNamed(schema: DeclaredSchema, object: string, name: string): ViewColumn[] {
  const columns = viewColumns(schema, object);
  const [field, sub] = name.split('.');
  const found = columns.filter((c) =>
    sub !== undefined
      ? c.field === field && c.subField === sub
      : c.name === name || c.recordKey === name || c.field === name,
  );
  if (found.length === 0) {
    throw new ReadModelError(
      'read_model_bad_object',
      `"${name}" is not a field of ${object} (its columns: ${columns.map((c) => c.name).join(', ')})`,
    );
  }
  return found;
}

/** A declared index as the expression index the read model creates. */
export function declaredIndexes(schema: DeclaredSchema, entry: RegisteredReadModelObject): ReadModelIndex[] {
  return entry.indexes.map((index) => ({
    expression: index.fields
      .flatMap((name) => columnsNamed(schema, entry.object, name))
      .map((c) => `(${storedOrExpression(c)})`)
      .join(', '),
    ...(index.name ? { name: index.name } : {}),
    ...(index.unique ? { unique: true } : {}),
  }));
}

/**
 * Creates the read model's tables with their declared indexes, then (re)creates every view. Run at
 * start, after plugins are known; idempotent, serialised between instances sharing the store.
 */
export async function registerReadModelViews(
  sql: Sql,
  readModel: ReadModel,
  schema: DeclaredSchema,
  entries: readonly RegisteredReadModelObject[],
): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [advisoryLockKey('read-model:views')]);
    await tx.exec(VIEW_FUNCTIONS);
  });
  await readModel.register(
    entries.map((entry) => ({
      nameSingular: entry.object,
      indexes: declaredIndexes(schema, entry),
      keepPrevious: entry.keepPrevious,
      columns: storedColumns(schema, entry.object),
    })),
  );
  await sql.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [advisoryLockKey('read-model:views')]);
    for (const entry of entries) {
      const view = readModelView(entry.object);
      // A column that changed type or place cannot be replaced in a view: drop it and create it anew.
      await tx.exec(`drop view if exists ${view}`);
      await tx.exec(viewStatement(schema, entry.object));
    }
  });
}
