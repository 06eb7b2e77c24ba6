/**
 * Loads the seed-scale dataset straight into the read model (the replica
 * tables `rm_<object>`), bypassing Twenty: multi-row INSERTs, one transaction
 * per object. Rows follow the replica's rules — an upsert by id that keeps
 * tombstones — so loading twice leaves the same tables.
 */
import type { Sql } from '../../db/database';
import type { Store } from '../../plugins/core/store/index';
import { generateSeedScale, type SeedScale, type SeedScaleOptions } from './dataset';
import type { SeedRecord } from './rest';

export interface LoadProgress {
  object: string;
  done: number;
  total: number;
  seconds: number;
}

export interface SeedLoadOptions extends Partial<SeedScaleOptions> {
  /** A dataset already generated (then seed and scale are ignored). */
  dataset?: SeedScale;
  /** Only these objects (default: all). */
  objects?: readonly string[];
  onProgress?: (progress: LoadProgress) => void;
}

export interface ReadModelLoadOptions extends SeedLoadOptions {
  /** Rows per multi-row INSERT (default 1,000). */
  batchSize?: number;
}

export interface ObjectLoadSummary {
  object: string;
  rows: number;
  seconds: number;
}

export interface ReadModelLoadSummary {
  seed: number;
  scale: number;
  objects: ObjectLoadSummary[];
  rows: number;
  seconds: number;
}

const DEFAULT_BATCH_SIZE = 1000;
/** A progress line at most this often per object, so a big load stays readable. */
const PROGRESS_EVERY_ROWS = 20_000;

export function selectObjects(dataset: SeedScale, names: readonly string[] | undefined) {
  return names && names.length > 0 ? names.map((n) => dataset.object(n)) : dataset.objects;
}

export async function loadSeedScaleIntoReadModel(
  store: Pick<Store, 'sql' | 'readModel'>,
  options: ReadModelLoadOptions = {},
): Promise<ReadModelLoadSummary> {
  const dataset = options.dataset ?? generateSeedScale({ seed: options.seed ?? 2026, scale: options.scale });
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new RangeError(`batchSize must be an integer in 1..10000, got ${batchSize}`);
  }
  const objects = selectObjects(dataset, options.objects);
  await store.readModel.register(objects.map((o) => o.name));
  const started = performance.now();
  const summary: ReadModelLoadSummary = {
    seed: dataset.seed,
    scale: dataset.scale,
    objects: [],
    rows: 0,
    seconds: 0,
  };
  for (const object of objects) {
    const objectStarted = performance.now();
    const table = store.readModel.table(object.name);
    let done = 0;
    let reported = 0;
    const report = () =>
      options.onProgress?.({
        object: object.name,
        done,
        total: object.count,
        seconds: (performance.now() - objectStarted) / 1000,
      });
    await store.sql.transaction(async (tx) => {
      // Building an index once over all rows beats updating it row by row (the jsonb GIN index above all);
      // the definitions are read back from Postgres, so whatever the read model declares is restored as is.
      const indexes = await tx.query<{ name: string; definition: string }>(
        `select indexname as name, indexdef as definition from pg_indexes
          where schemaname = current_schema() and tablename = $1 and indexdef not like 'CREATE UNIQUE%'`,
        [table],
      );
      for (const index of indexes.rows) await tx.exec(`drop index "${index.name.replaceAll('"', '""')}"`);
      let batch: SeedRecord[] = [];
      for (const record of object.records()) {
        batch.push(record);
        if (batch.length < batchSize) continue;
        await insertBatch(tx, table, object.name, batch);
        done += batch.length;
        batch = [];
        if (done - reported >= PROGRESS_EVERY_ROWS && done < object.count) {
          reported = done;
          report();
        }
      }
      if (batch.length > 0) await insertBatch(tx, table, object.name, batch);
      done += batch.length;
      for (const index of indexes.rows) await tx.exec(index.definition);
    });
    // Fresh planner statistics: without them Postgres plans joins over the new rows as if the tables were empty.
    await store.sql.exec(`analyze ${table}`);
    report();
    const seconds = (performance.now() - objectStarted) / 1000;
    summary.objects.push({ object: object.name, rows: done, seconds });
    summary.rows += done;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

async function insertBatch(
  sql: Sql,
  table: string,
  object: string,
  rows: readonly SeedRecord[],
): Promise<void> {
  // One jsonb array parameter per batch: no parameter-count limit, and the element is the stored row as is.
  // The replica's rules (upsertReplicaRow): a newer state wins, a destroyed record (tombstone) stays destroyed.
  await sql.query(
    `insert into ${table} as t (id, updated_at, deleted_at, data)
     select (e->>'id')::uuid, (e->>'updatedAt')::timestamptz, (e->>'deletedAt')::timestamptz, e
       from jsonb_array_elements($2::jsonb) as e
      where not exists (select 1 from realty_rm_tombstones tb where tb.object = $1 and tb.id = (e->>'id')::uuid)
     on conflict (id) do update
       set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, data = excluded.data
       where t.updated_at is null or excluded.updated_at >= t.updated_at`,
    [object, JSON.stringify(rows)],
  );
}
