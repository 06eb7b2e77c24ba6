/**
 * Loop prevention by origin. Every record the runtime writes through the sdk
 * is noted here with who wrote it (the client's `onRecordWritten` passes
 * `currentOrigin()`: plugin + handler/job/route/seed/command); when Twenty
 * then sends the webhook for that very write, the dispatcher and the sweep
 * recognise it as the project's own change and hand it to every handler
 * except the one that made it. A create/update/restore is matched exactly by
 * record id and `updatedAt`; a delete carries no `updatedAt` in Twenty's
 * answer, so it is matched by record id within a short window. Lookups the
 * memory cannot answer (another process wrote, or the memory rolled over) are
 * group-committed: concurrent webhook deliveries share one query.
 */
import type { Sql } from '../../../db/database';
import type { RecordWritten } from '../../../sdk/index';
import { readOrigin, type WriteOrigin } from '../events/origin';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/logger';
import { createGroupCommit } from './group-commit';

export const DELETE_ECHO_WINDOW_MS = 120_000;
const MEMORY_LIMIT = 20_000;

export interface EchoCandidate {
  objectName: string;
  action: string;
  record: { id: string; updatedAt?: string | null };
}

/** The project's own write an event echoes; `origin` is absent when the write ran outside every `withOrigin`. */
export interface OwnWrite {
  origin?: WriteOrigin;
}

export interface OwnWrites {
  /** Synchronous so it can be the sdk's `onRecordWritten`; persisted in the background. */
  record(write: RecordWritten, origin?: WriteOrigin): void;
  /** Waits until everything recorded so far is in the table. */
  flush(): Promise<void>;
  /** Answers from this process's memory only (no query): true = surely an echo, false = ask `isEcho`. */
  isKnownEcho(event: EchoCandidate): boolean;
  isEcho(event: EchoCandidate): Promise<boolean>;
  /** The own write this event echoes (memory, then the table), or undefined when someone else made the change. */
  ownWrite(event: EchoCandidate): Promise<OwnWrite | undefined>;
  /** Forgets writes older than `olderThanMs`; returns how many rows went. */
  prune(olderThanMs: number): Promise<number>;
}

const DELETE_ACTIONS = new Set(['deleted', 'destroyed']);

interface EchoLookup {
  object: string;
  record_id: string;
  is_delete: boolean;
  updated_at: string | null;
  /** Deletes count as echoes only when written after this. */
  since: string;
}

function memoryKey(
  object: string,
  id: string,
  updatedAt: string | undefined | null,
  isDelete: boolean,
): string {
  if (isDelete) return `${object}:${id}:delete`;
  const ms = updatedAt ? Date.parse(updatedAt) : Number.NaN;
  return `${object}:${id}:${Number.isNaN(ms) ? String(updatedAt) : ms}`;
}

export function createOwnWrites(options: { sql: Sql; clock: Clock; log: Logger }): OwnWrites {
  const { sql, clock, log } = options;
  // The in-process memory closes the gap between a write and its row landing: Twenty may deliver first.
  const recent = new Map<string, { at: number; origin?: WriteOrigin }>();
  let buffer: Array<{
    object: string;
    record_id: string;
    operation: string;
    updated_at: string | null;
    written_at: string;
    origin: WriteOrigin | null;
  }> = [];
  let writing: Promise<void> = Promise.resolve();
  const lookups = createGroupCommit<EchoLookup, OwnWrite | undefined>({
    async run(items) {
      const r = await sql.query<{ ord: number; origin: unknown }>(
        `select r.ord, w.origin from jsonb_to_recordset($1::jsonb)
           as r(ord integer, object text, record_id text, is_delete boolean, updated_at timestamptz, since timestamptz)
         cross join lateral (
           select w.origin from realty_own_writes w
           where w.object = r.object and w.record_id = r.record_id
             and case when r.is_delete then w.operation = 'delete' and w.written_at >= r.since
                      else w.operation <> 'delete' and w.updated_at = r.updated_at end
           order by w.written_at desc limit 1) w`,
        [JSON.stringify(items.map((item, ord) => ({ ord, ...item })))],
      );
      const found = new Map(r.rows.map((row) => [Number(row.ord), row.origin]));
      return items.map((_, ord) => {
        if (!found.has(ord)) return undefined;
        const raw = found.get(ord);
        const origin = readOrigin(typeof raw === 'string' ? JSON.parse(raw) : raw);
        return origin ? { origin } : {};
      });
    },
  });
  let scheduled = false;

  const knownWrite = (event: EchoCandidate): OwnWrite | undefined => {
    const isDelete = DELETE_ACTIONS.has(event.action);
    const seen = recent.get(memoryKey(event.objectName, event.record.id, event.record.updatedAt, isDelete));
    if (seen === undefined || (isDelete && clock.now().getTime() - seen.at > DELETE_ECHO_WINDOW_MS))
      return undefined;
    return seen.origin ? { origin: seen.origin } : {};
  };
  const isKnownEcho = (event: EchoCandidate): boolean => knownWrite(event) !== undefined;

  const ownWrite = async (event: EchoCandidate): Promise<OwnWrite | undefined> => {
    const known = knownWrite(event);
    if (known) return known;
    const isDelete = DELETE_ACTIONS.has(event.action);
    const now = clock.now().getTime();
    if (!isDelete && !event.record.updatedAt) return undefined;
    return lookups.submit({
      object: event.objectName,
      record_id: event.record.id,
      is_delete: isDelete,
      updated_at: isDelete ? null : (event.record.updatedAt ?? null),
      since: new Date(now - DELETE_ECHO_WINDOW_MS).toISOString(),
    });
  };

  const persist = async (): Promise<void> => {
    scheduled = false;
    const rows = buffer;
    buffer = [];
    if (rows.length === 0) return;
    try {
      await sql.query(
        `insert into realty_own_writes (object, record_id, operation, updated_at, written_at, origin)
         select object, record_id, operation, updated_at, written_at, origin
         from jsonb_to_recordset($1::jsonb)
           as r(object text, record_id text, operation text, updated_at timestamptz, written_at timestamptz,
                origin jsonb)`,
        [JSON.stringify(rows)],
      );
    } catch (error) {
      log.error(
        { err: error, count: rows.length },
        'could not record own writes; their webhooks may run handlers',
      );
    }
  };

  return {
    record(write, origin) {
      const isDelete = write.operation === 'delete';
      const now = clock.now();
      const key = memoryKey(write.object, write.id, write.updatedAt, isDelete);
      // Re-inserted so the map's order stays oldest-first for the roll-over below.
      recent.delete(key);
      recent.set(key, origin ? { at: now.getTime(), origin } : { at: now.getTime() });
      if (recent.size > MEMORY_LIMIT) {
        const oldest = recent.keys().next().value;
        if (oldest !== undefined) recent.delete(oldest);
      }
      buffer.push({
        object: write.object,
        record_id: write.id,
        operation: write.operation,
        updated_at: isDelete ? null : (write.updatedAt ?? null),
        written_at: now.toISOString(),
        origin: origin ?? null,
      });
      if (!scheduled) {
        scheduled = true;
        writing = writing.then(
          () => new Promise<void>((resolve) => setImmediate(() => persist().then(resolve))),
        );
      }
    },
    async flush() {
      await writing;
    },
    isKnownEcho,
    async isEcho(event) {
      return (await ownWrite(event)) !== undefined;
    },
    ownWrite,
    async prune(olderThanMs) {
      const r = await sql.query('delete from realty_own_writes where written_at < $1', [
        new Date(clock.now().getTime() - olderThanMs).toISOString(),
      ]);
      return r.affectedRows;
    },
  };
}
