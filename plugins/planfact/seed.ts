/**
 * The plan-fact demo (`realty seed-demo`, the first `npm start`): version 1 of a sales plan for
 * each demo complex, every metric, from three months before this month to two after — around the
 * demo auctions' contracts and deposits, so /planfact shows plan against fact. Values follow each
 * complex's demo flats (their average area and price). Idempotent: once any plan exists the seed
 * writes nothing; ids derive from the version and the key.
 */
import type { TwentyRecord } from '../../sdk/index';
import type { SeedDeclaration } from '../core/plugin/index';
import { buildDemoRegistry } from '../registry/index';
import { addMonths, type Month, monthsBetween, moscowMonth } from './rules/months';
import type { Cell } from './rules/plan-fact';
import { planName, planRecordId } from './versions';

/** The demo plan's cells as of `now` (pure: the seed and its test use it). */
export function demoPlanCells(now: Date): Cell[] {
  const registry = buildDemoRegistry();
  const buildingComplex = new Map(registry.buildings.map((b) => [String(b.id), String(b.complexId)]));
  const cells: Cell[] = [];
  const month = moscowMonth(now);
  const months: Month[] = monthsBetween(addMonths(month, -3), addMonths(month, 2));
  registry.complexes.forEach((complex, ci) => {
    const flats = registry.units.filter(
      (u) => u.kind === 'FLAT' && buildingComplex.get(String(u.buildingId)) === String(complex.id),
    );
    const area = flats.reduce((s, u) => s + Number(u.totalArea ?? 0), 0) / Math.max(1, flats.length);
    const price =
      flats.reduce(
        (s, u) => s + Number((u.price as { amountMicros?: number } | undefined)?.amountMicros ?? 0),
        0,
      ) /
      1e6 /
      Math.max(1, flats.length);
    months.forEach((m, mi) => {
      const units = 2 + ((ci * 3 + mi * 2) % 4);
      const base = { month: m, complexId: String(complex.id) };
      const revenue = Math.round((units * price) / 100_000) * 100_000;
      cells.push({ ...base, metric: 'UNITS', value: units });
      cells.push({ ...base, metric: 'AREA_M2', value: Math.round(units * area) });
      cells.push({ ...base, metric: 'REVENUE', value: revenue });
      cells.push({ ...base, metric: 'RECEIPTS', value: Math.round((revenue * 0.35) / 100_000) * 100_000 });
    });
  });
  return cells;
}

export const planfactSeed: SeedDeclaration = {
  description: 'a sales plan (version 1) for the demo complexes around the demo contracts',
  async run(ctx, options) {
    const existing = await ctx.twenty.records('salesPlan').list({ limit: 1 });
    if (existing.records.length > 0) return {} as Record<string, number>;
    const names = new Map(buildDemoRegistry().complexes.map((c) => [String(c.id), String(c.name)]));
    const rows = demoPlanCells(ctx.clock.now()).map((c) => ({
      id: planRecordId(1, c),
      name: planName(c, c.complexId === null ? null : (names.get(c.complexId) ?? null), 1),
      periodMonth: `${c.month}-01`,
      complexId: c.complexId,
      metric: c.metric,
      planValue: c.value,
      version: 1,
      active: true,
    }));
    const written = await ctx.twenty
      .records('salesPlan')
      .createMany(rows as Partial<TwentyRecord>[], { upsert: true });
    // What the seed wrote goes into the read model at once, so the first /planfact shows it.
    if (ctx.store.readModel.has('salesPlan'))
      await ctx.store.readModel.applyEvents(
        written.map((record) => ({ objectName: 'salesPlan', action: 'upserted', record })),
      );
    options?.onProgress?.(1, 1);
    return { salesPlan: rows.length };
  },
};
