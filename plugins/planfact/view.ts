/**
 * The /planfact page's data and the calculator's answer (one function for both, so the page and
 * the recomputation agree): the grid of plan and fact for the filter, totals per metric, the chart's
 * series for one metric, and the what-if projection over the remaining FREE stock — with the
 * calculator's changed plan values applied and nothing written.
 */
import type { ScopedReader } from '../core/access/index';
import { checkQuery, type PlanFactQuery } from './published-reads';
import { loadComplexes, loadFacts, loadFreeStock, loadPlanRecords } from './read/plan-fact-data';
import { monthsBetween, moscowMonth } from './rules/months';
import {
  combine,
  type Filter,
  keyOf,
  type MetricTotal,
  type PlanFactRow,
  type Projection,
  planInForce,
  project,
  totals,
  type WhatIf,
  withOverrides,
} from './rules/plan-fact';
import type { Metric } from './vocabulary';

export interface PlanFactView {
  filter: Filter;
  complexes: { id: string; name: string }[];
  rows: PlanFactRow[];
  totals: MetricTotal[];
  /** The metric the chart draws: the filter's, or REVENUE. */
  chartMetric: Metric;
  chart: { months: string[]; plan: number[]; fact: number[] };
  projection: Projection;
  /** The highest active plan version in the period (null: no plan). */
  version: number | null;
  /** How many plan values the calculator changed. */
  changed: number;
}

export async function loadView(
  reader: ScopedReader,
  query: PlanFactQuery,
  calculator: {
    overrides?: ReadonlyMap<string, number>;
    whatIf?: Partial<WhatIf>;
    /** The month from which the plan is still to do (default this Moscow month). */
    currentMonth?: string;
  } = {},
): Promise<PlanFactView> {
  const filter = checkQuery(query);
  const [records, facts, complexes, stock] = [
    await loadPlanRecords(reader, filter.from, filter.to),
    await loadFacts(reader, filter.from, filter.to),
    await loadComplexes(reader),
    await loadFreeStock(reader, filter.complexId),
  ];
  const overrides = calculator.overrides ?? new Map<string, number>();
  // Every metric for the projection (units, m², revenue), the filter's metric for the table.
  const all = withOverrides(
    combine(planInForce(records), facts, { ...filter, metric: undefined }, { complexes, grid: true }),
    overrides,
  );
  const rows = filter.metric ? all.filter((r) => r.metric === filter.metric) : all;
  const chartMetric = filter.metric ?? 'REVENUE';
  const months = monthsBetween(filter.from, filter.to);
  const monthTotals = months.map(
    (m) => totals(all.filter((r) => r.month === m && r.metric === chartMetric))[0] ?? { plan: 0, fact: 0 },
  );
  const whatIf: WhatIf = {
    pricePercent: calculator.whatIf?.pricePercent ?? 0,
    tempoPercent: calculator.whatIf?.tempoPercent ?? 100,
  };
  const active = records.filter((r) => r.active);
  const keys = new Set(all.map(keyOf));
  return {
    filter,
    complexes: [...complexes].map(([id, name]) => ({ id, name })),
    rows,
    totals: totals(rows),
    chartMetric,
    chart: { months, plan: monthTotals.map((t) => t.plan), fact: monthTotals.map((t) => t.fact) },
    projection: project(all, stock, whatIf, calculator.currentMonth ?? moscowMonth(new Date())),
    version: active.length > 0 ? Math.max(...active.map((r) => r.version)) : null,
    changed: [...overrides.keys()].filter((k) => keys.has(k)).length,
  };
}
