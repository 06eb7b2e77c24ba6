/**
 * Previous versions of chosen fields: a read-model object declared with
 * `keepPrevious: ['price', 'status']` has, for every replica update that
 * changed one of those fields, the values the replica held just before —
 * keyed by record and the new version's `updatedAt`, whichever path (webhook,
 * sweep, the project's own writes) brought it. A handler that runs after the
 * dispatcher applied an event to the replica asks `readModel.previous(object,
 * id, updatedAt)` what the record looked like before that event. The rows are
 * written by the replica's own upsert statement (no triggers), in core's table.
 */
import type { Sql } from '../../../db/database';
import { advisoryLockKey } from '../store/advisory-locks';

export const PREVIOUS_TABLE = 'realty_rm_previous';

/** What a record held before one version. */
export interface PreviousVersion {
  /** The `updatedAt` of the replaced state (null when the replica had none). */
  readonly previousVersion: Date | null;
  /** The kept fields as the replica held them (REST shape: composites as objects). */
  readonly values: Readonly<Record<string, unknown>>;
}

const FIELD_NAME = /^[a-z][a-zA-Z0-9]{0,62}$/;

export function keptFieldProblems(fields: readonly string[]): string[] {
  return fields.filter((f) => !FIELD_NAME.test(f)).map((f) => `keepPrevious: "${f}" is not a field name`);
}

export async function ensurePreviousTable(sql: Sql): Promise<void> {
  // Two instances starting together on one Postgres: concurrent `create table if not exists` collide
  // on the catalogue (pg_type); the lock serialises them.
  await sql.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [
      advisoryLockKey(`read-model:${PREVIOUS_TABLE}`),
    ]);
    await tx.exec(`
    create table if not exists ${PREVIOUS_TABLE} (
      object text not null,
      id uuid not null,
      version timestamptz not null,
      previous_version timestamptz,
      data jsonb not null,
      recorded_at timestamptz not null default now(),
      primary key (object, id, version)
    );
    create index if not exists ${PREVIOUS_TABLE}_recorded_at on ${PREVIOUS_TABLE} (recorded_at);`);
  });
}

/**
 * A data-modifying CTE for the replica's upsert statement: for each written row whose kept fields
 * differ from what `prev` held, the old values. `prev` must select `data`; `$2` is the object
 * name, `keptParam` the parameter holding the field names (text[]).
 */
export function keepPreviousCte(keptParam: string): string {
  return `kept as (
       insert into ${PREVIOUS_TABLE} (object, id, version, previous_version, data)
       select $2, p.id, i.updated_at, p.updated_at,
              (select coalesce(jsonb_object_agg(k, p.data->k), '{}'::jsonb) from unnest(${keptParam}::text[]) k)
       from prev p join incoming i on i.id = p.id join up u on u.id = p.id
       where i.updated_at is not null
         and exists (select 1 from unnest(${keptParam}::text[]) k where (p.data->k) is distinct from (i.data->k))
       on conflict (object, id, version) do nothing
     )`;
}

export async function readPrevious(
  sql: Sql,
  object: string,
  id: string,
  version: string | Date,
): Promise<PreviousVersion | undefined> {
  const r = await sql.query<{ previous_version: Date | null; data: Record<string, unknown> }>(
    `select previous_version, data from ${PREVIOUS_TABLE}
     where object = $1 and id = $2::uuid and version = $3::timestamptz`,
    [object, id, version instanceof Date ? version.toISOString() : version],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    previousVersion: row.previous_version ? new Date(row.previous_version) : null,
    values: row.data,
  };
}

/** Forgets previous versions recorded before `before`; returns how many went. */
export async function prunePrevious(sql: Sql, before: Date): Promise<number> {
  const r = await sql.query(`delete from ${PREVIOUS_TABLE} where recorded_at < $1::timestamptz`, [
    before.toISOString(),
  ]);
  return r.affectedRows;
}
