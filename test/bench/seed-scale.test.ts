import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  generateSeedScale,
  LARGE_BUILDING_UNITS,
  loadSeedScaleIntoDevhost,
  loadSeedScaleIntoReadModel,
  main,
  SEED_SCALE_AS_OF_MS,
  type SeedRecord,
  type SeedScale,
} from '../../bench/seed-scale/index';
import { type Devhost, startDevhost } from '../../devhost/server';
import { openStore, type Store } from '../../plugins/core/store/store';
import { createTwentyClient } from '../../sdk/index';

const all = (dataset: SeedScale, name: string): SeedRecord[] => [...dataset.object(name).records()];

function datasetHash(dataset: SeedScale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const object of dataset.objects) {
    const hash = createHash('sha256');
    for (const record of object.records()) hash.update(JSON.stringify(record)).update('\n');
    out[object.name] = hash.digest('hex');
  }
  return out;
}

const micros = (value: unknown): number => (value as { amountMicros: number }).amountMicros;

/** Every rule tying units, auctions, lots, bids, contracts and payments together; returns the problems found. */
function consistencyProblems(dataset: SeedScale): string[] {
  const problems: string[] = [];
  const auctions = new Map(all(dataset, 'auction').map((a) => [a.id, a]));
  const lots = all(dataset, 'lot');
  const contractsByUnit = new Map<string, SeedRecord[]>();
  for (const c of all(dataset, 'contract')) {
    contractsByUnit.set(String(c.unitId), [...(contractsByUnit.get(String(c.unitId)) ?? []), c]);
    const lot = lots.find((l) => l.id === c.lotId);
    if (!lot || micros(lot.finalPrice) !== micros(c.price))
      problems.push(`contract ${c.number}: price is not the lot's final bid`);
  }
  const running = new Map<string, number>();
  for (const lot of lots) {
    const auction = auctions.get(String(lot.auctionId));
    if (!auction) continue;
    if (['ANNOUNCED', 'APPLICATIONS_OPEN', 'ADMISSION', 'BIDDING'].includes(String(auction.status))) {
      running.set(String(lot.unitId), (running.get(String(lot.unitId)) ?? 0) + 1);
    }
    const start = micros(lot.startPrice);
    const expectedPct = start >= 100_000_000 * 1_000_000 ? 20 : 10;
    if (lot.depositPercent !== expectedPct || micros(lot.depositAmount) !== (start * expectedPct) / 100) {
      problems.push(`lot ${lot.id}: deposit ${lot.depositPercent} % of ${start} breaks the 10 %/20 % rule`);
    }
    const gap =
      Date.parse(String(auction.applicationsCloseDate)) - Date.parse(String(auction.announcementDate));
    if (
      gap < 30 * 86_400_000 ||
      Date.parse(String(auction.biddingDate)) <= Date.parse(String(auction.applicationsCloseDate))
    ) {
      problems.push(
        `auction ${auction.number}: announcement, close and bidding are not ≥ 30 days apart and in order`,
      );
    }
  }
  for (const unit of all(dataset, 'unit')) {
    const contracts = contractsByUnit.get(unit.id) ?? [];
    const runs = running.get(unit.id) ?? 0;
    const expected = contracts.some((c) => c.status === 'SIGNED')
      ? 'SOLD'
      : contracts.length > 0
        ? 'BOOKED'
        : runs > 0
          ? 'IN_AUCTION'
          : undefined;
    if (contracts.length > 1 || runs > 1 || (contracts.length > 0 && runs > 0))
      problems.push(`unit ${unit.id}: ${contracts.length} contracts, ${runs} running auctions`);
    if (expected !== undefined && unit.status !== expected)
      problems.push(`unit ${unit.externalCode} is ${unit.status}, expected ${expected}`);
    if (expected === undefined && !['FREE', 'RESERVED', 'NOT_FOR_SALE'].includes(String(unit.status))) {
      problems.push(`unit ${unit.externalCode} is ${unit.status} with no contract and no running auction`);
    }
  }
  return problems;
}

describe('seed-scale dataset', () => {
  it('gives byte-identical records for the same seed and different records for another seed', () => {
    const first = datasetHash(generateSeedScale({ seed: 11, scale: 0.01 }));
    const again = datasetHash(generateSeedScale({ seed: 11, scale: 0.01 }));
    const other = datasetHash(generateSeedScale({ seed: 12, scale: 0.01 }));
    assert.deepEqual(again, first);
    for (const name of ['unit', 'auction', 'bid', 'payment']) assert.notEqual(other[name], first[name], name);
  });

  it('restarts every generator from the beginning, whatever was iterated before', () => {
    const dataset = generateSeedScale({ seed: 3, scale: 0.01 });
    const payments = JSON.stringify(all(dataset, 'payment'));
    all(dataset, 'bid');
    assert.equal(JSON.stringify(all(dataset, 'payment')), payments);
  });

  it('scales every count of the issue by the scale factor, and yields exactly the counts it declares', () => {
    const dataset = generateSeedScale({ seed: 2026, scale: 0.01 });
    const issue = {
      residentialComplex: 107,
      building: 333,
      unit: 19_000,
      auction: 20_000,
      lot: 20_000,
      contract: 11_000,
      workspaceMember: 300,
      opportunity: 5_000,
    };
    for (const [name, full] of Object.entries(issue))
      assert.equal(dataset.counts[name], Math.round(full * 0.01), name);
    for (const object of dataset.objects)
      assert.equal(all(dataset, object.name).length, object.count, object.name);
    assert.ok(
      dataset.counts.payment > dataset.counts.auctionApplication,
      'deposits and refunds outnumber applications',
    );
  });

  it('points every <relation>Id at a generated record of the declared object', () => {
    const dataset = generateSeedScale({ seed: 5, scale: 0.01 });
    const ids = new Map(dataset.objects.map((o) => [o.name, new Set(all(dataset, o.name).map((r) => r.id))]));
    let checked = 0;
    for (const object of dataset.objects) {
      for (const record of object.records()) {
        for (const key of Object.keys(record).filter((k) => k.endsWith('Id') && k !== 'userId')) {
          const target = object.relations[key];
          assert.ok(target, `${object.name}.${key} is a relation nobody declared`);
          const value = record[key];
          if (value === null) continue;
          assert.ok(
            ids.get(target)?.has(String(value)),
            `${object.name} ${record.id}: ${key} ${String(value)} is not a ${target}`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked > 5_000, `only ${checked} references checked`);
  });

  it('keeps unit statuses, prices, deposits and dates consistent with auctions and contracts', () => {
    assert.deepEqual(consistencyProblems(generateSeedScale({ seed: 2026, scale: 0.03 })).slice(0, 5), []);
  });

  it('keeps the dataset consistent for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        assert.deepEqual(consistencyProblems(generateSeedScale({ seed, scale: 0.005 })).slice(0, 5), []);
      }),
      { numRuns: 4 },
    );
  });

  it('bids ascend by exactly one step and the winner pays the last bid, with the deposit credited', () => {
    const dataset = generateSeedScale({ seed: 9, scale: 0.01 });
    const lots = new Map(all(dataset, 'lot').map((l) => [l.id, l]));
    for (const bid of all(dataset, 'bid')) {
      const lot = lots.get(String(bid.lotId));
      assert.ok(lot);
      assert.equal(micros(bid.amount), micros(lot.startPrice) + Number(bid.stepNumber) * micros(lot.bidStep));
      assert.equal(micros(lot.bidStep), micros(lot.startPrice) / 20);
    }
    const contracts = new Map(all(dataset, 'contract').map((c) => [c.id, c]));
    const paidByContract = new Map<string, number>();
    for (const p of all(dataset, 'payment')) {
      assert.ok(
        Date.parse(p.createdAt) <= SEED_SCALE_AS_OF_MS,
        `payment ${p.id} created after the as-of date`,
      );
      if (p.contractId === null) continue;
      paidByContract.set(
        String(p.contractId),
        (paidByContract.get(String(p.contractId)) ?? 0) + micros(p.amount),
      );
    }
    for (const c of contracts.values()) {
      if (c.status === 'SIGNED')
        assert.equal(paidByContract.get(c.id), micros(c.price), `contract ${c.number} schedule`);
    }
  });

  it('dates every record no later than the as-of date and never updates a record before creating it', () => {
    const dataset = generateSeedScale({ seed: 77, scale: 0.05 });
    for (const object of dataset.objects) {
      for (const record of object.records()) {
        const created = Date.parse(record.createdAt);
        const updated = Date.parse(record.updatedAt);
        assert.ok(
          updated <= SEED_SCALE_AS_OF_MS && created <= updated,
          `${object.name} ${record.id}: ${record.createdAt} → ${record.updatedAt}`,
        );
      }
    }
  });

  it('lays units out on a chessboard grid, with a 500-unit building among them', () => {
    const dataset = generateSeedScale({ seed: 2026, scale: 0.1 });
    const perBuilding = new Map<string, Set<string>>();
    for (const unit of all(dataset, 'unit')) {
      const cells = perBuilding.get(String(unit.buildingId)) ?? new Set();
      const cell = `${unit.sectionId}/${unit.floor}/${unit.positionOnFloor}`;
      assert.ok(!cells.has(cell), `two units in cell ${cell}`);
      cells.add(cell);
      perBuilding.set(String(unit.buildingId), cells);
    }
    assert.ok([...perBuilding.values()].some((cells) => cells.size === LARGE_BUILDING_UNITS));
    assert.equal(perBuilding.size, dataset.counts.building);
  });

  it('exits with 2 on a bad option', async () => {
    assert.equal(await main(['--scale', 'lots']), 2);
    assert.equal(await main(['--scale', '0']), 2);
  });
});

describe('loadSeedScaleIntoReadModel', () => {
  let store: Store;
  before(async () => {
    store = await openStore();
  });
  after(async () => {
    await store.close();
  });

  it('fills the replica tables with every record, and a second load changes nothing', async () => {
    const dataset = generateSeedScale({ seed: 2026, scale: 0.01 });
    const progress: string[] = [];
    const summary = await loadSeedScaleIntoReadModel(store, {
      dataset,
      batchSize: 97,
      onProgress: (p) => progress.push(p.object),
    });
    await loadSeedScaleIntoReadModel(store, { dataset });
    for (const object of dataset.objects) {
      assert.equal(await store.readModel.count(object.name), object.count, object.name);
      assert.ok(progress.includes(object.name), `no progress line for ${object.name}`);
    }
    assert.equal(
      summary.rows,
      Object.values(dataset.counts).reduce((a, b) => a + b, 0),
    );
    const unit = all(dataset, 'unit')[42];
    assert.deepEqual((await store.readModel.get('unit', unit.id))?.data, unit);
  });
});

describe('loadSeedScaleIntoDevhost', () => {
  let host: Devhost;
  before(async () => {
    host = await startDevhost({ port: 0, rateLimit: { shortLimit: 100_000, longLimit: 1_000_000 } });
  });
  after(async () => {
    await host.close();
  });

  it('provisions the registry, loads what the workspace has and says what it skipped', async () => {
    const client = createTwentyClient({
      url: host.url,
      apiKey: host.apiKey,
      rateLimit: { requestsPerMinute: 1_000_000, requestsPerSecond: 100_000 },
    });
    const dataset = generateSeedScale({ seed: 1, scale: 0.005 });
    const summary = await loadSeedScaleIntoDevhost(client, { dataset });
    assert.deepEqual(summary.loaded.map((l) => l.object).sort(), [
      'building',
      'company',
      'opportunity',
      'person',
      'residentialComplex',
      'section',
      'unit',
    ]);
    assert.ok(summary.skipped.some((s) => s.object === 'auction' && /provisional/.test(s.reason)));
    assert.ok(summary.skipped.some((s) => s.object === 'workspaceMember'));
    assert.deepEqual(summary.droppedRelations.opportunity, ['ownerId']);
    assert.equal(await client.records('unit').count(), dataset.counts.unit);
    const unit = all(dataset, 'unit')[7];
    const stored = await client.records('unit').get(unit.id);
    assert.deepEqual(
      [stored.status, stored.sectionId, stored.price],
      [unit.status, unit.sectionId, unit.price],
    );
  });
});
