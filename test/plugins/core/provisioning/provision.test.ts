import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRegistry } from '../../../../plugins/core/plugin/plugin-registry';
import { provision, provisionSucceeded } from '../../../../plugins/core/provisioning/provision';
import { applyProvisioning, type StepEvent } from '../../../../plugins/core/provisioning/provision-apply';
import { formatPlan } from '../../../../plugins/core/provisioning/provision-format';
import { type ProvisionPlan, planProvisioning } from '../../../../plugins/core/provisioning/provision-plan';
import { registryPlugin } from '../../../../plugins/registry/index';
import { building, residentialComplex, section, unit } from '../../../../plugins/registry/schema';
import { devhostClient, startTestDevhost, type TestDevhost } from './provision-devhost';

const registry = createRegistry([registryPlugin]);
const webhook = { targetUrl: 'http://127.0.0.1:4000/webhooks/twenty', secret: 'whsec-provision-test-0001' };

describe('provision into an empty devhost workspace', () => {
  let host: TestDevhost;
  let applied: ProvisionPlan | undefined;
  before(async () => {
    host = await startTestDevhost();
  });
  after(async () => {
    await host.close();
  });

  it('writes nothing on a dry run, neither metadata nor webhook, but says what it would do', async () => {
    const client = devhostClient(host);
    const metadataBefore = JSON.stringify(await client.metadata.objects.list());
    const webhooksBefore = await client.webhooks.list();
    const report = await provision({ client, plugins: registry, dryRun: true, webhook });
    assert.equal(report.dryRun, true);
    assert.equal(report.result, undefined);
    assert.ok(
      report.steps.length > 40,
      `expected the whole registry schema, got ${report.steps.length} steps`,
    );
    assert.equal(report.webhook?.action, 'create');
    assert.equal(report.webhook?.applied, false);
    assert.equal(JSON.stringify(await client.metadata.objects.list()), metadataBefore);
    assert.deepEqual(await client.webhooks.list(), webhooksBefore);
    assert.match(formatPlan(report), /\+ object {3}unit \(Помещения, \/rest\/units\)/);
  });

  it('provisions the registry schema, reports each step, and registers the webhook', async () => {
    const client = devhostClient(host);
    const events: StepEvent[] = [];
    const report = await provision({ client, plugins: registry, webhook, onStep: (e) => events.push(e) });
    assert.deepEqual(report.result?.failed, [], JSON.stringify(report.result?.failed, null, 2));
    assert.ok(provisionSucceeded(report));
    assert.equal(report.result?.applied, report.steps.length);
    applied = { steps: report.steps, conflicts: report.conflicts, warnings: report.warnings };
    assert.equal(events.length, report.steps.length);
    assert.ok(events.every((e) => e.status === 'applied' && e.total === report.steps.length));
    assert.equal(report.webhook?.action, 'create');
    const hooks = await client.webhooks.list();
    assert.equal(hooks.length, 1);
    assert.deepEqual(hooks[0].operations, ['*.*']);
  });

  it('plans nothing the second time', async () => {
    const client = devhostClient(host);
    const plan = planProvisioning(registry.schema, await client.metadata.objects.list());
    assert.deepEqual(plan, { steps: [], conflicts: [], warnings: [] });
    const again = await provision({ client, plugins: registry, webhook });
    assert.equal(again.result, undefined);
    assert.equal(again.webhook?.action, 'none');
  });

  it('skips every step when an already-applied plan is applied again', async () => {
    const client = devhostClient(host);
    assert.ok(applied, 'the provisioning test above ran first');
    const result = await applyProvisioning(client, applied);
    assert.deepEqual(result.failed, []);
    assert.equal(result.applied, 0);
    assert.equal(result.skipped, applied.steps.length);
  });

  it('makes the declared objects usable, typed, with relations and defaults', async () => {
    const client = devhostClient(host);
    const complex = await client
      .records(residentialComplex)
      .create({ name: 'ЖК «Тест»', district: 'Северный' });
    const b = await client.records(building).create({ name: 'Корпус 1', complexId: complex.id, floors: 9 });
    const s = await client.records(section).create({ name: 'Секция 1', buildingId: b.id, number: 1 });
    const u = await client.records(unit).create({
      buildingId: b.id,
      sectionId: s.id,
      kind: 'FLAT',
      number: '12',
      floor: 3,
      totalArea: 41.5,
      externalCode: 'TEST-1-1-F12',
    });
    const read = await client.records(unit).get(u.id);
    assert.equal(read.buildingId, b.id);
    assert.equal(read.sectionId, s.id);
    assert.equal(read.status, 'FREE');
    assert.equal(read.price.currencyCode, 'RUB');
    assert.equal(complex.status, 'PLANNED');
  });

  it('rewrites the webhook secret and operations when they change', async () => {
    const client = devhostClient(host);
    const changed = await provision({
      client,
      plugins: registry,
      webhook: { ...webhook, secret: 'whsec-rotated-000000002', operations: ['unit.*', '*.created'] },
    });
    assert.equal(changed.webhook?.action, 'update');
    assert.deepEqual(changed.webhook?.changes, ['operations', 'secret']);
    const [hook] = await client.webhooks.list();
    assert.deepEqual([...(hook.operations ?? [])].sort(), ['*.created', 'unit.*']);
  });
});
