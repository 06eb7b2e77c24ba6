/**
 * `definePlugin` and its helpers: a capability declared as data — objects,
 * event handlers (`on`), scheduled jobs (`every`), HTTP routes and data
 * migrations — so the runtime can order, provision, dispatch and schedule it
 * without running any of it. Every problem of a declaration is reported at once.
 */
import nodeCron from 'node-cron';
import type { ObjectRef, TwentyClient, TwentyWebhookEvent } from '../../../sdk/index';
import type { ObjectPolicy } from '../access/access-types';
import type { RowRestriction } from '../access/define-restriction';
import type { PartnerGatewayConfig } from '../access/partner-gateway';
import { STAFF_ROLES } from '../auth/staff-token';
import type { SettingsDeclaration } from '../settings/define-settings';
import { DeclarationError } from './declaration-error';
import type { CommandDeclaration } from './define-command';
import {
  labelProblems,
  type ObjectDefinition,
  type ObjectExtension,
  type PluginLabels,
} from './define-object';
import type { OperationDeclaration } from './define-operation';
import type { PageAssets, PageDeclaration } from './define-page';
import { type RouteConfig, type RouteDeclaration, routeProblems } from './define-route';
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

/**
 * A read-model index, on declared fields (the names of the view's columns' fields: `buildingId`,
 * `status`): the layer builds it over the same expressions the views use, so scoped queries use it.
 */
export interface ReadModelIndexDeclaration {
  readonly fields: readonly string[];
  readonly unique?: boolean;
  readonly name?: string;
}

/** An object replicated into the read model, with the indexes its readers need. */
export type ReadModelDeclaration =
  | ObjectRef<unknown>
  | {
      readonly object: ObjectRef<unknown> | string;
      readonly indexes?: readonly ReadModelIndexDeclaration[];
      /**
       * Fields whose previous values core keeps for every update that changes them, so a handler can
       * ask `ctx.store.readModel.previous(object, id, updatedAt)` what the record held before the event.
       */
      readonly keepPrevious?: readonly string[];
    };

/** The demo data of a capability, loaded by `realty seed-demo` and the first `npm start`; idempotent. */
/** A record of the demo, as a seed writes it (`id` plus field values). */
export type SeedRow = Record<string, unknown>;

export interface SeedRunOptions {
  onProgress?: (done: number, total: number) => void;
  /**
   * The row with the values other plugins' seeds add to this object (their `enrich`): a seed that
   * writes records other plugins extend passes each row through it, so the demo lands in one write.
   */
  enrich?: (object: string, row: SeedRow) => SeedRow;
  /** The plugins whose seeds already ran in this run (in dependency order), their rows enriched. */
  seeded?: readonly string[];
}

export interface SeedDeclaration {
  readonly description: string;
  /** Returns counts per object for the summary (`{ unit: 1454 }`). */
  run(ctx: PluginContext, options: SeedRunOptions): Promise<Record<string, number>>;
  /**
   * This plugin's own field values (fields it adds through `extends`) for demo records another
   * plugin's seed writes, by object: merged into that seed's rows when both run, instead of a
   * second pass over every record — at Twenty's 100 requests a minute, a second pass over 1,400
   * units costs half a minute. The seed's `run` still writes them when its owner ran earlier.
   */
  readonly enrich?: Readonly<Record<string, (row: SeedRow) => SeedRow | undefined>>;
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
  /**
   * Plugins this one cooperates with when they are installed and enabled (holdings shows revenue
   * when revenue is there): it may import their `index.ts`, and must work without them — ask
   * `registry.get(name)` (or the published read's own answer) before relying on one.
   */
  uses?: readonly string[];
  /**
   * Own objects other plugins (that list this one in `dependsOn` or `uses`) may name in their scoped
   * readers' SQL (`{unit}`): a published view whose columns are the object's declared fields. Any
   * other read of this plugin's data goes through the typed functions its index.ts exports.
   */
  publishedViews?: readonly string[];
  objects?: readonly ObjectDefinition[];
  extends?: readonly ObjectExtension[];
  /**
   * Labels of the objects, fields and options above in other languages than the declaration's
   * English (`labels: { ru: registryLabelsRu }`, from `labels-ru.ts`): what `realty setup`
   * provisions in Twenty when `REALTY_LOCALE` names that language. Names never change with it.
   */
  labels?: PluginLabels;
  /** Objects replicated into the store's read model (bulk SQL reads: reports, chessboard). */
  readModel?: readonly ReadModelDeclaration[];
  handlers?: readonly HandlerDeclaration[];
  jobs?: readonly JobDeclaration[];
  routes?: readonly RouteDeclaration[];
  migrations?: readonly PluginMigration[];
  /** Pages (each also a GET route in `routes`) and the asset files they load. */
  pages?: readonly PageDeclaration[];
  assets?: PageAssets;
  /** `realty` subcommands. */
  commands?: readonly CommandDeclaration[];
  /** `defineOperation(…)`: admin actions core serves as `POST /api/operations/…` and as `realty` commands. */
  operations?: readonly OperationDeclaration[];
  settings?: SettingsDeclaration;
  seed?: SeedDeclaration;
  /** The policy of each object the plugin owns (objects without one: staff only). */
  access?: readonly ObjectPolicy[];
  /** `defineRestriction(…)`: row rules ANDed onto other objects' policies (record grants). */
  restrictions?: readonly RowRestriction[];
  /**
   * Runs at the end of `realty setup` (after the schema is provisioned): workspace features the
   * schema cannot declare (a role's row-level predicates). Returns lines for the operator.
   */
  afterSetup?: SetupHook;
  /** Authenticates partner requests (JWT, portal session) for every plugin's partner routes; one plugin at most. */
  partnerGateway?: PartnerGatewayConfig;
}

export interface PluginDefinition {
  readonly kind: 'plugin';
  readonly name: string;
  readonly description: string;
  readonly dependsOn: readonly string[];
  readonly uses: readonly string[];
  readonly publishedViews: readonly string[];
  readonly objects: readonly ObjectDefinition[];
  readonly extends: readonly ObjectExtension[];
  readonly labels?: PluginLabels;
  readonly readModel: readonly ReadModelDeclaration[];
  readonly handlers: readonly HandlerDeclaration[];
  readonly jobs: readonly JobDeclaration[];
  readonly routes: readonly RouteDeclaration[];
  readonly migrations: readonly PluginMigration[];
  readonly pages: readonly PageDeclaration[];
  readonly assets?: PageAssets;
  readonly commands: readonly CommandDeclaration[];
  readonly operations: readonly OperationDeclaration[];
  readonly settings?: SettingsDeclaration;
  readonly seed?: SeedDeclaration;
  readonly access: readonly ObjectPolicy[];
  readonly restrictions: readonly RowRestriction[];
  readonly afterSetup?: SetupHook;
  readonly partnerGateway?: PartnerGatewayConfig;
}

/** `realty setup`'s last step for a plugin: the admin client, whether it is a dry run; lines to print. */
export type SetupHook = (input: { twenty: TwentyClient; dryRun: boolean }) => Promise<readonly string[]>;

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
    uses: Object.freeze([...(config.uses ?? [])]),
    publishedViews: Object.freeze([...(config.publishedViews ?? [])]),
    objects: Object.freeze([...(config.objects ?? [])]),
    extends: Object.freeze([...(config.extends ?? [])]),
    ...(config.labels ? { labels: config.labels } : {}),
    readModel: Object.freeze([...(config.readModel ?? [])]),
    handlers: Object.freeze([...(config.handlers ?? [])]),
    jobs: Object.freeze([...(config.jobs ?? [])]),
    routes: Object.freeze([...(config.routes ?? [])]),
    migrations: Object.freeze([...(config.migrations ?? [])]),
    pages: Object.freeze([...(config.pages ?? [])]),
    ...(config.assets ? { assets: config.assets } : {}),
    commands: Object.freeze([...(config.commands ?? [])]),
    operations: Object.freeze([...(config.operations ?? [])]),
    ...(config.settings ? { settings: config.settings } : {}),
    ...(config.seed ? { seed: config.seed } : {}),
    access: Object.freeze([...(config.access ?? [])]),
    restrictions: Object.freeze([...(config.restrictions ?? [])]),
    ...(config.afterSetup ? { afterSetup: config.afterSetup } : {}),
    ...(config.partnerGateway ? { partnerGateway: config.partnerGateway } : {}),
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
  const uses = config.uses ?? [];
  if (!Array.isArray(uses) || uses.some((u) => typeof u !== 'string'))
    problems.push('uses must list plugin names, e.g. ["revenue"]');
  else {
    if (uses.includes(config.name)) problems.push(`uses lists the plugin itself ("${config.name}")`);
    duplicates(uses, 'used plugin');
    for (const u of uses)
      if (dependsOn.includes(u))
        problems.push(
          `"${u}" is in both dependsOn and uses; a dependency is required, a used plugin optional`,
        );
  }

  const objects = config.objects ?? [];
  const own = new Set(objects.flatMap((o) => (o?.kind === 'object' ? [o.nameSingular] : [])));
  for (const view of config.publishedViews ?? [])
    if (!own.has(view))
      problems.push(`publishedViews: "${String(view)}" is not an object this plugin declares`);
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
  if (config.labels !== undefined) {
    problems.push(
      ...labelProblems(
        config.labels,
        declared,
        (config.extends ?? []).filter((e) => e?.kind === 'extension'),
      ),
    );
  }
  (config.readModel ?? []).forEach((entry, i) => {
    if (readModelObjectName(entry) === undefined)
      problems.push(`readModel[${i}] is not an ObjectRef or { object, indexes }`);
  });
  duplicates(
    (config.readModel ?? []).map(readModelObjectName).filter((n): n is string => typeof n === 'string'),
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
    if (r?.kind !== 'route') {
      problems.push(`routes[${i}] (${at}) is not a defineRoute(…) value`);
      return;
    }
    for (const p of routeProblems(r as unknown as RouteConfig)) problems.push(`${at}: ${p}`);
    for (const role of r.roles ?? []) {
      if (!ROUTE_ACCESS.includes(role))
        problems.push(`${at}: role "${role}" is not one of ${ROUTE_ACCESS.join(', ')}`);
    }
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
  const routeKeys = new Set(routes.map((r) => `${String(r?.method)} ${String(r?.path)}`));
  for (const page of config.pages ?? []) {
    if (page?.kind !== 'page') problems.push('pages: an entry is not a definePage(…) value');
    else if (!routeKeys.has(`GET ${page.path}`))
      problems.push(`page ${page.path} has no GET ${page.path} route in routes`);
  }
  if (config.assets && (typeof config.assets.dir !== 'string' || !Array.isArray(config.assets.files)))
    problems.push('assets must be { dir, files }');
  (config.commands ?? []).forEach((c, i) => {
    if (c?.kind !== 'command') problems.push(`commands[${i}] is not a defineCommand(…) value`);
  });
  (config.operations ?? []).forEach((o, i) => {
    if (o?.kind !== 'operation') problems.push(`operations[${i}] is not a defineOperation(…) value`);
  });
  duplicates(
    [...(config.commands ?? []), ...(config.operations ?? [])].map((c) => String(c?.name)),
    'command',
  );
  if (config.settings !== undefined) {
    if (config.settings?.kind !== 'settings') problems.push('settings is not a defineSettings(…) value');
    else if (config.settings.plugin !== config.name)
      problems.push(`settings are declared for "${config.settings.plugin}", not "${config.name}"`);
  }
  if (config.seed !== undefined && typeof config.seed?.run !== 'function')
    problems.push('seed has no run function');
  (config.access ?? []).forEach((a, i) => {
    if (a?.kind !== 'policy') problems.push(`access[${i}] is not a definePolicy(…) value`);
  });
  duplicates(
    (config.access ?? []).map((a) => String(a?.object)),
    'policy for object',
  );
  const gateway = config.partnerGateway;
  if (gateway !== undefined) {
    if (!Array.isArray(gateway?.objects))
      problems.push('partnerGateway.objects must list the objects it reads');
    if (typeof gateway?.authenticate !== 'function')
      problems.push('partnerGateway has no authenticate function');
  }
  (config.restrictions ?? []).forEach((r, i) => {
    if (r?.kind !== 'restriction') problems.push(`restrictions[${i}] is not a defineRestriction(…) value`);
  });
  return problems;
}

/** The object a read-model declaration replicates. */
export function readModelObjectName(entry: ReadModelDeclaration | undefined): string | undefined {
  if (!entry) return undefined;
  if ('object' in entry && entry.object !== undefined)
    return typeof entry.object === 'string' ? entry.object : entry.object?.nameSingular;
  const name = (entry as ObjectRef<unknown>).nameSingular;
  return typeof name === 'string' ? name : undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
