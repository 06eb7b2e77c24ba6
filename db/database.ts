/**
 * The project's SQL connection, shared by devhost and the plugins' store:
 * embedded PGlite (a directory, or memory) by default, any Postgres server when
 * a URL is given (DEVHOST_DATABASE_URL, REALTY_DATABASE_URL). Both speak the
 * same `$1` parameter syntax, so callers never know which one they have.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface SqlResult<T> {
  rows: T[];
  affectedRows: number;
}

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<T>>;
  /** Runs several statements (no parameters). */
  exec(text: string): Promise<void>;
  /** Runs `fn` in one transaction; a throw rolls everything back. Nested calls reuse the outer transaction. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… — use a Postgres server instead of PGlite. */
  url?: string;
  /** PGlite data directory; omitted = in memory. */
  dataDir?: string;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Sql> {
  if (options.url) return openPg(options.url);
  const db = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await db.waitReady;
  return pgliteSql(db, db);
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
