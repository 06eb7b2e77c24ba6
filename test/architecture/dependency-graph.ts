/**
 * The project's import graph as dependency-cruiser sees it (its CLI with
 * `--output-type json`, configured by .dependency-cruiser.cjs), turned into
 * one line per violation: `from → to: rule`. Also the one rule no regular
 * expression can say: a plugin imports another plugin only if it lists it in
 * `dependsOn` or `uses`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const CRUISER_CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

/** The folders whose imports the rules govern (tests may import internals). */
export const CRUISED_FOLDERS = [
  'sdk',
  'devhost',
  'db',
  'plugins',
  'webhooks',
  'scripts',
  'migration',
  'bench',
] as const;

export interface CruisedDependency {
  resolved: string;
  couldNotResolve: boolean;
  dependencyTypes: string[];
  rules?: { name: string; severity: string }[];
}

export interface CruisedModule {
  source: string;
  dependencies: CruisedDependency[];
}

export interface CruiseViolation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

export interface CruiseResult {
  modules: CruisedModule[];
  summary: { violations: CruiseViolation[]; totalCruised: number };
}

export class CruiseFailedError extends Error {
  readonly code = 'cruise_failed';
  constructor(reason: string) {
    super(`dependency-cruiser did not produce a graph: ${reason}`);
    this.name = 'CruiseFailedError';
  }
}

/**
 * Cruises `folders` (or files; relative to `cwd`) with the project's rules; violations do not throw.
 * `maxDepth: 1` looks at their own imports only, without following them.
 */
export function cruise(
  folders: readonly string[],
  cwd = ROOT,
  options: { maxDepth?: number } = {},
): CruiseResult {
  const run = spawnSync(
    DEPCRUISE,
    [
      ...folders,
      '--config',
      CRUISER_CONFIG,
      '--output-type',
      'json',
      '--no-progress',
      ...(options.maxDepth !== undefined ? ['--max-depth', String(options.maxDepth)] : []),
    ],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) throw new CruiseFailedError(run.error.message);
  try {
    return JSON.parse(run.stdout) as CruiseResult;
  } catch {
    throw new CruiseFailedError(`exit ${run.status}; ${run.stderr.trim() || run.stdout.slice(0, 500)}`);
  }
}

export function describeViolation(v: CruiseViolation): string {
  return `${v.from} → ${v.to}: ${v.rule.name}`;
}

/** Imports dependency-cruiser could not resolve: a rule cannot judge what it cannot see. */
export function unresolvedImports(result: CruiseResult): string[] {
  return result.modules.flatMap((m) =>
    m.dependencies
      .filter((d) => d.couldNotResolve && !d.dependencyTypes.includes('core'))
      .map((d) => `${m.source} → ${d.resolved}: unresolved`),
  );
}

const PLUGIN_FILE = /^plugins\/([^/]+)\//;

/**
 * `from → to: plugin-not-in-depends-on` for each import of another plugin's folder by a plugin
 * that lists that plugin in neither `dependsOn` nor `uses`. `plugins` maps each plugin folder to
 * the plugin it holds (name, dependsOn, uses); plugins/core is the runtime, not a plugin.
 */
export function undeclaredPluginImports(
  result: CruiseResult,
  plugins: ReadonlyMap<string, { name: string; dependsOn: readonly string[]; uses?: readonly string[] }>,
): string[] {
  const problems: string[] = [];
  for (const m of result.modules) {
    const fromFolder = PLUGIN_FILE.exec(m.source)?.[1];
    if (!fromFolder || fromFolder === 'core') continue;
    const from = plugins.get(fromFolder);
    for (const d of m.dependencies) {
      const toFolder = PLUGIN_FILE.exec(d.resolved)?.[1];
      if (!toFolder || toFolder === 'core' || toFolder === fromFolder) continue;
      const to = plugins.get(toFolder);
      if (!from || !to) {
        problems.push(
          `${m.source} → ${d.resolved}: plugin-not-in-depends-on (no plugin is registered from plugins/${from ? toFolder : fromFolder}/index.ts)`,
        );
        continue;
      }
      if (!from.dependsOn.includes(to.name) && !(from.uses ?? []).includes(to.name))
        problems.push(
          `${m.source} → ${d.resolved}: plugin-not-in-depends-on ("${from.name}" lists "${to.name}" in neither dependsOn nor uses)`,
        );
    }
  }
  return problems;
}
