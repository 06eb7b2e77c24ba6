/**
 * Loops prevented by origin, not by silence: a write carries who made it, and its echo reaches every
 * handler except the one that made it — in this process (memory) and in another (the own-writes table).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createDispatcher, type DispatchHandler } from '../../../../plugins/core/events/dispatcher';
import { EVENT_JOB, readHandlerJob } from '../../../../plugins/core/events/dispatcher-jobs';
import {
  currentOrigin,
  isOwnHandlerWrite,
  readOrigin,
  UNATTRIBUTED_ORIGIN,
  type WriteOrigin,
  withOrigin,
} from '../../../../plugins/core/events/origin';
import type { PluginContext } from '../../../../plugins/core/plugin/plugin-context';
import { createManualClock } from '../../../../plugins/core/runtime/clock';
import { silentLogger } from '../../../../plugins/core/runtime/logger';
import { loadConfig } from '../../../../plugins/core/settings/config';
import { createOwnWrites } from '../../../../plugins/core/store/own-writes';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import type { TwentyClient, TwentyWebhookEvent } from '../../../../sdk/index';
import { runQueuedEvents } from '../../../support/dispatch';

const route: WriteOrigin = { plugin: 'teams', kind: 'route', name: 'POST /api/teams/:id/members' };

describe('withOrigin / currentOrigin', () => {
  it('holds the origin across awaits, timers and promise chains, and nests', async () => {
    assert.equal(currentOrigin(), undefined, 'outside every withOrigin');
    const seen = await withOrigin(route, async () => {
      const first = currentOrigin();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const afterTimer = currentOrigin();
      const inner = await withOrigin({ plugin: 'b', kind: 'handler', name: 'h' }, async () => {
        await Promise.resolve();
        return currentOrigin();
      });
      const afterInner = currentOrigin();
      const fromCallback = await new Promise<WriteOrigin | undefined>((resolve) =>
        setImmediate(() => resolve(currentOrigin())),
      );
      return { first, afterTimer, inner, afterInner, fromCallback };
    });
    assert.deepEqual(seen.first, route);
    assert.deepEqual(seen.afterTimer, route);
    assert.deepEqual(seen.inner, { plugin: 'b', kind: 'handler', name: 'h' });
    assert.deepEqual(seen.afterInner, route, 'the inner origin ends with its function');
    assert.deepEqual(seen.fromCallback, route);
    assert.equal(currentOrigin(), undefined);
  });

  it('keeps concurrent runs apart', async () => {
    const run = (name: string, delay: number) =>
      withOrigin({ plugin: 'p', kind: 'job', name }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return currentOrigin()?.name;
      });
    assert.deepEqual(await Promise.all([run('slow', 20), run('fast', 1), run('mid', 10)]), [
      'slow',
      'fast',
      'mid',
    ]);
  });

  it('names a handler’s own write only for that plugin and handler', () => {
    const own: WriteOrigin = { plugin: 'a', kind: 'handler', name: 'h' };
    assert.equal(isOwnHandlerWrite(own, { plugin: 'a', name: 'h' }), true);
    assert.equal(isOwnHandlerWrite(own, { plugin: 'a', name: 'other' }), false);
    assert.equal(isOwnHandlerWrite(own, { plugin: 'b', name: 'h' }), false);
    assert.equal(
      isOwnHandlerWrite({ plugin: 'a', kind: 'job', name: 'h' }, { plugin: 'a', name: 'h' }),
      false,
    );
    assert.equal(isOwnHandlerWrite(undefined, { plugin: 'a', name: 'h' }), false);
  });

  it('reads a stored origin back and refuses anything else', () => {
    assert.deepEqual(readOrigin({ plugin: 'a', kind: 'seed', name: 'seed' }), {
      plugin: 'a',
      kind: 'seed',
      name: 'seed',
    });
    assert.equal(readOrigin({ plugin: 'a', kind: 'party', name: 'x' }), undefined);
    assert.equal(readOrigin(null), undefined);
    assert.equal(readOrigin('a'), undefined);
  });
});

describe('dispatcher: the echo of an own write reaches every handler but the one that made it', () => {
  let store: Store;
  let ctx: PluginContext;
  const calls: Array<{ plugin: string; handler: string; recordId: string; writtenBy?: WriteOrigin }> = [];
  const at = '2025-03-01T10:00:00.000Z';

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

  const echo = (id: string, updatedAt = at): TwentyWebhookEvent => ({
    eventName: 'unit.updated',
    objectName: 'unit',
    action: 'updated',
    record: { id, updatedAt, status: 'BOOKED' },
    webhookId: 'wh-1',
  });

  const note = (plugin: string, handler: string): DispatchHandler => ({
    plugin,
    pattern: 'unit.updated',
    name: handler,
    run: (e, c) => {
      calls.push({
        plugin,
        handler,
        recordId: e.record.id,
        ...(c.writtenBy ? { writtenBy: c.writtenBy } : {}),
      });
    },
  });

  async function drain(handlers: DispatchHandler[]) {
    const dispatcher = createDispatcher({ store, handlers, context: ctx, log: silentLogger });
    await runQueuedEvents(store, dispatcher);
  }

  it('a handler’s write: every other handler runs on its echo (seeing who wrote it), the writer does not', async () => {
    const target = randomUUID();
    const trigger = randomUUID();
    // Handler a/write reacts to a change of `trigger` by writing `target`, as the runtime's sdk client
    // would report it (onRecordWritten → currentOrigin()).
    const writer: DispatchHandler = {
      plugin: 'a',
      pattern: 'unit.*',
      name: 'write',
      run: (e) => {
        if (e.action === 'created')
          store.ownWrites.record(
            { object: 'unit', id: target, updatedAt: at, operation: 'update' },
            currentOrigin(),
          );
        else calls.push({ plugin: 'a', handler: 'write', recordId: e.record.id });
      },
    };
    await store.queue.enqueue(EVENT_JOB, {
      event: { ...echo(trigger), eventName: 'unit.created', action: 'created' },
      source: 'webhook',
      receivedAt: '',
    });
    const handlers = [writer, note('a', 'other'), note('b', 'react')];
    await drain(handlers);
    assert.equal(calls.length, 0, 'nothing but the writer subscribes to unit.created');
    await store.queue.enqueue(EVENT_JOB, { event: echo(target), source: 'webhook', receivedAt: '' });
    await drain(handlers);
    const writtenBy = { plugin: 'a', kind: 'handler', name: 'write' };
    assert.deepEqual(
      calls.sort((x, y) => `${x.plugin}${x.handler}`.localeCompare(`${y.plugin}${y.handler}`)),
      [
        { plugin: 'a', handler: 'other', recordId: target, writtenBy },
        { plugin: 'b', handler: 'react', recordId: target, writtenBy },
      ],
    );
  });

  it('a route’s write reaches every handler, its own plugin’s included', async () => {
    const id = randomUUID();
    withOrigin(route, () =>
      store.ownWrites.record({ object: 'unit', id, updatedAt: at, operation: 'update' }, currentOrigin()),
    );
    await store.queue.enqueue(EVENT_JOB, { event: echo(id), source: 'webhook', receivedAt: '' });
    await drain([note('teams', 'grants'), note('revenue', 'prompt')]);
    assert.deepEqual(calls.map((c) => `${c.plugin}/${c.handler}`).sort(), ['revenue/prompt', 'teams/grants']);
    assert.ok(calls.every((c) => c.writtenBy?.kind === 'route'));
  });

  it('an own write made outside every withOrigin reaches every handler as unattributed', async () => {
    const id = randomUUID();
    store.ownWrites.record({ object: 'unit', id, updatedAt: at, operation: 'update' });
    await store.queue.enqueue(EVENT_JOB, { event: echo(id), source: 'webhook', receivedAt: '' });
    await drain([note('a', 'h')]);
    assert.deepEqual(calls, [{ plugin: 'a', handler: 'h', recordId: id, writtenBy: UNATTRIBUTED_ORIGIN }]);
  });

  it('a change made in Twenty reaches every handler with no writtenBy', async () => {
    const id = randomUUID();
    await store.queue.enqueue(EVENT_JOB, { event: echo(id), source: 'webhook', receivedAt: '' });
    await drain([note('a', 'h')]);
    assert.deepEqual(calls, [{ plugin: 'a', handler: 'h', recordId: id }]);
  });

  it('knows the writer of a write another process made, from the table', async () => {
    const id = randomUUID();
    const elsewhere = createOwnWrites({ sql: store.sql, clock: store.clock, log: silentLogger });
    elsewhere.record(
      { object: 'unit', id, updatedAt: at, operation: 'update' },
      { plugin: 'a', kind: 'handler', name: 'h' },
    );
    await elsewhere.flush();
    assert.deepEqual(
      await store.ownWrites.ownWrite({
        objectName: 'unit',
        action: 'updated',
        record: { id, updatedAt: at },
      }),
      {
        origin: { plugin: 'a', kind: 'handler', name: 'h' },
      },
    );
    await store.queue.enqueue(EVENT_JOB, { event: echo(id), source: 'webhook', receivedAt: '' });
    await drain([note('a', 'h'), note('b', 'h')]);
    assert.deepEqual(
      calls.map((c) => `${c.plugin}/${c.handler}`),
      ['b/h'],
    );
    // A later change of the same record by a person is no echo.
    calls.length = 0;
    await store.queue.enqueue(EVENT_JOB, {
      event: echo(id, '2025-03-01T10:00:05.000Z'),
      source: 'webhook',
      receivedAt: '',
    });
    await drain([note('a', 'h'), note('b', 'h')]);
    assert.deepEqual(calls.map((c) => `${c.plugin}/${c.handler}`).sort(), ['a/h', 'b/h']);
    assert.ok(calls.every((c) => c.writtenBy === undefined));
  });

  it('carries the writer in the handler job, so a retried job still knows it', async () => {
    const id = randomUUID();
    store.ownWrites.record({ object: 'unit', id, updatedAt: at, operation: 'update' }, route);
    const dispatcher = createDispatcher({
      store,
      handlers: [note('b', 'react')],
      context: ctx,
      log: silentLogger,
    });
    await dispatcher.fanOut(echo(id), 'sweep', route);
    const claimed = await store.queue.claim(10);
    assert.equal(claimed.length, 1);
    assert.deepEqual(readHandlerJob(claimed[0]?.payload).writtenBy, route);
    await store.queue.complete(claimed[0]?.id ?? 0);
  });
});
