/**
 * How queue rows come back from SQL: the column list, the row → job mapping,
 * the text kept as a failed job's `last_error`, and the upkeep that keeps the
 * table small where nothing else does.
 */
import type { Sql } from '../../../db/database';
import type { JobStatus, QueueJob } from './queue-types';

export type Row = {
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

export function columns(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}id::text as id, ${['kind', 'dedupe_key', 'payload', 'status', 'attempts', 'max_attempts', 'run_after', 'locked_until', 'last_error', 'created_at', 'finished_at'].map((c) => a + c).join(', ')}`;
}
export const COLUMNS = columns();

export function toJob(row: Row): QueueJob {
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

/**
 * How often a claim vacuums the table when no autovacuum runs (embedded PGlite has none). Each job
 * leaves dead row versions behind (pending → running → done); unvacuumed, claims wade through them
 * and the table grows without end — 10,000 events made it 100 MB and claims four times slower.
 */
const VACUUM_INTERVAL_MS = 2_000;

/** Returns `vacuumIfDue(nowMs)`; it vacuums only when the server runs no autovacuum of its own. */
export function createVacuumer(sql: Sql): (nowMs: number) => Promise<void> {
  let lastVacuum = Number.NEGATIVE_INFINITY;
  let vacuumsItself: boolean | undefined;
  return async (nowMs) => {
    if (nowMs - lastVacuum < VACUUM_INTERVAL_MS) return;
    lastVacuum = nowMs;
    if (vacuumsItself === undefined) {
      const r = await sql.query<{ none: boolean }>(
        `select not exists (select 1 from pg_stat_activity where backend_type = 'autovacuum launcher') as none`,
      );
      vacuumsItself = r.rows[0]?.none === true;
    }
    if (vacuumsItself) await sql.exec('vacuum (skip_locked) realty_queue');
  };
}
