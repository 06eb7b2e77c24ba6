/**
 * Rebuilds read-model tables from Twenty: pages through every record
 * (soft-deleted ones too — Twenty hides them unless the filter names
 * `deletedAt`, C10), upserts them in batches, then removes replica rows whose
 * record no longer exists. Rows touched after the resync began are kept: they
 * came from a webhook that raced the pull and are newer than it.
 */
import type { Sql } from '../../../db/database';
import { isNotNull, type TwentyClient, type TwentyRecord } from '../../../sdk/index';

export interface ResyncProgress {
  object: string;
  done: number;
  /** Twenty's count of live records when known; soft-deleted ones come on top. */
  total?: number;
}

export interface ResyncOptions {
  onProgress?: (progress: ResyncProgress) => void;
  /** Rows per SQL upsert (default 500). */
  batchSize?: number;
  now?: () => Date;
}

export interface ResyncObjectSummary {
  object: string;
  upserted: number;
  removed: number;
  /** The newest `updatedAt` seen in Twenty; the sweep starts from it. */
  maxUpdatedAt: string | null;
}

export interface ResyncSummary {
  objects: ResyncObjectSummary[];
}

/** Records newer than this before the start are considered raced, never removed. */
const RACE_MARGIN_MS = 60_000;

async function upsertBatch(sql: Sql, table: string, records: TwentyRecord[]): Promise<void> {
  if (records.length === 0) return;
  const unique = [...new Map(records.map((r) => [r.id, r])).values()];
  await sql.query(
    `insert into ${table} as t (id, updated_at, deleted_at, data)
     select (r->>'id')::uuid, (r->>'updatedAt')::timestamptz, (r->>'deletedAt')::timestamptz, r
     from jsonb_array_elements($1::jsonb) as r
     on conflict (id) do update
       set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, data = excluded.data
       where t.updated_at is null or excluded.updated_at is null or excluded.updated_at >= t.updated_at`,
    [JSON.stringify(unique.map((r) => ({ ...r, deletedAt: r.deletedAt ?? null })))],
  );
}

export async function resyncReadModel(args: {
  sql: Sql;
  client: TwentyClient;
  objects: ReadonlyArray<{ object: string; table: string }>;
  options: ResyncOptions;
}): Promise<ResyncSummary> {
  const { sql, client, options } = args;
  const batchSize = options.batchSize ?? 500;
  const summaries: ResyncObjectSummary[] = [];

  for (const { object, table } of args.objects) {
    const startedAt = (options.now ?? (() => new Date()))();
    const api = client.records(object);
    let total: number | undefined;
    try {
      total = await api.count();
    } catch {
      total = undefined;
    }
    const seen: string[] = [];
    let maxUpdatedAt: string | null = null;
    let batch: TwentyRecord[] = [];
    const flush = async (): Promise<void> => {
      await upsertBatch(sql, table, batch);
      batch = [];
      options.onProgress?.({ object, done: seen.length, ...(total !== undefined ? { total } : {}) });
    };

    for (const pass of [{}, { filter: isNotNull('deletedAt') }]) {
      for await (const record of api.iterate(pass)) {
        seen.push(record.id);
        if (
          record.updatedAt &&
          (maxUpdatedAt === null || Date.parse(record.updatedAt) > Date.parse(maxUpdatedAt))
        ) {
          maxUpdatedAt = record.updatedAt;
        }
        batch.push(record);
        if (batch.length >= batchSize) await flush();
      }
    }
    await flush();

    const removed = await sql.query(
      `delete from ${table}
       where not (id = any($1::uuid[])) and (updated_at is null or updated_at < $2::timestamptz)`,
      [seen, new Date(startedAt.getTime() - RACE_MARGIN_MS).toISOString()],
    );
    summaries.push({ object, upserted: seen.length, removed: removed.affectedRows, maxUpdatedAt });
  }
  return { objects: summaries };
}
