/**
 * Named mutual exclusion across every instance sharing the store, via
 * Postgres session advisory locks. Session locks belong to one connection, so
 * against a server they are taken on a dedicated connection (a pooled query
 * could unlock on a different one). PGlite is a single session in which
 * advisory locks are re-entrant, so an in-process set also guards there.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Sql } from '../../../db/database';

/** A signed 64-bit key for `pg_advisory_*`, derived from the name (decimal string; pass as `$1::bigint`). */
export function advisoryLockKey(name: string): string {
  const digest = createHash('sha256').update(`twenty-realty:${name}`).digest();
  return BigInt.asIntN(64, digest.readBigUInt64BE(0)).toString();
}

export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

export interface Locks {
  /** Runs `fn` holding the lock `name`; when another holder has it, returns `{ acquired: false }` at once. */
  tryWithLock<T>(name: string, fn: () => Promise<T>): Promise<LockOutcome<T>>;
  /** Runs `fn` holding the lock `name`, waiting (polling) while another holder has it. */
  withLock<T>(
    name: string,
    fn: () => Promise<T>,
    options?: { pollMs?: number; timeoutMs?: number },
  ): Promise<T>;
  /** Names this process holds right now. */
  held(): string[];
  close(): Promise<void>;
}

interface LockSession {
  query(text: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  close(): Promise<void>;
}

function dedicatedSession(url: string): LockSession {
  let client: Promise<pg.Client> | undefined;
  const connect = (): Promise<pg.Client> => {
    if (!client) {
      const c = new pg.Client({ connectionString: url });
      // A dropped connection releases its locks server-side; the next call reconnects.
      c.on('error', () => {
        client = undefined;
      });
      client = c.connect().then(() => c);
      client.catch(() => {
        client = undefined;
      });
    }
    return client;
  };
  return {
    async query(text, params) {
      const c = await connect();
      const r = await c.query(text, params);
      return { rows: r.rows as Array<Record<string, unknown>> };
    },
    async close() {
      const pending = client;
      client = undefined;
      if (pending) await (await pending).end();
    },
  };
}

export class LockTimeoutError extends Error {
  readonly code = 'lock_timeout';
  constructor(name: string, timeoutMs: number) {
    super(`waited ${timeoutMs} ms for the lock "${name}"; another instance still holds it`);
    this.name = 'LockTimeoutError';
  }
}

export function createLocks(options: { sql: Sql; url?: string }): Locks {
  const session: LockSession = options.url
    ? dedicatedSession(options.url)
    : { query: (text, params) => options.sql.query(text, params), close: async () => {} };
  const heldHere = new Set<string>();

  const locks: Locks = {
    async tryWithLock<T>(name: string, fn: () => Promise<T>): Promise<LockOutcome<T>> {
      if (heldHere.has(name)) return { acquired: false };
      heldHere.add(name);
      const key = advisoryLockKey(name);
      let locked = false;
      try {
        const r = await session.query('select pg_try_advisory_lock($1::bigint) as locked', [key]);
        locked = r.rows[0]?.locked === true;
        if (!locked) return { acquired: false };
        return { acquired: true, value: await fn() };
      } finally {
        heldHere.delete(name);
        if (locked) await session.query('select pg_advisory_unlock($1::bigint)', [key]);
      }
    },
    async withLock<T>(
      name: string,
      fn: () => Promise<T>,
      opts: { pollMs?: number; timeoutMs?: number } = {},
    ) {
      const started = Date.now();
      for (;;) {
        const outcome = await locks.tryWithLock(name, fn);
        if (outcome.acquired) return outcome.value;
        if (opts.timeoutMs !== undefined && Date.now() - started > opts.timeoutMs) {
          throw new LockTimeoutError(name, opts.timeoutMs);
        }
        await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 200));
      }
    },
    held: () => [...heldHere],
    close: () => session.close(),
  };
  return locks;
}
