/**
 * The plugins' own Postgres: embedded PGlite by default (a directory under
 * REALTY_HOME, or memory), a server when `url` is given. Opening it runs the
 * core migrations; plugins then add theirs with `migrate`.
 */
import { openDatabase, type Sql } from '../../../db/database';
import { createQueue, type Queue, type QueueOptions } from '../queue/queue';
import { createReadModel, type ReadModel } from '../read-model/read-model';
import { type Clock, systemClock } from '../runtime/clock';
import { type Logger, silentLogger } from '../runtime/logger';
import { createLocks, type Locks } from './advisory-locks';
import { CORE_MIGRATIONS, CORE_PLUGIN } from './core-migrations';
import { type Migration, runMigrations } from './migrations';
import { createOwnWrites, type OwnWrites } from './own-writes';

export interface Store {
  sql: Sql;
  /**
   * Applies the plugin's migrations not yet recorded, in order; returns the ids applied now.
   * Code migrations (`run(ctx)`) need `context`.
   */
  migrate<C = never>(
    migrations: readonly Migration<C>[],
    options?: { plugin?: string; context?: C },
  ): Promise<string[]>;
  queue: Queue;
  locks: Locks;
  readModel: ReadModel;
  ownWrites: OwnWrites;
  clock: Clock;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** postgres://… (REALTY_DATABASE_URL); omitted = PGlite. */
  url?: string;
  /** PGlite directory; omitted with no url = in memory. */
  dataDir?: string;
  clock?: Clock;
  log?: Logger;
  queue?: Omit<QueueOptions, 'clock'>;
}

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const sql = await openDatabase({
    ...(options.url ? { url: options.url } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    // Embedded PGlite on its own thread: its statements must not hold up the intake's HTTP answers.
    thread: true,
  });
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  try {
    await runMigrations(sql, CORE_PLUGIN, CORE_MIGRATIONS);
  } catch (error) {
    await sql.close();
    throw error;
  }
  const locks = createLocks({ sql, ...(options.url ? { url: options.url } : {}) });
  const ownWrites = createOwnWrites({ sql, clock, log });
  let closed = false;
  return {
    sql,
    clock,
    migrate: (migrations, opts = {}) =>
      runMigrations(sql, opts.plugin ?? 'app', migrations, {
        locks,
        ...('context' in opts ? { context: opts.context } : {}),
      }),
    queue: createQueue(sql, { ...options.queue, clock }),
    locks,
    readModel: createReadModel(sql),
    ownWrites,
    async close() {
      if (closed) return;
      closed = true;
      await ownWrites.flush();
      await locks.close();
      await sql.close();
    },
  };
}
