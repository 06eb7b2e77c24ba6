/**
 * Retry decisions as pure functions (after stripe-node's RequestSender):
 * which failures are worth another attempt, and how long to wait first.
 *
 * Twenty sends no Retry-After (contract C13), so the usual wait is our own
 * exponential backoff with full jitter; a Retry-After, when some proxy sends
 * one, is a floor.
 */

export const DEFAULT_RETRY_BASE_MS = 500;
export const DEFAULT_RETRY_CAP_MS = 20_000;
export const DEFAULT_MAX_RETRIES = 6;

const RETRYABLE_GATEWAY_STATUSES = new Set([502, 503, 504]);

/** The upper bound of the jittered wait before retry number `attempt` (0-based); non-decreasing in `attempt`. */
export function retryDelayCeiling({
  attempt,
  baseMs = DEFAULT_RETRY_BASE_MS,
  capMs = DEFAULT_RETRY_CAP_MS,
}: {
  attempt: number;
  baseMs?: number;
  capMs?: number;
}): number {
  const exponential = baseMs * 2 ** Math.max(0, attempt);
  return Math.max(0, Math.min(capMs, exponential));
}

/**
 * Full jitter: a uniform draw in [0, min(cap, base·2^attempt)]. A Retry-After
 * is honoured even above the cap — the cap bounds our own guess, not the
 * server's instruction; the per-call deadline bounds the total.
 */
export function computeRetryDelay({
  attempt,
  retryAfterMs,
  baseMs = DEFAULT_RETRY_BASE_MS,
  capMs = DEFAULT_RETRY_CAP_MS,
  random = Math.random,
}: {
  attempt: number;
  retryAfterMs?: number;
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}): number {
  const ceiling = retryDelayCeiling({ attempt, baseMs, capMs });
  const draw = Math.min(1, Math.max(0, random()));
  const jittered = draw * ceiling;
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs <= 0) return jittered;
  return Math.max(jittered, retryAfterMs);
}

/**
 * A 429 is always safe to repeat: Twenty throttles before doing anything.
 * A gateway error or a lost connection may hide a request that was applied,
 * so those are retried only for idempotent calls (GET/PATCH/PUT/DELETE, or a
 * POST made with upsert or an idempotency key). Nothing else is retried.
 */
export function shouldRetry({
  attempt,
  maxRetries,
  status,
  networkError = false,
  idempotent,
}: {
  /** Retries already made for this call (0 before the first retry). */
  attempt: number;
  maxRetries: number;
  status?: number;
  /** A connection failure or a timeout: no HTTP status was received. */
  networkError?: boolean;
  idempotent: boolean;
}): boolean {
  if (attempt >= maxRetries) return false;
  if (status === 429) return true;
  if (status !== undefined) return RETRYABLE_GATEWAY_STATUSES.has(status) && idempotent;
  return networkError && idempotent;
}

/** GET, PATCH, PUT and DELETE repeat safely; POST only when the caller says so. */
export function isIdempotentMethod(method: string): boolean {
  return ['GET', 'HEAD', 'OPTIONS', 'PATCH', 'PUT', 'DELETE'].includes(method.toUpperCase());
}

/** `Retry-After` is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | undefined | null, nowMs: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
