import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRegistry } from '../../../../plugins/core/plugin/plugin-registry';
import { provision, provisionSucceeded } from '../../../../plugins/core/provisioning/provision';
import { formatPlan } from '../../../../plugins/core/provisioning/provision-format';
import { registryPlugin } from '../../../../plugins/registry/index';
import { devhostClient, startTestDevhost, type TestDevhost } from './provision-devhost';

const registry = createRegistry([registryPlugin]);

describe('provision into a workspace that already has a conflicting field', () => {
  let host: TestDevhost;
  before(async () => {
    host = await startTestDevhost();
  });
  after(async () => {
    await host.close();
  });

  it('reports unit.floor created as TEXT, leaves it as it is, and applies everything else', async () => {
    const client = devhostClient(host);
    const created = await client.metadata.objects.create({
      nameSingular: 'unit',
      namePlural: 'units',
      labelSingular: 'Unit',
      labelPlural: 'Units',
    });
    const floor = await client.metadata.fields.create({
      objectMetadataId: created.id,
      type: 'TEXT',
      name: 'floor',
      label: 'Floor',
    });

    const report = await provision({ client, plugins: registry });
    assert.deepEqual(
      report.conflicts.map((c) => [c.code, c.object, c.field]),
      [['field_type_mismatch', 'unit', 'floor']],
    );
    assert.match(formatPlan(report), /! unit\.floor exists as TEXT, declared NUMBER/);
    assert.deepEqual(report.result?.failed, []);
    assert.ok(!report.steps.some((s) => s.kind === 'createObject' && s.object === 'unit'));
    assert.equal(provisionSucceeded(report), false);

    const objects = await client.metadata.objects.list();
    const unit = objects.find((o) => o.nameSingular === 'unit');
    const floorNow = unit?.fields?.find((f) => f.name === 'floor');
    assert.equal(floorNow?.id, floor.id);
    assert.equal(floorNow?.type, 'TEXT');
    for (const name of ['rooms', 'status', 'price', 'externalCode', 'building', 'section']) {
      assert.ok(
        unit?.fields?.some((f) => f.name === name),
        `unit.${name} was not created`,
      );
    }
    assert.ok(objects.some((o) => o.nameSingular === 'unitChange'));

    const again = await provision({ client, plugins: registry });
    assert.deepEqual(again.steps, []);
    assert.equal(again.conflicts.length, 1);
  });

  it('adds select options the workspace lacks and keeps the ones it has', async () => {
    const client = devhostClient(host);
    const objects = await client.metadata.objects.list();
    const status = objects.find((o) => o.nameSingular === 'unit')?.fields?.find((f) => f.name === 'status');
    assert.ok(status);
    const local = { value: 'ON_HOLD', label: 'On hold (local)', color: 'pink' };
    const kept = (status.options ?? []).filter((o) => o.value !== 'SOLD' && o.value !== 'BOOKED');
    await client.metadata.fields.update(status.id, {
      options: [...kept, local].map((o, position) => ({ ...o, label: o.label ?? o.value, position })),
    });

    const report = await provision({ client, plugins: registry });
    const step = report.steps.find((s) => s.kind === 'addSelectOptions');
    assert.ok(step?.kind === 'addSelectOptions');
    assert.deepEqual(step.added, ['BOOKED', 'SOLD']);
    assert.deepEqual(report.result?.failed, []);
    const after = (await client.metadata.objects.list())
      .find((o) => o.nameSingular === 'unit')
      ?.fields?.find((f) => f.name === 'status');
    const values = (after?.options ?? []).map((o) => o.value);
    assert.deepEqual([...values].sort(), [
      'BOOKED',
      'FREE',
      'IN_AUCTION',
      'NOT_FOR_SALE',
      'ON_HOLD',
      'RESERVED',
      'SOLD',
    ]);
  });
});
