/**
 * openRuntime as composition: every plugin's read model registered, one
 * context per plugin, writes through runtime.twenty recognised when their
 * webhook echo comes back, foreign changes queued and applied by the worker,
 * a durable queue across close/reopen, and the sweep wired to the scheduler.
 * Real devhost (in memory) and a real PGlite store in a temp directory.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../../../devhost/server';
import type { IntakeResponse } from '../../../../plugins/core/intake/twenty-events';
import { readModelObjectName } from '../../../../plugins/core/plugin/define-plugin';
import { provision, provisionSucceeded } from '../../../../plugins/core/provisioning/provision';
import { silentLogger } from '../../../../plugins/core/runtime/logger';
import {
  intakeJournalDir,
  openRuntime,
  type Runtime,
  type RuntimeOptions,
} from '../../../../plugins/core/runtime/runtime';
import { loadConfig } from '../../../../plugins/core/settings/config';
import { allPlugins } from '../../../../plugins/index';
import { signTwentyWebhook, type TwentyRecord } from '../../../../sdk/index';
import { waitFor } from '../../../support/app-stack';
import { startTempPostgres } from '../../../support/temp-postgres';

const WEBHOOK_SECRET = randomBytes(24).toString('hex');

let home: string;
let devhost: Devhost;
let runtime: Runtime;

function options(overrides: Partial<RuntimeOptions> = {}): RuntimeOptions {
  return {
    config: loadConfig({ REALTY_HOME: home }),
    plugins: allPlugins,
    twenty: { url: devhost.url, apiKey: devhost.apiKey },
    webhookSecret: WEBHOOK_SECRET,
    log: silentLogger,
    scheduler: false,
    ...overrides,
  };
}

before(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'realty-runtime-'));
  devhost = await startDevhost({ port: 0 });
  runtime = await openRuntime(options());
  const report = await provision({ client: runtime.twenty, plugins: allPlugins });
  assert.ok(provisionSucceeded(report), JSON.stringify(report.conflicts));
});

after(async () => {
  await runtime?.close();
  await devhost?.close();
  await rm(home, { recursive: true, force: true });
});

function deliver(target: Runtime, action: string, record: TwentyRecord): Promise<IntakeResponse> {
  const rawBody = JSON.stringify({
    targetUrl: 'http://localhost:4000/webhooks/twenty',
    eventName: `unit.${action}`,
    objectMetadata: { id: randomUUID(), nameSingular: 'unit' },
    workspaceId: devhost.workspaceId,
    webhookId: randomUUID(),
    eventDate: new Date().toISOString(),
    record,
  });
  return target.intake({
    method: 'POST',
    headers: signTwentyWebhook({ secret: WEBHOOK_SECRET, body: rawBody }),
    rawBody,
  });
}

const foreignUnit = (status: string): TwentyRecord => ({
  id: randomUUID(),
  name: 'Квартира 7',
  status,
  updatedAt: new Date().toISOString(),
});

describe('openRuntime', () => {
  it('registers every read-model object the plugins declare and gives each plugin one context', () => {
    const declared = allPlugins.flatMap((p) =>
      p.readModel.map((entry) => readModelObjectName(entry) as string),
    );
    assert.ok(declared.includes('unit'));
    assert.deepEqual(runtime.store.readModel.objects().sort(), [...new Set(declared)].sort());
    const ctx = runtime.contextFor('registry');
    assert.equal(runtime.contextFor('registry'), ctx, 'the same context object on every call');
    assert.equal(ctx.twenty, runtime.twenty);
    assert.equal(ctx.store, runtime.store);
    assert.ok(runtime.worker, 'the worker runs unless told not to');
  });

  it('drops the webhook echo of its own write but still brings the replica up to date', async () => {
    const created = await runtime.twenty.records('unit').create({ name: 'Квартира 1', status: 'FREE' });
    const before = runtime.intake.stats().outcomes;
    const res = await deliver(runtime, 'created', created);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'echo');
    assert.equal(runtime.intake.stats().outcomes.echo, before.echo + 1);
    assert.equal(runtime.intake.stats().outcomes.accepted, before.accepted, 'not counted as news');
    const row = await waitFor('the replica row', () => runtime.store.readModel.get('unit', created.id));
    assert.equal(row.data.status, 'FREE');
  });

  it('queues a change made elsewhere and the worker applies it to the read model', async () => {
    const unit = foreignUnit('BOOKED');
    const doneBefore = (await runtime.store.queue.stats()).done;
    const res = await deliver(runtime, 'updated', unit);
    assert.equal(res.status, 202);
    const row = await waitFor('the replica row', () => runtime.store.readModel.get('unit', unit.id));
    assert.equal(row.data.status, 'BOOKED');
    await waitFor('the job to be done', async () =>
      (await runtime.store.queue.stats()).done > doneBefore ? true : undefined,
    );
  });

  it('wires the reconciliation sweep into the scheduler: a change no webhook reported reaches the replica', async () => {
    assert.ok(runtime.scheduler.jobs().some((j) => j.key === 'realty:sweep'));
    const res = await fetch(`${devhost.url}/rest/units`, {
      method: 'POST',
      headers: { authorization: `Bearer ${devhost.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Квартира 9', status: 'SOLD' }),
    });
    assert.equal(res.status, 201);
    const id = ((await res.json()) as { data: { createUnit: { id: string } } }).data.createUnit.id;
    assert.equal(await runtime.store.readModel.get('unit', id), undefined, 'no webhook is registered here');
    const run = await runtime.scheduler.runJobNow('realty:sweep');
    assert.equal(run.status, 'succeeded', run.error);
    assert.equal((await runtime.store.readModel.get('unit', id))?.data.status, 'SOLD');
  });
});

describe('a runtime without a worker', () => {
  it('leaves accepted events in the durable queue, and a later runtime on the same store works them off', async () => {
    const storeDataDir = path.join(home, 'second-store');
    const unit = foreignUnit('RESERVED');
    const idle = await openRuntime(options({ storeDataDir, worker: false }));
    try {
      assert.equal(idle.worker, undefined);
      assert.equal((await deliver(idle, 'updated', unit)).status, 202);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await idle.store.queue.stats()).pending, 1);
      assert.equal(await idle.store.readModel.get('unit', unit.id), undefined);
    } finally {
      await idle.close();
    }
    const busy = await openRuntime(options({ storeDataDir }));
    try {
      const row = await waitFor('the queued event to be applied after reopening', () =>
        busy.store.readModel.get('unit', unit.id),
      );
      assert.equal(row.data.status, 'RESERVED');
      // The event's handler jobs (fanned out after the replica write) run too: the queue drains.
      await waitFor('the queue to drain', async () => {
        const q = await busy.store.queue.stats();
        return q.pending === 0 && q.running === 0 ? q : undefined;
      });
      assert.equal((await busy.store.queue.stats()).dead, 0);
    } finally {
      await busy.close();
    }
  });
});

describe('where the intake journals deliveries', () => {
  const config = (env: Record<string, string>) => loadConfig({ REALTY_HOME: '/srv/realty', ...env });
  it('beside the embedded store by default, nowhere with a Postgres server', () => {
    assert.equal(intakeJournalDir(config({}), '/srv/realty/store'), '/srv/realty/store.journal');
    assert.equal(
      intakeJournalDir(config({ REALTY_DATABASE_URL: 'postgres://db/realty' }), undefined),
      undefined,
    );
  });
  it('where REALTY_INTAKE_JOURNAL says (a directory that outlives the instance), or nowhere with `off`', () => {
    const pg = { REALTY_DATABASE_URL: 'postgres://db/realty' };
    assert.equal(
      intakeJournalDir(config({ ...pg, REALTY_INTAKE_JOURNAL: '/var/lib/realty/journal' }), undefined),
      '/var/lib/realty/journal',
    );
    assert.equal(intakeJournalDir(config({ REALTY_INTAKE_JOURNAL: 'off' }), '/srv/realty/store'), undefined);
  });
});

describe('a runtime on a Postgres server (REALTY_DATABASE_URL)', async () => {
  const server = await startTempPostgres();
  const noServer = server
    ? false
    : 'no PostgreSQL server binaries on this machine (apt-get install postgresql)';
  after(() => server?.stop());
  const onPostgres = (extra: Record<string, string> = {}) =>
    options({
      config: loadConfig({ REALTY_HOME: home, REALTY_DATABASE_URL: server?.url ?? '', ...extra }),
      worker: false,
    });
  const queuedIds = async (target: Runtime) =>
    (
      await target.store.sql.query<{ id: string }>(
        `select payload->'event'->'record'->>'id' as id from realty_queue where kind = 'twenty.event'`,
      )
    ).rows.map((r) => r.id);

  it('queues each delivery before answering, with no journal by default', { skip: noServer }, async () => {
    const direct = await openRuntime(onPostgres());
    try {
      assert.equal(direct.intake.stats().journal, undefined, 'several instances may share this store');
      const unit = foreignUnit('FREE');
      assert.equal((await deliver(direct, 'updated', unit)).status, 202);
      assert.ok((await queuedIds(direct)).includes(unit.id), 'the row was committed before the answer');
    } finally {
      await direct.close();
    }
  });

  it('journals deliveries where REALTY_INTAKE_JOURNAL says, and queues them from there', {
    skip: noServer,
  }, async () => {
    const journaled = await openRuntime(onPostgres({ REALTY_INTAKE_JOURNAL: path.join(home, 'pg-journal') }));
    try {
      const unit = foreignUnit('BOOKED');
      assert.equal((await deliver(journaled, 'updated', unit)).status, 202);
      assert.ok(journaled.intake.stats().journal, 'the journal is on');
      await waitFor('the journaled delivery in the queue', async () =>
        (await queuedIds(journaled)).includes(unit.id) ? true : undefined,
      );
      assert.equal(journaled.intake.stats().journal?.moved, 1);
    } finally {
      await journaled.close();
    }
  });
});
