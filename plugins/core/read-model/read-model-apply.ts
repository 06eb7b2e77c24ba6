/**
 * How a batch of events lands in one replica table: a pure plan, then one
 * statement for the destroys and one for the upserts. The plan gives exactly
 * the state that applying the events one by one would: per record the events
 * fold by the replica's rule (a state replaces the current one unless the
 * current one is strictly newer; an unversioned side always replaces), and a
 * destroy anywhere in the batch wins (before it, the row is deleted; after it,
 * the tombstone blocks). Postgres cannot upsert one row twice in a statement,
 * so the fold is what makes one statement possible.
 */

import type { Sql } from '../../../db/database';
import type { TwentyRecord } from '../../../sdk/index';
import { keepPreviousCte } from './read-model-previous';

export type RowOutcome = 'inserted' | 'updated' | 'unchanged' | 'stale';

export interface ReplicaEventLike {
  action: string;
  record: TwentyRecord;
  eventDate?: string;
}

export interface ReplicaWrite {
  id: string;
  updatedAt: string | null;
  deletedAt: string | null;
  data: unknown;
  /**
   * Written whatever the replica holds. Set when an unversioned state was folded in: one by one it
   * would have replaced the stored row, and the states after it fold from there, not from the row.
   */
  force?: boolean;
}

export interface ReplicaPlan {
  /** Records to delete and tombstone, with the positions of the events that destroyed them. */
  destroys: Map<string, number[]>;
  /** Per record, the state the fold kept and the position of the event it came from. */
  writes: Map<string, { at: number; write: ReplicaWrite }>;
  /** Positions of upserts the fold dropped (a newer state or a destroy in the same batch). */
  superseded: number[];
  /** Positions of events whose action the replica does not apply. */
  ignored: number[];
}

export class ReplicaEventError extends Error {
  readonly code = 'read_model_bad_event';
  constructor(message: string) {
    super(message);
    this.name = 'ReplicaEventError';
  }
}

const DELETE_ACTIONS = new Set(['deleted']);
const UPSERT_ACTIONS = new Set(['created', 'updated', 'upserted', 'restored', 'deleted']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The row an upserting event writes, or undefined for destroys and actions the replica ignores. */
export function replicaWriteOf(event: ReplicaEventLike, now: () => Date): ReplicaWrite | undefined {
  if (!UPSERT_ACTIONS.has(event.action)) return undefined;
  const { record } = event;
  const deletedAt = DELETE_ACTIONS.has(event.action)
    ? (record.deletedAt ?? event.eventDate ?? now().toISOString())
    : event.action === 'restored'
      ? null
      : (record.deletedAt ?? null);
  return {
    id: record.id,
    updatedAt: record.updatedAt ?? event.eventDate ?? null,
    deletedAt,
    data: { ...record, deletedAt },
  };
}

function checkTime(value: string | null, what: string, id: string): number | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ReplicaEventError(`record ${id} has ${what} "${value}", not a timestamp`);
  return ms;
}

/** The replica's rule: incoming replaces current unless both are versioned and current is newer. */
function replaces(incoming: number | null, current: number | null): boolean {
  return incoming === null || current === null || incoming >= current;
}

/**
 * Folds a batch of events for one object into what one statement per kind must write.
 * Throws ReplicaEventError before anything is written when an event could not be stored at all.
 */
export function planReplicaBatch(events: readonly ReplicaEventLike[], now: () => Date): ReplicaPlan {
  const plan: ReplicaPlan = { destroys: new Map(), writes: new Map(), superseded: [], ignored: [] };
  const versions = new Map<string, number | null>();
  events.forEach((event, at) => {
    const id = event.record.id;
    const write = replicaWriteOf(event, now);
    if (!write && event.action !== 'destroyed') {
      plan.ignored.push(at);
      return;
    }
    if (!UUID.test(id)) throw new ReplicaEventError(`record id "${id}" is not a uuid`);
    if (!write) {
      plan.destroys.set(id, [...(plan.destroys.get(id) ?? []), at]);
      return;
    }
    const version = checkTime(write.updatedAt, 'updatedAt', id);
    checkTime(write.deletedAt, 'deletedAt', id);
    const current = plan.writes.get(id);
    if (current && !replaces(version, versions.get(id) ?? null)) {
      plan.superseded.push(at);
      return;
    }
    if (current) plan.superseded.push(current.at);
    const force = version === null || current?.write.force === true;
    plan.writes.set(id, { at, write: force ? { ...write, force } : write });
    versions.set(id, version);
  });
  for (const id of plan.destroys.keys()) {
    const dropped = plan.writes.get(id);
    if (dropped) {
      plan.superseded.push(dropped.at);
      plan.writes.delete(id);
    }
  }
  return plan;
}

/** Deletes the rows and leaves tombstones, in one statement. */
export async function destroyReplicaRows(
  sql: Sql,
  table: string,
  object: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await sql.query(
    `with gone as (delete from ${table} where id = any($1::uuid[]))
     insert into realty_rm_tombstones (object, id)
     select $2, unnest($1::uuid[]) on conflict do nothing`,
    [[...ids], object],
  );
}

/**
 * Multi-row upsert (ids must be distinct): one statement, two when some rows are forced. Per row
 * it reports what the replica held before, so callers know whether the state was news.
 */
export async function upsertReplicaRows(
  sql: Sql,
  table: string,
  object: string,
  rows: readonly ReplicaWrite[],
  /** Fields whose previous values are kept (read-model-previous.ts) when an update changes them. */
  keepPrevious: readonly string[] = [],
): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = rows.map(() => 'stale');
  for (const force of [false, true]) {
    const positions = rows.flatMap((row, i) => ((row.force === true) === force ? [i] : []));
    if (positions.length === 0) continue;
    const written = await upsertStatement(
      sql,
      table,
      object,
      positions.map((i) => rows[i] as ReplicaWrite),
      force,
      keepPrevious,
    );
    written.forEach((outcome, k) => {
      outcomes[positions[k] as number] = outcome;
    });
  }
  return outcomes;
}

async function upsertStatement(
  sql: Sql,
  table: string,
  object: string,
  rows: readonly ReplicaWrite[],
  force: boolean,
  keepPrevious: readonly string[],
): Promise<RowOutcome[]> {
  const keep = keepPrevious.length > 0;
  const r = await sql.query<{
    ord: number;
    prev_updated: Date | null;
    prev_deleted: Date | null;
    had: boolean;
    written: boolean;
  }>(
    `with incoming as (
       select * from jsonb_to_recordset($1::jsonb)
         as r(ord integer, id uuid, updated_at timestamptz, deleted_at timestamptz, data jsonb)
     ),
     prev as (select t.id, t.updated_at, t.deleted_at${keep ? ', t.data' : ''} from ${table} t join incoming i on i.id = t.id),
     up as (
       insert into ${table} as t (id, updated_at, deleted_at, data)
       select i.id, i.updated_at, i.deleted_at, i.data from incoming i
       where not exists (select 1 from realty_rm_tombstones b where b.object = $2 and b.id = i.id)
       on conflict (id) do update
         set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, data = excluded.data
         ${force ? '' : 'where t.updated_at is null or excluded.updated_at is null or excluded.updated_at >= t.updated_at'}
       returning t.id
     )${
       keep
         ? `,
     ${keepPreviousCte('$3')}`
         : ''
     }
     select i.ord, p.updated_at as prev_updated, p.deleted_at as prev_deleted,
            p.id is not null as had, u.id is not null as written
     from incoming i left join prev p on p.id = i.id left join up u on u.id = i.id`,
    [
      JSON.stringify(
        rows.map((row, ord) => ({
          ord,
          id: row.id,
          updated_at: row.updatedAt,
          deleted_at: row.deletedAt,
          data: row.data,
        })),
      ),
      object,
      ...(keep ? [[...keepPrevious]] : []),
    ],
  );
  const outcomes: RowOutcome[] = rows.map(() => 'stale');
  for (const result of r.rows) {
    const row = rows[Number(result.ord)];
    if (!row || !result.written) continue;
    if (!result.had) {
      outcomes[Number(result.ord)] = 'inserted';
      continue;
    }
    const sameTime =
      result.prev_updated !== null &&
      row.updatedAt !== null &&
      new Date(result.prev_updated).getTime() === new Date(row.updatedAt).getTime();
    const sameDeleted = (result.prev_deleted === null) === (row.deletedAt === null);
    outcomes[Number(result.ord)] = sameTime && sameDeleted ? 'unchanged' : 'updated';
  }
  return outcomes;
}
