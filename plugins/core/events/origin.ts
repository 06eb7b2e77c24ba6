/**
 * Who made a write. The runtime runs every handler, job, seed, migration,
 * route, command and operation inside `withOrigin`; the sdk's
 * `onRecordWritten` reads `currentOrigin()` and the own-writes table keeps it
 * beside the write. When Twenty's webhook for that write comes back, the
 * dispatcher hands it to every handler except the one that made it (same
 * plugin, kind 'handler' and name): the project's own changes reach other
 * plugins like a change made in Twenty's UI, and a handler never re-runs on
 * its own echo. Handlers stay idempotent for the rest (decide from state).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const WRITE_ORIGIN_KINDS = [
  'handler',
  'job',
  'route',
  'seed',
  'command',
  'operation',
  'migration',
  'setup',
] as const;

export type WriteOriginKind = (typeof WRITE_ORIGIN_KINDS)[number];

export interface WriteOrigin {
  /** The plugin whose code made the write (`realty` for core's own jobs). */
  plugin: string;
  kind: WriteOriginKind;
  /** The handler's name, the job's name, `${method} ${path}` for a route, the seed's or command's name. */
  name: string;
}

/** Who wrote a record the runtime wrote outside every `withOrigin` (and rows recorded before origins were). */
export const UNATTRIBUTED_ORIGIN: WriteOrigin = Object.freeze({
  plugin: 'realty',
  kind: 'setup',
  name: 'unattributed',
});

const storage = new AsyncLocalStorage<WriteOrigin>();

/** Runs `fn` (and everything it awaits or schedules) with `origin` as the current origin. */
export function withOrigin<T>(origin: WriteOrigin, fn: () => T): T {
  return storage.run(origin, fn);
}

/** The origin of the code running now; undefined outside every `withOrigin`. */
export function currentOrigin(): WriteOrigin | undefined {
  return storage.getStore();
}

/** True when `origin` is this handler's own write (the one handler its echo must not reach). */
export function isOwnHandlerWrite(
  origin: WriteOrigin | null | undefined,
  handler: { plugin: string; name: string },
): boolean {
  return (
    origin !== null &&
    origin !== undefined &&
    origin.kind === 'handler' &&
    origin.plugin === handler.plugin &&
    origin.name === handler.name
  );
}

/** Parses an origin stored as JSON (the own-writes table); anything else is no origin. */
export function readOrigin(value: unknown): WriteOrigin | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.plugin !== 'string' || typeof v.name !== 'string' || typeof v.kind !== 'string')
    return undefined;
  const kind = WRITE_ORIGIN_KINDS.find((k) => k === v.kind);
  return kind ? { plugin: v.plugin, kind, name: v.name } : undefined;
}
