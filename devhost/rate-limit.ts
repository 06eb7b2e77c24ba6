/**
 * Twenty's API-key throttle (contract C13; core-modules/throttler/throttler.service.ts):
 * per workspace, two token buckets refilled continuously, both starting full.
 * Exhaustion answers 429 `Limit reached (<limit> tokens per <ttl> ms)` and,
 * like Twenty, no Retry-After header.
 */
import { DevhostHttpError } from './errors';

export interface RateLimitOptions {
  shortLimit?: number;
  shortTtlMs?: number;
  longLimit?: number;
  longTtlMs?: number;
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function resolveRateLimitOptions(options: RateLimitOptions = {}): Required<RateLimitOptions> {
  return {
    shortLimit: options.shortLimit ?? envNumber('API_RATE_LIMITING_SHORT_LIMIT') ?? 100,
    shortTtlMs: options.shortTtlMs ?? envNumber('API_RATE_LIMITING_SHORT_TTL_IN_MS') ?? 1000,
    longLimit: options.longLimit ?? envNumber('API_RATE_LIMITING_LONG_LIMIT') ?? 100,
    longTtlMs: options.longTtlMs ?? envNumber('API_RATE_LIMITING_LONG_TTL_IN_MS') ?? 60_000,
  };
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly limit: number,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limit;
    this.last = now();
  }

  tryTake(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.limit, this.tokens + ((t - this.last) * this.limit) / this.ttlMs);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class WorkspaceRateLimiter {
  private readonly buckets = new Map<string, [TokenBucket, TokenBucket]>();
  private readonly options: Required<RateLimitOptions>;

  constructor(
    options: RateLimitOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = resolveRateLimitOptions(options);
  }

  /** Takes one token from both buckets of the workspace or throws the 429. */
  consume(workspaceId: string): void {
    let pair = this.buckets.get(workspaceId);
    if (!pair) {
      const o = this.options;
      pair = [
        new TokenBucket(o.shortLimit, o.shortTtlMs, this.now),
        new TokenBucket(o.longLimit, o.longTtlMs, this.now),
      ];
      this.buckets.set(workspaceId, pair);
    }
    for (const bucket of pair) {
      if (!bucket.tryTake()) {
        throw new DevhostHttpError(429, `Limit reached (${bucket.limit} tokens per ${bucket.ttlMs} ms)`);
      }
    }
  }
}
