/**
 * Counts attempts per key (an IP, a member) in fixed windows: the sign-in
 * route refuses the attempt over `limit` until its window ends, and says when
 * (Retry-After). Kept in memory: one app server, and a restart forgetting
 * counts costs an attacker a restart of ours.
 */

export const SIGN_IN_ATTEMPT_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 10 * 60_000;

export type AttemptDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface AttemptLimiter {
  /** Counts one attempt of `key` and says whether it may proceed. */
  hit(key: string): AttemptDecision;
}

export function createAttemptLimiter(
  options: { limit?: number; windowMs?: number; now?: () => number } = {},
): AttemptLimiter {
  const limit = options.limit ?? SIGN_IN_ATTEMPT_LIMIT;
  const windowMs = options.windowMs ?? SIGN_IN_WINDOW_MS;
  const now = options.now ?? (() => Date.now());
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key) {
      const at = now();
      if (windows.size > 10_000)
        for (const [k, w] of windows) if (at - w.start >= windowMs) windows.delete(k);
      let window = windows.get(key);
      if (!window || at - window.start >= windowMs) {
        window = { start: at, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= limit) return { allowed: true };
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - at) / 1000)),
      };
    },
  };
}
