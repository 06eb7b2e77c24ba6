/**
 * How metadata becomes SQL: the columns of a field, their types and defaults,
 * and the indexes Twenty keeps (id, createdAt, updatedAt, deletedAt, relation
 * join columns, and a partial unique index for isUnique fields).
 */
import { createHash } from 'node:crypto';
import { badRequest } from '../errors';
import {
  COMPOSITE_SUBFIELDS,
  columnName,
  type FieldMeta,
  isCompositeType,
  type ObjectMeta,
  quoteIdent,
  SCALAR_KIND,
  type SqlValueKind,
} from './types';

export const RECORDS_SCHEMA = 'workspace';

export interface FieldColumn {
  column: string;
  kind: SqlValueKind;
  /** Set for a composite field's sub-field. */
  subField?: string;
}

export function tableNameFor(nameSingular: string): string {
  return `${quoteIdent(RECORDS_SCHEMA)}.${quoteIdent(`_${nameSingular}`)}`;
}

/** The SQL columns that store a field; ONE_TO_MANY relations have none. */
export function fieldColumns(field: FieldMeta): FieldColumn[] {
  if (field.type === 'RELATION' || field.type === 'MORPH_RELATION') {
    return field.relation?.type === 'MANY_TO_ONE' ? [{ column: columnName(field), kind: 'uuid' }] : [];
  }
  if (isCompositeType(field.type)) {
    return COMPOSITE_SUBFIELDS[field.type].map((sub) => ({
      column: columnName(field, sub.name),
      kind: sub.kind,
      subField: sub.name,
    }));
  }
  const kind = SCALAR_KIND[field.type];
  return kind ? [{ column: field.name, kind }] : [];
}

const SQL_TYPES: Record<SqlValueKind, string> = {
  uuid: 'uuid',
  text: 'text',
  // Millisecond precision: the REST API and cursors carry ISO strings with milliseconds, so a
  // stored microsecond would make a row compare unequal to its own cursor value.
  timestamptz: 'timestamptz(3)',
  date: 'date',
  boolean: 'boolean',
  float: 'double precision',
  numeric: 'numeric',
  bigint: 'bigint',
  jsonb: 'jsonb',
  'text[]': 'text[]',
};

export function sqlType(kind: SqlValueKind): string {
  return SQL_TYPES[kind];
}

export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Twenty writes string defaults wrapped in single quotes: "'NEW'" means the value NEW. */
export function unquoteDefault(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^'(.*)'$/s.exec(value);
  return m ? m[1] : null;
}

/** The SQL DEFAULT expression of one column, from a metadata defaultValue (Twenty's conventions). */
export function columnDefaultSql(field: FieldMeta, col: FieldColumn): string | null {
  if (field.name === 'id' && col.kind === 'uuid') return 'gen_random_uuid()';
  let value: unknown = field.defaultValue;
  if (value === null || value === undefined) return null;
  if (col.subField) {
    if (typeof value !== 'object' || Array.isArray(value))
      throw badRequest(`Invalid default value for composite field "${field.name}": expected an object`);
    value = (value as Record<string, unknown>)[col.subField];
    if (value === null || value === undefined) return null;
  }
  const where = `default value of "${field.name}${col.subField ? `.${col.subField}` : ''}"`;
  switch (col.kind) {
    case 'uuid':
      if (value === 'uuid') return 'gen_random_uuid()';
      break;
    case 'timestamptz':
      if (value === 'now') return 'now()';
      break;
    case 'date':
      if (value === 'now') return 'CURRENT_DATE';
      break;
    case 'boolean':
      if (typeof value === 'boolean') return String(value);
      break;
    case 'float':
    case 'numeric':
    case 'bigint':
      if (typeof value === 'number' && Number.isFinite(value))
        return String(col.kind === 'bigint' ? Math.trunc(value) : value);
      break;
    case 'jsonb':
      return `${sqlLiteral(JSON.stringify(value))}::jsonb`;
    case 'text[]':
      if (Array.isArray(value)) {
        const items = value.map((v) => unquoteDefault(v) ?? (typeof v === 'string' ? v : null));
        if (items.some((v) => v === null)) break;
        return `ARRAY[${items.map((v) => sqlLiteral(v as string)).join(',')}]::text[]`;
      }
      break;
    case 'text': {
      const unquoted = unquoteDefault(value);
      if (unquoted !== null) return sqlLiteral(unquoted);
      break;
    }
    default: {
      const exhaustive: never = col.kind;
      return exhaustive;
    }
  }
  throw badRequest(`Invalid ${where}: ${JSON.stringify(value)}`);
}

export function columnDefinitionSql(field: FieldMeta, col: FieldColumn): string {
  const parts = [quoteIdent(col.column), sqlType(col.kind)];
  if (field.name === 'id') parts.push('PRIMARY KEY');
  const def = columnDefaultSql(field, col);
  if (def) parts.push(`DEFAULT ${def}`);
  return parts.join(' ');
}

export function createTableSql(object: ObjectMeta): string {
  const cols = object.fields.flatMap((f) => fieldColumns(f).map((c) => columnDefinitionSql(f, c)));
  return `CREATE TABLE ${object.tableName} (${cols.join(', ')})`;
}

export function addFieldColumnsSql(object: ObjectMeta, field: FieldMeta): string[] {
  return fieldColumns(field).map(
    (c) => `ALTER TABLE ${object.tableName} ADD COLUMN ${columnDefinitionSql(field, c)}`,
  );
}

export function dropFieldColumnsSql(object: ObjectMeta, field: FieldMeta): string[] {
  return fieldColumns(field).map(
    (c) => `ALTER TABLE ${object.tableName} DROP COLUMN IF EXISTS ${quoteIdent(c.column)}`,
  );
}

function indexName(prefix: string, object: ObjectMeta, columns: string[]): string {
  const digest = createHash('sha1')
    .update(`${object.id}:${columns.join(',')}`)
    .digest('hex')
    .slice(0, 20);
  return `${prefix}_${digest}`;
}

/** Sub-fields a unique composite is unique on (Twenty: EMAILS by primaryEmail, LINKS by primaryLinkUrl …). */
const UNIQUE_SUBFIELD: Record<string, string> = {
  EMAILS: 'primaryEmail',
  LINKS: 'primaryLinkUrl',
  PHONES: 'primaryPhoneNumber',
  CURRENCY: 'amountMicros',
  FULL_NAME: 'firstName',
};

export function uniqueColumns(field: FieldMeta): string[] {
  const cols = fieldColumns(field);
  const sub = UNIQUE_SUBFIELD[field.type];
  if (sub) return cols.filter((c) => c.subField === sub).map((c) => c.column);
  return cols.map((c) => c.column);
}

export function uniqueIndexSql(object: ObjectMeta, field: FieldMeta): string | null {
  const cols = uniqueColumns(field);
  if (cols.length === 0) return null;
  return `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(indexName('UQ', object, cols))} ON ${object.tableName} (${cols
    .map(quoteIdent)
    .join(', ')}) WHERE "deletedAt" IS NULL`;
}

export function dropUniqueIndexSql(object: ObjectMeta, field: FieldMeta): string | null {
  const cols = uniqueColumns(field);
  if (cols.length === 0) return null;
  return `DROP INDEX IF EXISTS ${quoteIdent(RECORDS_SCHEMA)}.${quoteIdent(indexName('UQ', object, cols))}`;
}

/**
 * B-tree index on one column. NULLS FIRST because Twenty's default direction is
 * AscNullsFirst (and DescNullsLast reads the same index backwards); a default
 * (NULLS LAST) index cannot serve those orders and Postgres would sort the table.
 */
export function columnIndexSql(object: ObjectMeta, column: string): string {
  return `CREATE INDEX IF NOT EXISTS ${quoteIdent(indexName('IDX', object, [column]))} ON ${object.tableName} (${quoteIdent(column)} ASC NULLS FIRST)`;
}

/** Every index a field needs on its own. */
export function fieldIndexesSql(object: ObjectMeta, field: FieldMeta): string[] {
  const out: string[] = [];
  // id: the primary key's index is NULLS LAST; list pages order by id AscNullsFirst.
  if (['id', 'createdAt', 'updatedAt', 'deletedAt', 'position'].includes(field.name))
    out.push(columnIndexSql(object, field.name));
  if (field.type === 'RELATION' && field.relation?.type === 'MANY_TO_ONE') {
    // (join column, id): "records of this parent" pages come straight off the index in the default order.
    const column = columnName(field);
    out.push(
      `CREATE INDEX IF NOT EXISTS ${quoteIdent(indexName('IDX', object, [column, 'id']))} ON ${object.tableName} (${quoteIdent(column)} ASC NULLS FIRST, "id" ASC NULLS FIRST)`,
    );
  }
  if (field.isUnique) {
    const sql = uniqueIndexSql(object, field);
    if (sql) out.push(sql);
  }
  return out;
}
