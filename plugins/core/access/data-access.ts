/**
 * What a plugin's domain code (an import pipeline, an auction engine) needs to act, built once
 * from either context it runs in: Twenty's records, the plugin's own store tables, optionally a
 * reader of the read model, a log, a clock, the settings, who acts and where the app is. From a
 * route's (or an operation's) `RouteContext` every write goes through the caller's scoped writer,
 * so the policy applies; from a system `PluginContext` (jobs, handlers, seeds, tests) through the
 * admin-key client. The domain code takes a `DataAccess` and never asks which one it got.
 */
import type { ObjectRef, TwentyRecord } from '../../../sdk/index';
import type { RouteContext } from '../plugin/define-route';
import type { PluginContext } from '../plugin/plugin-context';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/logger';
import type { PluginSettings } from '../settings/define-settings';
import type { PluginStorage, Principal, ScopedReader, ScopedRecords } from './access-types';
import { createPluginStorage } from './plugin-storage';

export interface DataAccess {
  records<T extends TwentyRecord = TwentyRecord>(object: string | ObjectRef<T>): ScopedRecords<T>;
  /** The plugin's own store tables. */
  readonly storage: PluginStorage;
  /** The read model's views (`select … from {unit}`) for reading in bulk; absent, read from Twenty. */
  readonly reader?: Pick<ScopedReader, 'query'>;
  readonly log: Logger;
  readonly clock: Clock;
  /** Every enabled plugin's parsed settings (read yours with `yourSettings.of(access)`). */
  readonly settings: PluginSettings;
  /** Who acts, as protocols record it: a staff e-mail, `agency <id>`, or the system's name. */
  readonly actor: string;
  /** The app's public URL (links written into Twenty). */
  readonly publicUrl: string;
  /** Requests made to Twenty through `records` so far. */
  requests(): number;
}

export interface DataAccessOptions {
  /** Who acts; default a route's caller, or `<plugin> (system)` for a system context. */
  actor?: string;
  /**
   * The read model's reader: default a route's own, none for a system context (pass one);
   * `false` for none at all (everything read from Twenty).
   */
  reader?: Pick<ScopedReader, 'query'> | false;
}

/** A route caller as protocols name them. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'staff':
      return principal.email;
    case 'partner':
      return `agency ${principal.agencyId}`;
    case 'anonymous':
    case 'system':
      return 'anonymous';
    default: {
      const never: never = principal;
      throw new Error(`unknown principal ${JSON.stringify(never)}`);
    }
  }
}

const isRoute = (ctx: PluginContext | RouteContext): ctx is RouteContext =>
  'writer' in ctx && 'principal' in ctx;

/**
 * The data access of `ctx`. `plugin` opens a system context's storage (its tables only) and names
 * the system actor; a route's storage is the one the access layer opened for the route's plugin.
 */
export function dataAccessOf(
  ctx: PluginContext | RouteContext,
  plugin: string,
  options: DataAccessOptions = {},
): DataAccess {
  const reader =
    options.reader === false ? undefined : (options.reader ?? (isRoute(ctx) ? ctx.reader : undefined));
  const shared = { log: ctx.log, clock: ctx.clock, settings: ctx.settings, ...(reader ? { reader } : {}) };
  if (isRoute(ctx))
    return {
      ...shared,
      records: (object) => ctx.writer.records(object),
      storage: ctx.storage,
      actor: options.actor ?? actorOf(ctx.principal),
      publicUrl: ctx.links.publicUrl,
      requests: () => ctx.writer.requests(),
    };
  return {
    ...shared,
    records: (object) => ctx.twenty.records(object),
    storage: createPluginStorage({ sql: ctx.store.sql, plugin, plugins: [plugin] }),
    actor: options.actor ?? `${plugin} (system)`,
    publicUrl: ctx.config.publicUrl,
    requests: () => ctx.twenty.stats().requests,
  };
}
