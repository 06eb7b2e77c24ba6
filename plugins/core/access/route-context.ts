/**
 * The access layer as the app server uses it: one per runtime, it builds a
 * route request's `RouteContext` — a reader and writer over the objects the
 * route declared, through the principal's policies, the change feed of those
 * objects, the plugin's own storage, and nothing else (no store, no admin
 * client). Jobs and handlers keep their PluginContext; this is for requests.
 */
import type { Sql } from '../../../db/database';
import type { ObjectRef, TwentyClient } from '../../../sdk/index';
import type { RouteContext, RouteLinks } from '../plugin/define-route';
import { changeFeedFor, type StoreChangeFeed } from '../read-model/change-feed';
import type { ReadModel } from '../read-model/read-model';
import type { Clock } from '../runtime/clock';
import { childLogger, type Logger } from '../runtime/logger';
import type { PluginSettings } from '../settings/define-settings';
import { type AccessRegistry, createAccessScope, objectName } from './access-scope';
import {
  AccessError,
  type ChangeFeed,
  type PartnerScope,
  type PluginStorage,
  type Principal,
  type ScopedReader,
  type ScopedWriter,
} from './access-types';
import { createPluginStorage, storeTables } from './plugin-storage';
import { createScopedReader } from './scoped-reader';
import { createScopedWriter } from './scoped-writer';

/** Exactly what a route handler gets (a test holds every route to it). */
export const ROUTE_CONTEXT_KEYS = [
  'plugin',
  'principal',
  'reader',
  'writer',
  'changes',
  'storage',
  'clock',
  'log',
  'settings',
  'links',
  'pages',
  'signal',
] as const satisfies readonly (keyof RouteContext)[];

export interface AccessLayerOptions {
  sql: Sql;
  readModel: Pick<ReadModel, 'table'>;
  /** The project's (admin-key) client; only the scoped writer reaches it. */
  twenty: TwentyClient;
  registry: AccessRegistry;
  settings: PluginSettings;
  clock: Clock;
  log: Logger;
  /** Where links point: Twenty's UI (TWENTY_URL, or devhost's) and this app (PUBLIC_URL). */
  links: { twentyUrl: string; publicUrl: string };
  /** Default: the store's change feed (one per process and store). */
  changes?: StoreChangeFeed;
  /** An agency's current scope, from the partner gateway (staff readers offer it as `agencyScope`). */
  partnerScopes?: (agencyId: string) => Promise<PartnerScope | undefined>;
}

/** The route as the layer needs it: which plugin serves it and which objects it declared. */
export interface RouteScope {
  readonly plugin: string;
  readonly objects: readonly string[];
}

export interface AccessLayer {
  reader(principal: Principal, objects: readonly string[]): ScopedReader;
  writer(principal: Principal, objects: readonly string[]): ScopedWriter;
  /** The change feed of those objects as the principal may hear it (ids outside its rules never reach it). */
  changes(principal: Principal, objects: readonly string[]): ChangeFeed;
  storage(plugin: string): PluginStorage;
  links: RouteLinks;
  /** The runtime's log (the app server logs failed requests to it). */
  log: Logger;
  /** The context of one request; refuses the system principal (requests always have a caller). */
  routeContext(route: RouteScope, principal: Principal, options?: { signal?: AbortSignal }): RouteContext;
}

export function routeLinks(links: { twentyUrl: string; publicUrl: string }): RouteLinks {
  const twentyUrl = links.twentyUrl.replace(/\/+$/, '');
  const publicUrl = links.publicUrl.replace(/\/+$/, '');
  return Object.freeze({
    twentyUrl,
    publicUrl,
    twentyRecord: (object: string, id: string) =>
      `${twentyUrl}/object/${encodeURIComponent(object)}/${encodeURIComponent(id)}`,
  });
}

export function createAccessLayer(options: AccessLayerOptions): AccessLayer {
  const { sql, registry } = options;
  const feed =
    options.changes ??
    changeFeedFor({ sql, readModel: options.readModel }, childLogger(options.log, { part: 'changes' }));
  const tables = storeTables(sql);
  const plugins = registry.plugins.map((p) => p.name);
  const links = routeLinks(options.links);
  // The shell's navigation lists every page the principal may use, not only the serving plugin's.
  const pages = Object.freeze(registry.plugins.flatMap((p) => p.pages));
  const scopeOf = (principal: Principal, objects: readonly string[]) =>
    createAccessScope({ sql, registry, principal, objects, settings: options.settings });
  const readerOf = (
    principal: Principal,
    objects: readonly string[],
    scope = scopeOf(principal, objects),
  ): ScopedReader => {
    const reader = createScopedReader(scope);
    const scopes = options.partnerScopes;
    if (!scopes || (principal.kind !== 'staff' && principal.kind !== 'system')) return reader;
    const asAgency = async (agencyId: string): Promise<ScopedReader | undefined> => {
      const agencyScope = await scopes(agencyId);
      if (agencyScope === undefined) return undefined;
      // The agency as a partner principal: no user, the gateway's scope as it is now.
      const partner: Principal = { kind: 'partner', agencyId, userId: '', scope: agencyScope };
      return createScopedReader(scopeOf(partner, objects));
    };
    return Object.freeze({ ...reader, principal, asAgency });
  };

  /**
   * The change feed as a principal may hear it: a changed id reaches the listener only when the
   * principal's row rule admits the record now, or admitted it when they subscribed or at an earlier
   * change (so a record leaving their scope is reported once, and then no more) — a partner's live
   * stream never learns that a record outside its scope changed. `all` rules skip the check.
   */
  const changes = (objects: readonly string[], reader: ScopedReader): ChangeFeed => {
    const declared = new Set(objects);
    return {
      subscribe(object: string | ObjectRef<unknown>, { key }, listener) {
        const name = objectName(object);
        if (!declared.has(name))
          throw new AccessError(
            'access_not_declared',
            `this route did not declare the object "${name}"; add it to defineRoute({ objects })`,
          );
        if (reader.rows(name) === 'all') return feed.subscribe(name, { key }, listener);
        const visible = async (ids?: readonly string[]) =>
          new Set(
            (
              await reader.query<{ id: string }>(
                `select x.id::text as id from {${name}} x${ids ? ' where x.id = any($1::uuid[])' : ''}`,
                ids ? [[...ids]] : [],
              )
            ).map((r) => r.id),
          );
        const known = visible();
        known.catch(() => undefined); // a failure is reported where it is awaited
        return feed.subscribe(name, { key }, async (changed) => {
          const before = await known;
          const now = await visible(changed.map((c) => c.id));
          const heard = changed.filter((c) => now.has(c.id) || before.has(c.id));
          for (const c of changed) {
            if (now.has(c.id)) before.add(c.id);
            else before.delete(c.id);
          }
          if (heard.length > 0) await listener(heard);
        });
      },
    };
  };

  const layer: AccessLayer = {
    reader: (principal, objects) => readerOf(principal, objects),
    writer: (principal, objects) => createScopedWriter(scopeOf(principal, objects), options.twenty),
    changes: (principal, objects) => changes(objects, readerOf(principal, objects)),
    storage: (plugin) => createPluginStorage({ sql, plugin, plugins, tables }),
    links,
    log: options.log,
    routeContext(route, principal, contextOptions = {}) {
      if (principal.kind === 'system')
        throw new AccessError(
          'access_denied',
          'a route request always has a caller; the system principal is for jobs and handlers',
        );
      const scope = scopeOf(principal, route.objects);
      const reader = readerOf(principal, route.objects, scope);
      return Object.freeze({
        plugin: route.plugin,
        principal,
        reader,
        writer: createScopedWriter(scope, options.twenty),
        changes: changes(route.objects, reader),
        storage: layer.storage(route.plugin),
        clock: options.clock,
        log: childLogger(options.log, { plugin: route.plugin }),
        settings: options.settings,
        links,
        pages,
        signal: contextOptions.signal ?? new AbortController().signal,
      });
    },
  };
  return layer;
}
