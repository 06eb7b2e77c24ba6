import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { computeBackoffMs, createQueue, type Queue } from '../../../../plugins/core/queue/queue';
import { createManualClock } from '../../../../plugins/core/runtime/clock';
import { openStore, type Store } from '../../../../plugins/core/store/store';

describe('durable queue', () => {
  let store: Store;
  let queue: Queue;
  const clock = createManualClock('2025-03-01T09:00:00.000Z');

  before(async () => {
    store = await openStore({ clock });
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.sql.query('delete from realty_queue');
    queue = createQueue(store.sql, { clock, leaseMs: 30_000, backoffBaseMs: 1_000, maxAttempts: 3 });
  });

  it('refuses a second job with a dedupe key it has already seen', async () => {
    assert.equal(await queue.enqueue('event', { n: 1 }, { dedupeKey: 'k1' }), true);
    assert.equal(await queue.enqueue('event', { n: 2 }, { dedupeKey: 'k1' }), false);
    assert.equal(await queue.enqueue('event', { n: 3 }), true);
    assert.equal(await queue.enqueue('event', { n: 4 }), true);
    assert.deepEqual(await queue.stats(), { pending: 3, running: 0, done: 0, dead: 0 });
  });

  it('enqueues many in one call, keeping only the first of a key repeated or already taken', async () => {
    await queue.enqueue('event', { n: 0 }, { dedupeKey: 'taken' });
    const fresh = await queue.enqueueMany([
      { kind: 'event', payload: { n: 1 }, dedupeKey: 'a' },
      { kind: 'event', payload: { n: 2 }, dedupeKey: 'taken' },
      { kind: 'event', payload: { n: 3 }, dedupeKey: 'a' },
      { kind: 'event', payload: { n: 4 } },
      { kind: 'event', payload: { n: 5 }, dedupeKey: 'b' },
    ]);
    assert.deepEqual(fresh, [true, false, false, true, true]);
    const jobs = await queue.claim(10);
    assert.deepEqual(
      jobs.map((j) => j.payload),
      [{ n: 0 }, { n: 1 }, { n: 4 }, { n: 5 }],
      'in the order given, after what was there',
    );
  });

  it('writes concurrent enqueues as one statement and answers each with its own fate', async () => {
    const statements: string[] = [];
    const counting = {
      ...store.sql,
      query: ((text: string, params?: unknown[]) => {
        statements.push(text);
        return store.sql.query(text, params);
      }) as typeof store.sql.query,
    };
    const batched = createQueue(counting, { clock });
    await batched.enqueue('event', {}, { dedupeKey: 'k0' });
    statements.length = 0;
    const fresh = await Promise.all(
      ['k0', 'k1', 'k2', 'k1', 'k3'].map((key) => batched.enqueue('event', { key }, { dedupeKey: key })),
    );
    assert.deepEqual(fresh, [false, true, true, false, true]);
    assert.equal(statements.filter((s) => s.includes('insert into realty_queue')).length, 1);
    assert.equal((await queue.stats()).pending, 4);
  });

  it('lets one payload Postgres refuses fail alone, not the batch it was written with', async () => {
    const results = await Promise.allSettled(
      ['ok-1', 'poison', 'ok-2'].map((key) =>
        queue.enqueue('event', { text: key === 'poison' ? 'nul \u0000 byte' : key }, { dedupeKey: key }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const keys = await store.sql.query<{ dedupe_key: string }>(
      'select dedupe_key from realty_queue order by id',
    );
    assert.deepEqual(
      keys.rows.map((r) => r.dedupe_key),
      ['ok-1', 'ok-2'],
    );
  });

  it('marks every one of concurrently completed jobs done', async () => {
    for (let i = 0; i < 5; i++) await queue.enqueue('event', { i });
    const jobs = await queue.claim(5);
    await Promise.all(jobs.map((j) => queue.complete(j.id)));
    assert.deepEqual(await queue.stats(), { pending: 0, running: 0, done: 5, dead: 0 });
  });

  it('remembers a dedupe key after its job is done', async () => {
    await queue.enqueue('event', {}, { dedupeKey: 'done-key' });
    const [job] = await queue.claim(1);
    await queue.complete(job.id);
    assert.equal(await queue.enqueue('event', {}, { dedupeKey: 'done-key' }), false);
  });

  it('hands each job to one claimer only', async () => {
    for (let i = 0; i < 20; i++) await queue.enqueue('event', { i });
    const claims = await Promise.all([queue.claim(8), queue.claim(8), queue.claim(8)]);
    const ids = claims.flat().map((j) => j.id);
    assert.equal(ids.length, 20);
    assert.equal(new Set(ids).size, 20);
  });

  it('returns the payload, kind and attempt count with a claimed job', async () => {
    await queue.enqueue('twenty.event', { record: { id: 'r1' }, nested: [1, 'two'] });
    const [job] = await queue.claim(5);
    assert.equal(job.kind, 'twenty.event');
    assert.deepEqual(job.payload, { record: { id: 'r1' }, nested: [1, 'two'] });
    assert.equal(job.attempts, 1);
    assert.equal(job.status, 'running');
  });

  it('claims only the kinds asked for', async () => {
    await queue.enqueue('a', {});
    await queue.enqueue('b', {});
    const jobs = await queue.claim(5, { kinds: ['b'] });
    assert.deepEqual(
      jobs.map((j) => j.kind),
      ['b'],
    );
  });

  it('gives a crashed worker’s job to another worker once the lease lapses', async () => {
    await queue.enqueue('event', { important: true });
    const [first] = await queue.claim(1, { workerId: 'crashed' });
    assert.deepEqual(await queue.claim(1, { workerId: 'other' }), []);
    clock.advance(30_001);
    const [again] = await queue.claim(1, { workerId: 'other' });
    assert.equal(again.id, first.id);
    assert.equal(again.attempts, 2);
    assert.deepEqual(again.payload, { important: true });
  });

  it('keeps a lease alive while the worker renews it', async () => {
    await queue.enqueue('event', {});
    const [job] = await queue.claim(1, { workerId: 'w1' });
    clock.advance(20_000);
    assert.equal(await queue.extendLease(job.id, { workerId: 'w1' }), true);
    clock.advance(20_000);
    assert.deepEqual(await queue.claim(1, { workerId: 'w2' }), []);
    assert.equal(await queue.extendLease(job.id, { workerId: 'w2' }), false);
  });

  it('retries a failed job after an exponential backoff, then dead-letters it with the error', async () => {
    await queue.enqueue('event', {});
    let [job] = await queue.claim(1);
    assert.equal(await queue.fail(job.id, new Error('first failure')), 'pending');
    assert.deepEqual(await queue.claim(1), [], 'not before the backoff');
    clock.advance(1_000);
    [job] = await queue.claim(1);
    assert.equal(job.attempts, 2);
    assert.match(job.lastError ?? '', /first failure/);
    assert.equal(await queue.fail(job.id, new Error('second failure')), 'pending');
    clock.advance(1_999);
    assert.deepEqual(await queue.claim(1), [], 'second backoff is twice the first');
    clock.advance(1);
    [job] = await queue.claim(1);
    assert.equal(await queue.fail(job.id, new TypeError('third failure')), 'dead');
    const dead = await queue.deadLetters();
    assert.equal(dead.length, 1);
    assert.equal(dead[0].id, job.id);
    assert.match(dead[0].lastError ?? '', /TypeError: third failure/);
    assert.deepEqual(await queue.stats(), { pending: 0, running: 0, done: 0, dead: 1 });
  });

  it('puts a dead job back in line with fresh attempts on retryDead', async () => {
    await queue.enqueue('event', { x: 1 }, { maxAttempts: 1 });
    const [job] = await queue.claim(1);
    await queue.fail(job.id, new Error('nope'));
    assert.equal(await queue.retryDead(job.id), true);
    assert.equal(await queue.retryDead(job.id), false, 'it is no longer dead');
    const [again] = await queue.claim(1);
    assert.equal(again.id, job.id);
    assert.equal(again.attempts, 1);
  });

  it('dead-letters a job whose every worker died holding it', async () => {
    await queue.enqueue('poison', {}, { maxAttempts: 2 });
    await queue.claim(1);
    clock.advance(30_001);
    await queue.claim(1);
    clock.advance(30_001);
    assert.deepEqual(await queue.claim(1), []);
    const [dead] = await queue.deadLetters();
    assert.equal(dead.kind, 'poison');
    assert.match(dead.lastError ?? '', /lease expired/);
  });

  it('claims in order of readiness', async () => {
    await queue.enqueue('event', { n: 'later' }, { runAfter: new Date(clock.now().getTime() + 5_000) });
    await queue.enqueue('event', { n: 'first' });
    await queue.enqueue('event', { n: 'second' });
    const jobs = await queue.claim(10);
    assert.deepEqual(
      jobs.map((j) => (j.payload as { n: string }).n),
      ['first', 'second'],
    );
  });

  it('prunes finished jobs older than asked and keeps the rest', async () => {
    await queue.enqueue('event', {}, { dedupeKey: 'old' });
    const [job] = await queue.claim(1);
    await queue.complete(job.id);
    await queue.enqueue('event', {}, { dedupeKey: 'pending' });
    clock.advance(10_000);
    assert.equal(await queue.prune(5_000), 1);
    assert.deepEqual(await queue.stats(), { pending: 1, running: 0, done: 0, dead: 0 });
  });
  it('claims batch kinds up to their own limit besides the others, oldest first, in one call', async () => {
    for (let i = 0; i < 5; i++) await queue.enqueue('event', { i });
    for (let i = 0; i < 5; i++) await queue.enqueue('handler', { i });
    const jobs = await queue.claim(2, { batch: { kinds: ['event'], n: 3 } });
    const byKind = (kind: string) =>
      jobs.filter((j) => j.kind === kind).map((j) => (j.payload as { i: number }).i);
    assert.deepEqual(byKind('event'), [0, 1, 2]);
    assert.deepEqual(byKind('handler'), [0, 1]);
    assert.deepEqual(
      (await queue.claim(0, { batch: { kinds: ['event'], n: 10 } })).map((j) => j.kind),
      ['event', 'event'],
    );
  });

  it('completes many running jobs at once and leaves others alone', async () => {
    for (let i = 0; i < 4; i++) await queue.enqueue('event', { i });
    const [a, b, c] = await queue.claim(3);
    await queue.completeMany([a.id, b.id]);
    assert.equal((await queue.get(a.id))?.status, 'done');
    assert.equal((await queue.get(b.id))?.status, 'done');
    assert.equal((await queue.get(c.id))?.status, 'running');
    assert.deepEqual(await queue.stats(), { pending: 1, running: 1, done: 2, dead: 0 });
  });
});

describe('computeBackoffMs', () => {
  it('doubles from the base and never exceeds the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 10_000 }),
        (attempt, baseMs) => {
          const capMs = baseMs * 50;
          const delay = computeBackoffMs({ attempt, baseMs, capMs });
          assert.ok(delay <= capMs);
          assert.ok(delay >= baseMs);
          const next = computeBackoffMs({ attempt: attempt + 1, baseMs, capMs });
          assert.ok(next === capMs || next === delay * 2);
        },
      ),
    );
  });
});
