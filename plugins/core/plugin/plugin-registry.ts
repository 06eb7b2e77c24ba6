/**
 * The set of installed plugins, checked as a whole: dependencies exist and
 * form no cycle, no two plugins claim one object, relations and extensions
 * only reach objects of the plugin itself, its dependencies or Twenty's
 * standard objects. Plugins come back in dependency order, which is the
 * order the runtime provisions, migrates and dispatches them.
 */

import { type ObjectPolicy, STAFF_ONLY } from '../access/access-types';
import { type RowRestriction, restrictPolicy } from '../access/define-restriction';
import type { SettingsDeclaration } from '../settings/define-settings';
import { DeclarationError } from './declaration-error';
import type { CommandDeclaration } from './define-command';
import { relationTargetName } from './define-field';
import type {
  LabelLocale,
  ObjectDefinition,
  ObjectExtension,
  ObjectLabelEntry,
  PluginLabels,
  SchemaLabels,
} from './define-object';
import { type OperationDeclaration, operationRoute } from './define-operation';
import type { PageDeclaration } from './define-page';
import {
  type EventHandler,
  eventMatches,
  type JobDeclaration,
  type PluginDefinition,
  type PluginMigration,
  type ReadModelIndexDeclaration,
  readModelObjectName,
  type SeedDeclaration,
} from './define-plugin';
import type { RouteDeclaration } from './define-route';
import { DEFAULT_CUSTOM_OBJECT_FIELDS, isStandardObjectName } from './metadata-names';

/** What provisioning diffs against the workspace. */
export interface DeclaredSchema {
  readonly objects: readonly ObjectDefinition[];
  readonly extensions: readonly ObjectExtension[];
  /** Every plugin's label maps, merged per language and object (`labels.ru.unit.fields.status`). */
  readonly labels?: PluginLabels;
}

export interface RegisteredHandler {
  readonly plugin: string;
  readonly pattern: string;
  readonly name?: string;
  readonly run: EventHandler;
}

export interface RegisteredJob extends JobDeclaration {
  readonly plugin: string;
  /** `plugin:name`, unique across the registry (job locks and logs use it). */
  readonly key: string;
}

export interface RegisteredRoute extends RouteDeclaration {
  readonly plugin: string;
}

export interface RegisteredMigration extends PluginMigration {
  readonly plugin: string;
}

/** A replicated object and every index plugins declared on it. */
export interface RegisteredReadModelObject {
  readonly object: string;
  readonly indexes: readonly ReadModelIndexDeclaration[];
  /** Fields whose previous values are kept (every plugin's `keepPrevious` on the object). */
  readonly keepPrevious: readonly string[];
}

export interface RegisteredPage extends PageDeclaration {
  readonly plugin: string;
}

export interface RegisteredCommand extends CommandDeclaration {
  readonly plugin: string;
}

export interface RegisteredOperation extends OperationDeclaration {
  readonly plugin: string;
}

export interface RegisteredSeed extends SeedDeclaration {
  readonly plugin: string;
}

export interface PluginRegistry {
  /** Dependencies before dependants; otherwise in the order given. */
  readonly plugins: readonly PluginDefinition[];
  get(name: string): PluginDefinition | undefined;
  readonly objects: readonly ObjectDefinition[];
  readonly extensions: readonly ObjectExtension[];
  readonly schema: DeclaredSchema;
  /** The plugin declaring a custom object. */
  ownerOf(objectName: string): string | undefined;
  /** Replicated objects (each once, with every plugin's indexes on it). */
  readonly readModel: readonly RegisteredReadModelObject[];
  readonly handlers: readonly RegisteredHandler[];
  /** Handlers whose pattern matches `eventName` (`unit.updated`), in plugin order. */
  handlersFor(eventName: string): RegisteredHandler[];
  readonly jobs: readonly RegisteredJob[];
  readonly routes: readonly RegisteredRoute[];
  readonly migrations: readonly RegisteredMigration[];
  readonly pages: readonly RegisteredPage[];
  readonly commands: readonly RegisteredCommand[];
  /** Every plugin's operations; each is also in `routes` (`POST /api/operations/…`) and a `realty` command. */
  readonly operations: readonly RegisteredOperation[];
  readonly settings: readonly SettingsDeclaration[];
  /** In dependency order. */
  readonly seeds: readonly RegisteredSeed[];
  /**
   * The declared policy of an object, or the staff-only default, with every plugin's restriction of
   * the object ANDed onto its row rule.
   */
  policyFor(object: string): ObjectPolicy;
  /** Restrictions plugins declared on an object. */
  restrictionsOf(object: string): readonly RowRestriction[];
}

export function createRegistry(plugins: readonly PluginDefinition[]): PluginRegistry {
  const problems: string[] = [];
  const byName = new Map<string, PluginDefinition>();
  for (const [i, p] of plugins.entries()) {
    if (p?.kind !== 'plugin') {
      problems.push(`plugins[${i}] is not a definePlugin(…) value`);
      continue;
    }
    if (byName.has(p.name)) problems.push(`plugin "${p.name}" is installed twice`);
    byName.set(p.name, p);
  }
  for (const p of byName.values()) {
    for (const dep of p.dependsOn) {
      if (!byName.has(dep)) problems.push(`plugin "${p.name}" depends on "${dep}", which is not installed`);
    }
  }
  const { order, cycles } = dependencyOrder([...byName.values()], byName);
  for (const cycle of cycles) problems.push(`dependency cycle: ${cycle.join(' → ')}`);
  if (problems.length === 0) problems.push(...schemaProblems(order, byName));
  if (problems.length > 0) throw new DeclarationError('invalid_registry', 'createRegistry()', problems);

  const owner = new Map<string, string>();
  for (const p of order) for (const o of p.objects) owner.set(o.nameSingular, p.name);
  const objects = order.flatMap((p) => p.objects);
  const extensions = order.flatMap((p) => p.extends);
  const readModelIndexes = new Map<string, ReadModelIndexDeclaration[]>();
  for (const p of order) {
    for (const entry of p.readModel) {
      const name = readModelObjectName(entry) as string;
      const indexes = readModelIndexes.get(name) ?? [];
      if ('indexes' in entry && entry.indexes) indexes.push(...entry.indexes);
      readModelIndexes.set(name, indexes);
    }
  }
  const keptFields = new Map<string, Set<string>>();
  for (const p of order)
    for (const entry of p.readModel)
      if ('keepPrevious' in entry && entry.keepPrevious) {
        const name = readModelObjectName(entry) as string;
        keptFields.set(name, new Set([...(keptFields.get(name) ?? []), ...entry.keepPrevious]));
      }
  const readModel = [...readModelIndexes].map(([object, indexes]) =>
    Object.freeze({ object, indexes, keepPrevious: [...(keptFields.get(object) ?? [])] }),
  );
  const policies = new Map<string, ObjectPolicy>();
  for (const p of order) for (const policy of p.access) policies.set(policy.object, policy);
  const restrictions = new Map<string, RowRestriction[]>();
  for (const p of order)
    for (const r of p.restrictions ?? [])
      restrictions.set(r.object, [...(restrictions.get(r.object) ?? []), r]);
  const restricted = new Map<string, ObjectPolicy>();
  const handlers = order.flatMap((p) =>
    // The declared name (on(…, { name })) keys the handler's jobs and names it as a write's origin.
    p.handlers.map((h) => ({
      plugin: p.name,
      pattern: h.pattern,
      ...(h.name !== undefined ? { name: h.name } : {}),
      run: h.run,
    })),
  );
  return Object.freeze({
    plugins: Object.freeze(order),
    get: (name: string) => byName.get(name),
    objects,
    extensions,
    schema: Object.freeze({ objects, extensions, labels: mergeLabels(order) }),
    ownerOf: (objectName: string) => owner.get(objectName),
    readModel,
    handlers,
    handlersFor: (eventName: string) => handlers.filter((h) => eventMatches(h.pattern, eventName)),
    jobs: order.flatMap((p) => p.jobs.map((j) => ({ ...j, plugin: p.name, key: `${p.name}:${j.name}` }))),
    routes: order.flatMap((p) => routesOf(p).map((r) => ({ ...r, plugin: p.name }))),
    migrations: order.flatMap((p) => p.migrations.map((m) => ({ ...m, plugin: p.name }))),
    pages: order.flatMap((p) => p.pages.map((page) => ({ ...page, plugin: p.name }))),
    commands: order.flatMap((p) => p.commands.map((c) => ({ ...c, plugin: p.name }))),
    operations: order.flatMap((p) => (p.operations ?? []).map((o) => ({ ...o, plugin: p.name }))),
    settings: order.flatMap((p) => (p.settings ? [p.settings] : [])),
    seeds: order.flatMap((p) => (p.seed ? [{ ...p.seed, plugin: p.name }] : [])),
    policyFor: (object: string) => {
      let policy = restricted.get(object);
      if (!policy) {
        const declared =
          policies.get(object) ?? Object.freeze({ kind: 'policy' as const, object, ...STAFF_ONLY });
        policy = restrictPolicy(declared, restrictions.get(object) ?? []);
        restricted.set(object, policy);
      }
      return policy;
    },
    restrictionsOf: (object: string) => restrictions.get(object) ?? [],
  });
}

/** A plugin's declared routes and the route of each of its operations. */
function routesOf(p: PluginDefinition): readonly RouteDeclaration[] {
  const operations: readonly OperationDeclaration[] = p.operations ?? [];
  return [...p.routes, ...operations.map(operationRoute)];
}

/** Depth-first, visiting plugins in the order given, so the result is stable. */
function dependencyOrder(
  plugins: PluginDefinition[],
  byName: Map<string, PluginDefinition>,
): { order: PluginDefinition[]; cycles: string[][] } {
  const order: PluginDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const visit = (p: PluginDefinition, path: string[]) => {
    const s = state.get(p.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      cycles.push([...path.slice(path.indexOf(p.name)), p.name]);
      return;
    }
    state.set(p.name, 'visiting');
    for (const dep of p.dependsOn) {
      const d = byName.get(dep);
      if (d) visit(d, [...path, p.name]);
    }
    // A used plugin, when installed, comes first too (its seed and migrations before the user's);
    // when it is not installed the user runs without it.
    for (const used of p.uses ?? []) {
      const u = byName.get(used);
      if (u && state.get(u.name) !== 'visiting') visit(u, [...path, p.name]);
    }
    state.set(p.name, 'done');
    order.push(p);
  };
  for (const p of plugins) visit(p, []);
  return { order, cycles };
}

function schemaProblems(order: PluginDefinition[], byName: Map<string, PluginDefinition>): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const p of order) {
    for (const o of p.objects) {
      for (const name of new Set([o.nameSingular, o.namePlural])) {
        const first = owner.get(name);
        if (first && first !== p.name)
          problems.push(`object name "${name}" is declared by both "${first}" and "${p.name}"`);
        else owner.set(name, p.name);
      }
    }
  }
  const reachable = (plugin: string): Set<string> => {
    const seen = new Set<string>();
    const walk = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const d of byName.get(name)?.dependsOn ?? []) walk(d);
    };
    walk(plugin);
    return seen;
  };
  const checkReach = (plugin: string, objectName: string, what: string) => {
    if (isStandardObjectName(objectName)) return;
    const o = owner.get(objectName);
    if (!o) problems.push(`${what} "${objectName}", which no installed plugin declares`);
    else if (!reachable(plugin).has(o)) {
      problems.push(`${what} "${objectName}" of plugin "${o}"; add "${o}" to ${plugin}'s dependsOn`);
    }
  };

  // Every field each object will carry, and which declaration put it there.
  const fieldsOf = new Map<string, Map<string, string>>();
  const claim = (object: string, field: string, by: string) => {
    const fields = fieldsOf.get(object) ?? new Map<string, string>();
    fieldsOf.set(object, fields);
    const first = fields.get(field);
    if (first) problems.push(`"${object}.${field}" is declared by ${first} and by ${by}`);
    else fields.set(field, by);
  };
  const relations: { plugin: string; object: string; field: string; target: string; inverse: string }[] = [];
  const collect = (plugin: string, object: string, fields: ObjectDefinition['fields'], by: string) => {
    for (const [name, f] of Object.entries(fields)) {
      claim(object, name, by);
      if (f.type !== 'RELATION' || !f.relation) continue;
      let target: string;
      try {
        target = relationTargetName(f.relation.target);
      } catch (error) {
        problems.push(
          `${object}.${name}: its relation target could not be resolved (${(error as Error).message})`,
        );
        continue;
      }
      checkReach(plugin, target, `${object}.${name} points at`);
      relations.push({ plugin, object, field: name, target, inverse: f.relation.inverseName });
    }
  };
  for (const p of order) {
    for (const o of p.objects) collect(p.name, o.nameSingular, o.fields, `plugin "${p.name}"`);
    for (const e of p.extends) {
      checkReach(p.name, e.nameSingular, `plugin "${p.name}" extends`);
      collect(p.name, e.nameSingular, e.fields, `plugin "${p.name}" (extendObject)`);
    }
    for (const r of p.readModel)
      checkReach(p.name, readModelObjectName(r) as string, `plugin "${p.name}" replicates`);
    for (const r of p.restrictions ?? []) {
      if (!r.whenPresent) checkReach(p.name, r.object, `plugin "${p.name}" restricts`);
    }
    for (const policy of p.access) {
      const o = owner.get(policy.object);
      if (o !== p.name)
        problems.push(
          `plugin "${p.name}" declares the policy of "${policy.object}", which ${o ? `plugin "${o}"` : 'no plugin'} owns; only the owner declares an object's policy`,
        );
    }
  }
  for (const r of relations) {
    if (!isStandardObjectName(r.target) && DEFAULT_CUSTOM_OBJECT_FIELDS[r.inverse] !== undefined) {
      problems.push(
        `${r.object}.${r.field}: inverse "${r.inverse}" is a field Twenty creates on every custom object`,
      );
    }
    claim(r.target, r.inverse, `the inverse of ${r.object}.${r.field}`);
  }

  const commands = new Map<string, string>();
  for (const p of order) {
    for (const c of [...p.commands, ...(p.operations ?? [])]) {
      const first = commands.get(c.name);
      if (first) problems.push(`command "${c.name}" is declared by both "${first}" and "${p.name}"`);
      else commands.set(c.name, p.name);
    }
  }
  const routes = new Map<string, string>();
  for (const p of order) {
    for (const r of routesOf(p)) {
      const key = `${r.method} ${r.path}`;
      const first = routes.get(key);
      if (first) problems.push(`route ${key} is declared by both "${first}" and "${p.name}"`);
      else routes.set(key, p.name);
    }
  }
  return problems;
}

/**
 * The plugins a deployment runs: those named (REALTY_PLUGINS) and everything they depend on, or all
 * when no names are given. Unknown names are reported with the list of installed plugins.
 */
export function selectPlugins(
  installed: readonly PluginDefinition[],
  names: readonly string[] | undefined,
): PluginDefinition[] {
  if (!names || names.length === 0) return [...installed];
  const byName = new Map(installed.map((p) => [p.name, p]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0)
    throw new DeclarationError('invalid_registry', 'REALTY_PLUGINS', [
      `unknown plugin(s) ${unknown.map((n) => `"${n}"`).join(', ')}; installed: ${[...byName.keys()].join(', ')}`,
    ]);
  const chosen = new Set<string>();
  const add = (name: string) => {
    if (chosen.has(name)) return;
    chosen.add(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) add(dep);
  };
  for (const n of names) add(n);
  return installed.filter((p) => chosen.has(p.name));
}

/** The plugins' label maps as one per language: two plugins adding fields to `person` both label theirs. */
function mergeLabels(plugins: readonly PluginDefinition[]): PluginLabels {
  const merged: Partial<Record<LabelLocale, Record<string, ObjectLabelEntry>>> = {};
  for (const p of plugins) {
    for (const [locale, map] of Object.entries(p.labels ?? {}) as [LabelLocale, SchemaLabels][]) {
      const into = merged[locale] ?? {};
      merged[locale] = into;
      for (const [object, entry] of Object.entries(map)) {
        const before = into[object];
        into[object] = before
          ? { ...before, ...entry, fields: { ...before.fields, ...entry.fields } }
          : entry;
      }
    }
  }
  return Object.freeze(merged);
}
