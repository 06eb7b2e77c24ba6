import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createDispatcher,
  type DispatchHandler,
  nameHandlers,
} from '../../../../plugins/core/events/dispatcher';
import { EVENT_JOB, handlerIdempotencyKey } from '../../../../plugins/core/events/dispatcher-jobs';
import type { PluginContext } from '../../../../plugins/core/plugin/plugin-context';
import { createQueue } from '../../../../plugins/core/queue/queue';
import { startWorker } from '../../../../plugins/core/queue/queue-worker';
import { createManualClock } from '../../../../plugins/core/runtime/clock';
import { createRecordingLogger, silentLogger } from '../../../../plugins/core/runtime/logger';
import { loadConfig } from '../../../../plugins/core/settings/config';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import type { TwentyClient, TwentyWebhookEvent } from '../../../../sdk/index';
import { runQueuedEvents } from '../../../support/dispatch';

function event(
  action: string,
  id: string,
  updatedAt: string,
  extra: Record<string, unknown> = {},
): TwentyWebhookEvent {
  return {
    eventName: `unit.${action}`,
    objectName: 'unit',
    action,
    record: { id, updatedAt, status: 'FREE', ...extra },
    webhookId: 'wh-1',
  };
}

describe('dispatcher', () => {
  let store: Store;
  let ctx: PluginContext;
  const calls: Array<{ handler: string; eventName: string; recordId: string; plugin?: string }> = [];

  before(async () => {
    store = await openStore({ queue: { backoffBaseMs: 10, maxAttempts: 2 } });
    await store.readModel.register(['unit']);
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
    calls.length = 0;
  });

  const record =
    (handler: string): DispatchHandler['run'] =>
    (e) => {
      calls.push({ handler, eventName: e.eventName, recordId: e.record.id });
    };

  async function drain(handlers: DispatchHandler[], log = silentLogger) {
    const dispatcher = createDispatcher({ store, handlers, context: ctx, log });
    await runQueuedEvents(store, dispatcher);
    return dispatcher;
  }

  it('runs handlers matching the event name, including unit.* and *.updated, and updates the replica', async () => {
    const id = randomUUID();
    await store.queue.enqueue(EVENT_JOB, {
      event: event('updated', id, '2025-03-01T10:00:00.000Z'),
      source: 'webhook',
      receivedAt: '',
    });
    await drain([
      { plugin: 'a', pattern: 'unit.*', run: record('any-unit') },
      { plugin: 'a', pattern: '*.updated', run: record('any-update') },
      { plugin: 'b', pattern: 'unit.created', run: record('unit-created') },
      { plugin: 'b', pattern: 'auction.updated', run: record('auction-updated') },
    ]);
    assert.deepEqual(calls.map((c) => c.handler).sort(), ['any-unit', 'any-update']);
    assert.equal((await store.readModel.get('unit', id))?.data.status, 'FREE');
  });

  it('runs a handler once per change whether the change comes by webhook, sweep or both', async () => {
    const id = randomUUID();
    const handlers = [{ plugin: 'a', pattern: 'unit.*', run: record('h') }];
    const dispatcher = createDispatcher({ store, handlers, context: ctx, log: silentLogger });
    await store.queue.enqueue(EVENT_JOB, {
      event: event('updated', id, '2025-03-01T10:00:00.000Z'),
      source: 'webhook',
      receivedAt: '',
    });
    // The sweep saw the same change and calls it "created" (the replica had not seen it yet).
    assert.equal(await dispatcher.fanOut(event('created', id, '2025-03-01T10:00:00Z'), 'sweep'), 1);
    await drain(handlers);
    await store.queue.enqueue(EVENT_JOB, {
      event: event('updated', id, '2025-03-01T10:00:00.000Z'),
      source: 'replay',
      receivedAt: '',
    });
    await drain(handlers);
    assert.equal(calls.length, 1);
    assert.equal(await dispatcher.fanOut(event('updated', id, '2025-03-01T10:00:00.000Z'), 'sweep'), 0);
  });

  it('runs the handler again for a later change of the same record', async () => {
    const id = randomUUID();
    const handlers = [{ plugin: 'a', pattern: 'unit.updated', run: record('h') }];
    const dispatcher = createDispatcher({ store, handlers, context: ctx, log: silentLogger });
    await dispatcher.fanOut(event('updated', id, '2025-03-01T10:00:00.000Z'), 'webhook');
    await dispatcher.fanOut(event('updated', id, '2025-03-01T10:00:01.000Z'), 'webhook');
    await drain(handlers);
    assert.equal(calls.length, 2);
  });

  it('does not confuse a destroy with the update before it', () => {
    const id = randomUUID();
    assert.notEqual(
      handlerIdempotencyKey(event('updated', id, '2025-03-01T10:00:00.000Z'), 'p', 'h'),
      handlerIdempotencyKey(event('destroyed', id, '2025-03-01T10:00:00.000Z'), 'p', 'h'),
    );
  });

  it('retries a throwing handler, then dead-letters it naming plugin and handler, without re-running the others', async () => {
    const id = randomUUID();
    const log = createRecordingLogger();
    let attempts = 0;
    const handlers: DispatchHandler[] = [
      { plugin: 'good', pattern: 'unit.updated', run: record('fine') },
      {
        plugin: 'auctions',
        pattern: 'unit.updated',
        name: 'close-auction',
        run: () => {
          attempts++;
          throw new RangeError('deposit below the minimum');
        },
      },
    ];
    await store.queue.enqueue(EVENT_JOB, {
      event: event('updated', id, '2025-03-01T10:00:00.000Z'),
      source: 'webhook',
      receivedAt: '',
    });
    const dispatcher = createDispatcher({ store, handlers, context: ctx, log });
    const worker = startWorker({ queue: store.queue, handle: dispatcher.handleJob, pollMs: 10, log });
    while ((await store.queue.stats()).dead === 0) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    assert.equal(attempts, 2);
    assert.equal(calls.length, 1);
    const [dead] = await store.queue.deadLetters();
    assert.match(dead.lastError ?? '', /handler auctions\/close-auction failed on unit\.updated/);
    assert.match(dead.lastError ?? '', /deposit below the minimum/);
  });

  it('hands each handler a logger bound to its plugin and handler', async () => {
    const log = createRecordingLogger();
    const id = randomUUID();
    const handlers: DispatchHandler[] = [
      {
        plugin: 'sms',
        pattern: 'unit.updated',
        name: 'notify',
        run: (_e, c) => c.log.info({ sent: 1 }, 'sent'),
      },
    ];
    const dispatcher = createDispatcher({ store, handlers, context: { ...ctx, log }, log: silentLogger });
    await dispatcher.fanOut(event('updated', id, '2025-03-01T10:00:00.000Z'), 'webhook');
    const worker = startWorker({ queue: createQueue(store.sql), handle: dispatcher.handleJob, pollMs: 10 });
    await worker.idle();
    await worker.stop();
    const line = log.lines.find((l) => l.msg === 'sent');
    assert.deepEqual(line?.obj, {
      plugin: 'sms',
      handler: 'notify',
      eventName: 'unit.updated',
      recordId: id,
      sent: 1,
    });
  });

  it('names handlers uniquely within a plugin', () => {
    function reserveUnit() {}
    const named = nameHandlers([
      { plugin: 'p', pattern: 'unit.updated', run: () => {} },
      { plugin: 'p', pattern: 'unit.updated', run: () => {} },
      { plugin: 'p', pattern: 'unit.updated', run: reserveUnit },
      { plugin: 'q', pattern: 'unit.updated', run: () => {} },
    ]);
    assert.deepEqual(
      named.map((h) => `${h.plugin}/${h.name}`),
      ['p/unit.updated', 'p/unit.updated#2', 'p/unit.updated:reserveUnit', 'q/unit.updated'],
    );
  });

  it('knows the objects its handlers and the read model cover', () => {
    const only = createDispatcher({
      store,
      handlers: [{ plugin: 'p', pattern: 'auction.created', run: () => {} }],
      context: ctx,
      log: silentLogger,
    });
    assert.equal(only.isKnownObject('auction'), true);
    assert.equal(only.isKnownObject('unit'), true, 'in the read model');
    assert.equal(only.isKnownObject('note'), false);
    const wildcard = createDispatcher({
      store,
      handlers: [{ plugin: 'p', pattern: '*.created', run: () => {} }],
      context: ctx,
      log: silentLogger,
    });
    assert.equal(wildcard.isKnownObject('note'), true);
  });
});
