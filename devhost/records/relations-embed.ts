/**
 * depth=1 (contract C8): many-to-one relations embedded as objects, one-to-many
 * as arrays. One query per relation field per page, never per row.
 */
import type { RolePermissions } from '../auth/permissions';
import type { Sql } from '../db';
import type { MetadataCache } from '../metadata/metadata-cache';
import { type FieldMeta, type ObjectMeta, quoteIdent } from '../metadata/types';
import { formatRecord, type RecordJson, type Row, selectList } from './record-format';

export async function embedRelations(
  sql: Sql,
  cache: MetadataCache,
  object: ObjectMeta,
  rows: Row[],
  records: RecordJson[],
  permissions: RolePermissions,
): Promise<void> {
  if (rows.length === 0) return;
  const relations = object.fields.filter((f) => f.type === 'RELATION' && f.relation && f.isActive !== false);
  for (const field of relations) {
    if (!permissions.canReadField(object, field)) continue;
    const target = cache.findById(field.relation?.targetObjectMetadataId ?? '');
    if (!target || !permissions.can(target, 'read')) continue;
    if (field.relation?.type === 'MANY_TO_ONE')
      await embedManyToOne(sql, field, target, rows, records, permissions);
    else await embedOneToMany(sql, cache, field, target, rows, records, permissions);
  }
}

async function embedManyToOne(
  sql: Sql,
  field: FieldMeta,
  target: ObjectMeta,
  rows: Row[],
  records: RecordJson[],
  permissions: RolePermissions,
): Promise<void> {
  const column = `${field.name}Id`;
  const ids = [...new Set(rows.map((r) => r[column]).filter((v): v is string => typeof v === 'string'))];
  const byId = new Map<string, RecordJson>();
  if (ids.length > 0) {
    const found = await sql.query<Row>(
      `SELECT ${selectList(target)} FROM ${target.tableName} WHERE id = ANY($1::uuid[]) AND "deletedAt" IS NULL`,
      [ids],
    );
    const reader = permissions.fieldReader(target);
    for (const row of found.rows) byId.set(row.id as string, formatRecord(target, row, reader));
  }
  rows.forEach((row, i) => {
    const id = row[column];
    records[i][field.name] = typeof id === 'string' ? (byId.get(id) ?? null) : null;
  });
}

async function embedOneToMany(
  sql: Sql,
  cache: MetadataCache,
  field: FieldMeta,
  target: ObjectMeta,
  rows: Row[],
  records: RecordJson[],
  permissions: RolePermissions,
): Promise<void> {
  const inverse = cache.findField(field.relation?.targetFieldMetadataId ?? '');
  if (!inverse) return;
  const column = `${inverse.name}Id`;
  const ids = rows.map((r) => r.id as string);
  const found = await sql.query<Row>(
    `SELECT ${selectList(target)} FROM ${target.tableName} AS r WHERE ${quoteIdent(column)} = ANY($1::uuid[]) AND "deletedAt" IS NULL ORDER BY r."position" ASC NULLS FIRST, r.id`,
    [ids],
  );
  const reader = permissions.fieldReader(target);
  const groups = new Map<string, RecordJson[]>();
  for (const row of found.rows) {
    const key = row[column] as string;
    const list = groups.get(key) ?? [];
    list.push(formatRecord(target, row, reader));
    groups.set(key, list);
  }
  rows.forEach((row, i) => {
    records[i][field.name] = groups.get(row.id as string) ?? [];
  });
}
