/**
 * Starting views and REALTY_LOCALE, on one devhost workspace (views first: they need a fresh one).
 *
 * Starting views: `realty setup` creates the views declared in the plugins' label maps through
 * Twenty's metadata REST API (views, viewFields, viewSorts, viewGroups) — columns in the declared
 * order, grouped and sorted — shows them on a dry run without creating them, leaves an existing
 * view alone, and says so when the API key may not create views.
 *
 * REALTY_LOCALE: `realty setup` labels Twenty's screens in Russian by default, from each plugin's
 * label map; switching the language of an existing workspace relabels only — names, option values,
 * colours and records stay — and a dry run shows the relabelling without writing it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DeclarationError,
  defineField,
  defineLabels,
  defineObject,
  definePlugin,
} from '../../../../plugins/core/plugin/index';
import { createRegistry } from '../../../../plugins/core/plugin/plugin-registry';
import { provision, provisionSucceeded } from '../../../../plugins/core/provisioning/provision';
import { formatPlan } from '../../../../plugins/core/provisioning/provision-format';
import { labelLocaleFrom } from '../../../../plugins/core/provisioning/provision-labels';
import { planProvisioning } from '../../../../plugins/core/provisioning/provision-plan';
import { registryPlugin } from '../../../../plugins/registry/index';
import { building, residentialComplex, unit } from '../../../../plugins/registry/schema';
import { createTwentyClient, type ObjectMetadata } from '../../../../sdk/index';
import { devhostClient, startTestDevhost, type TestDevhost } from './provision-devhost';

const registry = createRegistry([registryPlugin]);

const objectNamed = (objects: ObjectMetadata[], name: string) => {
  const o = objects.find((x) => x.nameSingular === name);
  assert.ok(o, `object ${name}`);
  return o;
};
const fieldOf = (o: ObjectMetadata, name: string) => {
  const f = o.fields?.find((x) => x.name === name);
  assert.ok(f, `${o.nameSingular}.${name}`);
  return f;
};

describe('label maps are checked when a plugin is declared', () => {
  const lot = defineObject({
    nameSingular: 'lot',
    namePlural: 'lots',
    labelSingular: 'Lot',
    labelPlural: 'Lots',
    fields: { state: defineField.select({ label: 'State', options: [{ value: 'OPEN', label: 'Open' }] }) },
  });

  it('accepts a map of its own objects, fields and options', () => {
    const p = definePlugin({
      name: 'lots',
      description: 'lots',
      objects: [lot],
      labels: {
        ru: defineLabels({
          lot: { labelPlural: 'Лоты', fields: { state: { options: { OPEN: 'Открыт' } } } },
        }),
      },
    });
    assert.equal(p.labels?.ru?.lot?.labelPlural, 'Лоты');
  });

  it('names every object, field and option the map gets wrong', () => {
    assert.throws(
      () =>
        definePlugin({
          name: 'lots',
          description: 'lots',
          objects: [lot],
          labels: {
            ru: {
              lott: { labelPlural: 'Лоты' },
              lot: {
                fields: { stat: { label: 'Статус' }, state: { label: ' ', options: { CLOSED: 'Закрыт' } } },
                views: [{ name: 'Лоты / все', fields: ['state', 'price'] }],
              },
            },
          },
        }),
      (e: unknown) => {
        assert.ok(e instanceof DeclarationError);
        const text = e.message;
        assert.match(text, /labels\.ru\.lott: "lott" is neither an object of this plugin/);
        assert.match(text, /labels\.ru\.lot\.fields\.stat: "lot" has no declared field "stat"/);
        assert.match(text, /"CLOSED" is not one of its options \(OPEN\)/);
        assert.match(text, /labels\.ru\.lot\.fields\.state\.label is empty/);
        assert.match(text, /views\[0\]: name "Лоты \/ все" must be non-empty, without quotes/);
        assert.match(text, /views\[0\]: "lot" has no field "price"/);
        return true;
      },
    );
  });

  it('reads REALTY_LOCALE: unset is ru, en is English, anything else is refused by name', () => {
    assert.equal(labelLocaleFrom(undefined), 'ru');
    assert.equal(labelLocaleFrom(''), 'ru');
    assert.equal(labelLocaleFrom('EN'), 'en');
    assert.throws(() => labelLocaleFrom('de'), /REALTY_LOCALE="de" is not a language.*ru, en/);
  });
});

let host: TestDevhost;
before(async () => {
  host = await startTestDevhost();
});
after(async () => {
  await host.close();
});

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
  const get = async (path: string) => (await devhostClient(host).request({ method: 'GET', path })) as Row[];
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
  it('two setups at the same moment leave one view', async () => {
    const client = devhostClient(host);
    assert.deepEqual(await get('/rest/metadata/views'), []);
    const both = await Promise.all([
      provision({ client, plugins: registry }),
      provision({ client: devhostClient(host), plugins: registry }),
    ]);
    const actions = both.flatMap((r) => r.views?.map((v) => v.action) ?? []).sort();
    assert.deepEqual(actions, ['create', 'exists']);
    const views = (await get('/rest/metadata/views')).filter((v) => v.name === VIEW);
    assert.equal(views.length, 1);
    assert.equal((await get(`/rest/metadata/viewFields?viewId=${views[0].id}`)).length, 10);
  });
});

describe('REALTY_LOCALE on a devhost workspace', () => {
  it('provisions the registry in Russian: objects, fields, options, relation ends, the name field', async () => {
    const client = devhostClient(host);
    const report = await provision({ client, plugins: registry, locale: 'ru' });
    assert.ok(provisionSucceeded(report), JSON.stringify(report.result?.failed));
    assert.equal(report.locale, 'ru');
    const objects = await client.metadata.objects.list();
    const u = objectNamed(objects, 'unit');
    assert.deepEqual(
      [u.nameSingular, u.namePlural, u.labelSingular, u.labelPlural],
      ['unit', 'units', 'Помещение', 'Помещения'],
    );
    assert.equal(u.description, 'Квартира, офис, машиноместо или кладовая на продажу');
    const status = fieldOf(u, 'status');
    assert.equal(status.label, 'Статус');
    assert.deepEqual(
      status.options?.map((o) => [o.value, o.label, o.color]),
      [
        ['FREE', 'Свободна', 'green'],
        ['RESERVED', 'Резерв', 'yellow'],
        ['IN_AUCTION', 'На торгах', 'blue'],
        ['BOOKED', 'Забронирована', 'orange'],
        ['SOLD', 'Продана', 'gray'],
        ['NOT_FOR_SALE', 'Не в продаже', 'purple'],
      ],
    );
    assert.equal(fieldOf(u, 'totalArea').icon, 'IconRuler2', 'an icon from the label map');
    // The other end of unit.building, created on building, and the `name` Twenty made itself.
    assert.equal(fieldOf(objectNamed(objects, 'building'), 'units').label, 'Помещения');
    assert.equal(fieldOf(objectNamed(objects, 'residentialComplex'), 'name').label, 'Название');
    assert.equal(
      fieldOf(u, 'name').label,
      'Название',
      "Twenty's own name field, undeclared, the first column",
    );
    const again = planProvisioning(registry.schema, objects, { locale: 'ru' });
    assert.deepEqual(again.steps, [], 'a second run in the same language plans nothing');
  });

  it('plans a switch to English as relabelling only, and a dry run writes nothing', async () => {
    const client = devhostClient(host);
    const complex = await client.records(residentialComplex).create({ name: 'ЖК «Язык»' });
    const b = await client.records(building).create({ name: 'Корпус 1', complexId: complex.id });
    const made = await client.records(unit).create({ buildingId: b.id, number: '7', status: 'BOOKED' });
    const before = JSON.stringify(await client.metadata.objects.list());
    const report = await provision({ client, plugins: registry, locale: 'en', dryRun: true });
    assert.equal(report.result, undefined);
    assert.ok(report.steps.length > 20, `relabels the whole registry, got ${report.steps.length} steps`);
    assert.deepEqual([...new Set(report.steps.map((s) => s.kind))].sort(), [
      'updateFieldLabels',
      'updateObjectLabels',
    ]);
    assert.equal(JSON.stringify(await client.metadata.objects.list()), before);
    const text = formatPlan(report);
    assert.match(text, /to relabel: \d+ objects\/fields/);
    assert.match(text, /Labels in English \(REALTY_LOCALE=en\)/);
    assert.match(
      text,
      /~ labels {3}unit: labelSingular «Помещение» → «Unit», labelPlural «Помещения» → «Units»/,
    );
    assert.match(
      text,
      /~ labels {3}unit\.status: label «Статус» → «Status», .*option FREE «Свободна» → «Free»/,
    );
    assert.doesNotMatch(text, /^ {2}\+ /m, 'nothing is created');

    const applied = await provision({ client, plugins: registry, locale: 'en' });
    assert.ok(provisionSucceeded(applied), JSON.stringify(applied.result?.failed));
    const objects = await client.metadata.objects.list();
    const u = objectNamed(objects, 'unit');
    assert.deepEqual([u.nameSingular, u.namePlural, u.labelPlural], ['unit', 'units', 'Units']);
    const status = fieldOf(u, 'status');
    assert.equal(status.name, 'status');
    assert.deepEqual(status.options?.map((o) => [o.value, o.label, o.color]).slice(0, 2), [
      ['FREE', 'Free', 'green'],
      ['RESERVED', 'Reserved', 'yellow'],
    ]);
    assert.equal(fieldOf(objectNamed(objects, 'building'), 'units').label, 'Units');
    assert.equal(fieldOf(u, 'name').label, 'Name');
    assert.equal(fieldOf(u, 'totalArea').icon, 'IconRuler2', 'icons do not change with the language');
    const read = await client.records(unit).get(made.id);
    assert.equal(read.status, 'BOOKED', 'records keep their values');
    assert.deepEqual(planProvisioning(registry.schema, objects, { locale: 'en' }).steps, []);
  });

  it('switches back to Russian with the same relabelling, keeping option ids', async () => {
    const client = devhostClient(host);
    const idsBefore = fieldOf(
      objectNamed(await client.metadata.objects.list(), 'unit'),
      'status',
    ).options?.map((o) => (o as { id?: string }).id);
    const report = await provision({ client, plugins: registry, locale: 'ru' });
    assert.ok(provisionSucceeded(report));
    assert.ok((report.result?.applied ?? 0) > 20);
    const status = fieldOf(objectNamed(await client.metadata.objects.list(), 'unit'), 'status');
    assert.equal(status.options?.[0]?.label, 'Свободна');
    assert.deepEqual(
      status.options?.map((o) => (o as { id?: string }).id),
      idsBefore,
    );
  });
});
