/**
 * The sweep against devhost over real HTTP, with no webhook registered at
 * all — every delivery lost — so only the sweep can find the changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../../../devhost/server';
import { createDispatcher } from '../../../../plugins/core/events/dispatcher';
import { currentOrigin, withOrigin } from '../../../../plugins/core/events/origin';
import { runSweep, startSweepsAt } from '../../../../plugins/core/events/sweep';
import { systemClock } from '../../../../plugins/core/runtime/clock';
import { silentLogger } from '../../../../plugins/core/runtime/logger';
import { loadConfig } from '../../../../plugins/core/settings/config';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import { createTwentyClient, isNotNull, type TwentyClient, type TwentyRecord } from '../../../../sdk/index';
import { runQueuedEvents } from '../../../support/dispatch';

const FAST = { requestsPerMinute: 100_000, requestsPerSecond: 10_000 };

/** What Twenty holds, soft-deleted included, in the replica's terms. */
async function twentyState(client: TwentyClient, object: string) {
  const rows = new Map<string, string>();
  const put = (r: TwentyRecord) =>
    rows.set(
      r.id,
      JSON.stringify([r.name, Date.parse(String(r.updatedAt)), r.deletedAt ? Date.parse(r.deletedAt) : null]),
    );
  for await (const r of client.records(object).iterate()) put(r);
  for await (const r of client.records(object).iterate({ filter: isNotNull('deletedAt') })) put(r);
  return rows;
}

async function replicaState(store: Store, object: string) {
  const r = await store.sql.query<{
    id: string;
    data: TwentyRecord;
    updated_at: Date;
    deleted_at: Date | null;
  }>(`select id::text as id, data, updated_at, deleted_at from ${store.readModel.table(object)}`);
  return new Map(
    r.rows.map((row) => [
      row.id,
      JSON.stringify([
        row.data.name,
        new Date(row.updated_at).getTime(),
        row.deleted_at ? new Date(row.deleted_at).getTime() : null,
      ]),
    ]),
  );
}

/** The handlers' context as the runtime gives it: the project acting for itself. */
const systemContext = (twenty: TwentyClient, store: Store) => ({
  twenty,
  store,
  clock: systemClock,
  log: silentLogger,
  config: loadConfig({}),
  settings: new Map(),
});

describe('reconciliation sweep with every webhook lost', () => {
  let devhost: Devhost;
  let store: Store;
  let human: TwentyClient;
  let runtime: TwentyClient;
  const ran: string[] = [];
  /** A second plugin's handler on the same object. */
  const noticed: string[] = [];

  before(async () => {
    devhost = await startDevhost({ port: 0, rateLimit: { shortLimit: 100_000, longLimit: 100_000 } });
    store = await openStore();
    await store.readModel.register(['company']);
    // A person in Twenty's UI: their writes are news. The runtime's own writes are echoes.
    human = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey, rateLimit: FAST });
    runtime = createTwentyClient({
      url: devhost.url,
      apiKey: devhost.apiKey,
      rateLimit: FAST,
      onRecordWritten: (w) => store.ownWrites.record(w, currentOrigin()),
    });
  });
  after(async () => {
    await store.close();
    await devhost.close();
  });

  const dispatcher = () =>
    createDispatcher({
      store,
      handlers: [
        {
          plugin: 'test',
          pattern: 'company.*',
          name: 'count',
          run: (e) => void ran.push(`${e.action}:${e.record.id}:${e.record.name}`),
        },
        {
          plugin: 'other',
          pattern: 'company.created',
          name: 'notice',
          run: (e) => void noticed.push(`${e.record.id}:${e.record.name}`),
        },
      ],
      context: systemContext(runtime, store),
      log: silentLogger,
    });

  async function sweepAndDrain() {
    const d = dispatcher();
    const summary = await runSweep({ store, client: runtime, dispatcher: d, log: silentLogger });
    await runQueuedEvents(store, d);
    return summary.objects[0];
  }

  it('resyncs silently on its first run: existing records are history, not events', async () => {
    const companies = human.records('company');
    await companies.createMany([{ name: 'Old One' }, { name: 'Old Two' }, { name: 'Old Three' }]);
    const first = await sweepAndDrain();
    assert.equal(first.initialized, true);
    assert.deepEqual(ran, []);
    assert.deepEqual(await replicaState(store, 'company'), await twentyState(human, 'company'));
  });

  it('finds every change no webhook delivered and runs the handler once per change', async () => {
    const companies = human.records('company');
    const existing = (await companies.list({ limit: 3 })).records;
    const created = await companies.createMany([{ name: 'New A' }, { name: 'New B' }]);
    await new Promise((r) => setTimeout(r, 5));
    await companies.update(existing[0].id, { name: 'Renamed' });
    await companies.delete(existing[1].id, { mode: 'soft' });
    // Changed twice before the sweep: one change as far as the sweep can tell, so one run.
    await companies.update(created[0].id, { name: 'New A2' });

    const summary = await sweepAndDrain();
    assert.equal(summary.dispatched, 4, JSON.stringify({ ran, summary }));
    assert.deepEqual(
      [...ran].sort(),
      [
        `created:${created[0].id}:New A2`,
        `created:${created[1].id}:New B`,
        `deleted:${existing[1].id}:${existing[1].name}`,
        `updated:${existing[0].id}:Renamed`,
      ].sort(),
    );
    assert.deepEqual(await replicaState(store, 'company'), await twentyState(human, 'company'));
  });

  it('runs nothing new when swept again', async () => {
    const before = ran.length;
    const summary = await sweepAndDrain();
    assert.ok(summary.pulled > 0, 'the overlap re-reads recent records');
    assert.equal(summary.dispatched, 0);
    assert.equal(ran.length, before);
  });

  it('hands a handler’s own write to every other handler, never back to the handler that made it', async () => {
    const before = ran.length;
    const own = await withOrigin({ plugin: 'test', kind: 'handler', name: 'count' }, () =>
      runtime.records('company').create({ name: 'Written by a handler' }),
    );
    const summary = await sweepAndDrain();
    assert.equal(summary.echoes, 1);
    assert.equal(ran.length, before, 'test/count made the write: it does not run on it');
    assert.ok(noticed.includes(`${own.id}:Written by a handler`), JSON.stringify(noticed));
    assert.equal((await store.readModel.get('company', own.id))?.data.name, 'Written by a handler');
  });

  it('hands a route’s write to every handler, the writing plugin’s own included', async () => {
    const own = await withOrigin({ plugin: 'test', kind: 'route', name: 'POST /companies' }, () =>
      runtime.records('company').create({ name: 'Written by a route' }),
    );
    const summary = await sweepAndDrain();
    assert.equal(summary.echoes, 1);
    assert.ok(ran.includes(`created:${own.id}:Written by a route`), JSON.stringify(ran));
    assert.ok(noticed.includes(`${own.id}:Written by a route`), JSON.stringify(noticed));
  });

  it('removes destroyed records from the replica on a resync', async () => {
    const companies = human.records('company');
    const doomed = await companies.create({ name: 'Doomed' });
    await sweepAndDrain();
    assert.ok(await store.readModel.get('company', doomed.id));
    await companies.delete(doomed.id, { mode: 'destroy' });
    const progress: number[] = [];
    const summary = await store.readModel.resync(human, ['company'], {
      onProgress: (p) => progress.push(p.done),
    });
    assert.equal(summary.objects[0].removed, 0, 'a row touched within the race margin is kept');
    await store.sql.query(
      `update ${store.readModel.table('company')} set updated_at = updated_at - interval '1 hour'`,
    );
    const again = await store.readModel.resync(human, ['company']);
    assert.equal(again.objects[0].removed, 1);
    assert.equal(await store.readModel.get('company', doomed.id), undefined);
    assert.ok(progress.length > 0);
    assert.deepEqual(await replicaState(store, 'company'), await twentyState(human, 'company'));
  });
});

describe('the sweep of a workspace made empty (the first `realty start`)', () => {
  it('starts at the making, so a record whose echo was lost is news for the handlers, not history', async () => {
    const devhost = await startDevhost({ port: 0, rateLimit: { shortLimit: 100_000, longLimit: 100_000 } });
    const store = await openStore();
    try {
      await store.readModel.register(['opportunity']);
      await startSweepsAt(store, ['opportunity'], new Date());
      const client = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey, rateLimit: FAST });
      // The seed writes; its echo never arrives (the start was interrupted).
      const seeded = await client.records('opportunity').create({ name: 'Demo deal' });
      const handled: string[] = [];
      const dispatcher = createDispatcher({
        store,
        handlers: [
          {
            plugin: 'teams',
            pattern: 'opportunity.*',
            name: 'grants',
            run: (e) => void handled.push(e.action),
          },
        ],
        context: systemContext(client, store),
        log: silentLogger,
      });
      const summary = await runSweep({ store, client, dispatcher, log: silentLogger });
      await runQueuedEvents(store, dispatcher);
      assert.equal(summary.objects[0]?.initialized, false, 'swept from the mark, not resynced silently');
      assert.deepEqual(handled, ['created']);
      assert.equal((await store.readModel.get('opportunity', seeded.id))?.data.name, 'Demo deal');
      // A mark already there is kept: startSweepsAt never moves an object's sweep.
      await startSweepsAt(store, ['opportunity'], new Date(Date.now() + 3_600_000));
      const again = await runSweep({ store, client, dispatcher, log: silentLogger });
      assert.equal(again.objects[0]?.pulled, 1, 'the overlap still re-reads the record');
    } finally {
      await store.close();
      await devhost.close();
    }
  });
});
