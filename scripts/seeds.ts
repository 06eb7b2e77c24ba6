/**
 * Every enabled plugin's demo data (`seed` in its definePlugin), run in
 * dependency order — by `realty seed-demo` and by the first `realty start` on
 * a fresh devhost. Seeds are idempotent (deterministic ids, upserts), so an
 * interrupted run is finished by running them again.
 */
import type { PluginContext, PluginRegistry } from '../plugins/core/plugin/index';

export interface SeedOutcome {
  plugin: string;
  description: string;
  /** Records per object, e.g. `{ unit: 1454 }`. */
  counts: Record<string, number>;
}

export async function runSeeds(
  registry: PluginRegistry,
  contextFor: (plugin: string) => PluginContext,
  options: {
    onStart?: (plugin: string, description: string) => void;
    onProgress?: (plugin: string, done: number, total: number) => void;
  } = {},
): Promise<SeedOutcome[]> {
  const outcomes: SeedOutcome[] = [];
  for (const seed of registry.seeds) {
    options.onStart?.(seed.plugin, seed.description);
    const counts = await seed.run(contextFor(seed.plugin), {
      onProgress: (done, total) => options.onProgress?.(seed.plugin, done, total),
    });
    outcomes.push({ plugin: seed.plugin, description: seed.description, counts });
  }
  return outcomes;
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
 * True when no object of a plugin that seeds holds a record yet: a fresh workspace, where the first
 * start loads the demo. (A workspace with any of those records is somebody's data; it is left alone.)
 */
export async function seedTargetsEmpty(
  registry: PluginRegistry,
  count: (object: string) => Promise<number>,
): Promise<boolean> {
  const seeding = new Set(registry.seeds.map((s) => s.plugin));
  const objects = registry.plugins.filter((p) => seeding.has(p.name)).flatMap((p) => p.objects);
  for (const o of objects) if ((await count(o.nameSingular)) > 0) return false;
  return true;
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
