/**
 * The consistency job of units and auctions, through devhost: a unit IN_AUCTION with no active
 * lot, and a unit an active auction holds that someone set FREE, each get the problem on the unit
 * (`auctionProblem`) and a Twenty task linked to it — once, however often the job runs — and the
 * problem is cleared when the unit agrees again. Nothing else is changed. The auction is made by
 * the `auction-create` operation's route (its dry run first: checked, nothing written).
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
});

const now = Date.now();
const createAuction = (body: Record<string, unknown>) =>
  fetch(`${stack.server.url}/api/operations/auction-create`, {
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
      ...body,
    }),
  });

describe('the auction-create operation', () => {
  it('checks a dry run and writes nothing, refuses bad ids in Russian, then creates and announces', async () => {
    const dry = await createAuction({ dryRun: true });
    assert.equal(dry.status, 200);
    const planned = (await dry.json()) as {
      dryRun: boolean;
      lots: { unitId: string; depositMicros: number }[];
    };
    assert.equal(planned.dryRun, true);
    assert.equal(planned.lots[0]?.unitId, units[0]);
    assert.ok((planned.lots[0]?.depositMicros ?? 0) > 0);
    assert.equal(await direct.records('auction').count(eq('number', 'К-1')), 0);
    const bad = await createAuction({ unitIds: ['nope'] });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /не идентификаторы помещений.*nope/);
    const made = await createAuction({});
    assert.equal(made.status, 200, await made.clone().text());
    assert.equal(((await made.json()) as { status: string }).status, 'ANNOUNCED');
  });
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
