/**
 * The snapshot the planner compares a file with: read in bulk through the
 * read model's views, then made current by a pull of what Twenty changed
 * since — so a change the replica has not seen yet is never planned against.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadRegistrySnapshot } from '../../../../plugins/registry/import/index';
import { type ImportBench, startImportBench } from './import-devhost';
import { BUILDING_ID, SECTION_ID } from './workbook-fixtures';

let bench: ImportBench;
before(async () => {
  bench = await startImportBench();
});
after(async () => {
  await bench?.close();
});

describe('loadRegistrySnapshot', () => {
  it('reads the replica through the reader and lays newer and deleted records from Twenty over it', async () => {
    const units = bench.ctx.twenty.records('unit');
    const base = { buildingId: BUILDING_ID, sectionId: SECTION_ID, kind: 'FLAT', status: 'FREE', floor: 2 };
    const kept = await units.create({ ...base, externalCode: 'SNAP-KEPT', number: '1', totalArea: 41.5 });
    const moved = await units.create({
      ...base,
      externalCode: 'SNAP-MOVED',
      number: '2',
      price: { amountMicros: 5_000_000_000_000, currencyCode: 'RUB' },
    });
    const gone = await units.create({ ...base, externalCode: 'SNAP-GONE', number: '3' });
    // The replica holds these three as they were created (the test stack has no webhook).
    for (const record of [kept, moved, gone])
      await bench.runtime.store.readModel.applyEvent({ objectName: 'unit', action: 'created', record });
    for (const object of ['residentialComplex', 'building', 'section'])
      await bench.runtime.store.readModel.resync(bench.ctx.twenty, [object]);
    await units.update(moved.id, {
      status: 'SOLD',
      price: { amountMicros: 5_500_000_000_000, currencyCode: 'RUB' },
    });
    await units.delete(gone.id, { mode: 'soft' });

    // A row only the replica holds, older than any pull would reach: it can come only from the view.
    await bench.runtime.store.readModel.applyEvent({
      objectName: 'unit',
      action: 'created',
      record: {
        ...base,
        id: '0f0e0d0c-0b0a-4908-8706-050403020100',
        externalCode: 'SNAP-REPLICA',
        number: '9',
        updatedAt: '2020-01-01T00:00:00.000Z',
      },
    });

    const snapshot = await loadRegistrySnapshot(bench.access);
    const byCode = new Map(snapshot.units.map((u) => [u.externalCode, u]));
    assert.equal(byCode.get('SNAP-REPLICA')?.number, '9', 'the read model is read through the reader');
    assert.equal(byCode.get('SNAP-KEPT')?.totalArea, 41.5);
    assert.equal(byCode.get('SNAP-KEPT')?.floor, 2);
    assert.equal(byCode.get('SNAP-MOVED')?.status, 'SOLD', 'the newer state from Twenty wins');
    assert.equal(byCode.get('SNAP-MOVED')?.price, '5500000');
    assert.equal(byCode.has('SNAP-GONE'), false, 'a record deleted in Twenty is gone');
    assert.deepEqual(
      snapshot.buildings.map((b) => [b.id, b.floors]),
      [[BUILDING_ID, 10]],
    );
    assert.equal(snapshot.sections[0]?.number, 1);
  });
});
