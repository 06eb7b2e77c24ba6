import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type AttemptQuery,
  createAttemptLimiter,
  decideAttempt,
} from '../../../../plugins/core/auth/attempt-limiter';
import { openStore, type Store } from '../../../../plugins/core/store/index';

describe('the attempt limiter, counted in the store', () => {
  let store: Store;
  let query: AttemptQuery;
  before(async () => {
    store = await openStore();
    query = async (text, params) => (await store.sql.query(text, params)).rows;
  });
  after(() => store.close());

  it('refuses the 11th attempt of a key in ten minutes, says when to retry, and forgets after the window', async () => {
    let at = Date.UTC(2026, 0, 1);
    const start = at;
    const limiter = createAttemptLimiter({ query, limiter: 'test:window', now: () => at });
    for (let i = 0; i < 10; i++) assert.deepEqual(await limiter.hit('1.2.3.4'), { allowed: true });
    at = start + 60_000;
    assert.deepEqual(await limiter.hit('1.2.3.4'), { allowed: false, retryAfterSeconds: 540 });
    assert.deepEqual(await limiter.hit('5.6.7.8'), { allowed: true }, 'other keys are counted apart');
    at = start + 600_000;
    assert.deepEqual(await limiter.hit('1.2.3.4'), { allowed: true });
  });

  it('counts the attempts two instances see together (one store, two limiters)', async () => {
    const at = Date.UTC(2026, 0, 2);
    const first = createAttemptLimiter({ query, limiter: 'test:shared', limit: 4, now: () => at });
    const second = createAttemptLimiter({ query, limiter: 'test:shared', limit: 4, now: () => at });
    const decisions = [];
    for (let i = 0; i < 3; i++) {
      decisions.push(await first.hit('agency-1'));
      decisions.push(await second.hit('agency-1'));
    }
    assert.deepEqual(
      decisions.map((d) => d.allowed),
      [true, true, true, true, false, false],
    );
    const other = createAttemptLimiter({ query, limiter: 'test:other', limit: 4, now: () => at });
    assert.equal((await other.hit('agency-1')).allowed, true, 'another limiter counts apart');
  });

  it('lets exactly `limit` of many simultaneous attempts through', async () => {
    const at = Date.UTC(2026, 0, 3);
    const limiter = createAttemptLimiter({ query, limiter: 'test:race', limit: 7, now: () => at });
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.hit('k')));
    assert.equal(decisions.filter((d) => d.allowed).length, 7);
  });

  it('deletes the counters of windows that ended', async () => {
    let at = Date.UTC(2026, 0, 4);
    const limiter = createAttemptLimiter({ query, limiter: 'test:prune', windowMs: 60_000, now: () => at });
    for (const key of ['a', 'b', 'c']) await limiter.hit(key);
    const count = async () =>
      Number(
        (
          await store.sql.query<{ n: number }>(
            `select count(*)::int as n from realty_attempt_windows where limiter = 'test:prune'`,
          )
        ).rows[0]?.n,
      );
    assert.equal(await count(), 3);
    at += 61_000;
    await limiter.hit('d');
    assert.equal(await count(), 1, 'only the live window of d is left');
  });

  it('decides from the count and the window alone', () => {
    const base = { windowStart: 0, now: 1_500, limit: 2, windowMs: 10_000 };
    assert.deepEqual(decideAttempt({ ...base, count: 2 }), { allowed: true });
    assert.deepEqual(decideAttempt({ ...base, count: 3 }), { allowed: false, retryAfterSeconds: 9 });
    assert.deepEqual(decideAttempt({ ...base, count: 3, now: 9_999 }), {
      allowed: false,
      retryAfterSeconds: 1,
    });
  });
});
