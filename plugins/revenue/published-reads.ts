/**
 * What other plugins may read of revenue, and nothing else (DESIGN.md "Between plugins"): a deal's
 * primary-scenario figures in RUB, converted at the Central Bank's rate by the same rules as the
 * /revenue pages (rules/forecast.ts), and the revenue records linked to deals (for the grants of
 * project teams). A caller through a route reads with its own scoped reader — the principal's
 * rows apply — and declares `DEAL_REVENUE_OBJECTS` in its route; when revenue is not enabled the
 * reads say so (`undefined`, no records) instead of failing.
 */
import Decimal from 'decimal.js';
import type { ScopedReader } from '../core/access/index';
import type { PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { loadRateTable, loadScenarios, readerQuery } from './revenue-data';
import { scenarioForecast } from './rules/forecast';
import type { Dec } from './rules/money';

/** The objects `dealRevenueInRub` reads: a route calling it lists them in `defineRoute({ objects })`. */
export const DEAL_REVENUE_OBJECTS = ['revenueScenario', 'revenuePlanLine', 'exchangeRate'] as const;

/** A deal's primary scenario in RUB (micros, exact to the kopeck's fraction the rate gives). */
export interface DealRevenue {
  readonly dealId: string;
  readonly plannedMicros: bigint;
  readonly receivedMicros: bigint;
  /** Lines left out because they cannot be converted (no date, no rate for the currency). */
  readonly unconvertible: number;
}

const micros = (rub: Dec): bigint =>
  BigInt(rub.times(1_000_000).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toFixed(0));

/**
 * The deals' primary-scenario revenue the reader may see, converted to RUB at the rate in force on
 * each line's date (deals without a visible primary scenario are absent); `undefined` when the
 * revenue plugin is not enabled in this deployment. Query errors are errors.
 */
export async function dealRevenueInRub(
  reader: ScopedReader,
  dealIds: readonly string[],
): Promise<Map<string, DealRevenue> | undefined> {
  if (!DEAL_REVENUE_OBJECTS.every((o) => reader.has(o))) return undefined;
  const out = new Map<string, DealRevenue>();
  if (dealIds.length === 0) return out;
  const query = readerQuery(reader);
  const primary = (await loadScenarios(query, { opportunityIds: dealIds })).filter((s) => s.isPrimary);
  const lines = primary.flatMap((s) => s.lines);
  const codes = new Set(lines.flatMap((l) => [l.amount?.currencyCode, l.receivedAmount?.currencyCode]));
  codes.delete(undefined);
  const rates = await loadRateTable(
    query,
    [...codes].filter((c): c is string => c !== undefined),
  );
  for (const scenario of primary) {
    const forecast = scenarioForecast(scenario, rates);
    const before = out.get(scenario.opportunityId);
    out.set(scenario.opportunityId, {
      dealId: scenario.opportunityId,
      plannedMicros: (before?.plannedMicros ?? 0n) + micros(forecast.total.planned),
      receivedMicros: (before?.receivedMicros ?? 0n) + micros(forecast.total.received),
      unconvertible: (before?.unconvertible ?? 0) + forecast.problems.length,
    });
  }
  return out;
}

/** A revenue record linked to a deal (scenario, plan line through its scenario, allocation). */
export interface DealRevenueRecord {
  readonly objectName: 'revenueScenario' | 'revenuePlanLine' | 'revenueAllocation';
  readonly recordId: string;
  readonly dealId: string;
}

type Sql = PluginContext['store']['sql'];

/** Whether revenue's view of an object exists in the store (revenue enabled, its read model registered). */
async function replicated(sql: Sql, object: string): Promise<boolean> {
  const r = await sql.query<{ ok: boolean }>('select to_regclass($1) is not null as ok', [
    readModelView(object),
  ]);
  return r.rows[0]?.ok === true;
}

/**
 * The project's own read (jobs, handlers; no principal): the revenue records of the named deals
 * (all deals when omitted); none when revenue's objects are not replicated in this store.
 */
export async function revenueRecordsOfDeals(
  sql: Sql,
  dealIds?: readonly string[],
): Promise<DealRevenueRecord[]> {
  const params = dealIds ? [dealIds] : [];
  const deal = (column: string) => (dealIds ? `${column} = any($1::uuid[])` : `${column} is not null`);
  const out: DealRevenueRecord[] = [];
  if (await replicated(sql, 'revenueScenario')) {
    const scenarios = await sql.query<{ id: string; deal: string }>(
      `select id::text, opportunity_id::text as deal from ${readModelView('revenueScenario')}
        where ${deal('opportunity_id')}`,
      params,
    );
    for (const r of scenarios.rows)
      out.push({ objectName: 'revenueScenario', recordId: r.id, dealId: r.deal });
    if (await replicated(sql, 'revenuePlanLine')) {
      const lines = await sql.query<{ id: string; deal: string }>(
        `select l.id::text, s.opportunity_id::text as deal from ${readModelView('revenuePlanLine')} l
           join ${readModelView('revenueScenario')} s on s.id = l.scenario_id
          where ${deal('s.opportunity_id')}`,
        params,
      );
      for (const r of lines.rows) out.push({ objectName: 'revenuePlanLine', recordId: r.id, dealId: r.deal });
    }
  }
  if (await replicated(sql, 'revenueAllocation')) {
    const allocations = await sql.query<{ id: string; deal: string }>(
      `select id::text, opportunity_id::text as deal from ${readModelView('revenueAllocation')}
        where ${deal('opportunity_id')}`,
      params,
    );
    for (const r of allocations.rows)
      out.push({ objectName: 'revenueAllocation', recordId: r.id, dealId: r.deal });
  }
  return out;
}
