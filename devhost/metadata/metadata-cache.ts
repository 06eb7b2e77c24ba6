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

  /** Per table, parsed rows by id with their row version (xmin): a reload parses only rows that changed. */
  private readonly parsed = new Map<
    string,
    Map<string, { version: string; data: StoredObject | FieldMeta }>
  >();

  async reload(sql: Sql): Promise<void> {
    const objects = await this.rows<StoredObject>(sql, 'core."objectMetadata"');
    const fields = await this.rows<FieldMeta>(sql, 'core."fieldMetadata"');
    this.set(
      objects.map((data) => ({ ...data, fields: [] })),
      fields,
    );
  }

  /**
   * Every row of a metadata table in `seq` order. Provisioning changes the metadata hundreds of times;
   * reading and parsing every row's jsonb after each change made it quadratic, so only rows whose
   * version is new are read in full.
   */
  private async rows<T extends StoredObject | FieldMeta>(sql: Sql, table: string): Promise<T[]> {
    const known =
      this.parsed.get(table) ?? new Map<string, { version: string; data: StoredObject | FieldMeta }>();
    const versions = await sql.query<{ id: string; version: string }>(
      `SELECT id::text AS id, xmin::text AS version FROM ${table} ORDER BY seq`,
    );
    const stale = versions.rows.filter((r) => known.get(r.id)?.version !== r.version).map((r) => r.id);
    const next = new Map<string, { version: string; data: StoredObject | FieldMeta }>();
    if (stale.length > 0) {
      const fresh = await sql.query<{ id: string; version: string; data: T }>(
        `SELECT id::text AS id, xmin::text AS version, data FROM ${table} WHERE id = ANY($1::uuid[])`,
        [stale],
      );
      for (const r of fresh.rows) next.set(r.id, { version: r.version, data: r.data });
    }
    const out: T[] = [];
    for (const r of versions.rows) {
      const row = next.get(r.id) ?? known.get(r.id);
      if (!row) continue; // deleted between the two reads
      next.set(r.id, row);
      out.push(row.data as T);
    }
    this.parsed.set(table, next); // rows deleted since are forgotten
    return out;
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
