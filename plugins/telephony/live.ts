/**
 * Screen pops over server-sent events. The webhook publishes each call it refolded on an
 * in-process bus; every open /calls page's stream hears it at once, builds the pop through its
 * operator's own reader (the client's card, or a "new client" form for an unknown number) and
 * sends it. A page also polls the calls table every few seconds, so a call another instance took
 * reaches it too; (call, version) pairs already sent are skipped, so nothing is sent twice.
 */
import { PassThrough } from 'node:stream';
import type { PluginStorage } from '../core/access/index';
import { type CallRow, callsChangedSince } from './inbox';

export const HEARTBEAT_MS = 15_000;
export const POLL_MS = 2_000;

type Listener = (row: CallRow) => void;
const listeners = new Set<Listener>();

/** The process's bus of refolded calls (the webhook publishes, streams listen). */
export const callBus = {
  publish(row: CallRow): void {
    for (const listener of listeners) listener(row);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  size: () => listeners.size,
};

export function formatSseEvent(event: string, data: unknown, id?: string): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function openCallStream(options: {
  storage: PluginStorage;
  /** Whether this page should hear about the call (the operator it rings, or everyone). */
  admits: (row: CallRow) => boolean;
  /** The pop as this operator may see it. */
  build: (row: CallRow) => Promise<unknown>;
  /** After the pop went out (the card's write). */
  after?: (row: CallRow) => Promise<void>;
  now: () => Date;
  signal?: AbortSignal;
  onError?: (error: unknown) => void;
  pollMs?: number;
  heartbeatMs?: number;
}): PassThrough {
  const stream = new PassThrough();
  const sent = new Map<string, number>();
  let sequence = 0;
  let since = options.now().toISOString();
  const deliver = async (row: CallRow) => {
    if (stream.destroyed || !options.admits(row)) return;
    if ((sent.get(row.id) ?? 0) >= row.version) return;
    sent.set(row.id, row.version);
    try {
      const pop = await options.build(row);
      if (!stream.destroyed) stream.write(formatSseEvent('call', pop, String(++sequence)));
      await options.after?.(row);
    } catch (error) {
      options.onError?.(error);
    }
  };
  const unsubscribe = callBus.subscribe((row) => void deliver(row));
  let polling = false;
  const poll = setInterval(async () => {
    if (polling || stream.destroyed) return;
    polling = true;
    try {
      const rows = await callsChangedSince(options.storage, since);
      for (const row of rows) {
        if (row.updatedAt > since) since = row.updatedAt;
        await deliver(row);
      }
    } catch (error) {
      options.onError?.(error);
    } finally {
      polling = false;
    }
  }, options.pollMs ?? POLL_MS);
  poll.unref();
  const heartbeat = setInterval(() => {
    if (!stream.destroyed) stream.write(': keep-alive\n\n');
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  const end = () => stream.end();
  options.signal?.addEventListener('abort', end, { once: true });
  stream.on('close', () => {
    clearInterval(heartbeat);
    clearInterval(poll);
    options.signal?.removeEventListener('abort', end);
    unsubscribe();
  });
  stream.write(`retry: 2000\n${formatSseEvent('ready', { at: since })}`);
  return stream;
}
