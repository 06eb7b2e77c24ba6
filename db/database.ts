/**
 * The project's SQL connection, shared by devhost and the plugins' store:
 * embedded PGlite (a directory, or memory) by default, any Postgres server when
 * a URL is given (DEVHOST_DATABASE_URL, REALTY_DATABASE_URL). Both speak the
 * same `$1` parameter syntax, so callers never know which one they have.
 */

import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createPglite } from './pglite-template.mjs';
import { openPgliteThread } from './pglite-thread-client';

export interface SqlResult<T> {
  rows: T[];
  affectedRows: number;
}

export interface QueryOptions {
  /**
   * A caller is waiting on this statement (the webhook intake's insert): on the threaded PGlite it
   * runs before statements queued without the flag. Other connections ignore it.
   */
  urgent?: boolean;
}

export interface Sql {
  query<T = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<SqlResult<T>>;
  /** Runs several statements (no parameters). */
  exec(text: string): Promise<void>;
  /** Runs `fn` in one transaction; a throw rolls everything back. Nested calls reuse the outer transaction. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The whole database as a tarball (in-process PGlite only): what `initialData` opens again. */
  dump?(): Promise<Blob>;
}

export interface OpenDatabaseOptions {
  /** postgres://… — use a Postgres server instead of PGlite. */
  url?: string;
  /** PGlite data directory; omitted = in memory. */
  dataDir?: string;
  /**
   * Run PGlite on its own worker thread (db/pglite-thread-client.ts) so its statements never
   * block this thread's event loop. The plugins' store uses it; devhost keeps PGlite in-process.
   */
  thread?: boolean;
  /**
   * A new in-process PGlite starts as this tarball (a `dump()` of another) instead of an empty
   * cluster: tests start many hosts from one provisioned workspace.
   */
  initialData?: Blob;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Sql> {
  if (options.url) return openPg(options.url);
  const open = async (dataDir?: string): Promise<Sql> => {
    if (options.thread) return openPgliteThread(dataDir);
    const db = await createPglite(PGlite, dataDir, options.initialData);
    return pgliteSql(db, db);
  };
  if (!options.dataDir) return open();
  // PGlite is an in-process Postgres: two processes on one directory corrupt it.
  const release = lockDataDir(options.dataDir);
  try {
    const sql = await open(options.dataDir);
    return {
      ...sql,
      async close() {
        await sql.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';
  readonly exitCode = 2;
  constructor(dir: string, pid: number) {
    super(
      `the database directory ${dir} is in use by process ${pid} (an embedded Postgres can be opened by one process only) — stop that process, or use a Postgres server URL`,
    );
    this.name = 'DataDirLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An exclusive lock file beside the directory; a lock left by a dead process is taken over. */
export function lockDataDir(dir: string): () => void {
  const lockFile = `${dir.replace(/[\\/]+$/, '')}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (readFileSync(lockFile, 'utf8') === String(process.pid)) unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid))
        throw new DataDirLockedError(dir, pid);
      if (pid === process.pid) throw new DataDirLockedError(dir, pid);
      unlinkSync(lockFile); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${dir}`);
}

type PGliteLike = Pick<PGlite, 'query' | 'exec'>;

function pgliteSql(root: PGlite, conn: PGliteLike, inTx = false): Sql {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const r = await conn.query<T>(text, params);
      return { rows: r.rows, affectedRows: r.affectedRows ?? 0 };
    },
    async exec(text: string) {
      await conn.exec(text);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>) {
      if (inTx) return fn(pgliteSql(root, conn, true));
      return root.transaction((tx) => fn(pgliteSql(root, tx as unknown as PGliteLike, true)));
    },
    async close() {
      if (!inTx) await root.close();
    },
    dump: () => root.dumpDataDir('none'),
  };
}

async function openPg(url: string): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('select 1');
  const wrap = (client: pg.Pool | pg.PoolClient, inTx: boolean): Sql => ({
    async query<T>(text: string, params: unknown[] = []) {
      const r = await client.query(text, params);
      return { rows: r.rows as T[], affectedRows: r.rowCount ?? 0 };
    },
    async exec(text: string) {
      await client.query(text);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>) {
      if (inTx) return fn(wrap(client, true));
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn(wrap(c, true));
        await c.query('COMMIT');
        return result;
      } catch (error) {
        await c.query('ROLLBACK');
        throw error;
      } finally {
        c.release();
      }
    },
    async close() {
      if (!inTx) await pool.end();
    },
  });
  return wrap(pool, false);
}
