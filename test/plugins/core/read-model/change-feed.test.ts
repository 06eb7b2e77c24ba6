import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createChangeFeed, type FeedChange } from '../../../../plugins/core/read-model/index';
import { silentLogger } from '../../../../plugins/core/runtime/index';
import { openStore, type Store } from '../../../../plugins/core/store/store';

describe('change feed', () => {
  let store: Store;
  before(async () => {
    store = await openStore();
    await store.readModel.register(['feedUnit']);
  });
  after(async () => {
    await store.close();
  });

  const write = (id: string, buildingId: string, updatedAt: Date) =>
    store.readModel.applyEvent({
      objectName: 'feedUnit',
      action: 'updated',
      record: { id, buildingId, updatedAt: updatedAt.toISOString(), status: 'FREE' },
    });

  it('reports each change once, as ids with the key, and only while someone listens', async () => {
    const feed = createChangeFeed({
      sql: store.sql,
      readModel: store.readModel,
      log: silentLogger,
      intervalMs: 60_000,
    });
    const building = randomUUID();
    const old = randomUUID();
    await write(old, building, new Date(Date.now() - 1_000));
    const batches: FeedChange[][] = [];
    const stop = feed.subscribe('feedUnit', { key: 'buildingId' }, (changed) => {
      batches.push([...changed]);
    });
    assert.equal(feed.listeners(), 1);
    await feed.poll(); // the first poll only learns what is there
    assert.equal(batches.length, 0);

    const fresh = randomUUID();
    await write(fresh, building, new Date());
    await feed.poll();
    await feed.poll();
    assert.equal(batches.length, 1, 'one batch, not repeated by the next poll');
    assert.deepEqual(
      batches[0]?.map((c) => ({ id: c.id, key: c.key })),
      [{ id: fresh, key: building }],
    );
    assert.equal(
      Object.keys(batches[0]?.[0] ?? {})
        .sort()
        .join(),
      'id,key,updatedAt',
    );

    // A late delivery (older updatedAt, within the overlap) is still reported, once.
    const late = randomUUID();
    await write(late, building, new Date(Date.now() - 5_000));
    await feed.poll();
    await feed.poll();
    assert.deepEqual(
      batches.slice(1).map((b) => b.map((c) => c.id)),
      [[late]],
    );

    stop();
    assert.equal(feed.listeners(), 0);
    await write(randomUUID(), building, new Date());
    await feed.poll();
    assert.equal(batches.length, 2, 'nothing is delivered after the last listener left');
  });

  it('refuses an object outside the read model and a key that is not a field name', () => {
    const feed = createChangeFeed({ sql: store.sql, readModel: store.readModel, log: silentLogger });
    assert.throws(() => feed.subscribe('nothing', { key: 'buildingId' }, () => {}), /not in the read model/);
    assert.throws(
      () => feed.subscribe('feedUnit', { key: "x'); drop" }, () => {}),
      /not a record field name/,
    );
  });
});
