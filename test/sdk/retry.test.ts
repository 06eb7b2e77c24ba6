import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { computeRetryDelay, parseRetryAfter, retryDelayCeiling, shouldRetry } from '../../sdk/retry';

const attempt = fc.integer({ min: 0, max: 60 });
const base = fc.integer({ min: 1, max: 5_000 });
const cap = fc.integer({ min: 1, max: 120_000 });
const unit = fc.double({ min: 0, max: 1, noNaN: true });

describe('computeRetryDelay', () => {
  it('stays within [0, cap] and within the exponential ceiling when no Retry-After is given', () => {
    fc.assert(
      fc.property(attempt, base, cap, unit, (a, b, c, r) => {
        const delay = computeRetryDelay({ attempt: a, baseMs: b, capMs: c, random: () => r });
        assert.ok(delay >= 0 && delay <= c, `delay ${delay} outside [0, ${c}]`);
        assert.ok(delay <= Math.min(c, b * 2 ** a) + 1e-9);
      }),
    );
  });

  it('uses full jitter: the whole range from 0 to the ceiling is reachable', () => {
    fc.assert(
      fc.property(attempt, base, cap, (a, b, c) => {
        const ceiling = retryDelayCeiling({ attempt: a, baseMs: b, capMs: c });
        assert.equal(computeRetryDelay({ attempt: a, baseMs: b, capMs: c, random: () => 0 }), 0);
        assert.equal(computeRetryDelay({ attempt: a, baseMs: b, capMs: c, random: () => 1 }), ceiling);
      }),
    );
  });

  it('never waits less than Retry-After, and not more than max(cap, Retry-After)', () => {
    fc.assert(
      fc.property(
        attempt,
        base,
        cap,
        unit,
        fc.integer({ min: 1, max: 600_000 }),
        (a, b, c, r, retryAfterMs) => {
          const delay = computeRetryDelay({ attempt: a, baseMs: b, capMs: c, random: () => r, retryAfterMs });
          assert.ok(delay >= retryAfterMs, `delay ${delay} below Retry-After ${retryAfterMs}`);
          assert.ok(delay <= Math.max(c, retryAfterMs));
        },
      ),
    );
  });

  it('has a ceiling that never shrinks as attempts grow', () => {
    fc.assert(
      fc.property(attempt, base, cap, (a, b, c) => {
        assert.ok(
          retryDelayCeiling({ attempt: a + 1, baseMs: b, capMs: c }) >=
            retryDelayCeiling({ attempt: a, baseMs: b, capMs: c }),
        );
      }),
    );
  });

  it('doubles the ceiling per attempt until the cap', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6].map((a) => retryDelayCeiling({ attempt: a, baseMs: 500, capMs: 10_000 })),
      [500, 1000, 2000, 4000, 8000, 10_000, 10_000],
    );
  });
});

const anyStatus = fc.integer({ min: 400, max: 599 });

describe('shouldRetry', () => {
  it('never retries once maxRetries retries were made', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.option(anyStatus, { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        (max, extra, status, networkError, idempotent) => {
          assert.equal(
            shouldRetry({ attempt: max + extra, maxRetries: max, status, networkError, idempotent }),
            false,
          );
        },
      ),
    );
  });

  it('never retries 400, 401, 403 or 404, idempotent or not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(400, 401, 403, 404),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        (status, a, idempotent) => {
          assert.equal(shouldRetry({ attempt: a, maxRetries: 6, status, idempotent }), false);
        },
      ),
    );
  });

  it('never retries a non-idempotent POST after a 502, 503, 504 or a network failure', () => {
    fc.assert(
      fc.property(fc.constantFrom(502, 503, 504, undefined), fc.integer({ min: 0, max: 5 }), (status, a) => {
        assert.equal(
          shouldRetry({
            attempt: a,
            maxRetries: 6,
            status,
            networkError: status === undefined,
            idempotent: false,
          }),
          false,
        );
      }),
    );
  });

  it('always retries a 429 below maxRetries, even for a POST', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.boolean(), (a, idempotent) => {
        assert.equal(shouldRetry({ attempt: a, maxRetries: 6, status: 429, idempotent }), true);
      }),
    );
  });

  it('retries gateway errors and network failures of idempotent calls', () => {
    for (const status of [502, 503, 504])
      assert.equal(shouldRetry({ attempt: 0, maxRetries: 6, status, idempotent: true }), true);
    assert.equal(shouldRetry({ attempt: 0, maxRetries: 6, networkError: true, idempotent: true }), true);
    assert.equal(shouldRetry({ attempt: 0, maxRetries: 6, status: 500, idempotent: true }), false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now), 10_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});
