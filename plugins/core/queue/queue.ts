/**
 * The durable job queue: a Postgres table claimed with `FOR UPDATE SKIP
 * LOCKED`, so any number of workers in any number of processes share it.
 * A claimed job carries a lease (`locked_until`); a worker that dies
 * mid-handler simply lets the lease lapse and the job is claimed again — an
 * accepted event is never lost. Failures retry with exponential backoff,
 * then the job goes `dead` with its last error kept for inspection.
 * Concurrent `enqueue` and `complete` calls are group-committed: one
 * statement per batch of callers (see group-commit.ts), each caller answered
 * only once its row is written.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../../../db/database';
import { systemClock } from '../runtime/clock';
import { createGroupCommit, ItemFailure } from '../store/group-commit';
import { COLUMNS, columns, createVacuumer, describeError, type Row, toJob } from './queue-rows';
import type { EnqueueItem, JobStatus, Queue, QueueOptions, QueueStats } from './queue-types';

export { describeError } from './queue-rows';

export type {
  ClaimOptions,
  EnqueueItem,
  EnqueueOptions,
  JobStatus,
  Queue,
  QueueJob,
  QueueOptions,
  QueueStats,
} from './queue-types';

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_BACKOFF_BASE_MS = 2_000;
export const DEFAULT_BACKOFF_CAP_MS = 10 * 60_000;
/** How often a claim also dead-letters jobs whose lease lapsed on their last attempt. */
const DEAD_SWEEP_INTERVAL_MS = 1_000;

/** Delay before retry number `attempt` (1 = first retry): base·2^(attempt−1), capped. */
export function computeBackoffMs({
  attempt,
  baseMs = DEFAULT_BACKOFF_BASE_MS,
  capMs = DEFAULT_BACKOFF_CAP_MS,
}: {
  attempt: number;
  baseMs?: number;
  capMs?: number;
}): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(capMs, baseMs * 2 ** exponent);
}

export function createQueue(sql: Sql, options: QueueOptions = {}): Queue {
  const clock = options.clock ?? systemClock;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const defaultWorker = `worker-${randomUUID().slice(0, 8)}`;
  let lastDeadSweep = Number.NEGATIVE_INFINITY;
  const vacuumIfDue = createVacuumer(sql);
  const at = (offsetMs = 0): string => new Date(clock.now().getTime() + offsetMs).toISOString();

  const enqueueMany = async (items: readonly EnqueueItem[], urgent = false): Promise<boolean[]> => {
    if (items.length === 0) return [];
    // Same key twice in one call: only the first can be new (and ON CONFLICT could not say which won).
    const firstOfKey = new Map<string, number>();
    const rows = items.flatMap((item, ord) => {
      if (item.dedupeKey !== undefined) {
        if (firstOfKey.has(item.dedupeKey)) return [];
        firstOfKey.set(item.dedupeKey, ord);
      }
      return [
        {
          ord,
          kind: item.kind,
          dedupe_key: item.dedupeKey ?? null,
          payload: item.payload ?? null,
          max_attempts: item.maxAttempts ?? maxAttempts,
          run_after: (item.runAfter ?? clock.now()).toISOString(),
        },
      ];
    });
    const r = await sql.query<{ dedupe_key: string | null }>(
      `insert into realty_queue (kind, dedupe_key, payload, max_attempts, run_after, created_at)
       select kind, dedupe_key, payload, max_attempts, run_after, $2::timestamptz
       from jsonb_to_recordset($1::jsonb)
         as r(ord integer, kind text, dedupe_key text, payload jsonb, max_attempts integer, run_after timestamptz)
       order by ord
       on conflict (dedupe_key) do nothing
       returning dedupe_key`,
      [JSON.stringify(rows), at()],
      { urgent },
    );
    const inserted = new Set(r.rows.map((row) => row.dedupe_key));
    return items.map((item, ord) =>
      item.dedupeKey === undefined
        ? true
        : firstOfKey.get(item.dedupeKey) === ord && inserted.has(item.dedupeKey),
    );
  };

  // Single enqueues are what a caller waits on (the webhook intake answers Twenty after its row is in).
  const enqueues = createGroupCommit<EnqueueItem, boolean>({
    async run(items) {
      try {
        return await enqueueMany(items, true);
      } catch (error) {
        if (items.length === 1) throw error;
        // One bad item (a payload Postgres refuses, e.g. a \u0000 in a string) must not fail its
        // neighbours: retry each on its own, so every caller learns its own fate.
        const results: Array<boolean | ItemFailure> = [];
        for (const item of items) {
          results.push(
            await enqueueMany([item], true).then(
              ([fresh]) => fresh as boolean,
              (e: unknown) => new ItemFailure(e),
            ),
          );
        }
        return results;
      }
    },
  });

  const completions = createGroupCommit<string, void>({
    async run(ids) {
      await sql.query(
        `update realty_queue set status = 'done', finished_at = $2, locked_until = null
         where id = any($1::bigint[]) and status = 'running'`,
        [ids, at()],
      );
      return ids.map(() => undefined);
    },
  });

  return {
    enqueue: (kind, payload, opts = {}) => enqueues.submit({ kind, payload, ...opts }),
    enqueueMany: (items) => enqueueMany(items),

    async claim(n, opts = {}) {
      const batchN = opts.batch && opts.batch.kinds.length > 0 ? Math.max(0, opts.batch.n) : 0;
      if (n <= 0 && batchN <= 0) return [];
      const kinds = opts.kinds && opts.kinds.length > 0 ? [...opts.kinds] : null;
      const batchKinds = batchN > 0 && opts.batch ? [...opts.batch.kinds] : null;
      const before = at();
      // A job whose lease lapsed with its attempts spent killed its worker each time: stop retrying it.
      // The claim below never picks such a job, so this sweep-up can run seldom instead of per claim.
      await vacuumIfDue(Date.parse(before));
      if (Date.parse(before) - lastDeadSweep >= DEAD_SWEEP_INTERVAL_MS) {
        lastDeadSweep = Date.parse(before);
        await sql.query(
          `update realty_queue
           set status = 'dead', finished_at = $1, locked_until = null,
               last_error = coalesce(last_error || E'\n', '') || 'the worker holding it stopped before finishing (lease expired) on every attempt'
           where status = 'running' and locked_until < $1 and attempts >= max_attempts`,
          [before],
        );
      }
      // Taken after the awaits above and with none before the claim is sent: on one connection
      // (PGlite), a job enqueued after this instant is written after the claim, never skipped by it.
      const now = at();
      const ready = `((status = 'pending' and run_after <= $1)
                  or (status = 'running' and locked_until < $1 and attempts < max_attempts))`;
      const r = await sql.query<Row>(
        `with single as (
           select id from realty_queue
           where ${ready}
             and ($4::text[] is null or kind = any($4::text[]))
             and ($6::text[] is null or kind <> all($6::text[]))
           order by run_after, id
           limit $2
           for update skip locked
         ),
         batched as (
           select id from realty_queue
           where ${ready} and kind = any($6::text[])
           order by run_after, id
           limit $7
           for update skip locked
         )
         update realty_queue q
         set status = 'running', attempts = q.attempts + 1, locked_until = $3, locked_by = $5
         where q.id in (select id from single union all select id from batched)
         returning ${columns('q')}`,
        [
          now,
          Math.max(0, n),
          at(opts.leaseMs ?? leaseMs),
          kinds,
          opts.workerId ?? defaultWorker,
          batchKinds,
          batchN,
        ],
      );
      return r.rows
        .map(toJob)
        .sort((a, b) => a.runAfter.getTime() - b.runAfter.getTime() || Number(a.id) - Number(b.id));
    },

    async extendLease(id, opts = {}) {
      const r = await sql.query(
        `update realty_queue set locked_until = $2
         where id = $1::bigint and status = 'running' and locked_by = $3`,
        [id, at(opts.leaseMs ?? leaseMs), opts.workerId ?? defaultWorker],
      );
      return r.affectedRows > 0;
    },

    complete: (id) => completions.submit(id),

    async completeMany(ids) {
      if (ids.length === 0) return;
      await sql.query(
        `update realty_queue set status = 'done', finished_at = $2, locked_until = null
         where id = any($1::bigint[]) and status = 'running'`,
        [[...ids], at()],
      );
    },

    async fail(id, error) {
      const message = describeError(error).slice(0, 8_000);
      const current = await sql.query<{ attempts: number; max_attempts: number }>(
        `select attempts, max_attempts from realty_queue where id = $1::bigint and status = 'running'`,
        [id],
      );
      const row = current.rows[0];
      if (!row) return 'pending';
      if (Number(row.attempts) >= Number(row.max_attempts)) {
        await sql.query(
          `update realty_queue set status = 'dead', last_error = $2, finished_at = $3, locked_until = null
           where id = $1::bigint`,
          [id, message, at()],
        );
        return 'dead';
      }
      const delay = computeBackoffMs({
        attempt: Number(row.attempts),
        ...(options.backoffBaseMs !== undefined ? { baseMs: options.backoffBaseMs } : {}),
        ...(options.backoffCapMs !== undefined ? { capMs: options.backoffCapMs } : {}),
      });
      await sql.query(
        `update realty_queue set status = 'pending', last_error = $2, run_after = $3, locked_until = null
         where id = $1::bigint`,
        [id, message, at(delay)],
      );
      return 'pending';
    },

    async deadLetters(opts = {}) {
      const r = await sql.query<Row>(
        `select ${COLUMNS} from realty_queue
         where status = 'dead' and ($2::text is null or kind = $2)
         order by finished_at desc, id desc limit $1`,
        [opts.limit ?? 100, opts.kind ?? null],
      );
      return r.rows.map(toJob);
    },

    async retryDead(id) {
      const r = await sql.query(
        `update realty_queue
         set status = 'pending', attempts = 0, run_after = $2, finished_at = null, locked_until = null
         where id = $1::bigint and status = 'dead'`,
        [id, at()],
      );
      return r.affectedRows > 0;
    },

    async get(id) {
      const r = await sql.query<Row>(`select ${COLUMNS} from realty_queue where id = $1::bigint`, [id]);
      return r.rows[0] ? toJob(r.rows[0]) : undefined;
    },

    async stats() {
      const r = await sql.query<{ status: JobStatus; n: number }>(
        'select status, count(*)::int as n from realty_queue group by status',
      );
      const stats: QueueStats = { pending: 0, running: 0, done: 0, dead: 0 };
      for (const row of r.rows) stats[row.status] = Number(row.n);
      return stats;
    },

    async prune(olderThanMs) {
      const r = await sql.query(`delete from realty_queue where status = 'done' and finished_at < $1`, [
        at(-olderThanMs),
      ]);
      return r.affectedRows;
    },
  };
}
