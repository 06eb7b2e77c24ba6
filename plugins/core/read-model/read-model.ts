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
import type { Sql } from '../../../db/database';
import type { TwentyClient, TwentyRecord } from '../../../sdk/index';
import { advisoryLockKey } from '../store/advisory-locks';
import { destroyReplicaRows, planReplicaBatch, type RowOutcome, upsertReplicaRows } from './read-model-apply';
import {
  ensurePreviousTable,
  keptFieldProblems,
  PREVIOUS_TABLE,
  type PreviousVersion,
  readPrevious,
} from './read-model-previous';
import { type ResyncOptions, type ResyncSummary, resyncReadModel } from './read-model-resync';

export interface ReadModelIndex {
  /** SQL expression over the table's columns, e.g. `(data->>'status')` or `((data->>'floor')::int)`. */
  expression: string;
  name?: string;
  unique?: boolean;
  /**
   * Index method (default btree). `{ expression: 'data', using: 'gin' }` serves containment
   * queries (`data @> '{"status":"FREE"}'`); tables get no GIN index unless a plugin asks,
   * because keeping one current makes every replica write several times dearer.
   */
  using?: 'btree' | 'gin';
}

/**
 * A column the table keeps computed from `data` on every write (a stored generated column), so
 * reads take the typed value as it is instead of parsing the jsonb per row and query.
 */
export interface StoredColumn {
  /** Its name in the table (`v_total_area`). */
  name: string;
  /** Its SQL type (`numeric`, `timestamptz`, `text[]` …). */
  sqlType: string;
  /** An immutable expression over `data` (the guarded cast). */
  expression: string;
}

/** An object name, or an ObjectRef with optional extra indexes. */
export type ReadModelObject =
  | string
  | {
      nameSingular: string;
      namePlural?: string;
      indexes?: readonly ReadModelIndex[];
      /** Fields whose previous values are kept per update (read-model-previous.ts). */
      keepPrevious?: readonly string[];
      /**
       * The table's stored columns, all of them: the ones missing or changed are (re)made, the
       * others dropped, and then `indexes` are the table's declared indexes, all of them (an older
       * one not among them is dropped, it would only slow every write). Given by the views.
       */
      columns?: readonly StoredColumn[];
    };

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
  /**
   * Applies a batch with one statement per object and kind of write, leaving the replica as
   * applying the events one by one in order would. Per event, its outcome; an event a newer one
   * in the same batch overrode reports `stale`. Throws before writing anything when an event could
   * not be stored at all (not a uuid id, not a timestamp), so a caller can retry them one by one.
   */
  applyEvents(events: readonly ReplicaEvent[]): Promise<ApplyOutcome[]>;
  get<T extends TwentyRecord = TwentyRecord>(object: string, id: string): Promise<ReplicaRow<T> | undefined>;
  count(object: string, options?: { includeDeleted?: boolean }): Promise<number>;
  /**
   * What the kept fields (`keepPrevious`) held just before `version` (the record's `updatedAt`), or
   * undefined when that update changed none of them or the replica never held the earlier state.
   */
  previous(object: string, id: string, version: string | Date): Promise<PreviousVersion | undefined>;
  /** Rebuilds the replica of `objects` (default: all registered) from Twenty, then analyzes their tables. */
  resync(client: TwentyClient, objects?: readonly string[], options?: ResyncOptions): Promise<ResyncSummary>;
  /**
   * ANALYZE the tables of `objects` (default: all registered) and of the previous versions. PGlite
   * has no autovacuum: until told, the planner takes a table of thousands of rows for an empty one
   * (restricted queries chose nested loops). Called after bulk loads and by the maintenance job.
   */
  analyze(objects?: readonly string[]): Promise<void>;
}

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
  // A btree's name hashes the expression alone, as before the method could be chosen.
  const key = index.using === 'gin' ? `gin:${index.expression}` : index.expression;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `${table}_x_${hash}`.slice(0, 63);
}

/** A stored column's note (its comment): what it computes, so a changed definition is made anew. */
const columnNote = (column: StoredColumn) =>
  createHash('sha256').update(`${column.sqlType}:${column.expression}`).digest('hex').slice(0, 16);

/**
 * Makes the table's stored columns exactly `columns`: one ALTER (one rewrite of the table) adds the
 * missing and changed ones and drops the rest. Dropping cascades to the object's view, which the
 * caller (registerReadModelViews) makes anew right after.
 */
async function alignStoredColumns(tx: Sql, table: string, columns: readonly StoredColumn[]): Promise<void> {
  for (const column of columns) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(column.name)) {
      throw new ReadModelError(
        'read_model_bad_object',
        `stored column "${column.name}" must be lower snake_case`,
      );
    }
  }
  const existing = await tx.query<{ name: string; note: string | null }>(
    `select a.attname as name, col_description(a.attrelid, a.attnum) as note
       from pg_attribute a
      where a.attrelid = $1::regclass and a.attgenerated = 's' and not a.attisdropped`,
    [table],
  );
  const have = new Map(existing.rows.map((r) => [r.name, r.note]));
  const wanted = new Map(columns.map((c) => [c.name, c]));
  const changes: string[] = [];
  for (const [name, note] of have) {
    const column = wanted.get(name);
    if (!column || columnNote(column) !== note) changes.push(`drop column ${name} cascade`);
  }
  const added = columns.filter((c) => have.get(c.name) !== columnNote(c));
  for (const c of added)
    changes.push(`add column ${c.name} ${c.sqlType} generated always as (${c.expression}) stored`);
  if (changes.length === 0) return;
  await tx.exec(`alter table ${table} ${changes.join(', ')}`);
  for (const c of added) await tx.exec(`comment on column ${table}.${c.name} is '${columnNote(c)}'`);
}

/** Drops the table's declared-index leftovers (`<table>_x_…`) that are no longer declared. */
async function dropUndeclaredIndexes(tx: Sql, table: string, keep: readonly string[]): Promise<void> {
  const found = await tx.query<{ name: string }>(
    `select indexname as name from pg_indexes where schemaname = current_schema() and tablename = $1`,
    [table],
  );
  for (const { name } of found.rows) {
    if (name.startsWith(`${table}_x_`) && !keep.includes(name)) await tx.exec(`drop index if exists ${name}`);
  }
}

/** One upsert that also reports what the replica held before, so callers know whether it was news. */
export async function upsertReplicaRow(
  sql: Sql,
  table: string,
  object: string,
  row: { id: string; updatedAt: string | null; deletedAt: string | null; data: unknown },
): Promise<RowOutcome> {
  const [outcome] = await upsertReplicaRows(sql, table, object, [row]);
  return outcome ?? 'stale';
}

export function createReadModel(sql: Sql): ReadModel {
  const registered = new Map<string, string>();
  const kept = new Map<string, readonly string[]>();

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
        const keepPrevious = 'keepPrevious' in spec && spec.keepPrevious ? spec.keepPrevious : [];
        const columns = 'columns' in spec ? spec.columns : undefined;
        const badFields = keptFieldProblems(keepPrevious);
        if (badFields.length > 0) throw new ReadModelError('read_model_bad_object', badFields.join('; '));
        if (keepPrevious.length > 0) await ensurePreviousTable(sql);
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
            create index if not exists ${table}_updated_at on ${table} (updated_at);`);
          if (columns) await alignStoredColumns(tx, table, columns);
          // Stores made before GIN became opt-in keep their ${table}_data index; nothing drops it.
          if (columns)
            await dropUndeclaredIndexes(
              tx,
              table,
              indexes.map((index) => indexName(table, index)),
            );
          for (const index of indexes) {
            const using = index.using === 'gin' ? ' using gin' : '';
            await tx.exec(
              `create ${index.unique ? 'unique ' : ''}index if not exists ${indexName(table, index)} on ${table}${using} (${index.expression})`,
            );
          }
        });
        registered.set(spec.nameSingular, table);
        if (keepPrevious.length > 0) kept.set(spec.nameSingular, [...keepPrevious]);
      }
    },

    objects: () => [...registered.keys()],
    has: (object) => registered.has(object),
    table: tableOf,

    async applyEvent(event) {
      const [outcome] = await model.applyEvents([event]);
      return outcome ?? 'ignored';
    },

    async applyEvents(events) {
      const outcomes: ApplyOutcome[] = events.map(() => 'ignored');
      const byObject = new Map<string, number[]>();
      events.forEach((event, i) => {
        if (!registered.has(event.objectName)) return;
        byObject.set(event.objectName, [...(byObject.get(event.objectName) ?? []), i]);
      });
      // Every object's batch is planned before any is written: a bad event fails the call untouched.
      const plans = [...byObject].map(([object, positions]) => ({
        object,
        positions,
        plan: planReplicaBatch(
          positions.map((i) => events[i] as ReplicaEvent),
          () => new Date(),
        ),
      }));
      for (const { object, positions, plan } of plans) {
        const table = tableOf(object);
        await destroyReplicaRows(sql, table, object, [...plan.destroys.keys()]);
        for (const ats of plan.destroys.values())
          for (const at of ats) outcomes[positions[at] as number] = 'destroyed';
        for (const at of plan.superseded) outcomes[positions[at] as number] = 'stale';
        const writes = [...plan.writes.values()];
        const written = await upsertReplicaRows(
          sql,
          table,
          object,
          writes.map((w) => w.write),
          kept.get(object),
        );
        writes.forEach((w, k) => {
          outcomes[positions[w.at] as number] = written[k] ?? 'stale';
        });
      }
      return outcomes;
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

    previous(object, id, version) {
      tableOf(object);
      return kept.has(object) ? readPrevious(sql, object, id, version) : Promise.resolve(undefined);
    },

    async resync(client, objects, options = {}) {
      const names = objects && objects.length > 0 ? objects : model.objects();
      const summary = await resyncReadModel({
        sql,
        client,
        objects: names.map((o) => ({ object: o, table: tableOf(o) })),
        options,
      });
      await model.analyze(names);
      return summary;
    },

    async analyze(objects) {
      const names = objects && objects.length > 0 ? objects : model.objects();
      for (const table of new Set(names.map(tableOf))) await sql.exec(`analyze ${table}`);
      if (kept.size > 0) await sql.exec(`analyze ${PREVIOUS_TABLE}`);
    },
  };
  return model;
}
