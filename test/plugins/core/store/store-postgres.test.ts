/**
 * The multi-instance guarantees need separate database sessions, which one
 * PGlite cannot give: these tests run two stores against a real Postgres
 * server started for the file, and skip when no Postgres is installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runMigrations } from '../../../../plugins/core/store/migrations';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import { startTempPostgres, type TempPostgres } from '../../../support/temp-postgres';

describe('store on a Postgres server shared by two instances', async () => {
  const server: TempPostgres | undefined = await startTempPostgres();
  const noServer = server
    ? false
    : 'no PostgreSQL server binaries on this machine (apt-get install postgresql)';
  let a: Store;
  let b: Store;

  before(async () => {
    if (!server) return;
    // Both instances start at once: the core migrations must still run exactly once.
    [a, b] = await Promise.all([openStore({ url: server.url }), openStore({ url: server.url })]);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    server?.stop();
  });

  it('records each core migration once when two instances start together', { skip: noServer }, async () => {
    const r = await a.sql.query<{ n: number }>(
      `select count(*)::int as n from realty_migrations where plugin = 'core' group by id having count(*) > 1`,
    );
    assert.equal(r.rows.length, 0);
  });

  it('runs a plugin migration on one instance only when both migrate at once', {
    skip: noServer,
  }, async () => {
    const migrations = [{ id: '001', sql: 'create table shared_plug (id int)' }];
    const [fromA, fromB] = await Promise.all([
      runMigrations(a.sql, 'shared', migrations),
      runMigrations(b.sql, 'shared', migrations),
    ]);
    assert.deepEqual([...fromA, ...fromB], ['001']);
  });

  it('lets only one instance hold a named lock; the other skips', { skip: noServer }, async () => {
    let release!: () => void;
    const holding = a.locks.tryWithLock(
      'realty.sweep',
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await b.locks.tryWithLock('realty.sweep', async () => 'ran'), { acquired: false });
    release();
    assert.equal((await holding).acquired, true);
    assert.deepEqual(await b.locks.tryWithLock('realty.sweep', async () => 'ran'), {
      acquired: true,
      value: 'ran',
    });
  });

  it('never hands one job to both instances claiming concurrently', { skip: noServer }, async () => {
    for (let i = 0; i < 200; i++) await a.queue.enqueue('event', { i });
    const claimed: string[] = [];
    const drain = async (store: Store) => {
      for (;;) {
        const jobs = await store.queue.claim(7);
        if (jobs.length === 0) return;
        claimed.push(...jobs.map((j) => j.id));
      }
    };
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    assert.equal(claimed.length, 200);
    assert.equal(new Set(claimed).size, 200);
  });
});
