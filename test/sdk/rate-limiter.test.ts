import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRateLimiter } from '../../sdk/rate-limiter';
import { createFakeClock } from './fake-clock';

function track(promise: Promise<void>, log: number[], id: number, clock: { now(): number }, at: number[]) {
  void promise.then(() => {
    log.push(id);
    at[id] = clock.now();
  });
}

describe('createRateLimiter', () => {
  it('starts with full buckets, like Twenty: the first `limit` requests go at once', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({
      requestsPerMinute: 10,
      requestsPerSecond: 100,
      clock,
      safetyMargin: 0,
      burstHeadroom: 0,
    });
    const done: number[] = [];
    const at: number[] = [];
    for (let i = 0; i < 11; i++) track(limiter.acquire(), done, i, clock, at);
    await clock.settle();
    assert.deepEqual(done, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps its default burst a tenth below the server capacity, so bunched arrivals still find tokens', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({ requestsPerMinute: 100, requestsPerSecond: 100, clock });
    const done: number[] = [];
    const at: number[] = [];
    for (let i = 0; i < 100; i++) track(limiter.acquire(), done, i, clock, at);
    await clock.settle();
    assert.equal(done.length, 90);
  });

  it('makes the next request wait exactly one refill interval, with one timer and no polling', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({
      requestsPerMinute: 10,
      requestsPerSecond: 100,
      clock,
      safetyMargin: 0,
      burstHeadroom: 0,
    });
    for (let i = 0; i < 10; i++) await limiter.acquire();
    const done: number[] = [];
    const at: number[] = [];
    const sleepsBefore = clock.sleeps;
    track(limiter.acquire(), done, 0, clock, at);
    await clock.advance(5_999);
    assert.deepEqual(done, []);
    await clock.advance(1);
    assert.deepEqual(done, [0]);
    assert.equal(at[0], 6_000);
    assert.equal(clock.sleeps - sleepsBefore, 1);
  });

  it('serves waiters first come, first served', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({
      requestsPerMinute: 600,
      requestsPerSecond: 2,
      clock,
      safetyMargin: 0,
      burstHeadroom: 0,
    });
    const done: number[] = [];
    const at: number[] = [];
    for (let i = 0; i < 8; i++) track(limiter.acquire(), done, i, clock, at);
    await clock.advance(3_000);
    assert.deepEqual(done, [0, 1, 2, 3, 4, 5, 6, 7]);
    // The short bucket (2/s) paces after its burst of two: one every 500 ms.
    assert.deepEqual(at, [0, 0, 500, 1000, 1500, 2000, 2500, 3000]);
  });

  it('pauses every caller after penalize() and treats the buckets as empty', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({
      requestsPerMinute: 600,
      requestsPerSecond: 100,
      clock,
      safetyMargin: 0,
      burstHeadroom: 0,
    });
    await limiter.acquire();
    limiter.penalize(2_000);
    const done: number[] = [];
    const at: number[] = [];
    track(limiter.acquire(), done, 0, clock, at);
    track(limiter.acquire(), done, 1, clock, at);
    await clock.advance(1_999);
    assert.deepEqual(done, []);
    await clock.advance(1);
    assert.deepEqual(done, [0, 1]);
  });

  it('never grants more than capacity + rate × window in any window, however callers arrive', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 5, max: 30 }),
        async (arrivals, perMinute) => {
          const clock = createFakeClock();
          const limiter = createRateLimiter({
            requestsPerMinute: perMinute,
            requestsPerSecond: 3,
            clock,
            safetyMargin: 0,
            burstHeadroom: 0,
          });
          const grants: number[] = [];
          const sorted = [...arrivals].sort((a, b) => a - b);
          let t = 0;
          for (const arrival of sorted) {
            await clock.advance(arrival - t);
            t = arrival;
            void limiter.acquire().then(() => grants.push(clock.now()));
          }
          await clock.advance(sorted.length * 60_000);
          assert.equal(grants.length, sorted.length);
          for (let i = 0; i < grants.length; i++) {
            for (let j = i; j < grants.length; j++) {
              const window = grants[j] - grants[i];
              const count = j - i + 1;
              assert.ok(
                count <= 3 + (3 * window) / 1000 + 1e-6,
                `short bucket exceeded: ${count} in ${window} ms`,
              );
              assert.ok(
                count <= perMinute + (perMinute * window) / 60_000 + 1e-6,
                `long bucket exceeded: ${count} in ${window} ms`,
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps a bulk job at ≥ 0.9 of the limit once its burst is spent, with the default safety margin', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({ requestsPerMinute: 1000, requestsPerSecond: 100, clock });
    const at: number[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 3000; i++) pending.push(limiter.acquire().then(() => void at.push(clock.now())));
    await clock.advance(200_000);
    await Promise.all(pending);
    // Past the initial burst the bucket is empty and the pace is the refill rate.
    const perMinute = (1000 / (at[2999] - at[1999])) * 60_000;
    assert.ok(perMinute >= 900, `only ${perMinute.toFixed(0)} requests a minute at a 1000/min limit`);
    assert.ok(perMinute <= 1000, `${perMinute.toFixed(0)} requests a minute exceeds the 1000/min limit`);
  });

  it('is shared: two clients using one limiter together stay under its limit', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({
      requestsPerMinute: 4,
      requestsPerSecond: 100,
      clock,
      safetyMargin: 0,
      burstHeadroom: 0,
    });
    const grants: string[] = [];
    for (const who of ['a', 'b', 'a', 'b', 'a', 'b']) void limiter.acquire().then(() => grants.push(who));
    await clock.settle();
    assert.deepEqual(grants, ['a', 'b', 'a', 'b']);
    await clock.advance(15_000);
    assert.deepEqual(grants, ['a', 'b', 'a', 'b', 'a']);
  });

  it('rejects a non-positive limit at construction', () => {
    assert.throws(
      () => createRateLimiter({ requestsPerMinute: 0, requestsPerSecond: 1 }),
      /requestsPerMinute must be a positive number/,
    );
  });
});
