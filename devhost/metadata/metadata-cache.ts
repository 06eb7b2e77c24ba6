/**
 * The in-memory copy of every object's metadata. Requests read only this;
 * the metadata tables are read at start-up and after each metadata change.
 */
import type { Sql } from '../db';
import type { FieldMeta, ObjectMeta } from './types';

export const METADATA_TABLES_SQL = `
CREATE SCHEMA IF NOT EXISTS core;
CREATE TABLE IF NOT EXISTS core."objectMetadata" (id uuid PRIMARY KEY, seq serial, data jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS core."fieldMetadata" (id uuid PRIMARY KEY, seq serial, "objectMetadataId" uuid NOT NULL, data jsonb NOT NULL);
`;

export type StoredObject = Omit<ObjectMeta, 'fields'>;

export class MetadataCache {
  private objects: ObjectMeta[] = [];
  private byPlural = new Map<string, ObjectMeta>();
  private bySingular = new Map<string, ObjectMeta>();
  private byId = new Map<string, ObjectMeta>();
  private fieldsById = new Map<string, FieldMeta>();
  /** Bumped on every reload so derived caches (e.g. per-role projections) know to refresh. */
  version = 0;

  async reload(sql: Sql): Promise<void> {
    const objects = await sql.query<{ data: StoredObject }>(
      'SELECT data FROM core."objectMetadata" ORDER BY seq',
    );
    const fields = await sql.query<{ data: FieldMeta }>('SELECT data FROM core."fieldMetadata" ORDER BY seq');
    this.set(
      objects.rows.map((r) => ({ ...r.data, fields: [] })),
      fields.rows.map((r) => r.data),
    );
  }

  private set(objects: ObjectMeta[], fields: FieldMeta[]): void {
    this.objects = objects;
    this.byPlural = new Map(objects.map((o) => [o.namePlural, o]));
    this.bySingular = new Map(objects.map((o) => [o.nameSingular, o]));
    this.byId = new Map(objects.map((o) => [o.id, o]));
    this.fieldsById = new Map();
    for (const f of fields) {
      this.fieldsById.set(f.id, f);
      this.byId.get(f.objectMetadataId)?.fields.push(f);
    }
    this.version += 1;
  }

  all(): ObjectMeta[] {
    return this.objects;
  }
  findByPlural(name: string): ObjectMeta | undefined {
    return this.byPlural.get(name);
  }
  findBySingular(name: string): ObjectMeta | undefined {
    return this.bySingular.get(name);
  }
  findById(id: string): ObjectMeta | undefined {
    return this.byId.get(id);
  }
  findField(id: string): FieldMeta | undefined {
    return this.fieldsById.get(id);
  }
  allFields(): FieldMeta[] {
    return [...this.fieldsById.values()];
  }
}

export async function insertObjectRow(sql: Sql, object: ObjectMeta): Promise<void> {
  const { fields: _fields, ...stored } = object;
  await sql.query('INSERT INTO core."objectMetadata" (id, data) VALUES ($1, $2)', [
    object.id,
    JSON.stringify(stored),
  ]);
}

export async function updateObjectRow(sql: Sql, object: ObjectMeta): Promise<void> {
  const { fields: _fields, ...stored } = object;
  await sql.query('UPDATE core."objectMetadata" SET data = $2 WHERE id = $1', [
    object.id,
    JSON.stringify(stored),
  ]);
}

export async function insertFieldRow(sql: Sql, field: FieldMeta): Promise<void> {
  await sql.query('INSERT INTO core."fieldMetadata" (id, "objectMetadataId", data) VALUES ($1, $2, $3)', [
    field.id,
    field.objectMetadataId,
    JSON.stringify(field),
  ]);
}

export async function updateFieldRow(sql: Sql, field: FieldMeta): Promise<void> {
  await sql.query('UPDATE core."fieldMetadata" SET data = $2 WHERE id = $1', [
    field.id,
    JSON.stringify(field),
  ]);
}

export async function deleteFieldRow(sql: Sql, id: string): Promise<void> {
  await sql.query('DELETE FROM core."fieldMetadata" WHERE id = $1', [id]);
}

export async function deleteObjectRow(sql: Sql, id: string): Promise<void> {
  await sql.query('DELETE FROM core."fieldMetadata" WHERE "objectMetadataId" = $1', [id]);
  await sql.query('DELETE FROM core."objectMetadata" WHERE id = $1', [id]);
}
