/**
 * The embedded Postgres on its own thread behaves as the in-process one does
 * (results, Postgres' error fields, transactions that keep others out,
 * persistence and the directory lock) and keeps this thread's event loop free
 * while a statement runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataDirLockedError, openDatabase, type Sql } from '../../db/database';

/** A promise the test resolves when it chooses: what a transaction waits on to stay open. */
function gate(): { held: Promise<void>; release(): void } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { held, release };
}

describe('PGlite on a worker thread', () => {
  let sql: Sql;
  before(async () => {
    sql = await openDatabase({ thread: true });
    await sql.exec('create table item (id integer primary key, name text not null, data jsonb)');
  });
  after(async () => {
    await sql.close();
  });

  it('answers queries with rows, parameters, types and affected counts', async () => {
    const inserted = await sql.query('insert into item (id, name, data) values ($1, $2, $3), ($4, $5, $6)', [
      1,
      'один',
      { floor: 3 },
      2,
      'two',
      null,
    ]);
    assert.equal(inserted.affectedRows, 2);
    const r = await sql.query<{ id: number; name: string; data: { floor: number } | null; at: Date }>(
      'select id, name, data, now() as at from item order by id',
    );
    assert.deepEqual(
      r.rows.map((row) => [row.id, row.name, row.data]),
      [
        [1, 'один', { floor: 3 }],
        [2, 'two', null],
      ],
    );
    assert.ok(r.rows[0]?.at instanceof Date, 'timestamps arrive as Dates');
  });

  it("keeps Postgres' error fields (code, constraint, detail) for the caller to act on", async () => {
    await assert.rejects(
      sql.query('insert into item (id, name) values (1, $1)', ['again']),
      (error: unknown) => {
        const e = error as Error & { code?: string; constraint?: string; detail?: string };
        assert.equal(e.code, '23505');
        assert.equal(e.constraint, 'item_pkey');
        assert.match(e.detail ?? '', /\(id\)=\(1\) already exists/);
        assert.match(e.message, /duplicate key/);
        return true;
      },
    );
    assert.equal((await sql.query('select count(*)::int as n from item')).rows[0]?.n, 2, 'nothing changed');
  });

  it('commits a transaction, and rolls one back when its function throws', async () => {
    const kept = await sql.transaction(async (tx) => {
      await tx.query('insert into item (id, name) values (10, $1)', ['kept']);
      return tx.transaction(
        async (inner) => (await inner.query('select count(*)::int as n from item')).rows[0],
      );
    });
    assert.deepEqual(kept, { n: 3 }, 'a nested call runs inside the outer transaction');
    await assert.rejects(
      sql.transaction(async (tx) => {
        await tx.query('insert into item (id, name) values (11, $1)', ['gone']);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    const names = (await sql.query<{ name: string }>('select name from item where id >= 10')).rows;
    assert.deepEqual(
      names.map((r) => r.name),
      ['kept'],
    );
  });

  it('keeps every other statement out of an open transaction', async () => {
    const order: string[] = [];
    const { held, release } = gate();
    const tx = sql.transaction(async (t) => {
      await t.query('update item set name = $1 where id = 10', ['inside']);
      order.push('tx wrote');
      await held;
      order.push('tx done');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = sql
      .query<{ name: string }>('select name from item where id = 10')
      .then((r) => order.push(`outside read ${r.rows[0]?.name}`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(order, ['tx wrote'], 'the outside statement waits');
    release();
    await Promise.all([tx, outside]);
    assert.deepEqual(order, ['tx wrote', 'tx done', 'outside read inside']);
  });

  it('runs a waiting urgent statement before the ordinary ones queued ahead of it', async () => {
    const order: string[] = [];
    const { held, release } = gate();
    // A transaction holds the connection while the others pile up behind it.
    const tx = sql.transaction(async (t) => {
      await t.query('select 1');
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = [
      sql.query('select 1').then(() => order.push('ordinary 1')),
      sql.query('select 2').then(() => order.push('ordinary 2')),
      sql.query('select 3', [], { urgent: true }).then(() => order.push('urgent')),
    ];
    release();
    await Promise.all([tx, ...waiting]);
    assert.deepEqual(order, ['urgent', 'ordinary 1', 'ordinary 2']);
  });

  it('leaves the event loop free while a long statement runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await sql.query('select count(*) from generate_series(1, 2000000)');
    const ms = performance.now() - started;
    clearInterval(timer);
    assert.ok(ms > 40, `the statement should take a while to make the point (took ${ms.toFixed(0)} ms)`);
    assert.ok(ticks >= Math.floor(ms / 5 / 3), `timers kept firing: ${ticks} ticks in ${ms.toFixed(0)} ms`);
  });

  it('refuses statements after close with a clear error', async () => {
    const other = await openDatabase({ thread: true });
    await other.close();
    await assert.rejects(other.query('select 1'), /embedded database thread stopped: it was closed/);
  });
});

describe('PGlite on a worker thread, in a directory', () => {
  const home = mkdtempSync(join(tmpdir(), 'realty-pglite-thread-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('keeps its data across a reopen and locks the directory while open', async () => {
    const dataDir = join(home, 'db');
    const first = await openDatabase({ dataDir, thread: true });
    await first.exec("create table kept (v text); insert into kept values ('still here')");
    await assert.rejects(openDatabase({ dataDir, thread: true }), DataDirLockedError);
    await first.close();
    const second = await openDatabase({ dataDir, thread: true });
    assert.deepEqual((await second.query('select v from kept')).rows, [{ v: 'still here' }]);
    await second.close();
  });

  it('does not keep a script alive when it forgets to close', () => {
    const file = join(home, 'forgets-to-close.mts');
    writeFileSync(
      file,
      `import { openDatabase } from ${JSON.stringify(join(process.cwd(), 'db/database.ts'))};
       const sql = await openDatabase({ thread: true });
       const r = await sql.query('select 41 + 1 as n');
       console.log('answer', r.rows[0].n);
      `,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /answer 42/);
  });
});
