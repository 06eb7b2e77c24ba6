/**
 * The durable job queue: a Postgres table claimed with `FOR UPDATE SKIP
 * LOCKED`, so any number of workers in any number of processes share it.
 * A claimed job carries a lease (`locked_until`); a worker that dies
 * mid-handler simply lets the lease lapse and the job is claimed again — an
 * accepted event is never lost. Failures retry with exponential backoff,
 * then the job goes `dead` with its last error kept for inspection.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/database';
import { type Clock, systemClock } from './clock';

export type JobStatus = 'pending' | 'running' | 'done' | 'dead';

export interface QueueJob<P = unknown> {
  id: string;
  kind: string;
  dedupeKey: string | null;
  payload: P;
  status: JobStatus;
  /** Claims so far, including the current one. */
  attempts: number;
  maxAttempts: number;
  runAfter: Date;
  lockedUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface QueueStats {
  pending: number;
  running: number;
  done: number;
  dead: number;
}

export interface QueueOptions {
  clock?: Clock;
  /** Default attempts before a job is dead-lettered (5). */
  maxAttempts?: number;
  /** How long a claim lasts before another worker may take the job (60 s). */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_BACKOFF_BASE_MS = 2_000;
export const DEFAULT_BACKOFF_CAP_MS = 10 * 60_000;

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

export interface Queue {
  /** False when a job with this dedupe key was already enqueued, whatever its status (C19 duplicates). */
  enqueue(
    kind: string,
    payload: unknown,
    options?: { dedupeKey?: string; runAfter?: Date; maxAttempts?: number },
  ): Promise<boolean>;
  claim(
    n: number,
    options?: { workerId?: string; leaseMs?: number; kinds?: readonly string[] },
  ): Promise<QueueJob[]>;
  /** Pushes the lease of a running job forward; false when the job is no longer this worker's. */
  extendLease(id: string, options?: { workerId?: string; leaseMs?: number }): Promise<boolean>;
  complete(id: string): Promise<void>;
  /** Schedules a retry, or dead-letters the job when its attempts are spent. Returns the new status. */
  fail(id: string, error: unknown): Promise<'pending' | 'dead'>;
  deadLetters(options?: { limit?: number; kind?: string }): Promise<QueueJob[]>;
  /** Puts a dead job back in line with fresh attempts; false when no dead job has that id. */
  retryDead(id: string): Promise<boolean>;
  get(id: string): Promise<QueueJob | undefined>;
  stats(): Promise<QueueStats>;
  /** Deletes finished jobs older than `olderThanMs` (their dedupe keys are forgotten with them). */
  prune(olderThanMs: number): Promise<number>;
}

type Row = {
  id: string;
  kind: string;
  dedupe_key: string | null;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_after: Date;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
};

function columns(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}id::text as id, ${['kind', 'dedupe_key', 'payload', 'status', 'attempts', 'max_attempts', 'run_after', 'locked_until', 'last_error', 'created_at', 'finished_at'].map((c) => a + c).join(', ')}`;
}
const COLUMNS = columns();

function toJob(row: Row): QueueJob {
  return {
    id: row.id,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    payload: row.payload,
    status: row.status,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAfter: new Date(row.run_after),
    lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const head = `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`;
    const stack = error.stack?.split('\n').slice(1, 6).join('\n');
    return stack ? `${head}\n${stack}` : head;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}

export function createQueue(sql: Sql, options: QueueOptions = {}): Queue {
  const clock = options.clock ?? systemClock;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const defaultWorker = `worker-${randomUUID().slice(0, 8)}`;
  const at = (offsetMs = 0): string => new Date(clock.now().getTime() + offsetMs).toISOString();

  return {
    async enqueue(kind, payload, opts = {}) {
      const r = await sql.query(
        `insert into realty_queue (kind, dedupe_key, payload, max_attempts, run_after, created_at)
         values ($1, $2, $3::jsonb, $4, $5, $6)
         on conflict (dedupe_key) do nothing
         returning id`,
        [
          kind,
          opts.dedupeKey ?? null,
          JSON.stringify(payload ?? null),
          opts.maxAttempts ?? maxAttempts,
          (opts.runAfter ?? clock.now()).toISOString(),
          at(),
        ],
      );
      return r.rows.length > 0;
    },

    async claim(n, opts = {}) {
      if (n <= 0) return [];
      const now = at();
      const kinds = opts.kinds && opts.kinds.length > 0 ? [...opts.kinds] : null;
      // A job whose lease lapsed with its attempts spent killed its worker each time: stop retrying it.
      await sql.query(
        `update realty_queue
         set status = 'dead', finished_at = $1, locked_until = null,
             last_error = coalesce(last_error || E'\n', '') || 'the worker holding it stopped before finishing (lease expired) on every attempt'
         where status = 'running' and locked_until < $1 and attempts >= max_attempts`,
        [now],
      );
      const r = await sql.query<Row>(
        `with picked as (
           select id from realty_queue
           where ((status = 'pending' and run_after <= $1) or (status = 'running' and locked_until < $1))
             and ($4::text[] is null or kind = any($4::text[]))
           order by run_after, id
           limit $2
           for update skip locked
         )
         update realty_queue q
         set status = 'running', attempts = q.attempts + 1, locked_until = $3, locked_by = $5
         from picked where q.id = picked.id
         returning ${columns('q')}`,
        [now, n, at(opts.leaseMs ?? leaseMs), kinds, opts.workerId ?? defaultWorker],
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

    async complete(id) {
      await sql.query(
        `update realty_queue set status = 'done', finished_at = $2, locked_until = null
         where id = $1::bigint and status = 'running'`,
        [id, at()],
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
