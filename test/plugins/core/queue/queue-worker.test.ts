import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createQueue, type Queue, type QueueJob } from '../../../../plugins/core/queue/queue';
import { type BatchRunner, startWorker } from '../../../../plugins/core/queue/queue-worker';
import { ItemFailure } from '../../../../plugins/core/store/group-commit';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import { sleep } from '../../../support/wait';

describe('queue worker', () => {
  let store: Store;
  let queue: Queue;
  before(async () => {
    store = await openStore();
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.sql.query('delete from realty_queue');
    queue = createQueue(store.sql, { leaseMs: 300, backoffBaseMs: 20, maxAttempts: 3 });
  });

  it('runs every job once and marks it done', async () => {
    for (let i = 0; i < 25; i++) await queue.enqueue('event', { i });
    const seen: number[] = [];
    const worker = startWorker({
      queue,
      concurrency: 4,
      pollMs: 20,
      handle: async (job) => {
        seen.push((job.payload as { i: number }).i);
      },
    });
    await worker.idle();
    await worker.stop();
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      Array.from({ length: 25 }, (_, i) => i),
    );
    assert.deepEqual(await queue.stats(), { pending: 0, running: 0, done: 25, dead: 0 });
  });

  it('never runs more handlers at once than its concurrency', async () => {
    for (let i = 0; i < 12; i++) await queue.enqueue('event', { i });
    let running = 0;
    let peak = 0;
    const worker = startWorker({
      queue,
      concurrency: 3,
      pollMs: 10,
      handle: async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(15);
        running--;
      },
    });
    await worker.idle();
    await worker.stop();
    assert.equal(peak, 3);
  });

  it('retries a throwing handler and dead-letters it after the last attempt', async () => {
    await queue.enqueue('event', { flaky: false });
    let calls = 0;
    const worker = startWorker({
      queue,
      pollMs: 10,
      handle: async () => {
        calls++;
        throw new Error(`failure ${calls}`);
      },
    });
    while ((await queue.stats()).dead === 0) await sleep(20);
    await worker.stop();
    assert.equal(calls, 3);
    const [dead] = await queue.deadLetters();
    assert.match(dead.lastError ?? '', /failure 3/);
  });

  it('succeeds on a later attempt without dead-lettering', async () => {
    await queue.enqueue('event', {});
    let calls = 0;
    const worker = startWorker({
      queue,
      pollMs: 10,
      handle: async () => {
        calls++;
        if (calls < 2) throw new Error('transient');
      },
    });
    while ((await queue.stats()).done === 0) await sleep(20);
    await worker.stop();
    assert.equal(calls, 2);
    assert.equal((await queue.stats()).dead, 0);
  });

  it('waits for the jobs in hand when stopped', async () => {
    await queue.enqueue('event', {});
    let finished = false;
    let started!: () => void;
    const began = new Promise<void>((r) => {
      started = r;
    });
    const worker = startWorker({
      queue,
      pollMs: 10,
      handle: async () => {
        started();
        await sleep(100);
        finished = true;
      },
    });
    await began;
    await worker.stop();
    assert.equal(finished, true);
    assert.deepEqual(await queue.stats(), { pending: 0, running: 0, done: 1, dead: 0 });
  });

  it('loses no job when a worker dies mid-handler: another takes it over after the lease', async () => {
    await queue.enqueue('event', { id: 'precious' });
    // The "crashed" worker: claims, then never completes, fails or renews.
    const [claimed] = await queue.claim(1, { workerId: 'dead-worker', leaseMs: 150 });
    assert.ok(claimed);
    const handled: QueueJob[] = [];
    const worker = startWorker({
      queue,
      pollMs: 20,
      handle: async (job) => {
        handled.push(job);
      },
    });
    while (handled.length === 0) await sleep(20);
    await worker.stop();
    assert.equal(handled[0].id, claimed.id);
    assert.deepEqual(handled[0].payload, { id: 'precious' });
    assert.equal((await queue.stats()).done, 1);
  });

  it('renews the lease of a long handler so no second worker runs it', async () => {
    await queue.enqueue('event', {});
    let runs = 0;
    const slow = async () => {
      runs++;
      await sleep(900);
    };
    const a = startWorker({ queue, pollMs: 20, leaseMs: 400, handle: slow });
    const b = startWorker({ queue, pollMs: 20, leaseMs: 400, handle: slow });
    await sleep(1_200);
    await Promise.all([a.stop(), b.stop()]);
    assert.equal(runs, 1);
  });

  it('picks a new job up at once when woken instead of waiting out the poll interval', async () => {
    const handled: number[] = [];
    const worker = startWorker({
      queue,
      pollMs: 10_000,
      handle: async () => {
        handled.push(Date.now());
      },
    });
    await sleep(50);
    const enqueuedAt = Date.now();
    await queue.enqueue('event', {});
    worker.wake();
    while (handled.length === 0) await sleep(5);
    await worker.stop();
    assert.ok(handled[0] - enqueuedAt < 1_000, `took ${handled[0] - enqueuedAt} ms`);
  });

  it('claims the batch kinds apart from the others and runs them together', async () => {
    for (let i = 0; i < 30; i++) await queue.enqueue('event', { i });
    for (let i = 0; i < 6; i++) await queue.enqueue('other', { i });
    const batches: number[] = [];
    let running = 0;
    let peak = 0;
    const worker = startWorker({
      queue,
      concurrency: 2,
      batchSize: 20,
      pollMs: 10,
      batch: {
        kinds: ['event'],
        async run(jobs) {
          batches.push(jobs.length);
          return jobs.map(() => 'done' as const);
        },
      },
      handle: async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
      },
    });
    await worker.idle();
    await worker.stop();
    assert.deepEqual(batches, [20, 10]);
    assert.equal(peak, 2);
    assert.deepEqual(await queue.stats(), { pending: 0, running: 0, done: 36, dead: 0 });
  });

  it('retries only the job a batch reports as failed', async () => {
    for (let i = 0; i < 4; i++) await queue.enqueue('event', { i });
    const seen: number[] = [];
    const batch: BatchRunner = {
      kinds: ['event'],
      async run(jobs) {
        return jobs.map((job) => {
          const { i } = job.payload as { i: number };
          seen.push(i);
          return i === 2 ? new ItemFailure(new Error('unit 2 has no price')) : 'done';
        });
      },
    };
    const worker = startWorker({ queue, batch, pollMs: 10, batchWindowMs: 5, handle: async () => {} });
    while ((await queue.stats()).dead === 0) await sleep(20);
    await worker.stop();
    assert.deepEqual(seen.filter((i) => i !== 2).sort(), [0, 1, 3], 'the jobs that succeeded ran once');
    assert.equal(seen.filter((i) => i === 2).length, 3);
    const [dead] = await queue.deadLetters();
    assert.match(dead.lastError ?? '', /unit 2 has no price/);
    assert.equal((await queue.stats()).done, 3);
  });

  it('runs each job of a batch that failed as a whole on its own, so a poison job fails alone', async () => {
    for (let i = 0; i < 5; i++) await queue.enqueue('event', { poison: i === 3, i });
    const one: number[] = [];
    const worker = startWorker({
      queue,
      pollMs: 10,
      batchWindowMs: 5,
      batch: {
        kinds: ['event'],
        async run(jobs) {
          if (jobs.some((job) => (job.payload as { poison: boolean }).poison)) throw new Error('batch broke');
          return jobs.map(() => 'done' as const);
        },
      },
      handle: async (job) => {
        const { poison, i } = job.payload as { poison: boolean; i: number };
        if (poison) throw new Error('poison');
        one.push(i);
      },
    });
    while ((await queue.stats()).dead === 0) await sleep(20);
    await worker.stop();
    assert.deepEqual([...one].sort(), [0, 1, 2, 4]);
    assert.deepEqual(await queue.stats(), { pending: 0, running: 0, done: 4, dead: 1 });
  });

  it('claims no job of a batched kind that its kinds leave out', async () => {
    await queue.enqueue('event', {});
    await queue.enqueue('other', {});
    const ran: string[] = [];
    const worker = startWorker({
      queue,
      pollMs: 10,
      kinds: ['other'],
      batch: {
        kinds: ['event'],
        async run(jobs) {
          ran.push(...jobs.map((job) => job.kind));
          return jobs.map(() => 'done' as const);
        },
      },
      handle: async (job) => void ran.push(job.kind),
    });
    await worker.idle();
    await worker.stop();
    assert.deepEqual(ran, ['other']);
    assert.deepEqual(await queue.stats(), { pending: 1, running: 0, done: 1, dead: 0 });
  });
});
