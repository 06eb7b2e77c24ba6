/**
 * Live chessboards over server-sent events. Core's change feed says which
 * units changed (ids and their buildingId, from the read model — webhooks,
 * the sweep's repairs and the project's own writes alike); the stream keeps
 * those of its building and reloads them through the client's own reader, so
 * a principal is never told about a unit or a field it may not see.
 */
import { PassThrough } from 'node:stream';
import type { ChangeFeed } from '../core/access/index';
import type { GridUnit } from './rules/grid';

export const HEARTBEAT_MS = 15_000;

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
 * An SSE response body for one board: subscribes to unit changes, turns each batch of its
 * building's changed ids into a `units` event via `load` (the board's query for just those ids),
 * sends a heartbeat comment so proxies keep the connection, and unsubscribes when the client goes
 * away (or the server shuts down: `signal`).
 */
export function openBoardStream(options: {
  changes: ChangeFeed;
  buildingId: string;
  load: (ids: readonly string[]) => Promise<GridUnit[]>;
  signal?: AbortSignal;
  onError?: (error: unknown) => void;
  heartbeatMs?: number;
}): PassThrough {
  const stream = new PassThrough();
  let sequence = 0;
  const unsubscribe = options.changes.subscribe('unit', { key: 'buildingId' }, async (changed) => {
    const ids = changed.filter((c) => c.key === options.buildingId).map((c) => c.id);
    if (ids.length === 0 || stream.destroyed) return;
    try {
      const units = await options.load(ids);
      const present = new Set(units.map((u) => u.id));
      const payload: UnitsEvent = {
        buildingId: options.buildingId,
        units,
        removed: ids.filter((id) => !present.has(id)),
      };
      if (!stream.destroyed) stream.write(formatSseEvent('units', payload, String(++sequence)));
    } catch (error) {
      options.onError?.(error);
    }
  });
  const heartbeat = setInterval(() => {
    if (!stream.destroyed) stream.write(': keep-alive\n\n');
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  const end = () => stream.end();
  options.signal?.addEventListener('abort', end, { once: true });
  stream.on('close', () => {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', end);
    unsubscribe();
  });
  // Written at once, so the response headers go out and EventSource reports the stream open.
  stream.write(`retry: 2000\n${formatSseEvent('ready', { buildingId: options.buildingId })}`);
  return stream;
}
