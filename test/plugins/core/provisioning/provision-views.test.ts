/**
 * Starting views: `realty setup` creates the views declared in the plugins' label maps through
 * Twenty's metadata REST API (views, viewFields, viewSorts, viewGroups) — columns in the declared
 * order, grouped and sorted — shows them on a dry run without creating them, leaves an existing
 * view alone, and says so when the API key may not create views.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRegistry } from '../../../../plugins/core/plugin/plugin-registry';
import { provision, provisionSucceeded } from '../../../../plugins/core/provisioning/provision';
import { formatPlan } from '../../../../plugins/core/provisioning/provision-format';
import { registryPlugin } from '../../../../plugins/registry/index';
import { createTwentyClient } from '../../../../sdk/index';
import { devhostClient, startTestDevhost, type TestDevhost } from './provision-devhost';

const registry = createRegistry([registryPlugin]);
const VIEW = 'Помещения по статусам';

interface Row {
  id: string;
  name?: string;
  objectMetadataId?: string;
  fieldMetadataId?: string;
  position?: number;
  direction?: string;
  fieldValue?: string;
  mainGroupByFieldMetadataId?: string;
}

describe('starting views on a devhost workspace', () => {
  let host: TestDevhost;
  const get = async (path: string) => (await devhostClient(host).request({ method: 'GET', path })) as Row[];
  before(async () => {
    host = await startTestDevhost();
  });
  after(async () => {
    await host.close();
  });

  it('a dry run lists the view to create and creates nothing', async () => {
    const report = await provision({ client: devhostClient(host), plugins: registry, dryRun: true });
    assert.deepEqual(
      report.views?.map((v) => [v.object, v.name, v.action, v.applied]),
      [['unit', VIEW, 'create', false]],
    );
    assert.match(formatPlan(report), /\+ view unit «Помещения по статусам»: to create \(10 columns\)/);
    assert.deepEqual(await get('/rest/metadata/views'), []);
  });

  it('creates the view: its columns in order, grouped by status, sorted by floor and number', async () => {
    const client = devhostClient(host);
    const report = await provision({ client, plugins: registry });
    assert.ok(provisionSucceeded(report));
    assert.deepEqual(
      report.views?.map((v) => [v.action, v.applied, v.note]),
      [['create', true, undefined]],
    );
    const unit = (await client.metadata.objects.list()).find((o) => o.nameSingular === 'unit');
    assert.ok(unit);
    const nameOf = new Map((unit.fields ?? []).map((f) => [f.id, f.name]));
    const [view] = (await get('/rest/metadata/views')).filter((v) => v.objectMetadataId === unit.id);
    assert.equal(view?.name, VIEW);
    const columns = (await get(`/rest/metadata/viewFields?viewId=${view.id}`))
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((f) => nameOf.get(f.fieldMetadataId ?? ''));
    assert.deepEqual(columns, [
      'number',
      'building',
      'section',
      'floor',
      'kind',
      'rooms',
      'totalArea',
      'price',
      'pricePerSqm',
      'status',
    ]);
    assert.equal(nameOf.get(view.mainGroupByFieldMetadataId ?? ''), 'status');
    const groups = await get(`/rest/metadata/viewGroups?viewId=${view.id}`);
    assert.deepEqual(
      groups.sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((g) => g.fieldValue),
      ['FREE', 'RESERVED', 'IN_AUCTION', 'BOOKED', 'SOLD', 'NOT_FOR_SALE'],
    );
    const sorts = await get(`/rest/metadata/viewSorts?viewId=${view.id}`);
    assert.deepEqual(
      sorts.map((s) => [nameOf.get(s.fieldMetadataId ?? ''), s.direction]),
      [
        ['floor', 'asc'],
        ['number', 'asc'],
      ],
    );
  });

  it('leaves an existing view as people arranged it', async () => {
    const client = devhostClient(host);
    const [view] = await get('/rest/metadata/views');
    const [first] = await get(`/rest/metadata/viewFields?viewId=${view.id}`);
    await client.request({ method: 'DELETE', path: `/rest/metadata/viewFields/${first.id}` });
    const report = await provision({ client, plugins: registry });
    assert.deepEqual(
      report.views?.map((v) => v.action),
      ['exists'],
    );
    assert.equal((await get('/rest/metadata/views')).length, 1);
    assert.equal(
      (await get(`/rest/metadata/viewFields?viewId=${view.id}`)).length,
      9,
      'the removed column stays removed',
    );
  });

  it('says why when the API key may not create views, and setup still succeeds', async () => {
    await devhostClient(host).request({
      method: 'DELETE',
      path: `/rest/metadata/views/${(await get('/rest/metadata/views'))[0].id}`,
    });
    const key = await host.createApiKey({
      name: 'Member',
      role: { label: 'Member', canReadAllObjectRecords: true, canUpdateAllObjectRecords: true },
    });
    const member = createTwentyClient({ url: host.url, apiKey: key, limiter: false, maxRetries: 0 });
    const report = await provision({ client: member, plugins: registry });
    assert.ok(provisionSucceeded(report));
    const [outcome] = report.views ?? [];
    assert.equal(outcome?.action, 'unsupported');
    assert.match(outcome?.note ?? '', /403.*Views permission/);
    assert.match(formatPlan(report), /! view unit «Помещения по статусам»: not created — Twenty refused/);
  });
});
