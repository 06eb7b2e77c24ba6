/**
 * End to end: devhost delivers signed webhooks over HTTP to the intake
 * mounted on a Fastify app; the worker applies them to the read model. After
 * a burst of 500 changes the replica equals Twenty and each change was
 * handled once (how fast: `npm run bench -- read-model-convergence`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Devhost, startDevhost } from '../../devhost/server';
import { createDispatcher, DISPATCHER_JOB_KINDS } from '../../plugins/core/events/dispatcher';
import { assembleIntake } from '../../plugins/core/intake/index';
import { startWorker, type Worker } from '../../plugins/core/queue/queue-worker';
import { systemClock } from '../../plugins/core/runtime/clock';
import { silentLogger } from '../../plugins/core/runtime/logger';
import { loadConfig } from '../../plugins/core/settings/config';
import { openStore, type Store } from '../../plugins/core/store/store';
import { createTwentyClient, isNotNull, type TwentyClient, type TwentyRecord } from '../../sdk/index';
import { registerTwentyEventsRoute, TWENTY_EVENTS_PATH } from '../../webhooks/fastify-twenty-events';
import { sleep } from '../support/wait';

const SECRET = 'convergence-test-secret-0123456789';

async function twentyState(client: TwentyClient) {
  const rows = new Map<string, string>();
  const put = (r: TwentyRecord) =>
    rows.set(r.id, JSON.stringify([r.name, Date.parse(String(r.updatedAt)), !!r.deletedAt]));
  for await (const r of client.records('company').iterate()) put(r);
  for await (const r of client.records('company').iterate({ filter: isNotNull('deletedAt') })) put(r);
  return rows;
}

async function replicaState(store: Store) {
  const r = await store.sql.query<{
    id: string;
    data: TwentyRecord;
    updated_at: Date;
    deleted_at: Date | null;
  }>(`select id::text as id, data, updated_at, deleted_at from ${store.readModel.table('company')}`);
  return new Map(
    r.rows.map((row) => [
      row.id,
      JSON.stringify([row.data.name, new Date(row.updated_at).getTime(), row.deleted_at !== null]),
    ]),
  );
}

describe('webhook intake on Fastify, fed by devhost', () => {
  let devhost: Devhost;
  let store: Store;
  let app: FastifyInstance;
  let worker: Worker;
  let client: TwentyClient;
  let handled = 0;

  before(async () => {
    devhost = await startDevhost({ port: 0, rateLimit: { shortLimit: 100_000, longLimit: 100_000 } });
    store = await openStore();
    await store.readModel.register(['company']);
    client = createTwentyClient({
      url: devhost.url,
      apiKey: devhost.apiKey,
      rateLimit: { requestsPerMinute: 100_000, requestsPerSecond: 10_000 },
    });
    const config = loadConfig({});
    const dispatcher = createDispatcher({
      store,
      handlers: [{ plugin: 'test', pattern: 'company.*', name: 'count', run: () => void handled++ }],
      context: { twenty: client, store, clock: systemClock, log: silentLogger, config, settings: new Map() },
      log: silentLogger,
    });
    worker = startWorker({
      queue: store.queue,
      handle: dispatcher.handleJob,
      concurrency: 8,
      pollMs: 50,
      kinds: DISPATCHER_JOB_KINDS,
    });
    // The intake `realty start` assembles; an in-memory store has no directory, so no journal.
    const { intake } = await assembleIntake({
      config,
      store,
      secret: SECRET,
      log: silentLogger,
      knownObjects: dispatcher.isKnownObject,
      onEnqueued: () => worker.wake(),
    });
    app = Fastify();
    await registerTwentyEventsRoute(app, intake);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await client.webhooks.create({
      targetUrl: `http://127.0.0.1:${port}${TWENTY_EVENTS_PATH}`,
      operations: ['company.*'],
      secret: SECRET,
    });
  });
  after(async () => {
    await worker.stop();
    await app.close();
    await devhost.close();
    await store.close();
  });

  it('rejects an unsigned POST through the real HTTP route', async () => {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const res = await fetch(`http://127.0.0.1:${port}${TWENTY_EVENTS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventName: 'company.created', record: { id: 'x' } }),
    });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, 'missing_signature');
  });

  // How fast is the read-model-convergence bench's business; here: that it gets there, each change once.
  it("brings the replica to Twenty's state after 500 changes and runs the handler once per change", async () => {
    const companies = client.records('company');
    const created = await companies.createMany(
      Array.from({ length: 300 }, (_, i) => ({ name: `Burst ${i}` })),
    );
    await Promise.all(
      created.slice(0, 150).map((c, i) => companies.update(c.id, { name: `Burst ${i} renamed` })),
    );
    await Promise.all(created.slice(150, 200).map((c) => companies.delete(c.id, { mode: 'soft' })));
    const lastChange = Date.now();
    const expected = await twentyState(client);
    let converged = false;
    // A guard against hanging, not a performance target.
    while (Date.now() - lastChange < 60_000) {
      const replica = await replicaState(store);
      if (replica.size === expected.size && [...expected].every(([id, v]) => replica.get(id) === v)) {
        converged = true;
        break;
      }
      await sleep(100);
    }
    assert.ok(
      converged,
      `replica still differs from Twenty ${Date.now() - lastChange} ms after the last change`,
    );
    assert.deepEqual(await replicaState(store), await twentyState(client));
    await worker.idle();
    assert.equal(handled, 500, '300 creates + 150 updates + 50 deletes, each handled once');
    assert.equal((await store.queue.stats()).dead, 0);
  });
});
