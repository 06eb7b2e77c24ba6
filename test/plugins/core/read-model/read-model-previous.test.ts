/**
 * `keepPrevious`: the read model remembers what chosen fields held before each
 * update that changed them — by webhook, sweep or batch, in or out of order —
 * so a handler running after the replica moved on can judge the change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore, type Store } from '../../../../plugins/core/store/store';

const ID = '6f1d6d9e-3a40-4b7e-9a0e-8f7f1d0c2a11';
const OTHER = '6f1d6d9e-3a40-4b7e-9a0e-8f7f1d0c2a12';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();
const unit = (id: string, minute: number, status: string, roubles: number, floor = 3) => ({
  objectName: 'unit',
  action: 'updated',
  record: {
    id,
    updatedAt: at(minute),
    status,
    floor,
    price: { amountMicros: roubles * 1_000_000, currencyCode: 'RUB' },
  },
});

let store: Store;
before(async () => {
  store = await openStore();
  await store.readModel.register([{ nameSingular: 'unit', keepPrevious: ['price', 'status'] }, 'building']);
});
after(async () => {
  await store?.close();
});

describe('the read model’s previous versions', () => {
  it('keeps the price and status a record held before the update that changed them', async () => {
    await store.readModel.applyEvent(unit(ID, 0, 'FREE', 10_000_000));
    await store.readModel.applyEvent(unit(ID, 1, 'SOLD', 9_000_000));
    const previous = await store.readModel.previous('unit', ID, at(1));
    assert.deepEqual(previous?.values, {
      price: { amountMicros: 10_000_000_000_000, currencyCode: 'RUB' },
      status: 'FREE',
    });
    assert.equal(previous?.previousVersion?.toISOString(), at(0));
  });

  it('records nothing for an update that left the kept fields alone, or a first insert', async () => {
    await store.readModel.applyEvent(unit(ID, 2, 'SOLD', 9_000_000, 4));
    assert.equal(await store.readModel.previous('unit', ID, at(2)), undefined);
    await store.readModel.applyEvent(unit(OTHER, 0, 'FREE', 1_000_000));
    assert.equal(await store.readModel.previous('unit', OTHER, at(0)), undefined);
  });

  it('records nothing for a stale event, and one entry for a batch folded into one write', async () => {
    await store.readModel.applyEvent(unit(ID, 1, 'RESERVED', 1));
    assert.equal(await store.readModel.previous('unit', ID, at(1)).then((p) => p?.values.status), 'FREE');
    await store.readModel.applyEvents([
      unit(OTHER, 5, 'BOOKED', 2_000_000),
      unit(OTHER, 6, 'SOLD', 2_000_000),
    ]);
    // One batch folds to its newest state: the replica went FREE → SOLD in one write.
    assert.equal(await store.readModel.previous('unit', OTHER, at(6)).then((p) => p?.values.status), 'FREE');
  });

  it('answers undefined for objects that keep nothing', async () => {
    assert.equal(await store.readModel.previous('building', ID, at(1)), undefined);
  });
});
