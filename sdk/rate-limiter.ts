/**
 * A client-side copy of Twenty's throttler (contract C13): two token buckets
 * per workspace — a short one (requests per second) and a long one (requests
 * per minute) — refilled continuously at limit/window, both starting full as
 * Twenty's do. A request goes out only when both hold a token, so a bulk job
 * runs at the workspace limit instead of into it. One limiter can be shared
 * by every client of a workspace; waiters are served first come, first served
 * with one timer at a time (no polling).
 */

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface RateLimiter {
  /** Resolves when a request may be sent. */
  acquire(): Promise<void>;
  /** After a 429: nobody sends for `ms`, and the buckets are treated as empty. */
  penalize(ms: number): void;
}

export interface RateLimiterOptions {
  requestsPerMinute: number;
  requestsPerSecond: number;
  clock?: LimiterClock;
  /**
   * Fraction of the limit kept in reserve (default 0.03): requests leave when
   * the client's bucket allows, but arrive a little later and not always in
   * the same spacing, so running at exactly 100 % would meet an occasional 429.
   */
  safetyMargin?: number;
  /** Fraction of the server's bucket capacity never used in a burst (default BURST_HEADROOM). */
  burstHeadroom?: number;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 100;
export const DEFAULT_REQUESTS_PER_SECOND = 100;
export const DEFAULT_SAFETY_MARGIN = 0.03;
/** Fraction of the server's bucket capacity the client never uses in a burst. */
export const BURST_HEADROOM = 0.1;

export const systemClock: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(ms)))),
};

interface Bucket {
  capacity: number;
  perMs: number;
  tokens: number;
}

// Float refill arithmetic can leave 0.9999999 tokens after sleeping exactly long enough.
const EPSILON = 1e-9;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { requestsPerMinute, requestsPerSecond } = options;
  for (const [name, value] of Object.entries({ requestsPerMinute, requestsPerSecond })) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`createRateLimiter: ${name} must be a positive number, got ${value}`);
    }
  }
  const margin = options.safetyMargin ?? DEFAULT_SAFETY_MARGIN;
  if (!(margin >= 0 && margin < 1))
    throw new RangeError(`createRateLimiter: safetyMargin must be in [0, 1), got ${margin}`);
  const headroom = options.burstHeadroom ?? BURST_HEADROOM;
  if (!(headroom >= 0 && headroom < 1))
    throw new RangeError(`createRateLimiter: burstHeadroom must be in [0, 1), got ${headroom}`);
  const clock = options.clock ?? systemClock;

  const makeBucket = (limit: number, windowMs: number): Bucket => {
    // The burst stays BURST_HEADROOM below the server's capacity: requests released evenly here can
    // arrive bunched there (event-loop stalls, connection reuse), and after a full burst the server
    // bucket would have nothing left to absorb them.
    const capacity = Math.max(1, Math.floor(limit * (1 - Math.max(margin, headroom))));
    return { capacity, perMs: (limit * (1 - margin)) / windowMs, tokens: capacity };
  };
  const buckets = [makeBucket(requestsPerSecond, 1000), makeBucket(requestsPerMinute, 60_000)];
  let refilledAt = clock.now();
  let pausedUntil = Number.NEGATIVE_INFINITY;
  const waiters: Array<() => void> = [];
  let pumping = false;

  const refill = (now: number): void => {
    const elapsed = Math.max(0, now - refilledAt);
    refilledAt = now;
    for (const b of buckets) b.tokens = Math.min(b.capacity, b.tokens + elapsed * b.perMs);
  };

  /** How long until both buckets hold a token and any penalty is over; 0 = now. */
  const waitTime = (now: number): number => {
    let wait = Math.max(0, pausedUntil - now);
    for (const b of buckets) {
      if (b.tokens < 1 - EPSILON) wait = Math.max(wait, (1 - b.tokens) / b.perMs);
    }
    return wait;
  };

  const pump = async (): Promise<void> => {
    pumping = true;
    try {
      while (waiters.length > 0) {
        const now = clock.now();
        refill(now);
        const wait = waitTime(now);
        if (wait > 0) {
          await clock.sleep(wait);
          continue;
        }
        for (const b of buckets) b.tokens = Math.max(0, b.tokens - 1);
        waiters.shift()?.();
      }
    } finally {
      pumping = false;
    }
  };

  return {
    acquire() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (!pumping) void pump();
      });
    },
    penalize(ms: number) {
      if (!Number.isFinite(ms) || ms <= 0) return;
      const now = clock.now();
      refill(now);
      pausedUntil = Math.max(pausedUntil, now + ms);
      // The server's buckets are empty when it answers 429; assume ours are too.
      for (const b of buckets) b.tokens = 0;
    },
  };
}

/** For `limiter: false`: every request may go at once. */
export const unlimitedRateLimiter: RateLimiter = {
  acquire: () => Promise.resolve(),
  penalize: () => {},
};
