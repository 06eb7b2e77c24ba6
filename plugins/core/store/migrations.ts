/**
 * Versioned changes for the store, recorded in `realty_migrations` and run
 * once, in order. A SQL migration runs in its own transaction under a
 * transaction-scoped advisory lock, so two instances starting together never
 * both apply it: the second waits, then finds it recorded. A code migration
 * (`run(ctx)`, e.g. a data fix through Twenty) cannot sit in a transaction, so
 * it runs under a session lock instead and is recorded when it succeeds.
 */
import type { Sql } from '../../../db/database';
import { advisoryLockKey, type Locks } from './advisory-locks';

interface MigrationBase {
  /** Stable and unique within its plugin; never renamed once released (e.g. `001_queue`). */
  readonly id: string;
  /** Human label for listings; defaults to the description, then the id. */
  readonly name?: string;
  readonly description?: string;
}
export interface SqlMigration extends MigrationBase {
  readonly sql: string;
}
export interface CodeMigration<C = never> extends MigrationBase {
  readonly run: (ctx: C) => Promise<void>;
}
export type Migration<C = never> = SqlMigration | CodeMigration<C>;

export class MigrationError extends Error {
  readonly code: 'migration_invalid' | 'migration_failed';
  readonly plugin: string;
  readonly migrationId?: string;
  constructor(
    code: MigrationError['code'],
    message: string,
    facts: { plugin: string; migrationId?: string; cause?: unknown },
  ) {
    super(message, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.name = 'MigrationError';
    this.code = code;
    this.plugin = facts.plugin;
    if (facts.migrationId !== undefined) this.migrationId = facts.migrationId;
  }
}

const MIGRATIONS_LOCK = advisoryLockKey('realty_migrations');

const LEDGER_DDL = `
create table if not exists realty_migrations (
  plugin text not null,
  id text not null,
  name text not null,
  applied_at timestamptz not null default now(),
  primary key (plugin, id)
)`;

function validate(plugin: string, migrations: readonly Migration<unknown>[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  migrations.forEach((m, index) => {
    if (typeof m.id !== 'string' || m.id.trim() === '') problems.push(`migration #${index + 1} has no id`);
    else if (seen.has(m.id)) problems.push(`migration id "${m.id}" appears twice`);
    else seen.add(m.id);
    const hasSql = 'sql' in m && typeof m.sql === 'string' && m.sql.trim() !== '';
    const hasRun = 'run' in m && typeof m.run === 'function';
    if (hasSql === hasRun) problems.push(`migration "${m.id}" needs exactly one of sql or run(ctx)`);
  });
  if (problems.length > 0) {
    throw new MigrationError(
      'migration_invalid',
      `plugin "${plugin}" declares invalid migrations: ${problems.join('; ')}`,
      {
        plugin,
      },
    );
  }
}

async function isApplied(sql: Sql, plugin: string, id: string): Promise<boolean> {
  const r = await sql.query('select 1 from realty_migrations where plugin = $1 and id = $2', [plugin, id]);
  return r.rows.length > 0;
}

function failed(plugin: string, id: string, error: unknown): MigrationError {
  const reason = error instanceof Error ? error.message : String(error);
  return new MigrationError('migration_failed', `migration "${id}" of plugin "${plugin}" failed: ${reason}`, {
    plugin,
    migrationId: id,
    cause: error,
  });
}

export interface RunMigrationsOptions<C> {
  /** Needed for code migrations: they wait on a session lock rather than a transaction. */
  locks?: Locks;
  context?: C;
}

/**
 * Applies the migrations of `plugin` not yet recorded, in order, stopping at
 * the first failure (earlier ones stay applied). Returns the ids applied now.
 */
export async function runMigrations<C = never>(
  sql: Sql,
  plugin: string,
  migrations: readonly Migration<C>[],
  options: RunMigrationsOptions<C> = {},
): Promise<string[]> {
  validate(plugin, migrations as readonly Migration<unknown>[]);
  const now: string[] = [];
  for (const m of migrations) {
    const label = m.name ?? m.description ?? m.id;
    if ('sql' in m) {
      const ran = await sql.transaction(async (tx) => {
        // The lock comes before the ledger's own DDL: concurrent `create table if not exists` can still collide.
        await tx.query('select pg_advisory_xact_lock($1::bigint)', [MIGRATIONS_LOCK]);
        await tx.exec(LEDGER_DDL);
        if (await isApplied(tx, plugin, m.id)) return false;
        try {
          await tx.exec(m.sql);
        } catch (error) {
          throw failed(plugin, m.id, error);
        }
        await tx.query('insert into realty_migrations (plugin, id, name) values ($1, $2, $3)', [
          plugin,
          m.id,
          label,
        ]);
        return true;
      });
      if (ran) now.push(m.id);
      continue;
    }
    if (!options.locks || !('context' in options)) {
      throw new MigrationError(
        'migration_invalid',
        `migration "${m.id}" of plugin "${plugin}" is code (run(ctx)); pass { locks, context } to run it`,
        { plugin, migrationId: m.id },
      );
    }
    const ran = await options.locks.withLock(`realty_migrations:${plugin}`, async () => {
      if (await isApplied(sql, plugin, m.id)) return false;
      try {
        await m.run(options.context as C);
      } catch (error) {
        throw failed(plugin, m.id, error);
      }
      await sql.query('insert into realty_migrations (plugin, id, name) values ($1, $2, $3)', [
        plugin,
        m.id,
        label,
      ]);
      return true;
    });
    if (ran) now.push(m.id);
  }
  return now;
}

export interface AppliedMigration {
  plugin: string;
  id: string;
  name: string;
  appliedAt: Date;
}

export async function listMigrations(sql: Sql): Promise<AppliedMigration[]> {
  const r = await sql.query<{ plugin: string; id: string; name: string; applied_at: Date }>(
    'select plugin, id, name, applied_at from realty_migrations order by applied_at, plugin, id',
  );
  return r.rows.map((row) => ({
    plugin: row.plugin,
    id: row.id,
    name: row.name,
    appliedAt: new Date(row.applied_at),
  }));
}
