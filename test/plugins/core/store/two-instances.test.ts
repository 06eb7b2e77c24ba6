/**
 * Two app instances behind one PUBLIC_URL, sharing one Postgres store and one
 * Twenty (devhost), set up as `realty start` sets up each: secrets resolved
 * without STAFF_JWT_SECRET or TWENTY_WEBHOOK_SECRET, the workspace and its
 * webhook ensured by both at once. What one instance knows the other must
 * know: a staff token issued by one is accepted by the other, Twenty holds one
 * webhook, an import preview made on one is applied on the other, two imports
 * confirmed at the same moment on the two get different numbers, one agency's
 * request quota and one address's sign-in attempts are counted once across
 * both. Skips when no Postgres server binaries are installed.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../../../devhost/server';
import { agenciesSeed, DEMO_AGENCY_USERS, DEMO_PARTNER_PASSWORD } from '../../../../plugins/agencies/seed';
import { issueStaffToken } from '../../../../plugins/core/auth/index';
import { createRegistry } from '../../../../plugins/core/plugin/index';
import { provision, provisionSucceeded } from '../../../../plugins/core/provisioning/provision';
import { openRuntime, type Runtime, silentLogger } from '../../../../plugins/core/runtime/index';
import { loadConfig, type RealtyConfig } from '../../../../plugins/core/settings/index';
import { runSetup } from '../../../../scripts/commands/setup';
import { resolveSecrets } from '../../../../scripts/workspace';
import { createTwentyClient } from '../../../../sdk/index';
import { type AppServer, startAppServer } from '../../../../webhooks/local-server';
import { freePort, startTempPostgres, type TempPostgres } from '../../../support/temp-postgres';
import { waitFor } from '../../../support/wait';
import { fixtureRegistry, PARTNER_PLUGINS } from '../../agencies/agencies-app';
import { unitRow, workbookBuffer } from '../../registry/import/workbook-fixtures';

const RATE_LIMIT = 12;
const SIGN_IN_LIMIT = 3;
const ADMIN = {
  memberId: '6f1d7a1e-0000-4000-8000-000000000001',
  email: 'admin@realty.test',
  role: 'admin',
} as const;

interface Instance {
  config: RealtyConfig;
  secrets: { staffSecret: string; webhookSecret: string };
  runtime: Runtime;
  server: AppServer;
  url: string;
}

describe('two app instances on one Postgres store', async () => {
  const pg: TempPostgres | undefined = await startTempPostgres();
  const noServer = pg ? false : 'no PostgreSQL server binaries on this machine (apt-get install postgresql)';
  let devhost: Devhost;
  const instances: Instance[] = [];
  const homes: string[] = [];
  let publicUrl = '';

  const startInstance = async (port: number): Promise<Instance> => {
    const home = await mkdtemp(path.join(tmpdir(), 'realty-two-'));
    homes.push(home);
    const env = {
      REALTY_HOME: home,
      REALTY_DATABASE_URL: (pg as TempPostgres).url,
      PUBLIC_URL: publicUrl,
      TWENTY_URL: devhost.url,
      TWENTY_API_KEY: devhost.apiKey,
      AGENCIES_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    };
    const config = loadConfig(env);
    // As `realty start` does: neither STAFF_JWT_SECRET nor TWENTY_WEBHOOK_SECRET is set.
    const secrets = await resolveSecrets(config);
    const runtime = await openRuntime({
      config,
      plugins: PARTNER_PLUGINS,
      env,
      twenty: { url: devhost.url, apiKey: devhost.apiKey },
      webhookSecret: secrets.webhookSecret,
      log: silentLogger,
      scheduler: false,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    });
    const server = await startAppServer({
      runtime,
      staffSecret: secrets.staffSecret,
      twentyUrl: devhost.url,
      port,
      memberCheck: false,
      signInAttempts: { limit: SIGN_IN_LIMIT },
    });
    return { config, secrets, runtime, server, url: server.url };
  };

  before(async () => {
    if (!pg) return;
    devhost = await startDevhost({
      port: 0,
      rateLimit: { shortLimit: 6000, shortTtlMs: 1_000, longLimit: 6000, longTtlMs: 60_000 },
    });
    const ports = [await freePort(), await freePort()];
    // The load balancer's address: Twenty's webhook goes there (here: to the first instance).
    publicUrl = `http://127.0.0.1:${ports[0]}`;
    // The schema is provisioned once; what the instances race for is the webhook (below).
    const schema = await provision({
      client: createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey }),
      plugins: createRegistry(PARTNER_PLUGINS),
    });
    assert.ok(provisionSucceeded(schema), JSON.stringify(schema.conflicts));
    instances.push(...(await Promise.all(ports.map((port) => startInstance(port)))));
    const reports = await Promise.all(
      instances.map((i) =>
        runSetup(i.runtime.twenty, {
          config: i.config,
          plugins: i.runtime.registry.plugins,
          webhookSecret: i.secrets.webhookSecret,
          quiet: true,
        }),
      ),
    );
    for (const r of reports) assert.ok(provisionSucceeded(r));

    const first = instances[0] as Instance;
    const twenty = first.runtime.twenty;
    const reg = fixtureRegistry();
    await twenty.records('residentialComplex').createMany(reg.complexes, { upsert: true });
    await twenty.records('building').createMany(reg.buildings, { upsert: true });
    await twenty.records('section').createMany(reg.sections, { upsert: true });
    await twenty.records('unit').createMany(reg.units, { upsert: true });
    await agenciesSeed.run(first.runtime.contextFor('agencies'), {});
    const rm = first.runtime.store.readModel;
    await waitFor('the fixture in the shared read model', async () =>
      (await rm.count('unit')) >= reg.units.length &&
      (await rm.count('agencyUser')) >= DEMO_AGENCY_USERS.length &&
      (await rm.count('agencyAccess')) >= 3
        ? true
        : undefined,
    );
  });

  after(async () => {
    for (const i of instances) {
      await i.server.close().catch(() => {});
      await i.runtime.close().catch(() => {});
    }
    await devhost?.close();
    pg?.stop();
    for (const home of homes) await rm(home, { recursive: true, force: true });
  });

  const one = () => instances[0] as Instance;
  const two = () => instances[1] as Instance;

  it('shares the generated secrets: a staff token issued by one instance is accepted by the other', {
    skip: noServer,
  }, async () => {
    assert.equal(one().secrets.staffSecret, two().secrets.staffSecret);
    assert.equal(one().secrets.webhookSecret, two().secrets.webhookSecret);
    for (const home of homes)
      assert.equal(existsSync(path.join(home, 'secrets.json')), false, 'no instance keeps its own secrets');
    const token = issueStaffToken(ADMIN, { secret: one().secrets.staffSecret, ttl: '10m' });
    for (const i of instances) {
      const res = await fetch(`${i.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, `instance ${i.url} accepts the token`);
      assert.equal(((await res.json()) as { email: string }).email, ADMIN.email);
    }
  });

  it('gives an instance that kept its own secrets.json the shared secrets, not its own', {
    skip: noServer,
  }, async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'realty-two-old-'));
    homes.push(home);
    const own = { webhookSecret: 'w'.repeat(32), staffSecret: 's'.repeat(48) };
    await writeFile(path.join(home, 'secrets.json'), JSON.stringify(own));
    const config = loadConfig({
      REALTY_HOME: home,
      REALTY_DATABASE_URL: (pg as TempPostgres).url,
      TWENTY_URL: devhost.url,
      TWENTY_API_KEY: devhost.apiKey,
    });
    assert.deepEqual(await resolveSecrets(config), one().secrets);
  });

  it('registers one webhook for the one PUBLIC_URL, though both instances set up at once', {
    skip: noServer,
  }, async () => {
    const hooks = await one().runtime.twenty.webhooks.list();
    const ours = hooks.filter((h) => h.targetUrl.startsWith(publicUrl));
    assert.equal(ours.length, 1, JSON.stringify(ours));
    assert.equal(new URL((ours[0] as { targetUrl: string }).targetUrl).pathname, '/webhooks/twenty');
  });

  const staffHeaders = () => ({
    authorization: `Bearer ${issueStaffToken(ADMIN, { secret: one().secrets.staffSecret, ttl: '10m' })}`,
  });
  const upload = async (instance: Instance, rows: unknown[][], fileName: string) => {
    const res = await fetch(`${instance.url}/api/import/plans?fileName=${fileName}`, {
      method: 'POST',
      headers: { ...staffHeaders(), 'content-type': 'application/octet-stream' },
      body: new Uint8Array(await workbookBuffer(rows)),
    });
    const body = (await res.json()) as { planId: string; counts: { create: number; rejected: number } };
    assert.equal(res.status, 201, JSON.stringify(body));
    return body;
  };
  const status = async (instance: Instance, planId: string) => {
    const res = await fetch(`${instance.url}/api/import/plans/${planId}/status`, { headers: staffHeaders() });
    assert.equal(res.status, 200);
    return (await res.json()) as { state: string; result?: { batchNumber: number; created: number } };
  };
  const applied = (instance: Instance, planId: string) =>
    waitFor(`plan ${planId} applied`, async () => {
      const s = await status(instance, planId);
      assert.notEqual(s.state, 'failed', JSON.stringify(s));
      return s.state === 'applied' ? s : undefined;
    });
  const row = (code: string, section: number, position: number) =>
    unitRow({
      externalCode: code,
      complex: 'Северный парк',
      building: '1',
      section,
      number: code,
      floor: 4,
      positionOnFloor: position,
    });

  it('applies on the second instance an import preview made on the first', { skip: noServer }, async () => {
    const plan = await upload(one(), [row('TWO-1', 1, 1), row('TWO-2', 1, 2)], 'two-1.xlsx');
    assert.equal(plan.counts.create, 2, JSON.stringify(plan));
    const preview = await fetch(`${two().url}/api/import/plans/${plan.planId}/rows?kind=all`, {
      headers: staffHeaders(),
    });
    assert.equal(preview.status, 200, 'the second instance shows the preview');
    assert.equal(((await preview.json()) as { total: number }).total, 2);
    const apply = await fetch(`${two().url}/api/import/plans/${plan.planId}/apply`, {
      method: 'POST',
      headers: { ...staffHeaders(), 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(apply.status, 202, await apply.clone().text());
    // Either instance follows the run the second one does.
    const done = await applied(one(), plan.planId);
    assert.equal(done.result?.created, 2);
    const again = await fetch(`${one().url}/api/import/plans/${plan.planId}/apply`, {
      method: 'POST',
      headers: { ...staffHeaders(), 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(again.status, 409, 'an applied plan is not applied again through the other instance');
    const units = await one().runtime.twenty.records('unit').list({ limit: 200 });
    assert.equal(units.records.filter((u) => String(u.externalCode).startsWith('TWO-')).length, 2);
  });

  it('numbers two imports confirmed at the same moment on the two instances apart', {
    skip: noServer,
  }, async () => {
    const a = await upload(one(), [row('PAR-A', 2, 1)], 'par-a.xlsx');
    const b = await upload(two(), [row('PAR-B', 2, 2)], 'par-b.xlsx');
    const confirm = (instance: Instance, planId: string) =>
      fetch(`${instance.url}/api/import/plans/${planId}/apply`, {
        method: 'POST',
        headers: { ...staffHeaders(), 'content-type': 'application/json' },
        body: '{}',
      });
    const answers = await Promise.all([confirm(two(), a.planId), confirm(one(), b.planId)]);
    assert.deepEqual(
      answers.map((r) => r.status),
      [202, 202],
    );
    const [doneA, doneB] = await Promise.all([applied(one(), a.planId), applied(two(), b.planId)]);
    const numbers = [doneA.result?.batchNumber, doneB.result?.batchNumber];
    assert.notEqual(numbers[0], numbers[1], `both imports got №${numbers[0]}`);
    const batches = await one().runtime.twenty.records('importBatch').list({ limit: 50 });
    const shown = batches.records.map((r) => r.number);
    assert.equal(new Set(shown).size, shown.length, `importBatch numbers in Twenty: ${shown.join(', ')}`);
  });

  it('counts one agency’s requests once across both instances', { skip: noServer }, async () => {
    const user = DEMO_AGENCY_USERS[0] as { email: string };
    const signIn = await fetch(`${one().url}/partner/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: DEMO_PARTNER_PASSWORD }),
    });
    assert.equal(signIn.status, 200, await signIn.clone().text());
    const { token } = (await signIn.json()) as { token: string };
    const statuses: number[] = [];
    for (let i = 0; i < 2 * RATE_LIMIT; i++) {
      const instance = i % 2 === 0 ? two() : one();
      const res = await fetch(`${instance.url}/partner/v1/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    // The sign-in was the agency's first request of the minute; the quota is the agency's, not an instance's.
    const allowed = statuses.filter((s) => s === 200).length;
    assert.equal(allowed, RATE_LIMIT - 1, `answers: ${statuses.join(' ')}`);
    assert.deepEqual(statuses.slice(RATE_LIMIT - 1), Array(RATE_LIMIT + 1).fill(429));
  });

  it('counts one address’s sign-in attempts once across both instances', { skip: noServer }, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_IN_LIMIT; i++) {
      const instance = i % 2 === 0 ? one() : two();
      const res = await fetch(`${instance.url}/auth/login?code=not-a-code-${i}`, {
        headers: { accept: 'application/json' },
        redirect: 'manual',
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [...Array(SIGN_IN_LIMIT).fill(401), 429]);
  });
});
