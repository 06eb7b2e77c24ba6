/**
 * Counts attempts per key (an IP, a member, an agency) in fixed windows: the
 * attempt over `limit` is refused until its window ends, with when to retry
 * (Retry-After). The counts live in the store, so every instance sharing it
 * counts the same attempts: a second instance behind a load balancer does not
 * double the limit, and a restart forgets nothing. One upsert per attempt
 * counts and decides atomically; windows that ended are deleted now and then.
 *
 * The core keeps its counters in `realty_attempt_windows`; a plugin passes its
 * own table of the same shape (`attemptWindowsTableSql('<plugin>_…')`) and its
 * storage's query.
 */

export const SIGN_IN_ATTEMPT_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 10 * 60_000;
/** The core's table of counters (core migration 007). */
export const CORE_ATTEMPT_WINDOWS_TABLE = 'realty_attempt_windows';
/** Counters this old are deleted by any limiter on the table (no window lasts this long). */
export const STALE_COUNTER_MS = 24 * 3_600_000;

export type AttemptDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface AttemptLimiter {
  /** Counts one attempt of `key` and says whether it may proceed. */
  hit(key: string): Promise<AttemptDecision>;
}

/** A statement runner: the store's SQL or a plugin's storage. */
export type AttemptQuery = (text: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Pure: the decision for the `count`-th attempt in a window that started at `windowStart`. */
export function decideAttempt(input: {
  count: number;
  windowStart: number;
  now: number;
  limit: number;
  windowMs: number;
}): AttemptDecision {
  if (input.count <= input.limit) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((input.windowStart + input.windowMs - input.now) / 1000)),
  };
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/** The table of counters a limiter needs (a plugin creates it in its migration under its own name). */
export function attemptWindowsTableSql(table: string): string {
  if (!TABLE_NAME.test(table)) throw new Error(`"${table}" is not a plain table name`);
  return `
    create table if not exists ${table} (
      limiter text not null,
      key text not null,
      window_start timestamptz not null,
      count integer not null,
      primary key (limiter, key)
    );
    create index if not exists ${table}_start on ${table} (window_start);`;
}

export interface AttemptLimiterOptions {
  query: AttemptQuery;
  /** What is limited (`staff-sign-in:ip`): counters of different limiters never mix. */
  limiter: string;
  /** Default: the core's table. */
  table?: string;
  limit?: number;
  windowMs?: number;
  now?: () => number;
}

export function createAttemptLimiter(options: AttemptLimiterOptions): AttemptLimiter {
  const table = options.table ?? CORE_ATTEMPT_WINDOWS_TABLE;
  if (!TABLE_NAME.test(table)) throw new Error(`"${table}" is not a plain table name`);
  const limit = options.limit ?? SIGN_IN_ATTEMPT_LIMIT;
  const windowMs = options.windowMs ?? SIGN_IN_WINDOW_MS;
  const now = options.now ?? (() => Date.now());
  // A window that started at or before `cutoff` has ended: the upsert starts a new one in its place.
  const hitSql = `
    insert into ${table} as w (limiter, key, window_start, count)
    values ($1, $2, $3::timestamptz, 1)
    on conflict (limiter, key) do update set
      window_start = case when w.window_start <= $4::timestamptz then excluded.window_start else w.window_start end,
      count = case when w.window_start <= $4::timestamptz then 1 else w.count + 1 end
    returning window_start, count`;
  let prunedAt = Number.NEGATIVE_INFINITY;
  return {
    async hit(key) {
      const at = now();
      const cutoff = new Date(at - windowMs);
      if (at - prunedAt >= windowMs) {
        prunedAt = at;
        // This limiter's ended windows, and anything a day old whoever left it (no window lasts a day).
        await options.query(
          `delete from ${table} where (limiter = $1 and window_start <= $2::timestamptz) or window_start <= $3::timestamptz`,
          [options.limiter, cutoff, new Date(at - STALE_COUNTER_MS)],
        );
      }
      const rows = await options.query(hitSql, [options.limiter, key, new Date(at), cutoff]);
      const row = rows[0];
      if (!row) throw new Error(`the attempt counter ${options.limiter} returned no row`);
      return decideAttempt({
        count: Number(row.count),
        windowStart: new Date(row.window_start as string | Date).getTime(),
        now: at,
        limit,
        windowMs,
      });
    },
  };
}
