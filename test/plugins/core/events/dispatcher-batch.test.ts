import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createDispatcher,
  DISPATCHER_JOB_KINDS,
  type DispatchHandler,
} from '../../../../plugins/core/events/dispatcher';
import { EVENT_JOB } from '../../../../plugins/core/events/dispatcher-jobs';
import type { PluginContext } from '../../../../plugins/core/plugin/plugin-context';
import { startWorker } from '../../../../plugins/core/queue/queue-worker';
import type { ReplicaEvent } from '../../../../plugins/core/read-model/read-model';
import { createManualClock } from '../../../../plugins/core/runtime/clock';
import { createRecordingLogger, type Logger, silentLogger } from '../../../../plugins/core/runtime/logger';
import { loadConfig } from '../../../../plugins/core/settings/config';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import type { TwentyClient, TwentyWebhookEvent } from '../../../../sdk/index';
import { sleep } from '../../../support/wait';

function event(action: string, id: string, updatedAt: string, status = 'FREE'): TwentyWebhookEvent {
  return {
    eventName: `unit.${action}`,
    objectName: 'unit',
    action,
    record: { id, updatedAt, status },
    webhookId: 'wh-1',
  };
}

describe('dispatcher event batches', () => {
  let store: Store;
  let ctx: PluginContext;
  const runs: string[] = [];
  const batchSizes: number[] = [];
  const handlers: DispatchHandler[] = [
    {
      plugin: 'p',
      pattern: 'unit.*',
      name: 'h',
      run: (e) => void runs.push(`${e.record.id}@${e.record.updatedAt}`),
    },
  ];

  before(async () => {
    store = await openStore({ queue: { backoffBaseMs: 10, maxAttempts: 2 } });
    await store.readModel.register(['unit']);
    // Watch the read model so a test can tell a batch from one-by-one application.
    const applyEvents = store.readModel.applyEvents.bind(store.readModel);
    store.readModel.applyEvents = (events: readonly ReplicaEvent[]) => {
      batchSizes.push(events.length);
      return applyEvents(events);
    };
    ctx = {
      twenty: {} as TwentyClient,
      store,
      clock: createManualClock(),
      log: silentLogger,
      config: loadConfig({}),
      settings: new Map(),
    };
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.sql.query('delete from realty_queue');
    runs.length = 0;
    batchSizes.length = 0;
  });

  const enqueue = (e: unknown, source = 'webhook') =>
    store.queue.enqueue(EVENT_JOB, { event: e, source, receivedAt: '' });

  async function drain(log: Logger = silentLogger, until?: () => Promise<boolean>) {
    const dispatcher = createDispatcher({ store, handlers, context: ctx, log });
    const worker = startWorker({
      queue: store.queue,
      handle: dispatcher.handleJob,
      batch: dispatcher.eventBatch,
      batchSize: 50,
      pollMs: 10,
      batchWindowMs: 5,
      kinds: DISPATCHER_JOB_KINDS,
      log,
    });
    if (until) while (!(await until())) await sleep(20);
    await worker.idle();
    await worker.stop();
  }

  it('applies and fans out the good events of a mixed batch while the poison ones fail alone', async () => {
    const good = Array.from({ length: 5 }, () => randomUUID());
    for (const id of good) await enqueue(event('updated', id, '2025-03-01T10:00:00.000Z'));
    // One the replica cannot store (the whole batch then goes one by one), one that does not parse.
    await enqueue(event('updated', 'not-a-uuid', '2025-03-01T10:00:00.000Z'));
    await enqueue({ objectName: 'unit' });
    const log = createRecordingLogger();
    await drain(log, async () => (await store.queue.stats()).dead === 2);

    assert.ok(batchSizes[0] !== undefined && batchSizes[0] > 1, `first batch held ${batchSizes[0]} events`);
    assert.deepEqual(runs.map((r) => r.split('@')[0]).sort(), [...good].sort());
    for (const id of good) assert.equal((await store.readModel.get('unit', id))?.data.status, 'FREE');
    const stats = await store.queue.stats();
    assert.equal(stats.dead, 2);
    assert.equal(stats.done, good.length * 2);
    const dead = await store.queue.deadLetters();
    assert.ok(dead.some((j) => /not a uuid/.test(j.lastError ?? '')));
    assert.ok(log.lines.some((r) => r.msg === 'a batch failed as a whole; running its jobs one by one'));
  });

  it('keeps the newest state when one batch holds out-of-order updates of a record', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await enqueue(event('updated', a, '2025-03-01T10:00:03.000Z', 'SOLD'));
    await enqueue(event('updated', a, '2025-03-01T10:00:01.000Z', 'FREE'));
    await enqueue(event('updated', b, '2025-03-01T10:00:01.000Z', 'FREE'));
    await enqueue(event('updated', a, '2025-03-01T10:00:02.000Z', 'BOOKED'));
    await enqueue(event('updated', b, '2025-03-01T10:00:02.000Z', 'BOOKED'));
    await drain();

    assert.deepEqual(batchSizes, [5]);
    const rowA = await store.readModel.get('unit', a);
    assert.equal(rowA?.data.status, 'SOLD');
    assert.equal(rowA?.updatedAt?.toISOString(), '2025-03-01T10:00:03.000Z');
    assert.equal((await store.readModel.get('unit', b))?.data.status, 'BOOKED');
    // Each version is a change of its own: handlers see all of them, whatever the replica kept.
    assert.equal(runs.length, 5);
  });

  it('runs a handler once on a change that appears twice in one batch', async () => {
    const id = randomUUID();
    await enqueue(event('updated', id, '2025-03-01T10:00:00.000Z'));
    // The sweep found the same change and calls it "created"; its job has no dedupe key in common.
    await enqueue(event('created', id, '2025-03-01T10:00:00Z'), 'sweep');
    await drain();

    assert.deepEqual(batchSizes, [2]);
    assert.deepEqual(runs, [`${id}@2025-03-01T10:00:00.000Z`]);
    assert.ok(await store.readModel.get('unit', id));
    assert.deepEqual(await store.queue.stats(), { pending: 0, running: 0, done: 3, dead: 0 });
  });
});
