/**
 * The portal's demo (`realty seed-demo`, the first `npm start`): marks demo units for public sale,
 * chooses the complexes' feeds and sets Yandex's ids (demo-data.ts), so the site API and both
 * feeds show data at once. Runs after the registry's seed; idempotent — it writes only records
 * whose values differ (an upsert by id writes only the fields given).
 */
import { in_ } from '../../sdk/index';
import type { SeedDeclaration } from '../core/plugin/index';
import { buildPortalDemo } from './demo-data';

const CHUNK = 200;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The portal's values by object and id, for the registry's seed to write with its own (`enrich`). */
function portalValues(): Map<string, Map<string, Record<string, unknown>>> {
  const demo = buildPortalDemo();
  const byId = (rows: Array<{ id: string }>) => new Map(rows.map(({ id, ...values }) => [id, values]));
  return new Map([
    ['residentialComplex', byId(demo.complexes)],
    ['building', byId(demo.buildings)],
    ['unit', byId(demo.units)],
  ]);
}

let values: ReturnType<typeof portalValues> | undefined;
const valuesFor = (object: string) => (row: Record<string, unknown>) => {
  values ??= portalValues();
  return values.get(object)?.get(String(row.id));
};

export const portalSeed: SeedDeclaration = {
  description: 'demo units on public sale, the complexes’ feeds and Yandex ids',
  enrich: {
    residentialComplex: valuesFor('residentialComplex'),
    building: valuesFor('building'),
    unit: valuesFor('unit'),
  },
  async run(ctx, options) {
    const demo = buildPortalDemo();
    // The registry's seed ran just before in this run and wrote these values with its records.
    if (options.seeded?.includes('registry'))
      return {
        residentialComplex: demo.complexes.length,
        building: demo.buildings.length,
        unit: demo.units.length,
      };
    const counts: Record<string, number> = {};
    const total = demo.complexes.length + demo.buildings.length + demo.units.length;
    let done = 0;
    for (const [object, rows] of [
      ['residentialComplex', demo.complexes],
      ['building', demo.buildings],
      ['unit', demo.units],
    ] as const) {
      const records = ctx.twenty.records(object);
      let changed = 0;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const ids = chunk.map((r) => r.id);
        const { records: current } = await records.list({ filter: in_('id', ids), limit: ids.length });
        const byId = new Map(current.map((r) => [r.id, r as Record<string, unknown>]));
        // A record the registry's seed did not write (deleted since) is left alone.
        const differs = chunk.filter((row) => {
          const now = byId.get(row.id);
          return now !== undefined && Object.entries(row).some(([k, v]) => k !== 'id' && !same(now[k], v));
        });
        if (differs.length > 0) await records.createMany(differs, { upsert: true });
        changed += differs.length;
        done += chunk.length;
        options.onProgress?.(done, total);
      }
      counts[object] = changed;
    }
    return counts;
  },
};
