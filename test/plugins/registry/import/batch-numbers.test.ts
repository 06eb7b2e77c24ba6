/**
 * importBatch.number is allocated in the store: imports started at the same
 * moment — through one instance, or two sharing a Postgres server — each get
 * their own number, a batch keeps its number when applied again, and numbers
 * go on from the highest Twenty already shows.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createPluginStorage } from '../../../../plugins/core/access/plugin-storage';
import { openStore, type Store } from '../../../../plugins/core/store/index';
import { allocateBatchNumber } from '../../../../plugins/registry/import/batch-numbers';
import { startTempPostgres, type TempPostgres } from '../../../support/temp-postgres';

const storageOf = (store: Store) =>
  createPluginStorage({ sql: store.sql, plugin: 'registry', plugins: ['registry'] });

describe('import batch numbers on the embedded store', () => {
  let store: Store;
  before(async () => {
    store = await openStore();
  });
  after(() => store.close());

  it('gives simultaneous imports different numbers, after the highest Twenty shows', async () => {
    const storage = storageOf(store);
    const ids = Array.from({ length: 8 }, () => randomUUID());
    // Every plan was made before any was applied: each says «№13» (Twenty's highest is 12).
    const numbers = await Promise.all(ids.map((id) => allocateBatchNumber(storage, id, { batchNumber: 13 })));
    assert.deepEqual(
      [...numbers].sort((a, b) => a - b),
      [13, 14, 15, 16, 17, 18, 19, 20],
    );
    assert.equal(
      await allocateBatchNumber(storage, ids[3] as string, { batchNumber: 13 }),
      numbers[3],
      'a batch applied again keeps its number',
    );
  });

  it('keeps the number Twenty shows for a batch started before numbers were kept here', async () => {
    const storage = storageOf(store);
    const id = randomUUID();
    assert.equal(await allocateBatchNumber(storage, id, { batchNumber: 4, resumes: true }), 4);
  });
});

describe('import batch numbers from two instances on one Postgres server', async () => {
  const server: TempPostgres | undefined = await startTempPostgres();
  const noServer = server
    ? false
    : 'no PostgreSQL server binaries on this machine (apt-get install postgresql)';
  let a: Store;
  let b: Store;
  before(async () => {
    if (!server) return;
    [a, b] = await Promise.all([openStore({ url: server.url }), openStore({ url: server.url })]);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    server?.stop();
  });

  it('never gives two imports started at the same moment the same number', { skip: noServer }, async () => {
    const first = storageOf(a);
    const second = storageOf(b);
    const starts = Array.from({ length: 24 }, (_, i) => ({
      id: randomUUID(),
      storage: i % 2 ? first : second,
    }));
    const numbers = await Promise.all(
      starts.map((s) => allocateBatchNumber(s.storage, s.id, { batchNumber: 1 })),
    );
    assert.equal(new Set(numbers).size, numbers.length, `duplicates among ${numbers.join(', ')}`);
    assert.deepEqual(
      [...numbers].sort((x, y) => x - y),
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
  });
});
