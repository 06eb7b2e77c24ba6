/**
 * assembleIntake: the one place the journal is decided and the handler built,
 * used by the runtime, the Cloud Functions target and the benches. A real
 * PGlite store in a temp directory; deliveries signed as Twenty signs them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assembleIntake, type IntakeRequest, knownObjectsOf } from '../../../../plugins/core/intake/index';
import { createRegistry, definePlugin, every, on } from '../../../../plugins/core/plugin/index';
import { silentLogger } from '../../../../plugins/core/runtime/index';
import { loadConfig } from '../../../../plugins/core/settings/index';
import { openStore, type Store } from '../../../../plugins/core/store/index';
import { signTwentyWebhook } from '../../../../sdk/index';

const SECRET = 'assemble-intake-secret-0123456789';

function signed(objectName: string): IntakeRequest {
  const rawBody = JSON.stringify({
    targetUrl: 'http://localhost:4000/webhooks/twenty',
    eventName: `${objectName}.updated`,
    objectMetadata: { id: randomUUID(), nameSingular: objectName },
    workspaceId: randomUUID(),
    webhookId: randomUUID(),
    eventDate: '2026-03-01T09:00:01.000Z',
    record: { id: randomUUID(), updatedAt: '2026-03-01T09:00:00.000Z' },
    updatedFields: ['name'],
  });
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signTwentyWebhook({ secret: SECRET, body: rawBody }) },
    rawBody: Buffer.from(rawBody),
  };
}

describe('assembleIntake', () => {
  const home = mkdtempSync(join(tmpdir(), 'realty-assemble-intake-'));
  const storeDir = join(home, 'store');
  let store: Store;
  before(async () => {
    store = await openStore({ dataDir: storeDir, log: silentLogger });
  });
  after(async () => {
    await store.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('journals beside the embedded store by default and queues what it journaled on close', async () => {
    let woken = 0;
    const assembled = await assembleIntake({
      config: loadConfig({ REALTY_HOME: home }),
      store,
      secret: SECRET,
      knownObjects: ['unit'],
      log: silentLogger,
      onEnqueued: () => woken++,
      storeDir,
    });
    assert.equal(assembled.journal?.dir, `${storeDir}.journal`);
    const before = (await store.queue.stats()).pending;
    assert.equal((await assembled.intake(signed('unit'))).status, 202);
    const ignored = await assembled.intake(signed('petAdoption'));
    assert.deepEqual([ignored.status, ignored.body.status], [200, 'ignored']);
    await assembled.close();
    assert.equal((await store.queue.stats()).pending, before + 1, 'the unit event, not the ignored one');
    assert.ok(woken >= 1, 'the worker is woken when journaled events reach the queue');
  });

  it('journals in the directory REALTY_INTAKE_JOURNAL names, and not at all with `off`', async () => {
    const named = join(home, 'elsewhere');
    const withNamed = await assembleIntake({
      config: loadConfig({ REALTY_HOME: home, REALTY_INTAKE_JOURNAL: named }),
      store,
      secret: SECRET,
      log: silentLogger,
      storeDir,
    });
    assert.equal(withNamed.journal?.dir, named);
    assert.ok(existsSync(named));
    await withNamed.close();

    const off = await assembleIntake({
      config: loadConfig({ REALTY_HOME: home, REALTY_INTAKE_JOURNAL: 'off' }),
      store,
      secret: SECRET,
      log: silentLogger,
      storeDir,
    });
    assert.equal(off.journal, undefined);
    const before = (await store.queue.stats()).pending;
    // No journal: the answer waits for the queue row, so it is there when the answer is.
    assert.equal((await off.intake(signed('anything'))).status, 202);
    assert.equal((await store.queue.stats()).pending, before + 1);
    await off.close();
  });

  it('refuses to assemble without the webhook secret', async () => {
    await assert.rejects(
      assembleIntake({ config: loadConfig({ REALTY_HOME: home }), store, secret: '', log: silentLogger }),
      /TWENTY_WEBHOOK_SECRET/,
    );
  });
});

describe('knownObjectsOf(registry)', () => {
  const noop = () => undefined;
  it('knows the objects the plugins replicate or handle, and nothing else', () => {
    const registry = createRegistry([
      definePlugin({
        name: 'watcher',
        description: 'replicates companies, reacts to people',
        readModel: [{ object: 'company' }],
        handlers: [on('person.created', noop)],
        jobs: [every('0 7 * * *', 'daily', noop)],
      }),
    ]);
    const known = knownObjectsOf(registry);
    assert.deepEqual(
      ['company', 'person', 'opportunity'].map((o) => known(o)),
      [true, true, false],
    );
  });

  it('knows every object when a handler listens to `*.<action>`', () => {
    const registry = createRegistry([
      definePlugin({ name: 'auditor', description: 'audits everything', handlers: [on('*.deleted', noop)] }),
    ]);
    assert.equal(knownObjectsOf(registry)('anything'), true);
  });
});
