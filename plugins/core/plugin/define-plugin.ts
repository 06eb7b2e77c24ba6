/**
 * `definePlugin` and its helpers: a capability declared as data — objects,
 * event handlers (`on`), scheduled jobs (`every`), HTTP routes and data
 * migrations — so the runtime can order, provision, dispatch and schedule it
 * without running any of it. Every problem of a declaration is reported at once.
 */
import nodeCron from 'node-cron';
import type { ObjectRef, TwentyWebhookEvent } from '../../../sdk/index';
import { STAFF_ROLES, type StaffIdentity, type StaffRole } from '../auth/staff-token';
import { DeclarationError } from './declaration-error';
import type { ObjectDefinition, ObjectExtension } from './define-object';
import type { PluginContext } from './plugin-context';

export const EVENT_ACTIONS = ['created', 'updated', 'deleted', 'destroyed', 'restored', 'upserted'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** The business runs on Moscow time; a job states its zone rather than inheriting the host's. */
export const DEFAULT_JOB_TIME_ZONE = 'Europe/Moscow';

export type EventHandler = (event: TwentyWebhookEvent, ctx: PluginContext) => Promise<void> | void;
export type JobFunction = (event: undefined, ctx: PluginContext) => Promise<void> | void;
export type TypedEvent<T> = Omit<TwentyWebhookEvent, 'record'> & { record: T };

export interface HandlerDeclaration {
  readonly kind: 'handler';
  /** `<object>.<action>`, either part may be `*`: `unit.updated`, `unit.*`, `*.created`. */
  readonly pattern: string;
  readonly name?: string;
  readonly run: EventHandler;
}

export interface JobDeclaration {
  readonly kind: 'job';
  readonly cron: string;
  readonly name: string;
  readonly timeZone: string;
  readonly run: JobFunction;
}

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];
/** A staff role, `partner` (agency JWT, scoped by the gateway) or `public` (no sign-in). */
export type RouteAccess = StaffRole | 'partner' | 'public';

export interface RouteRequest {
  method: RouteMethod;
  path: string;
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The signed-in staff member on staff routes (the server checked the role); absent on public ones. */
  staff?: StaffIdentity;
}

export interface RouteResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type RouteHandler = (
  request: RouteRequest,
  ctx: PluginContext,
) => Promise<RouteResponse> | RouteResponse;

export interface RouteDeclaration {
  readonly method: RouteMethod;
  /** Fastify-style, e.g. `/api/chessboard/:buildingId`. */
  readonly path: string;
  readonly roles: readonly RouteAccess[];
  readonly handler: RouteHandler;
  readonly description?: string;
}

/** A data migration: runs once per workspace, recorded in the store (Medusa-style). */
export interface PluginMigration {
  readonly id: string;
  readonly description?: string;
  readonly run: (ctx: PluginContext) => Promise<void>;
}

export interface PluginConfig {
  name: string;
  description: string;
  dependsOn?: readonly string[];
  objects?: readonly ObjectDefinition[];
  extends?: readonly ObjectExtension[];
  /** Objects replicated into the store's read model (bulk SQL reads: reports, chessboard). */
  readModel?: readonly ObjectRef<unknown>[];
  handlers?: readonly HandlerDeclaration[];
  jobs?: readonly JobDeclaration[];
  routes?: readonly RouteDeclaration[];
  migrations?: readonly PluginMigration[];
}

export interface PluginDefinition {
  readonly kind: 'plugin';
  readonly name: string;
  readonly description: string;
  readonly dependsOn: readonly string[];
  readonly objects: readonly ObjectDefinition[];
  readonly extends: readonly ObjectExtension[];
  readonly readModel: readonly ObjectRef<unknown>[];
  readonly handlers: readonly HandlerDeclaration[];
  readonly jobs: readonly JobDeclaration[];
  readonly routes: readonly RouteDeclaration[];
  readonly migrations: readonly PluginMigration[];
}

/** A stable name keeps handler idempotency keys valid when handlers are reordered. */
export interface HandlerOptions {
  name?: string;
}

export function on(pattern: string, handler: EventHandler, options?: HandlerOptions): HandlerDeclaration;
export function on<T>(
  object: ObjectRef<T>,
  action: EventAction | '*',
  handler: (event: TypedEvent<T>, ctx: PluginContext) => Promise<void> | void,
  options?: HandlerOptions,
): HandlerDeclaration;
export function on<T>(
  target: string | ObjectRef<T>,
  second: EventAction | '*' | EventHandler,
  third?: ((event: TypedEvent<T>, ctx: PluginContext) => Promise<void> | void) | HandlerOptions,
  fourth?: HandlerOptions,
): HandlerDeclaration {
  const patternForm = typeof target === 'string' && typeof second === 'function';
  const pattern = patternForm
    ? target
    : `${typeof target === 'string' ? target : target.nameSingular}.${String(second)}`;
  // The record of an event on a declared object has the declared shape: the cast only names it.
  // A missing handler stays missing so definePlugin reports it.
  const run = (patternForm ? second : third) as unknown as EventHandler;
  const options = (patternForm ? third : fourth) as HandlerOptions | undefined;
  return Object.freeze({
    kind: 'handler',
    pattern,
    run,
    ...(options?.name !== undefined && { name: options.name }),
  });
}

export function every(
  cron: string,
  name: string,
  job: JobFunction,
  options: { timeZone?: string } = {},
): JobDeclaration {
  return Object.freeze({
    kind: 'job',
    cron,
    name,
    timeZone: options.timeZone ?? DEFAULT_JOB_TIME_ZONE,
    run: job,
  });
}

const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;
const EVENT_PATTERN = new RegExp(`^(\\*|[a-z][a-zA-Z0-9]*)\\.(\\*|${EVENT_ACTIONS.join('|')})$`);
const ROUTE_ACCESS: readonly string[] = [...STAFF_ROLES, 'partner', 'public'];

/** True when `eventName` (`unit.updated`) is matched by `pattern` (`unit.*`, `*.updated`, `*.*`). */
export function eventMatches(pattern: string, eventName: string): boolean {
  const [pObject, pAction] = pattern.split('.');
  const [eObject, eAction] = eventName.split('.');
  return (pObject === '*' || pObject === eObject) && (pAction === '*' || pAction === eAction);
}

export function definePlugin(config: PluginConfig): PluginDefinition {
  const problems = pluginProblems(config);
  if (problems.length > 0)
    throw new DeclarationError('invalid_plugin', `definePlugin("${String(config.name)}")`, problems);
  return Object.freeze({
    kind: 'plugin',
    name: config.name,
    description: config.description,
    dependsOn: Object.freeze([...(config.dependsOn ?? [])]),
    objects: Object.freeze([...(config.objects ?? [])]),
    extends: Object.freeze([...(config.extends ?? [])]),
    readModel: Object.freeze([...(config.readModel ?? [])]),
    handlers: Object.freeze([...(config.handlers ?? [])]),
    jobs: Object.freeze([...(config.jobs ?? [])]),
    routes: Object.freeze([...(config.routes ?? [])]),
    migrations: Object.freeze([...(config.migrations ?? [])]),
  });
}

function pluginProblems(config: PluginConfig): string[] {
  const problems: string[] = [];
  const duplicates = (values: readonly string[], what: string) => {
    const seen = new Set<string>();
    for (const v of values) {
      if (seen.has(v)) problems.push(`${what} "${v}" is declared twice`);
      seen.add(v);
    }
  };
  if (typeof config.name !== 'string' || !PLUGIN_NAME.test(config.name)) {
    problems.push(
      `name "${String(config.name)}" must be lowercase letters, digits and dashes, e.g. "registry"`,
    );
  }
  if (typeof config.description !== 'string' || config.description.trim() === '') {
    problems.push('description is empty; say what the capability is for');
  }
  const dependsOn = config.dependsOn ?? [];
  if (dependsOn.includes(config.name)) problems.push(`dependsOn lists the plugin itself ("${config.name}")`);
  duplicates(dependsOn, 'dependency');

  const objects = config.objects ?? [];
  objects.forEach((o, i) => {
    if (o?.kind !== 'object') problems.push(`objects[${i}] is not a defineObject(…) value`);
  });
  const declared = objects.filter((o) => o?.kind === 'object');
  duplicates(
    declared.flatMap((o) => [o.nameSingular, o.namePlural]),
    'object name',
  );
  (config.extends ?? []).forEach((e, i) => {
    if (e?.kind !== 'extension') problems.push(`extends[${i}] is not an extendObject(…) value`);
  });
  duplicates(
    (config.extends ?? [])
      .filter((e) => e?.kind === 'extension')
      .flatMap((e) => Object.keys(e.fields).map((f) => `${e.nameSingular}.${f}`)),
    'extension field',
  );
  (config.readModel ?? []).forEach((ref, i) => {
    if (typeof ref?.nameSingular !== 'string') problems.push(`readModel[${i}] is not an ObjectRef`);
  });
  duplicates(
    (config.readModel ?? []).map((r) => r?.nameSingular).filter((n): n is string => typeof n === 'string'),
    'read-model object',
  );

  for (const [i, h] of (config.handlers ?? []).entries()) {
    if (h?.kind !== 'handler') {
      problems.push(`handlers[${i}] is not an on(…) value`);
      continue;
    }
    if (!EVENT_PATTERN.test(h.pattern)) {
      problems.push(
        `handler "${h.pattern}": expected <object>.<action> with action ${EVENT_ACTIONS.join('|')} or *`,
      );
    }
    if (typeof h.run !== 'function') problems.push(`handler "${h.pattern}" has no function`);
  }

  duplicates(
    (config.handlers ?? []).flatMap((h) => (typeof h?.name === 'string' ? [h.name] : [])),
    'handler name',
  );

  const jobs = config.jobs ?? [];
  for (const [i, j] of jobs.entries()) {
    if (j?.kind !== 'job') {
      problems.push(`jobs[${i}] is not an every(…) value`);
      continue;
    }
    if (typeof j.name !== 'string' || j.name.trim() === '') problems.push(`jobs[${i}] has no name`);
    if (typeof j.cron !== 'string' || !nodeCron.validate(j.cron)) {
      problems.push(`job "${j.name}": "${String(j.cron)}" is not a cron expression (e.g. "0 7 * * *")`);
    }
    if (!isTimeZone(j.timeZone)) problems.push(`job "${j.name}": unknown time zone "${j.timeZone}"`);
    if (typeof j.run !== 'function') problems.push(`job "${j.name}" has no function`);
  }
  duplicates(
    jobs.filter((j) => j?.kind === 'job').map((j) => j.name),
    'job',
  );

  const routes = config.routes ?? [];
  routes.forEach((r, i) => {
    const at = `route ${String(r?.method)} ${String(r?.path)}`;
    if (!(ROUTE_METHODS as readonly string[]).includes(r?.method))
      problems.push(`routes[${i}]: method "${String(r?.method)}" is not one of ${ROUTE_METHODS.join(', ')}`);
    if (typeof r?.path !== 'string' || !r.path.startsWith('/'))
      problems.push(`routes[${i}]: path must start with "/"`);
    if (!Array.isArray(r?.roles) || r.roles.length === 0)
      problems.push(`${at}: roles is empty; name who may call it (or "public")`);
    for (const role of r?.roles ?? []) {
      if (!ROUTE_ACCESS.includes(role))
        problems.push(`${at}: role "${role}" is not one of ${ROUTE_ACCESS.join(', ')}`);
    }
    if (typeof r?.handler !== 'function') problems.push(`${at} has no handler`);
  });
  duplicates(
    routes.map((r) => `${String(r?.method)} ${String(r?.path)}`),
    'route',
  );

  const migrations = config.migrations ?? [];
  migrations.forEach((m, i) => {
    if (typeof m?.id !== 'string' || m.id.trim() === '') problems.push(`migrations[${i}] has no id`);
    if (typeof m?.run !== 'function') problems.push(`migration "${String(m?.id)}" has no run function`);
  });
  duplicates(
    migrations.map((m) => String(m?.id)),
    'migration',
  );
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
