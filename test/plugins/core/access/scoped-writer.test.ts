import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../../../devhost/server';
import { AccessError } from '../../../../plugins/core/access/index';
import { provision, provisionSucceeded } from '../../../../plugins/core/provisioning/index';
import { createTwentyClient, type TwentyClient } from '../../../../sdk/index';
import { estatePlugin, partner, staff } from './estate-fixture';
import { type EstateStore, openEstateStore } from './estate-store';

const OBJECTS = ['estateUnit', 'estateBuilding'];

async function denied(promise: Promise<unknown>, message: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AccessError, `expected an AccessError, got ${String(error)}`);
    assert.equal(error.status, 403);
    assert.equal(error.code, 'access_denied');
    assert.match(error.message, message);
    return true;
  });
}

describe('scoped writer over Twenty', () => {
  let devhost: Devhost;
  let twenty: TwentyClient;
  let estate: EstateStore;
  before(async () => {
    devhost = await startDevhost({ port: 0 });
    twenty = createTwentyClient({
      url: devhost.url,
      apiKey: devhost.apiKey,
      rateLimit: { requestsPerMinute: 6_000, requestsPerSecond: 100 },
    });
    assert.ok(provisionSucceeded(await provision({ client: twenty, plugins: [estatePlugin] })));
    estate = await openEstateStore(twenty);
  });
  after(async () => {
    await estate?.store.close();
    await devhost?.close();
  });

  it('lists and gets only the records a partner may see, without masked fields', async () => {
    const { ids, access } = estate;
    const units = access.writer(partner(ids.complexA), OBJECTS).records('estateUnit');
    const { records, totalCount } = await units.list();
    assert.deepEqual(new Set(records.map((r) => r.id)), new Set([ids.unitA1, ids.unitA2]));
    assert.equal(totalCount, 2);
    assert.ok(
      records.every((r) => !('price' in r)),
      'the price is masked',
    );
    const iterated: string[] = [];
    for await (const r of units.iterate()) iterated.push(r.id);
    assert.deepEqual(new Set(iterated), new Set([ids.unitA1, ids.unitA2]));
    assert.equal((await units.get(ids.unitA1)).floor, 2);
    await denied(units.get(ids.unitB1), /not among the records you may see/);
  });

  it('refuses an update outside the partner’s rows, leaving Twenty unchanged', async () => {
    const { ids, access } = estate;
    const units = access.writer(partner(ids.complexA), OBJECTS).records('estateUnit');
    await denied(units.update(ids.unitB1, { floor: 9 }), /is not among the records you may change/);
    await denied(units.delete(ids.unitB1, { mode: 'soft' }), /is not among the records you may change/);
    await denied(
      units.update(ids.unitA1, { buildingId: ids.buildingB }),
      /would move estateUnit .* outside the records you may change/,
    );
    const b1 = await twenty.records('estateUnit').get(ids.unitB1);
    assert.equal(b1.floor, 3);
    assert.equal(b1.deletedAt ?? null, null);
    assert.equal((await twenty.records('estateUnit').get(ids.unitA1)).buildingId, ids.buildingA);
  });

  it('refuses writing a masked field and what the policy forbids, with reasons', async () => {
    const { ids, access } = estate;
    const units = access.writer(partner(ids.complexA), OBJECTS).records('estateUnit');
    await denied(
      units.update(ids.unitA1, { price: { amountMicros: 1, currencyCode: 'RUB' } }),
      /may not change "price" of estateUnit: that field is hidden from you/,
    );
    const a1 = await twenty.records('estateUnit').get(ids.unitA1);
    assert.deepEqual(a1.price, { amountMicros: 5_000_000_000_000, currencyCode: 'RUB' });
    await denied(units.create({ buildingId: ids.buildingA, floor: 1 }), /partners may only update units/);
    await denied(
      access
        .writer(partner(ids.complexA), OBJECTS)
        .records('estateBuilding')
        .update(ids.buildingA, { floors: 1 }),
      /only staff may change estateBuilding records/,
    );
  });

  it('lets a partner make an allowed change and staff write anything, counting requests', async () => {
    const { ids, access } = estate;
    const writer = access.writer(partner(ids.complexA), OBJECTS);
    const updated = await writer.records('estateUnit').update(ids.unitA2, { floor: 4 });
    assert.equal(updated.floor, 4);
    assert.equal('price' in updated, false);
    assert.equal((await twenty.records('estateUnit').get(ids.unitA2)).floor, 4);
    assert.ok(writer.requests() >= 2, `requests counted: ${writer.requests()}`);

    const staffUnits = access.writer(staff, OBJECTS).records('estateUnit');
    const created = await staffUnits.create({ buildingId: ids.buildingB, floor: 1, status: 'FREE' });
    assert.equal(created.buildingId, ids.buildingB);
    await staffUnits.delete(created.id, { mode: 'destroy' });
  });

  it('knows only the objects the route declared', () => {
    assert.throws(
      () => estate.access.writer(staff, ['estateUnit']).records('estateNote'),
      (e: unknown) => e instanceof AccessError && e.code === 'access_not_declared',
    );
  });
});
