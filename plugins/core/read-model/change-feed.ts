/**
 * Which records of the read model changed, for live pages. One poller per
 * object and key field reads the replica for rows whose updated_at passed its
 * high-water mark — so it sees webhook deliveries, the sweep's repairs and the
 * project's own writes alike, and works with any number of app instances
 * sharing the store. It polls only while someone listens, re-reads an overlap
 * window (a late webhook carries an older updatedAt), de-duplicates by id +
 * updated_at, and its first poll only learns the mark (a page opened now
 * shows the current state anyway). Listeners get ids, never data. A route
 * never holds this feed itself: its `ctx.changes` (core/access route-context.ts)
 * passes on only the ids its principal's row rule admits, so nobody learns
 * that a record outside their scope changed.
 */
import type { Sql } from '../../../db/database';
import type { Logger } from '../runtime/logger';
import type { ReadModel } from './read-model';

export const CHANGE_FEED_INTERVAL_MS = 500;
/** How far behind the high-water mark a change may land in the replica and still be reported. */
export const CHANGE_FEED_OVERLAP_MS = 30_000;

export interface FeedChange {
  readonly id: string;
  /** The value of the subscription's key field (e.g. the unit's buildingId), as text. */
  readonly key: string | null;
  readonly updatedAt: number;
}

export type FeedListener = (changed: readonly FeedChange[]) => Promise<void> | void;

export interface StoreChangeFeed {
  /** Listens to changes of `object`; `key` is the record field reported with each id. Returns the unsubscribe. */
  subscribe(object: string, options: { key: string }, listener: FeedListener): () => void;
  /** One poll of every active poller now (tests, and the timers). */
  poll(): Promise<void>;
  /** Active listeners over all objects. */
  listeners(): number;
}

export interface ChangeFeedOptions {
  sql: Sql;
  readModel: Pick<ReadModel, 'table'>;
  log: Logger;
  intervalMs?: number;
  overlapMs?: number;
}

const KEY_FIELD = /^[a-zA-Z][a-zA-Z0-9]{0,62}$/;

interface Poller {
  listeners: Set<FeedListener>;
  poll(): Promise<void>;
  start(): void;
  stop(): void;
}

function createPoller(options: ChangeFeedOptions, object: string, key: string): Poller {
  const intervalMs = options.intervalMs ?? CHANGE_FEED_INTERVAL_MS;
  const overlapMs = options.overlapMs ?? CHANGE_FEED_OVERLAP_MS;
  const listeners = new Set<FeedListener>();
  const seen = new Map<string, number>();
  let highWater: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;

  const since = async (from: number | undefined): Promise<FeedChange[]> => {
    const table = options.readModel.table(object);
    const r = await options.sql.query<{ id: string; key: string | null; at: Date }>(
      from === undefined
        ? `select id::text as id, data->>$2 as key, updated_at as at from ${table}
            where updated_at >= (select max(updated_at) from ${table}) - make_interval(secs => $1::float8 / 1000)`
        : `select id::text as id, data->>$2 as key, updated_at as at from ${table}
            where updated_at >= to_timestamp($1::float8 / 1000) order by updated_at`,
      [from === undefined ? overlapMs : from - overlapMs, key],
    );
    return r.rows.map((row) => ({ id: row.id, key: row.key, updatedAt: new Date(row.at).getTime() }));
  };

  const remember = (rows: readonly FeedChange[]): FeedChange[] => {
    const fresh = rows.filter((row) => seen.get(`${row.id}@${row.updatedAt}`) === undefined);
    for (const row of rows) {
      seen.set(`${row.id}@${row.updatedAt}`, row.updatedAt);
      highWater = Math.max(highWater ?? row.updatedAt, row.updatedAt);
    }
    if (highWater !== undefined) {
      for (const [k, at] of seen) if (at < highWater - overlapMs) seen.delete(k);
    }
    return fresh;
  };

  const pollOnce = async () => {
    if (highWater === undefined) {
      remember(await since(undefined));
      highWater ??= Date.now();
      return;
    }
    const fresh = remember(await since(highWater));
    if (fresh.length === 0) return;
    await Promise.all(
      [...listeners].map(async (listener) => {
        try {
          await listener(fresh);
        } catch (error) {
          options.log.warn({ err: error, object, key }, 'change feed: a listener failed');
        }
      }),
    );
  };

  const poller: Poller = {
    listeners,
    poll() {
      // Never two polls at once: a slow one is simply followed by the next tick.
      polling ??= pollOnce()
        .catch((error: unknown) =>
          options.log.warn({ err: error, object }, 'change feed: polling the replica failed'),
        )
        .finally(() => {
          polling = undefined;
        });
      return polling;
    },
    start() {
      if (timer) return;
      void poller.poll();
      timer = setInterval(() => void poller.poll(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      // Forget the mark: while nobody listened, changes were not tracked.
      highWater = undefined;
      seen.clear();
    },
  };
  return poller;
}

export function createChangeFeed(options: ChangeFeedOptions): StoreChangeFeed {
  const pollers = new Map<string, Poller>();
  return {
    subscribe(object, { key }, listener) {
      if (!KEY_FIELD.test(key))
        throw new Error(`change feed: key "${key}" is not a record field name such as "buildingId"`);
      options.readModel.table(object); // throws, naming the object, when it is not replicated
      const name = `${object}\u0000${key}`;
      let poller = pollers.get(name);
      if (!poller) {
        poller = createPoller(options, object, key);
        pollers.set(name, poller);
      }
      const active = poller;
      // The same function twice is two listeners.
      const entry: FeedListener = (changed) => listener(changed);
      active.listeners.add(entry);
      active.start();
      return () => {
        if (!active.listeners.delete(entry)) return;
        if (active.listeners.size === 0) {
          active.stop();
          pollers.delete(name);
        }
      };
    },
    async poll() {
      await Promise.all([...pollers.values()].map((p) => p.poll()));
    },
    listeners: () => [...pollers.values()].reduce((n, p) => n + p.listeners.size, 0),
  };
}

const feeds = new WeakMap<object, StoreChangeFeed>();

/** The change feed of a store: one per process and store (instances share nothing but the store). */
export function changeFeedFor(
  store: { sql: Sql; readModel: Pick<ReadModel, 'table'> },
  log: Logger,
): StoreChangeFeed {
  let feed = feeds.get(store);
  if (!feed) {
    feed = createChangeFeed({ sql: store.sql, readModel: store.readModel, log });
    feeds.set(store, feed);
  }
  return feed;
}
