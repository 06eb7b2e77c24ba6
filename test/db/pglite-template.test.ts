/**
 * New embedded databases start from the fresh-cluster template (db/pglite-template.mjs): each is a
 * database of its own, empty, in memory or in a new directory that keeps what is written to it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../db/database';

const CACHE = new URL('../../node_modules/.cache/twenty-realty/', import.meta.url);

describe('PGlite: new databases from the fresh-cluster template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realty-template-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the template exists once a database was opened, and holds no table of the database that made it', async () => {
    const first = await openDatabase();
    await first.exec('create table left_behind (id int); insert into left_behind values (1)');
    await first.close();
    assert.ok(
      readdirSync(CACHE).some((name) => /^pglite-.+-fresh-cluster\.tar$/.test(name)),
      'node_modules/.cache/twenty-realty/ holds the template',
    );
    for (const thread of [false, true]) {
      const next = await openDatabase({ thread });
      const r = await next.query<{ n: number }>(
        `select count(*)::int as n from pg_tables where tablename = 'left_behind'`,
      );
      assert.equal(r.rows[0]?.n, 0, `a new ${thread ? 'threaded ' : ''}database is empty`);
      await next.close();
    }
  });

  it('a new directory is made from the template and keeps what was written across a reopen', async () => {
    const dataDir = join(dir, 'store');
    const db = await openDatabase({ dataDir, thread: true });
    await db.exec(`create table kept (name text); insert into kept values ('Корпус 3')`);
    await db.close();
    assert.ok(existsSync(join(dataDir, 'PG_VERSION')));
    const again = await openDatabase({ dataDir });
    const r = await again.query<{ name: string }>('select name from kept');
    assert.deepEqual(r.rows, [{ name: 'Корпус 3' }]);
    await again.close();
  });
});
