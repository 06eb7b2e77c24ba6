/**
 * `defineRoute`: an HTTP route declared as data — method, path, the roles
 * that may call it, zod schemas for its params, query and body, and the
 * objects it serves. The app server validates the request against the
 * schemas (a mismatch is a 400 in the one error body, naming the field),
 * resolves the principal, and hands the handler a `RouteContext`: a scoped
 * reader and writer over the declared objects only — never the store's SQL
 * or the admin-key Twenty client.
 */
import type { z } from 'zod';
import type { ObjectRef } from '../../../sdk/index';
import type {
  ChangeFeed,
  PluginStorage,
  Principal,
  ScopedReader,
  ScopedWriter,
} from '../access/access-types';
import type { StaffRole } from '../auth/index';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/logger';
import type { PluginSettings } from '../settings/define-settings';
import { DeclarationError } from './declaration-error';
import type { PageDeclaration } from './define-page';
import type { FieldLabels } from './validation-error';

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];
/** A staff role, `partner` (agency JWT) or `public` (no sign-in). */
export type RouteAccess = StaffRole | 'partner' | 'public';

/** Links a route may print: to the record in Twenty, to this app. */
export interface RouteLinks {
  readonly publicUrl: string;
  readonly twentyUrl: string;
  /** Twenty's own record page: `/object/<singular>/<id>`. */
  twentyRecord(object: string, id: string): string;
}

export interface RouteContext {
  readonly plugin: string;
  readonly principal: Principal;
  /** The declared objects through the principal's policy. */
  readonly reader: ScopedReader;
  readonly writer: ScopedWriter;
  /** Ids of records that changed (live pages); reload them through `reader`. */
  readonly changes: ChangeFeed;
  /** The plugin's own store tables. */
  readonly storage: PluginStorage;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: PluginSettings;
  readonly links: RouteLinks;
  /** Every enabled plugin's pages: pass them to `renderPage` so the navigation lists all the principal may use. */
  readonly pages: readonly PageDeclaration[];
  /** Aborted when the server shuts down (long responses, background work a route starts). */
  readonly signal: AbortSignal;
}

export interface RouteRequest<P = Record<string, string>, Q = Record<string, unknown>, B = unknown> {
  method: RouteMethod;
  /** The URL as requested (path and query). */
  url: string;
  params: P;
  query: Q;
  body: B;
  headers: Record<string, string | string[] | undefined>;
  /** The caller's address as the server saw it (Fastify's `request.ip`: a proxy's only when trusted). */
  ip?: string;
}

export interface RouteResponse {
  status?: number;
  headers?: Record<string, string>;
  /** JSON, text/HTML, a Buffer, or a stream (SSE, downloads). */
  body?: unknown;
}

export type RouteBody = z.ZodType | 'raw';

export interface RouteConfig<
  P extends z.ZodType = z.ZodType<Record<string, string>>,
  Q extends z.ZodType = z.ZodType<Record<string, unknown>>,
  B extends RouteBody = z.ZodType<unknown>,
> {
  method: RouteMethod;
  /** Fastify-style, e.g. `/api/chessboard/:buildingId`. */
  path: string;
  roles: readonly RouteAccess[];
  description: string;
  /** The objects the route reads or writes; its reader and writer know no others. `[]` for routes that serve no records. */
  objects: readonly (string | ObjectRef<unknown>)[];
  params?: P;
  query?: Q;
  /** A zod schema for a JSON body, or `raw` for an upload (the body is a Buffer). */
  body?: B;
  /** The largest body this route takes, in bytes, when it must differ from the server's default (1 MB). */
  bodyLimit?: number;
  /**
   * With `body: 'raw'`: the content types taken as raw bytes besides the uploads' (octet-stream,
   * xlsx) — a provider's webhook posts `application/x-www-form-urlencoded` and the handler checks
   * its signature over the bytes as they came.
   */
  rawBodyTypes?: readonly string[];
  /**
   * How people call the params, query and body keys (`{ floorMin: 'Этаж от' }`, dotted paths for
   * nested keys): a validation error names the label, not the key. A key's zod `.describe()` works too.
   */
  labels?: FieldLabels;
  handler(
    request: RouteRequest<z.infer<P>, z.infer<Q>, B extends z.ZodType ? z.infer<B> : Buffer>,
    ctx: RouteContext,
  ): Promise<RouteResponse> | RouteResponse;
}

export interface RouteDeclaration {
  readonly kind: 'route';
  readonly method: RouteMethod;
  readonly path: string;
  readonly roles: readonly RouteAccess[];
  readonly description: string;
  readonly objects: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: RouteBody;
  readonly bodyLimit?: number;
  readonly rawBodyTypes?: readonly string[];
  readonly labels?: FieldLabels;
  readonly handler: (
    request: RouteRequest<unknown, unknown, unknown>,
    ctx: RouteContext,
  ) => Promise<RouteResponse> | RouteResponse;
}

export function defineRoute<
  P extends z.ZodType = z.ZodType<Record<string, string>>,
  Q extends z.ZodType = z.ZodType<Record<string, unknown>>,
  B extends RouteBody = z.ZodType<unknown>,
>(config: RouteConfig<P, Q, B>): RouteDeclaration {
  const at = `defineRoute(${String(config?.method)} ${String(config?.path)})`;
  const problems = routeProblems(config as unknown as RouteConfig);
  if (problems.length > 0) throw new DeclarationError('invalid_route', at, problems);
  return Object.freeze({
    kind: 'route',
    method: config.method,
    path: config.path,
    roles: Object.freeze([...config.roles]),
    description: config.description,
    objects: Object.freeze(config.objects.map((o) => (typeof o === 'string' ? o : o.nameSingular))),
    ...(config.params ? { params: config.params } : {}),
    ...(config.query ? { query: config.query } : {}),
    ...(config.body ? { body: config.body } : {}),
    ...(config.bodyLimit !== undefined ? { bodyLimit: config.bodyLimit } : {}),
    ...(config.rawBodyTypes ? { rawBodyTypes: Object.freeze([...config.rawBodyTypes]) } : {}),
    ...(config.labels ? { labels: Object.freeze({ ...config.labels }) } : {}),
    handler: config.handler as RouteDeclaration['handler'],
  });
}

export function routeProblems(config: RouteConfig): string[] {
  const problems: string[] = [];
  if (!(ROUTE_METHODS as readonly string[]).includes(config?.method))
    problems.push(`method "${String(config?.method)}" is not one of ${ROUTE_METHODS.join(', ')}`);
  if (typeof config?.path !== 'string' || !config.path.startsWith('/'))
    problems.push('path must start with "/"');
  if (!Array.isArray(config?.roles) || config.roles.length === 0)
    problems.push('roles is empty; name who may call it (or "public")');
  if (typeof config?.description !== 'string' || config.description.trim() === '')
    problems.push('description is empty; say what the route is for');
  if (!Array.isArray(config?.objects))
    problems.push('objects is missing; list the objects it serves, or [] when it serves no records');
  if (config?.bodyLimit !== undefined && !(Number.isInteger(config.bodyLimit) && config.bodyLimit > 0))
    problems.push(`bodyLimit ${String(config.bodyLimit)} is not a positive whole number of bytes`);
  if (config?.rawBodyTypes !== undefined && (config.body as unknown) !== 'raw')
    problems.push("rawBodyTypes is only for a route whose body is 'raw'");
  if (typeof config?.handler !== 'function') problems.push('handler is missing');
  return problems;
}
