/**
 * The read model: a replica, in the store, of the objects plugins query in
 * bulk (reports, the chessboard). One table per object, `rm_<name>` (the
 * singular name in snake_case: `unitChange` → `rm_unit_change`), holding the
 * record as jsonb with its `updated_at` / `deleted_at`. Webhook events and the
 * sweep feed it; a newer `updatedAt` always wins, so out-of-order deliveries
 * (C19) cannot roll a row back, and a destroyed record leaves a tombstone so a
 * late event cannot resurrect it.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../../db/database';
import type { TwentyClient, TwentyRecord } from '../../sdk/index';
import { type ResyncOptions, type ResyncSummary, resyncReadModel } from './read-model-resync';
import { advisoryLockKey } from './store/advisory-locks';

export interface ReadModelIndex {
  /** SQL expression over the table's columns, e.g. `(data->>'status')` or `((data->>'floor')::int)`. */
  expression: string;
  name?: string;
  unique?: boolean;
}

/** An object name, or an ObjectRef with optional extra indexes. */
export type ReadModelObject =
  | string
  | { nameSingular: string; namePlural?: string; indexes?: readonly ReadModelIndex[] };

export type ApplyOutcome =
  /** The replica lacked the record. */
  | 'inserted'
  /** The replica held an older state. */
  | 'updated'
  /** The replica already held exactly this state. */
  | 'unchanged'
  /** The replica holds a newer state, or the record was destroyed; nothing changed. */
  | 'stale'
  | 'destroyed'
  /** The object is not in the read model. */
  | 'ignored';

export interface ReplicaEvent {
  objectName: string;
  action: string;
  record: TwentyRecord;
  eventDate?: string;
}

export interface ReplicaRow<T = TwentyRecord> {
  id: string;
  updatedAt: Date | null;
  deletedAt: Date | null;
  data: T;
}

export class ReadModelError extends Error {
  readonly code: 'read_model_bad_object' | 'read_model_unknown_object';
  constructor(code: ReadModelError['code'], message: string) {
    super(message);
    this.name = 'ReadModelError';
    this.code = code;
  }
}

const OBJECT_NAME = /^[a-z][a-zA-Z0-9]{0,59}$/;

export function readModelTable(nameSingular: string): string {
  if (!OBJECT_NAME.test(nameSingular)) {
    throw new ReadModelError(
      'read_model_bad_object',
      `"${nameSingular}" is not an object name (expected camelCase like Twenty's nameSingular, e.g. "unit")`,
    );
  }
  return `rm_${nameSingular.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

export interface ReadModel {
  /** Creates the tables and indexes (idempotent) and starts accepting events for these objects. */
  register(objects: readonly ReadModelObject[]): Promise<void>;
  objects(): string[];
  has(object: string): boolean;
  table(object: string): string;
  applyEvent(event: ReplicaEvent): Promise<ApplyOutcome>;
  get<T extends TwentyRecord = TwentyRecord>(object: string, id: string): Promise<ReplicaRow<T> | undefined>;
  count(object: string, options?: { includeDeleted?: boolean }): Promise<number>;
  /** Rebuilds the replica of `objects` (default: all registered) from Twenty. */
  resync(client: TwentyClient, objects?: readonly string[], options?: ResyncOptions): Promise<ResyncSummary>;
}

const DELETE_ACTIONS = new Set(['deleted']);
const UPSERT_ACTIONS = new Set(['created', 'updated', 'upserted', 'restored', 'deleted']);

function indexName(table: string, index: ReadModelIndex): string {
  if (index.name) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(index.name)) {
      throw new ReadModelError(
        'read_model_bad_object',
        `index name "${index.name}" must be lower snake_case`,
      );
    }
    return index.name;
  }
  const hash = createHash('sha256').update(index.expression).digest('hex').slice(0, 10);
  return `${table}_x_${hash}`.slice(0, 63);
}

/** One upsert that also reports what the replica held before, so callers know whether it was news. */
export async function upsertReplicaRow(
  sql: Sql,
  table: string,
  object: string,
  row: { id: string; updatedAt: string | null; deletedAt: string | null; data: unknown },
): Promise<Exclude<ApplyOutcome, 'destroyed' | 'ignored'>> {
  const r = await sql.query<{
    prev_updated: Date | null;
    prev_deleted: Date | null;
    had: boolean;
    written: boolean;
  }>(
    `with prev as (select updated_at, deleted_at from ${table} where id = $1::uuid),
     up as (
       insert into ${table} as t (id, updated_at, deleted_at, data)
       select $1::uuid, $2::timestamptz, $3::timestamptz, $4::jsonb
       where not exists (select 1 from realty_rm_tombstones where object = $5 and id = $1::uuid)
       on conflict (id) do update
         set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, data = excluded.data
         where t.updated_at is null or excluded.updated_at is null or excluded.updated_at >= t.updated_at
       returning 1
     )
     select (select updated_at from prev) as prev_updated, (select deleted_at from prev) as prev_deleted,
            exists (select 1 from prev) as had, exists (select 1 from up) as written`,
    [row.id, row.updatedAt, row.deletedAt, JSON.stringify(row.data), object],
  );
  const result = r.rows[0];
  if (!result?.written) return 'stale';
  if (!result.had) return 'inserted';
  const sameTime =
    result.prev_updated !== null &&
    row.updatedAt !== null &&
    new Date(result.prev_updated).getTime() === new Date(row.updatedAt).getTime();
  const sameDeleted = (result.prev_deleted === null) === (row.deletedAt === null);
  return sameTime && sameDeleted ? 'unchanged' : 'updated';
}

export function createReadModel(sql: Sql): ReadModel {
  const registered = new Map<string, string>();

  const tableOf = (object: string): string => {
    const table = registered.get(object);
    if (!table) {
      throw new ReadModelError(
        'read_model_unknown_object',
        `"${object}" is not in the read model; a plugin must list it in definePlugin({ readModel })`,
      );
    }
    return table;
  };

  const model: ReadModel = {
    async register(objects) {
      for (const entry of objects) {
        const spec = typeof entry === 'string' ? { nameSingular: entry } : entry;
        const table = readModelTable(spec.nameSingular);
        const indexes = 'indexes' in spec && spec.indexes ? spec.indexes : [];
        await sql.transaction(async (tx) => {
          // Serialise DDL between instances registering the same object at start-up.
          await tx.query('select pg_advisory_xact_lock($1::bigint)', [
            advisoryLockKey(`read-model:${table}`),
          ]);
          await tx.exec(`
            create table if not exists ${table} (
              id uuid primary key,
              updated_at timestamptz,
              deleted_at timestamptz,
              data jsonb not null
            );
            create index if not exists ${table}_data on ${table} using gin (data);
            create index if not exists ${table}_updated_at on ${table} (updated_at);`);
          for (const index of indexes) {
            await tx.exec(
              `create ${index.unique ? 'unique ' : ''}index if not exists ${indexName(table, index)} on ${table} (${index.expression})`,
            );
          }
        });
        registered.set(spec.nameSingular, table);
      }
    },

    objects: () => [...registered.keys()],
    has: (object) => registered.has(object),
    table: tableOf,

    async applyEvent(event) {
      const table = registered.get(event.objectName);
      if (!table) return 'ignored';
      const { record } = event;
      if (event.action === 'destroyed') {
        await sql.transaction(async (tx) => {
          await tx.query(`delete from ${table} where id = $1::uuid`, [record.id]);
          await tx.query(
            `insert into realty_rm_tombstones (object, id) values ($1, $2::uuid) on conflict do nothing`,
            [event.objectName, record.id],
          );
        });
        return 'destroyed';
      }
      if (!UPSERT_ACTIONS.has(event.action)) return 'ignored';
      const deletedAt = DELETE_ACTIONS.has(event.action)
        ? (record.deletedAt ?? event.eventDate ?? new Date().toISOString())
        : event.action === 'restored'
          ? null
          : (record.deletedAt ?? null);
      return upsertReplicaRow(sql, table, event.objectName, {
        id: record.id,
        updatedAt: record.updatedAt ?? event.eventDate ?? null,
        deletedAt,
        data: { ...record, deletedAt },
      });
    },

    async get<T extends TwentyRecord = TwentyRecord>(object: string, id: string) {
      const r = await sql.query<{ id: string; updated_at: Date | null; deleted_at: Date | null; data: T }>(
        `select id::text as id, updated_at, deleted_at, data from ${tableOf(object)} where id = $1::uuid`,
        [id],
      );
      const row = r.rows[0];
      if (!row) return undefined;
      return {
        id: row.id,
        updatedAt: row.updated_at ? new Date(row.updated_at) : null,
        deletedAt: row.deleted_at ? new Date(row.deleted_at) : null,
        data: row.data,
      };
    },

    async count(object, options = {}) {
      const r = await sql.query<{ n: number }>(
        `select count(*)::int as n from ${tableOf(object)}${options.includeDeleted ? '' : ' where deleted_at is null'}`,
      );
      return Number(r.rows[0]?.n ?? 0);
    },

    resync(client, objects, options = {}) {
      const names = objects && objects.length > 0 ? objects : model.objects();
      return resyncReadModel({
        sql,
        client,
        objects: names.map((o) => ({ object: o, table: tableOf(o) })),
        options,
      });
    },
  };
  return model;
}
