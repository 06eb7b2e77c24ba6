import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Sql } from '../../../../db/database';
import { advisoryLockKey, createLocks } from '../../../../plugins/core/store/advisory-locks';
import { listMigrations, MigrationError, runMigrations } from '../../../../plugins/core/store/migrations';
import { openStore, type Store } from '../../../../plugins/core/store/store';

describe('store', () => {
  let store: Store;
  before(async () => {
    store = await openStore();
  });
  after(async () => {
    await store.close();
  });

  it('creates the runtime tables when it opens', async () => {
    const r = await store.sql.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_name like 'realty_%' order by 1`,
    );
    const names = r.rows.map((row) => row.table_name);
    for (const t of [
      'realty_migrations',
      'realty_queue',
      'realty_own_writes',
      'realty_job_runs',
      'realty_watermarks',
    ]) {
      assert.ok(names.includes(t), `${t} missing from ${names.join(', ')}`);
    }
  });

  it('applies a plugin migration once and records it under the plugin', async () => {
    const migrations = [
      { id: '001', sql: 'create table plug_a (id int primary key)' },
      { id: '002', name: 'add column', sql: 'alter table plug_a add column label text' },
    ];
    assert.deepEqual(await store.migrate(migrations, { plugin: 'plug' }), ['001', '002']);
    assert.deepEqual(await store.migrate(migrations, { plugin: 'plug' }), []);
    const listed = (await listMigrations(store.sql)).filter((m) => m.plugin === 'plug');
    assert.deepEqual(
      listed.map((m) => [m.id, m.name]),
      [
        ['001', '001'],
        ['002', 'add column'],
      ],
    );
  });

  it('applies only the new migrations when a plugin adds one', async () => {
    const first = [{ id: 'a', sql: 'create table plug_b (id int)' }];
    await store.migrate(first, { plugin: 'plug-b' });
    const applied = await store.migrate([...first, { id: 'b', sql: 'insert into plug_b values (1)' }], {
      plugin: 'plug-b',
    });
    assert.deepEqual(applied, ['b']);
    const rows = await store.sql.query('select * from plug_b');
    assert.equal(rows.rows.length, 1);
  });

  it('keeps earlier migrations, rolls back the failing one and runs none after it', async () => {
    const migrations = [
      { id: '1', sql: 'create table plug_c (id int)' },
      { id: '2', sql: 'create table plug_c2 (id int); create tabel broken' },
      { id: '3', sql: 'create table plug_c3 (id int)' },
    ];
    await assert.rejects(store.migrate(migrations, { plugin: 'plug-c' }), (error: unknown) => {
      assert.ok(error instanceof MigrationError);
      assert.equal(error.code, 'migration_failed');
      assert.equal(error.migrationId, '2');
      assert.match(error.message, /plug-c/);
      return true;
    });
    const tables = await store.sql.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_name like 'plug_c%' order by 1`,
    );
    assert.deepEqual(
      tables.rows.map((r) => r.table_name),
      ['plug_c'],
    );
    assert.deepEqual(
      (await listMigrations(store.sql)).filter((m) => m.plugin === 'plug-c').map((m) => m.id),
      ['1'],
    );
  });

  it('runs a code migration once with the context it is given', async () => {
    const calls: string[] = [];
    const migrations = [
      { id: 'fix-1', description: 'backfill', run: async (ctx: { who: string }) => void calls.push(ctx.who) },
    ];
    assert.deepEqual(await store.migrate(migrations, { plugin: 'code', context: { who: 'first' } }), [
      'fix-1',
    ]);
    assert.deepEqual(await store.migrate(migrations, { plugin: 'code', context: { who: 'second' } }), []);
    assert.deepEqual(calls, ['first']);
  });

  it('does not record a code migration that throws, so it runs again next start', async () => {
    let attempts = 0;
    const migrations = [
      {
        id: 'flaky',
        run: async () => {
          attempts++;
          if (attempts === 1) throw new Error('Twenty was down');
        },
      },
    ];
    await assert.rejects(store.migrate(migrations, { plugin: 'code-2', context: {} }), /Twenty was down/);
    assert.deepEqual(await store.migrate(migrations, { plugin: 'code-2', context: {} }), ['flaky']);
    assert.equal(attempts, 2);
  });

  it('rejects duplicate migration ids before running anything', async () => {
    await assert.rejects(
      store.migrate(
        [
          { id: 'x', sql: 'create table plug_d (id int)' },
          { id: 'x', sql: 'select 1' },
        ],
        { plugin: 'plug-d' },
      ),
      (error: unknown) =>
        error instanceof MigrationError && error.code === 'migration_invalid' && /twice/.test(error.message),
    );
  });

  it('never runs a migration twice when two runners race', async () => {
    const migrations = [{ id: 'once', sql: 'create table plug_race (id int)' }];
    const results = await Promise.all([
      runMigrations(store.sql, 'race', migrations),
      runMigrations(store.sql, 'race', migrations),
    ]);
    assert.deepEqual(results.flat(), ['once']);
  });
});

describe('advisory locks', () => {
  let sql: Sql;
  before(async () => {
    sql = await openDatabase();
  });
  after(async () => {
    await sql.close();
  });

  it('derives a stable signed 64-bit key per name', () => {
    const key = advisoryLockKey('realty.sweep');
    assert.equal(key, advisoryLockKey('realty.sweep'));
    assert.notEqual(key, advisoryLockKey('realty.sweep2'));
    const n = BigInt(key);
    assert.ok(n >= -(2n ** 63n) && n < 2n ** 63n);
  });

  it('skips a second holder while the first runs and frees the lock afterwards', async () => {
    const locks = createLocks({ sql });
    let release!: () => void;
    const first = locks.tryWithLock(
      'job',
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('first');
        }),
    );
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await locks.tryWithLock('job', async () => 'second'), { acquired: false });
    release();
    assert.deepEqual(await first, { acquired: true, value: 'first' });
    assert.deepEqual(await locks.tryWithLock('job', async () => 'third'), { acquired: true, value: 'third' });
    const held = await sql.query(`select 1 from pg_locks where locktype = 'advisory' and granted`);
    assert.equal(held.rows.length, 0);
  });

  it('releases the lock when the guarded function throws', async () => {
    const locks = createLocks({ sql });
    await assert.rejects(
      locks.tryWithLock('boom', async () => {
        throw new Error('job failed');
      }),
      /job failed/,
    );
    assert.deepEqual(await locks.tryWithLock('boom', async () => 1), { acquired: true, value: 1 });
  });
});
