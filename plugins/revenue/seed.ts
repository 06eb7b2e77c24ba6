/**
 * The revenue demo (`realty seed-demo`, the first `npm start`): deals, departments, scenarios,
 * lines, allocations and four months of the bank's rates (demo-data.ts). Idempotent: deterministic
 * ids and upserts, parents before children; the rates go through the same adapter and loader as
 * `realty rates`.
 */
import { MAX_BATCH_SIZE, type TwentyRecord } from '../../sdk/index';
import type { SeedDeclaration } from '../core/plugin/index';
import { buildDemoRevenue, DEMO_DEPARTMENTS, demoRateDays } from './demo-data';
import { refreshForecastProjection } from './forecast-projection';
import { rateRecordsOf } from './rates-loader';

export const revenueSeed: SeedDeclaration = {
  description:
    'consultancy deals with revenue scenarios in RUB, USD, EUR and KZT, departments, allocations, CBR rates',
  async run(ctx, options) {
    const memberRecords = (await ctx.twenty.records('workspaceMember').list({ limit: 4 })).records;
    const demo = buildDemoRevenue(memberRecords.map((m) => m.id));
    const rates = rateRecordsOf(demoRateDays());
    const steps = 6;
    // What the seed wrote goes into the read model at once (its webhooks come later), so the
    // portfolio's projection can be built before the first page opens.
    const replicate = async (object: string, records: readonly TwentyRecord[]) => {
      if (ctx.store.readModel.has(object) && records.length > 0)
        await ctx.store.readModel.applyEvents(
          records.map((record) => ({ objectName: object, action: 'upserted', record })),
        );
    };
    const upsert = async (object: string, rows: Record<string, unknown>[]) => {
      if (rows.length > 0)
        await replicate(
          object,
          // 425 demo rates in 3 calls of Twenty's maximum 200 (small rows), not 8 of 60.
          await ctx.twenty
            .records(object)
            .createMany(rows as Partial<TwentyRecord>[], { upsert: true, batchSize: MAX_BATCH_SIZE }),
        );
    };
    await replicate('workspaceMember', memberRecords);
    await upsert('exchangeRate', rates as unknown as Record<string, unknown>[]);
    options.onProgress?.(1, steps);
    await upsert('opportunity', demo.opportunities);
    options.onProgress?.(2, steps);
    // Parents first: a department pointing at another needs it to exist.
    const roots = new Set(DEMO_DEPARTMENTS.filter((d) => !d.parentId).map((d) => d.id));
    await upsert(
      'department',
      demo.departments.filter((d) => roots.has(String(d.id))),
    );
    await upsert(
      'department',
      demo.departments.filter((d) => !roots.has(String(d.id))),
    );
    options.onProgress?.(3, steps);
    await upsert('revenueScenario', demo.scenarios);
    options.onProgress?.(4, steps);
    await upsert('revenuePlanLine', demo.lines);
    options.onProgress?.(5, steps);
    await upsert('revenueAllocation', demo.allocations);
    await refreshForecastProjection(ctx);
    options.onProgress?.(6, steps);
    return {
      exchangeRate: rates.length,
      opportunity: demo.opportunities.length,
      department: demo.departments.length,
      revenueScenario: demo.scenarios.length,
      revenuePlanLine: demo.lines.length,
      revenueAllocation: demo.allocations.length,
    };
  },
};
