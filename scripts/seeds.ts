/**
 * Every enabled plugin's demo data (`seed` in its definePlugin), run in
 * dependency order — by `realty seed-demo` and by the first `realty start` on
 * a fresh devhost. Seeds are idempotent (deterministic ids, upserts), so an
 * interrupted run is finished by running them again.
 */
import { withOrigin } from '../plugins/core/events/index';
import type { PluginContext, PluginRegistry, SeedDeclaration, SeedRow } from '../plugins/core/plugin/index';

export interface SeedOutcome {
  plugin: string;
  description: string;
  /** Records per object, e.g. `{ unit: 1454 }`. */
  counts: Record<string, number>;
}

export async function runSeeds(
  registry: Pick<PluginRegistry, 'seeds'>,
  contextFor: (plugin: string) => PluginContext,
  options: {
    onStart?: (plugin: string, description: string) => void;
    onProgress?: (plugin: string, done: number, total: number) => void;
    /** After each plugin's seed finished (start records it, so an interruption resumes from there). */
    onDone?: (plugin: string, outcome: SeedOutcome) => void;
    /** Only these plugins' seeds (still in dependency order); default all. */
    only?: readonly string[];
  } = {},
): Promise<SeedOutcome[]> {
  const outcomes: SeedOutcome[] = [];
  const running = registry.seeds.filter((seed) => !options.only || options.only.includes(seed.plugin));
  const enrich = enricherOf(running);
  const seeded: string[] = [];
  for (const seed of running) {
    options.onStart?.(seed.plugin, seed.description);
    // The demo's records are the project's writes: their echoes reach every plugin's handlers (teams' grants…).
    const counts = await withOrigin({ plugin: seed.plugin, kind: 'seed', name: 'seed' }, () =>
      seed.run(contextFor(seed.plugin), {
        onProgress: (done, total) => options.onProgress?.(seed.plugin, done, total),
        enrich,
        seeded: [...seeded],
      }),
    );
    seeded.push(seed.plugin);
    const outcome = { plugin: seed.plugin, description: seed.description, counts };
    outcomes.push(outcome);
    options.onDone?.(seed.plugin, outcome);
  }
  return outcomes;
}

/** One function over every running seed's `enrich`: a row with the values they add to its object. */
function enricherOf(seeds: readonly SeedDeclaration[]): (object: string, row: SeedRow) => SeedRow {
  const byObject = new Map<string, Array<(row: SeedRow) => SeedRow | undefined>>();
  for (const seed of seeds)
    for (const [object, add] of Object.entries(seed.enrich ?? {}))
      byObject.set(object, [...(byObject.get(object) ?? []), add]);
  return (object, row) => {
    let out = row;
    for (const add of byObject.get(object) ?? []) out = { ...out, ...add(row), id: row.id };
    return out;
  };
}

/**
 * What `realty start` remembers of the demo seeds in `<home>/devhost/demo-seed`: one line per plugin,
 * `<plugin> seeding` or `<plugin> done`. The single words `seeding` / `done` of earlier versions
 * mean every seed was interrupted / nothing is remembered per plugin (the data decides).
 */
export type SeedMarks = ReadonlyMap<string, 'seeding' | 'done'>;

export function parseSeedMarks(
  text: string | undefined,
  plugins: readonly string[],
): Map<string, 'seeding' | 'done'> {
  const marks = new Map<string, 'seeding' | 'done'>();
  const trimmed = text?.trim() ?? '';
  if (trimmed === 'seeding') for (const p of plugins) marks.set(p, 'seeding');
  if (trimmed === 'seeding' || trimmed === 'done') return marks;
  for (const line of trimmed.split('\n')) {
    const [plugin, state] = line.trim().split(/\s+/);
    if (plugin && (state === 'seeding' || state === 'done')) marks.set(plugin, state);
  }
  return marks;
}

export function formatSeedMarks(marks: SeedMarks): string {
  return `${[...marks].map(([plugin, state]) => `${plugin} ${state}`).join('\n')}\n`;
}

export interface SeedPlan {
  /** Seeds an earlier start began and did not finish. */
  readonly interrupted: string[];
  /** Seeds of a fresh workspace, or of plugins enabled since (their own objects still empty). */
  readonly fresh: string[];
  /** Left alone: done before, or the plugin's objects hold somebody's data. */
  readonly skipped: string[];
}

/**
 * Which seeds `realty start` runs: on a workspace it made, all; an interrupted seed, again; a plugin
 * enabled later (every object it owns still empty), its seed — so adding a plugin to a running demo
 * brings its demo data. A plugin whose objects hold records, or that owns none, is left alone.
 */
export async function planSeeds(
  registry: Pick<PluginRegistry, 'seeds' | 'plugins'>,
  marks: SeedMarks,
  options: { freshWorkspace: boolean; count(object: string): Promise<number> },
): Promise<SeedPlan> {
  const plan: SeedPlan = { interrupted: [], fresh: [], skipped: [] };
  for (const seed of registry.seeds) {
    const mark = marks.get(seed.plugin);
    if (mark === 'done') plan.skipped.push(seed.plugin);
    else if (mark === 'seeding') plan.interrupted.push(seed.plugin);
    else if (options.freshWorkspace) plan.fresh.push(seed.plugin);
    else {
      const objects = registry.plugins.find((p) => p.name === seed.plugin)?.objects ?? [];
      let empty = objects.length > 0;
      for (const o of objects) if (empty && (await options.count(o.nameSingular)) > 0) empty = false;
      (empty ? plan.fresh : plan.skipped).push(seed.plugin);
    }
  }
  return plan;
}

/** `registry: 3 residentialComplex, 1454 unit …` — one line per plugin. */
export function describeSeeds(outcomes: readonly SeedOutcome[]): string[] {
  if (outcomes.length === 0) return ['no enabled plugin has demo data'];
  return outcomes.map(
    (o) =>
      `${o.plugin}: ${Object.entries(o.counts)
        .map(([object, n]) => `${n} ${object}`)
        .join(', ')}`,
  );
}

/**
 * Waits until the read model holds at least as many records of each replicated object as the seeds
 * wrote (their webhook echoes arrive over a few seconds) — without a single request to Twenty, whose
 * per-minute budget setup and the seeds have just spent. False when `timeoutMs` passed first.
 */
export async function replicaCaughtUp(
  readModel: { has(object: string): boolean; count(object: string): Promise<number> },
  outcomes: readonly SeedOutcome[],
  options: { timeoutMs: number; intervalMs?: number },
): Promise<boolean> {
  const expected = new Map<string, number>();
  for (const outcome of outcomes)
    for (const [object, n] of Object.entries(outcome.counts))
      if (readModel.has(object)) expected.set(object, Math.max(expected.get(object) ?? 0, n));
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const counts = await Promise.all([...expected].map(async ([o, n]) => (await readModel.count(o)) >= n));
    if (counts.every(Boolean)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/**
 * Waits until the plugins' handlers have run on everything queued so far (the seeds' echoes reach
 * every handler: the teams plugin's grants, the chessboard's links…): the queue holds no pending or
 * running job and the intake journal no waiting line, twice `quietMs` apart (a handler's own write
 * can bring one more echo). False when `timeoutMs` passed first.
 */
export async function handlersSettled(
  runtime: {
    store: { queue: { stats(): Promise<{ pending: number; running: number }> } };
    intake: { stats(): { journal?: { waiting: number } } };
  },
  options: { timeoutMs: number; quietMs?: number },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const quietMs = options.quietMs ?? 300;
  let quietSince: number | undefined;
  for (;;) {
    const queue = await runtime.store.queue.stats();
    const idle = queue.pending + queue.running === 0 && (runtime.intake.stats().journal?.waiting ?? 0) === 0;
    const now = Date.now();
    if (!idle) quietSince = undefined;
    else if (quietSince === undefined) quietSince = now;
    else if (now - quietSince >= quietMs) return true;
    if (now >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
