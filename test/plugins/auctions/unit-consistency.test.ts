/**
 * The consistency job of units and auctions, through devhost: a unit IN_AUCTION with no active
 * lot, and a unit an active auction holds that someone set FREE, each get the problem on the unit
 * (`auctionProblem`) and a Twenty task linked to it — once, however often the job runs — and the
 * problem is cleared when the unit agrees again. Nothing else is changed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auctionsPlugin, checkUnitsInAuction } from '../../../plugins/auctions/index';
import { registryPlugin } from '../../../plugins/registry/index';
import { createTwentyClient, eq, type TwentyClient } from '../../../sdk/index';
import { type AppStack, startAppStack } from '../../support/app-stack';

const DAY = 86_400_000;
const MICROS = 1_000_000;

let stack: AppStack;
let direct: TwentyClient;
const units: string[] = [];

const job = () => checkUnitsInAuction(stack.runtime.contextFor('auctions'));
const problemOf = async (id: string) => (await direct.records('unit').get(id)).auctionProblem ?? null;
const tasksOf = async (id: string) => direct.records('taskTarget').count(eq('unitId', id));

before(async () => {
  stack = await startAppStack({
    name: 'auctions-unit-consistency',
    plugins: [registryPlugin, auctionsPlugin],
    rateLimit: { requestsPerMinute: 100_000, requestsPerSecond: 10_000 },
    devhostRequestsPerMinute: 100_000,
  });
  direct = createTwentyClient({ url: stack.devhost.url, apiKey: stack.devhost.apiKey, limiter: false });
  const building = await direct.records('building').create({ name: 'Корпус 3', number: '3' });
  for (const n of ['301', '302', '303']) {
    const u = await direct.records('unit').create({
      number: n,
      buildingId: building.id,
      kind: 'FLAT',
      status: 'FREE',
      floor: 3,
      price: { amountMicros: 9_000_000 * MICROS, currencyCode: 'RUB' },
      externalCode: `CONS-${n}`,
    });
    units.push(u.id);
  }
  const now = Date.now();
  const res = await fetch(`${stack.server.url}/api/auctions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.staffToken('sales')}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      number: 'К-1',
      applicationStart: new Date(now + 2 * DAY).toISOString(),
      applicationEnd: new Date(now + 20 * DAY).toISOString(),
      biddingStart: new Date(now + 40 * DAY).toISOString(),
      biddingEnd: new Date(now + 40 * DAY + 3_600_000).toISOString(),
      unitIds: [units[0]],
      announce: true,
    }),
  });
  assert.equal(res.status, 201, await res.text());
});

after(async () => {
  await stack?.close();
});

describe('the consistency of units and auctions', () => {
  it('finds nothing when IN_AUCTION units are exactly those active auctions hold', async () => {
    assert.equal((await direct.records('unit').get(units[0] as string)).status, 'IN_AUCTION');
    assert.deepEqual(await job(), { flagged: 0, cleared: 0 });
  });

  it('flags a unit IN_AUCTION without an auction and a held unit set FREE, on the unit and with one task each', async () => {
    await direct.records('unit').update(units[1] as string, { status: 'IN_AUCTION' });
    await direct.records('unit').update(units[0] as string, { status: 'FREE' });
    assert.deepEqual(await job(), { flagged: 2, cleared: 0 });
    assert.match(
      String(await problemOf(units[1] as string)),
      /№ 302 в статусе «На торгах», но ни один идущий аукцион/,
    );
    assert.match(
      String(await problemOf(units[0] as string)),
      /№ 301 выставлено на аукцион К-1, но его статус не «На торгах»/,
    );
    assert.equal(await problemOf(units[2] as string), null);
    assert.equal(await tasksOf(units[1] as string), 1);
    assert.equal(await tasksOf(units[0] as string), 1);
    await job();
    assert.equal(await tasksOf(units[1] as string), 1, 'a second run adds no task');
    assert.equal(
      (await direct.records('unit').get(units[0] as string)).status,
      'FREE',
      'the job changes no status',
    );
  });

  it('clears the problem once the unit agrees again', async () => {
    await direct.records('unit').update(units[1] as string, { status: 'FREE' });
    await direct.records('unit').update(units[0] as string, { status: 'IN_AUCTION' });
    assert.deepEqual(await job(), { flagged: 0, cleared: 2 });
    assert.equal(await problemOf(units[0] as string), null);
    assert.equal(await problemOf(units[1] as string), null);
  });
});
