import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../../../devhost/server';
import { AccessError, dataAccessOf } from '../../../../plugins/core/access/index';
import type { PluginContext } from '../../../../plugins/core/plugin/index';
import { provision, provisionSucceeded } from '../../../../plugins/core/provisioning/index';
import { createManualClock, silentLogger } from '../../../../plugins/core/runtime/index';
import { loadConfig } from '../../../../plugins/core/settings/index';
import { createTwentyClient, type TwentyClient } from '../../../../sdk/index';
import { estatePlugin, partner, staff } from './estate-fixture';
import { type EstateStore, openEstateStore } from './estate-store';

const PLUGIN = 'estate-test';
const ROUTE = { plugin: PLUGIN, objects: ['estateUnit', 'estateBuilding'] };

describe('dataAccessOf: one data access from a route or a system context', () => {
  let devhost: Devhost;
  let twenty: TwentyClient;
  let estate: EstateStore;
  let system: PluginContext;
  before(async () => {
    devhost = await startDevhost({ port: 0 });
    twenty = createTwentyClient({
      url: devhost.url,
      apiKey: devhost.apiKey,
      rateLimit: { requestsPerMinute: 6_000, requestsPerSecond: 100 },
    });
    assert.ok(provisionSucceeded(await provision({ client: twenty, plugins: [estatePlugin] })));
    estate = await openEstateStore(twenty);
    system = {
      twenty,
      store: estate.store,
      clock: createManualClock('2026-03-01T09:00:00.000Z'),
      log: silentLogger,
      config: loadConfig({ PUBLIC_URL: 'https://realty.example' }),
      settings: new Map(),
    };
  });
  after(async () => {
    await estate?.store.close();
    await devhost?.close();
  });

  it("from a route: writes go through the caller's policy, the caller acts, the route's reader reads", async () => {
    const { ids } = estate;
    const ctx = estate.access.routeContext(ROUTE, partner(ids.complexA));
    const access = dataAccessOf(ctx, PLUGIN);
    assert.equal(access.actor, 'agency 00000000-0000-4000-8000-0000000000a1');
    assert.equal(access.publicUrl, 'http://app.test');
    assert.equal(access.storage, ctx.storage);
    assert.equal(access.clock, ctx.clock);
    assert.ok(access.reader, 'a route reads the read model through its own reader');
    const units = access.records('estateUnit');
    await assert.rejects(units.update(ids.unitB1, { floor: 9 }), (error: unknown) => {
      assert.ok(error instanceof AccessError, `expected an AccessError, got ${String(error)}`);
      assert.equal(error.code, 'access_denied');
      return true;
    });
    assert.equal((await twenty.records('estateUnit').get(ids.unitB1)).floor, 3, 'Twenty is unchanged');
    const before = access.requests();
    await units.update(ids.unitA2, { floor: 4 });
    assert.ok(access.requests() > before, 'requests count the writer’s');
    assert.equal((await twenty.records('estateUnit').get(ids.unitA2)).floor, 4);
    const seen = await access.reader.query<{ id: string }>('select id::text as id from {estateUnit}');
    assert.deepEqual(new Set(seen.map((r) => r.id)), new Set([ids.unitA1, ids.unitA2]));
  });

  it('from a route: a staff member acts by e-mail; the reader can be left out', () => {
    const access = dataAccessOf(estate.access.routeContext(ROUTE, staff), PLUGIN, { reader: false });
    assert.equal(access.actor, 'sales@realty.test');
    assert.equal(access.reader, undefined);
  });

  it('from a system context: writes go through the admin client unchecked, the system acts', async () => {
    const { ids } = estate;
    const access = dataAccessOf(system, PLUGIN);
    assert.equal(access.actor, 'estate-test (system)');
    assert.equal(access.publicUrl, 'https://realty.example');
    assert.equal(access.clock.now().toISOString(), '2026-03-01T09:00:00.000Z');
    assert.equal(access.settings, system.settings);
    assert.equal(access.reader, undefined, 'a system context reads from Twenty unless given a reader');
    const before = access.requests();
    await access.records('estateUnit').update(ids.unitB1, { floor: 7 });
    assert.equal(access.requests(), before + 1);
    assert.equal((await twenty.records('estateUnit').get(ids.unitB1)).floor, 7);
    await access.records('estateUnit').update(ids.unitB1, { floor: 3 });
  });

  it("from a system context: the plugin's own tables only, a named actor, a given reader", async () => {
    const reader = estate.access.reader({ kind: 'system', reason: 'data-access test' }, ['estateUnit']);
    const access = dataAccessOf(system, PLUGIN, { actor: 'estate (nightly)', reader });
    assert.equal(access.actor, 'estate (nightly)');
    assert.equal(access.reader, reader);
    await access.storage.exec('create table if not exists estate_test_marks (id text primary key)');
    assert.deepEqual(await access.storage.query('select count(*)::int as n from estate_test_marks'), [
      { n: 0 },
    ]);
    await assert.rejects(
      access.storage.query(`select * from ${estate.store.readModel.table('estateUnit')}`),
      (error: unknown) => error instanceof AccessError && error.code === 'access_bad_query',
    );
  });
});
