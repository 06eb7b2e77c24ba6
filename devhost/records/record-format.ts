/**
 * Rows → REST JSON. Every read selects the same column list, with casts that
 * make PGlite and node-postgres agree (ISO strings for timestamps, numbers for
 * bigint/numeric), so a row's values are also what cursors are built from.
 */
import { fieldColumns } from '../metadata/schema-ddl';
import { type FieldMeta, type ObjectMeta, quoteIdent, type SqlValueKind } from '../metadata/types';

export type RecordJson = Record<string, unknown>;
export type Row = Record<string, unknown>;

function selectExpression(column: string, kind: SqlValueKind, alias?: string): string {
  const ref = alias ? `${alias}.${quoteIdent(column)}` : quoteIdent(column);
  switch (kind) {
    case 'timestamptz':
      return `to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${quoteIdent(column)}`;
    case 'date':
      return `${ref}::text AS ${quoteIdent(column)}`;
    case 'bigint':
    case 'numeric':
      return `${ref}::float8 AS ${quoteIdent(column)}`;
    default:
      return `${ref} AS ${quoteIdent(column)}`;
  }
}

const selectListCache = new WeakMap<ObjectMeta, Map<string, string>>();

/** The SELECT list of every stored column of an object (cached per metadata version). */
export function selectList(object: ObjectMeta, alias?: string): string {
  let byAlias = selectListCache.get(object);
  if (!byAlias) {
    byAlias = new Map();
    selectListCache.set(object, byAlias);
  }
  const key = alias ?? '';
  const cached = byAlias.get(key);
  if (cached) return cached;
  const list = object.fields
    .flatMap((f) => fieldColumns(f))
    .map((c) => selectExpression(c.column, c.kind, alias))
    .join(', ');
  byAlias.set(key, list);
  return list;
}

/** Formats one row at depth 0; `readable` filters fields (role field permissions). */
export function formatRecord(
  object: ObjectMeta,
  row: Row,
  readable?: (field: FieldMeta) => boolean,
): RecordJson {
  const out: RecordJson = {};
  for (const field of object.fields) {
    // Deactivated fields disappear from Twenty's API (they leave its generated schema).
    if (field.isActive === false || (readable && !readable(field))) continue;
    const cols = fieldColumns(field);
    if (cols.length === 0) continue;
    if (field.type === 'RELATION') {
      out[cols[0].column] = row[cols[0].column] ?? null;
    } else if (cols[0].subField) {
      const value: RecordJson = {};
      for (const c of cols) value[c.subField as string] = row[c.column] ?? null;
      out[field.name] = value;
    } else {
      out[field.name] = row[cols[0].column] ?? null;
    }
  }
  return out;
}
