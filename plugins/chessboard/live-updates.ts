/**
 * Live chessboards over server-sent events. A hub per store polls the unit
 * replica for rows whose updated_at passed its high-water mark — so it sees
 * webhook deliveries, the sweep's repairs and the project's own writes
 * (whose echoes update the replica without running handlers) alike, and works
 * with any number of app instances sharing the store. It polls only while a
 * client is connected, re-reads an overlap window (a late webhook carries an
 * older updatedAt) and de-duplicates by id + updated_at.
 */
import { PassThrough } from 'node:stream';
import type { PluginContext, Store } from '../core/index';
import type { GridUnit } from './grid';

export const DEFAULT_POLL_INTERVAL_MS = 500;
/** How far behind the high-water mark a change may land in the replica and still be pushed. */
export const DEFAULT_OVERLAP_MS = 30_000;
export const HEARTBEAT_MS = 15_000;

export interface ChangedUnit {
  id: string;
  buildingId: string | null;
  updatedAt: number;
}

export interface LiveClient {
  buildingId: string;
  /** Called with the units of its building that changed since the last poll. */
  deliver(changed: readonly ChangedUnit[]): Promise<void>;
}

export interface ChessboardHub {
  subscribe(client: LiveClient): () => void;
  clients(): number;
  /** One poll now (tests, and the timer). */
  poll(): Promise<void>;
}

export function createChessboardHub(options: {
  store: Pick<Store, 'sql' | 'readModel'>;
  log: PluginContext['log'];
  intervalMs?: number;
  overlapMs?: number;
}): ChessboardHub {
  const intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
  const clients = new Set<LiveClient>();
  const seen = new Map<string, number>();
  let highWater: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;

  const since = async (from: number | undefined): Promise<ChangedUnit[]> => {
    const table = options.store.readModel.table('unit');
    const r = await options.store.sql.query<{ id: string; building_id: string | null; at: Date }>(
      from === undefined
        ? `select id::text as id, data->>'buildingId' as building_id, updated_at as at from ${table}
            where updated_at >= (select max(updated_at) from ${table}) - make_interval(secs => $1::float8 / 1000)`
        : `select id::text as id, data->>'buildingId' as building_id, updated_at as at from ${table}
            where updated_at >= to_timestamp($1::float8 / 1000) order by updated_at`,
      [from === undefined ? overlapMs : from - overlapMs],
    );
    return r.rows.map((row) => ({
      id: row.id,
      buildingId: row.building_id,
      updatedAt: new Date(row.at).getTime(),
    }));
  };

  const remember = (rows: readonly ChangedUnit[]): ChangedUnit[] => {
    const fresh = rows.filter((row) => seen.get(`${row.id}@${row.updatedAt}`) === undefined);
    for (const row of rows) {
      seen.set(`${row.id}@${row.updatedAt}`, row.updatedAt);
      highWater = Math.max(highWater ?? row.updatedAt, row.updatedAt);
    }
    if (highWater !== undefined) {
      for (const [key, at] of seen) if (at < highWater - overlapMs) seen.delete(key);
    }
    return fresh;
  };

  const pollOnce = async () => {
    if (highWater === undefined) {
      // The first look only learns what is already there: a board opened now shows it anyway.
      const rows = await since(undefined);
      remember(rows);
      highWater ??= Date.now();
      return;
    }
    const fresh = remember(await since(highWater));
    if (fresh.length === 0) return;
    const byBuilding = new Map<string, ChangedUnit[]>();
    for (const row of fresh) {
      if (row.buildingId === null) continue;
      byBuilding.set(row.buildingId, [...(byBuilding.get(row.buildingId) ?? []), row]);
    }
    await Promise.all(
      [...clients].map(async (client) => {
        const changed = byBuilding.get(client.buildingId);
        if (!changed) return;
        try {
          await client.deliver(changed);
        } catch (error) {
          options.log.warn(
            { err: error, buildingId: client.buildingId },
            'chessboard: a live update failed to send',
          );
        }
      }),
    );
  };

  const hub: ChessboardHub = {
    poll() {
      // Never two polls at once: a slow one is simply followed by the next tick.
      polling ??= pollOnce()
        .catch((error: unknown) =>
          options.log.warn({ err: error }, 'chessboard: polling the unit replica failed'),
        )
        .finally(() => {
          polling = undefined;
        });
      return polling;
    },
    subscribe(client) {
      clients.add(client);
      if (!timer) {
        void hub.poll();
        timer = setInterval(() => void hub.poll(), intervalMs);
      }
      return () => {
        clients.delete(client);
        if (clients.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
          // Forget the mark: while nobody listened, changes were not tracked.
          highWater = undefined;
          seen.clear();
        }
      };
    },
    clients: () => clients.size,
  };
  return hub;
}

const hubs = new WeakMap<object, ChessboardHub>();

/** The hub of this store (one per process and store; instances share nothing but the store). */
export function hubFor(ctx: PluginContext): ChessboardHub {
  let hub = hubs.get(ctx.store);
  if (!hub) {
    hub = createChessboardHub({ store: ctx.store, log: ctx.log });
    hubs.set(ctx.store, hub);
  }
  return hub;
}

export interface UnitsEvent {
  buildingId: string;
  units: GridUnit[];
  /** Changed ids that are no longer on this board (deleted, moved, outside the scope). */
  removed: string[];
}

export function formatSseEvent(event: string, data: unknown, id?: string): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * An SSE response body for one board: subscribes to the hub, turns each batch of changed ids
 * into a `units` event via `load` (the board's query for just those ids), sends a heartbeat
 * comment so proxies keep the connection, and unsubscribes when the client goes away.
 */
export function openBoardStream(options: {
  hub: ChessboardHub;
  buildingId: string;
  load: (ids: readonly string[]) => Promise<GridUnit[]>;
  heartbeatMs?: number;
}): PassThrough {
  const stream = new PassThrough();
  let sequence = 0;
  const unsubscribe = options.hub.subscribe({
    buildingId: options.buildingId,
    async deliver(changed) {
      const ids = changed.map((c) => c.id);
      const units = await options.load(ids);
      const present = new Set(units.map((u) => u.id));
      const payload: UnitsEvent = {
        buildingId: options.buildingId,
        units,
        removed: ids.filter((id) => !present.has(id)),
      };
      if (!stream.destroyed) stream.write(formatSseEvent('units', payload, String(++sequence)));
    },
  });
  const heartbeat = setInterval(() => {
    if (!stream.destroyed) stream.write(': keep-alive\n\n');
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  stream.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
  // Written at once, so the response headers go out and EventSource reports the stream open.
  stream.write(`retry: 2000\n${formatSseEvent('ready', { buildingId: options.buildingId })}`);
  return stream;
}
