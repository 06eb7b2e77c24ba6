import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { ReplicaEvent } from '../../../../plugins/core/read-model/read-model';
import { planReplicaBatch, ReplicaEventError } from '../../../../plugins/core/read-model/read-model-apply';
import { openStore, type Store } from '../../../../plugins/core/store/store';

const now = () => new Date('2025-01-01T00:00:00.000Z');
const IDS = [randomUUID(), randomUUID(), randomUUID()];
const TIMES = [undefined, '2025-03-01T10:00:01.000Z', '2025-03-01T10:00:02.000Z', '2025-03-01T10:00:03.000Z'];
const ACTIONS = ['created', 'updated', 'deleted', 'restored', 'destroyed', 'upserted'];

const eventArb = fc
  .record({
    id: fc.constantFrom(...IDS),
    action: fc.constantFrom(...ACTIONS),
    updatedAt: fc.constantFrom(...TIMES),
    n: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ id, action, updatedAt, n }) => ({
    action,
    // No eventDate, so a missing updatedAt makes an unversioned state; a fixed deletedAt keeps a
    // delete's timestamp the same on both paths.
    record: {
      id,
      n,
      ...(updatedAt ? { updatedAt } : {}),
      ...(action === 'deleted' ? { deletedAt: '2025-03-01T09:00:00.000Z' } : {}),
    },
  }));

describe('applying a batch of events to the replica', () => {
  let store: Store;
  before(async () => {
    store = await openStore();
    await store.readModel.register(['unitSeq', 'unitBatch']);
  });
  after(async () => {
    await store.close();
  });

  async function snapshot(object: string) {
    const rows = await store.sql.query<{
      id: string;
      updated_at: Date | null;
      deleted_at: Date | null;
      data: unknown;
    }>(
      `select id::text as id, updated_at, deleted_at, data from ${store.readModel.table(object)} order by id`,
    );
    const tombstones = await store.sql.query<{ id: string }>(
      'select id::text as id from realty_rm_tombstones where object = $1 order by id',
      [object],
    );
    return { rows: rows.rows, tombstones: tombstones.rows.map((t) => t.id) };
  }

  it('leaves the replica exactly as applying the events one by one would', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { maxLength: 6 }),
        fc.array(eventArb, { minLength: 1, maxLength: 12 }),
        async (before, batch) => {
          for (const object of ['unitSeq', 'unitBatch']) {
            await store.sql.query(`delete from ${store.readModel.table(object)}`);
            await store.sql.query('delete from realty_rm_tombstones where object = $1', [object]);
            // What the replica held before the batch: rows, newer rows, tombstones.
            for (const e of before) await store.readModel.applyEvent({ ...e, objectName: object });
          }
          for (const e of batch) await store.readModel.applyEvent({ ...e, objectName: 'unitSeq' });
          const outcomes = await store.readModel.applyEvents(
            batch.map((e) => ({ ...e, objectName: 'unitBatch' })),
          );
          assert.equal(outcomes.length, batch.length);
          assert.deepEqual(await snapshot('unitBatch'), await snapshot('unitSeq'));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports per event whether it was news, and stale for states a newer one in the batch replaced', async () => {
    const id = randomUUID();
    const gone = randomUUID();
    const e = (action: string, recordId: string, updatedAt: string): ReplicaEvent => ({
      objectName: 'unitBatch',
      action,
      record: { id: recordId, updatedAt },
    });
    const first = await store.readModel.applyEvents([
      e('created', id, '2025-03-01T10:00:01.000Z'),
      e('updated', id, '2025-03-01T10:00:02.000Z'),
      e('updated', gone, '2025-03-01T10:00:01.000Z'),
      e('destroyed', gone, '2025-03-01T10:00:01.000Z'),
      { ...e('updated', id, '2025-03-01T10:00:02.000Z'), objectName: 'notReplicated' },
    ]);
    assert.deepEqual(first, ['stale', 'inserted', 'stale', 'destroyed', 'ignored']);
    const again = await store.readModel.applyEvents([
      e('updated', id, '2025-03-01T10:00:02.000Z'),
      e('updated', id, '2025-03-01T10:00:00.000Z'),
      e('updated', gone, '2025-03-01T10:00:09.000Z'),
    ]);
    assert.deepEqual(again, ['unchanged', 'stale', 'stale']);
    assert.equal(await store.readModel.get('unitBatch', gone), undefined);
  });

  it('refuses a batch with an event it could not store before writing any of it', async () => {
    const id = randomUUID();
    await assert.rejects(
      store.readModel.applyEvents([
        { objectName: 'unitBatch', action: 'created', record: { id, updatedAt: '2025-03-01T10:00:00.000Z' } },
        {
          objectName: 'unitBatch',
          action: 'created',
          record: { id: 'abc', updatedAt: '2025-03-01T10:00:00.000Z' },
        },
      ]),
      (error: unknown) => error instanceof ReplicaEventError && /"abc" is not a uuid/.test(error.message),
    );
    assert.equal(await store.readModel.get('unitBatch', id), undefined);
    assert.throws(
      () => planReplicaBatch([{ action: 'updated', record: { id, updatedAt: 'yesterday' } }], now),
      /updatedAt "yesterday", not a timestamp/,
    );
  });

  it('ignores actions the replica does not apply without checking their record', () => {
    const plan = planReplicaBatch([{ action: 'viewed', record: { id: 'whatever' } }], now);
    assert.deepEqual(plan.ignored, [0]);
    assert.equal(plan.writes.size, 0);
  });
});
