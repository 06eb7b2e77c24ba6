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
