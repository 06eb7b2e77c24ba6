/**
 * Loop prevention. Every record the runtime writes through the sdk is noted
 * here (the client's `onRecordWritten`); when Twenty then sends the webhook
 * for that very write, the intake and the sweep recognise it as an echo and
 * do not run handlers on it. A create/update/restore is matched exactly by
 * record id and `updatedAt`; a delete carries no `updatedAt` in Twenty's
 * answer, so it is matched by record id within a short window. Lookups the
 * memory cannot answer (another process wrote, or the memory rolled over) are
 * group-committed: concurrent webhook deliveries share one query.
 */
import type { Sql } from '../../../db/database';
import type { RecordWritten } from '../../../sdk/index';
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

export interface OwnWrites {
  /** Synchronous so it can be the sdk's `onRecordWritten`; persisted in the background. */
  record(write: RecordWritten): void;
  /** Waits until everything recorded so far is in the table. */
  flush(): Promise<void>;
  /** Answers from this process's memory only (no query): true = surely an echo, false = ask `isEcho`. */
  isKnownEcho(event: EchoCandidate): boolean;
  isEcho(event: EchoCandidate): Promise<boolean>;
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
  const recent = new Map<string, number>();
  let buffer: Array<{
    object: string;
    record_id: string;
    operation: string;
    updated_at: string | null;
    written_at: string;
  }> = [];
  let writing: Promise<void> = Promise.resolve();
  const lookups = createGroupCommit<EchoLookup, boolean>({
    async run(items) {
      const r = await sql.query<{ ord: number }>(
        `select r.ord from jsonb_to_recordset($1::jsonb)
           as r(ord integer, object text, record_id text, is_delete boolean, updated_at timestamptz, since timestamptz)
         where exists (
           select 1 from realty_own_writes w
           where w.object = r.object and w.record_id = r.record_id
             and case when r.is_delete then w.operation = 'delete' and w.written_at >= r.since
                      else w.operation <> 'delete' and w.updated_at = r.updated_at end)`,
        [JSON.stringify(items.map((item, ord) => ({ ord, ...item })))],
      );
      const echoes = new Set(r.rows.map((row) => Number(row.ord)));
      return items.map((_, ord) => echoes.has(ord));
    },
  });
  let scheduled = false;

  const isKnownEcho = (event: EchoCandidate): boolean => {
    const isDelete = DELETE_ACTIONS.has(event.action);
    const seenAt = recent.get(memoryKey(event.objectName, event.record.id, event.record.updatedAt, isDelete));
    return seenAt !== undefined && (!isDelete || clock.now().getTime() - seenAt <= DELETE_ECHO_WINDOW_MS);
  };

  const persist = async (): Promise<void> => {
    scheduled = false;
    const rows = buffer;
    buffer = [];
    if (rows.length === 0) return;
    try {
      await sql.query(
        `insert into realty_own_writes (object, record_id, operation, updated_at, written_at)
         select object, record_id, operation, updated_at, written_at
         from jsonb_to_recordset($1::jsonb)
           as r(object text, record_id text, operation text, updated_at timestamptz, written_at timestamptz)`,
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
    record(write) {
      const isDelete = write.operation === 'delete';
      const now = clock.now();
      recent.set(memoryKey(write.object, write.id, write.updatedAt, isDelete), now.getTime());
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
      if (isKnownEcho(event)) return true;
      const isDelete = DELETE_ACTIONS.has(event.action);
      const now = clock.now().getTime();
      if (!isDelete && !event.record.updatedAt) return false;
      return lookups.submit({
        object: event.objectName,
        record_id: event.record.id,
        is_delete: isDelete,
        updated_at: isDelete ? null : (event.record.updatedAt ?? null),
        since: new Date(now - DELETE_ECHO_WINDOW_MS).toISOString(),
      });
    },
    async prune(olderThanMs) {
      const r = await sql.query('delete from realty_own_writes where written_at < $1', [
        new Date(clock.now().getTime() - olderThanMs).toISOString(),
      ]);
      return r.affectedRows;
    },
  };
}
