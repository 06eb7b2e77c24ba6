/**
 * Plan against fact, as pure functions of data: the plan in force per month, complex and metric
 * (the highest active version of each key), the rows with delta and percent, the totals per
 * metric, and the calculator — changed plan values and a what-if on the remaining FREE stock
 * (price ±x %, the pace of sales against the units plan) recomputed without writing anything.
 */
import { METRICS, type Metric } from '../vocabulary';
import { type Month, monthsBetween } from './months';

/** A plan or fact value of one month, complex (null: all complexes) and metric. */
export interface Cell {
  month: Month;
  complexId: string | null;
  metric: Metric;
  value: number;
}

/** A salesPlan record as the plan reads it. */
export interface PlanRecord extends Cell {
  version: number;
  active: boolean;
}

export interface PlanFactRow {
  month: Month;
  complexId: string | null;
  complexName: string | null;
  metric: Metric;
  plan: number;
  fact: number;
  delta: number;
  percent: number | null;
}

export interface MetricTotal {
  metric: Metric;
  plan: number;
  fact: number;
  delta: number;
  percent: number | null;
}

export interface Filter {
  from: Month;
  to: Month;
  complexId?: string | undefined;
  metric?: Metric | undefined;
}

export const keyOf = (c: { month: Month; complexId: string | null; metric: Metric }) =>
  `${c.month}|${c.complexId ?? '*'}|${c.metric}`;

/** Money to the kopeck, m² and units to the hundredth (a plan may be fractional; facts are whole). */
export function roundValue(_metric: Metric, v: number): number {
  return Math.round(v * 100) / 100;
}

export const percentOf = (fact: number, plan: number): number | null =>
  plan > 0 ? Math.round((fact / plan) * 1000) / 10 : null;

/**
 * The plan in force: for each key the active records of its highest version (a version being
 * written, or a deactivation left half-done, never mixes two versions of one key), summed.
 */
export function planInForce(records: readonly PlanRecord[]): Map<string, Cell> {
  const best = new Map<string, { version: number; cell: Cell }>();
  for (const r of records) {
    if (!r.active) continue;
    const key = keyOf(r);
    const seen = best.get(key);
    if (!seen || r.version > seen.version) best.set(key, { version: r.version, cell: { ...r } });
    else if (r.version === seen.version) seen.cell.value += r.value;
  }
  return new Map(
    [...best].map(([k, v]) => [k, { ...v.cell, value: roundValue(v.cell.metric, v.cell.value) }]),
  );
}

const METRIC_ORDER = new Map(METRICS.map((m, i) => [m, i]));

export interface CombineOptions {
  /** Every month × complex × metric of the filter, not only those with a plan or a fact (the page's grid). */
  grid?: boolean;
  /** Complexes of the grid (id → name); names of the rows. */
  complexes: ReadonlyMap<string, string>;
}

/**
 * The rows of a period: one per month, complex and metric with a plan or a fact (every one of the
 * filter with `grid`), plus — where a plan was set for all complexes together — a row with no
 * complex whose fact is all complexes' fact.
 */
export function combine(
  plan: ReadonlyMap<string, Cell>,
  facts: readonly Cell[],
  filter: Filter,
  options: CombineOptions,
): PlanFactRow[] {
  const inFilter = (c: { month: Month; complexId: string | null; metric: Metric }) =>
    c.month >= filter.from &&
    c.month <= filter.to &&
    (!filter.metric || c.metric === filter.metric) &&
    (!filter.complexId || c.complexId === filter.complexId);
  const fact = new Map<string, number>();
  const allFact = new Map<string, number>();
  for (const f of facts) {
    if (f.complexId === null) continue;
    fact.set(keyOf(f), (fact.get(keyOf(f)) ?? 0) + f.value);
    const total = keyOf({ ...f, complexId: null });
    allFact.set(total, (allFact.get(total) ?? 0) + f.value);
  }
  const keys = new Map<string, { month: Month; complexId: string | null; metric: Metric }>();
  const add = (c: { month: Month; complexId: string | null; metric: Metric }) => {
    if (inFilter(c)) keys.set(keyOf(c), { month: c.month, complexId: c.complexId, metric: c.metric });
  };
  for (const c of plan.values()) if (c.complexId !== null || !filter.complexId) add(c);
  for (const f of facts) if (f.complexId !== null) add(f);
  if (options.grid) {
    const metrics = filter.metric ? [filter.metric] : METRICS;
    const complexes = filter.complexId ? [filter.complexId] : [...options.complexes.keys()];
    for (const month of monthsBetween(filter.from, filter.to))
      for (const complexId of complexes) for (const metric of metrics) add({ month, complexId, metric });
  }
  const rows = [...keys.values()].map((k) => {
    const key = keyOf(k);
    const p = plan.get(key)?.value ?? 0;
    const f = roundValue(k.metric, (k.complexId === null ? allFact.get(key) : fact.get(key)) ?? 0);
    return {
      month: k.month,
      complexId: k.complexId,
      complexName: k.complexId === null ? null : (options.complexes.get(k.complexId) ?? null),
      metric: k.metric,
      plan: p,
      fact: f,
      delta: roundValue(k.metric, f - p),
      percent: percentOf(f, p),
    };
  });
  return rows.sort(
    (a, b) =>
      a.month.localeCompare(b.month) ||
      (METRIC_ORDER.get(a.metric) ?? 0) - (METRIC_ORDER.get(b.metric) ?? 0) ||
      (a.complexId === null ? -1 : b.complexId === null ? 1 : 0) ||
      (a.complexName ?? '').localeCompare(b.complexName ?? '', 'ru'),
  );
}

/**
 * Totals per metric over the rows: a month's plan is its all-complexes plan where one was set,
 * else the sum of its complexes' plans; the fact is the sum of the complexes' facts (never twice).
 */
export function totals(rows: readonly PlanFactRow[]): MetricTotal[] {
  const out: MetricTotal[] = [];
  for (const metric of METRICS) {
    const mine = rows.filter((r) => r.metric === metric);
    if (mine.length === 0) continue;
    let plan = 0;
    let fact = 0;
    const months = new Set(mine.map((r) => r.month));
    for (const month of months) {
      const ofMonth = mine.filter((r) => r.month === month);
      const all = ofMonth.find((r) => r.complexId === null && r.plan > 0);
      const complexes = ofMonth.filter((r) => r.complexId !== null);
      plan += all ? all.plan : complexes.reduce((s, r) => s + r.plan, 0);
      fact += complexes.length > 0 ? complexes.reduce((s, r) => s + r.fact, 0) : (all?.fact ?? 0);
    }
    plan = roundValue(metric, plan);
    fact = roundValue(metric, fact);
    out.push({ metric, plan, fact, delta: roundValue(metric, fact - plan), percent: percentOf(fact, plan) });
  }
  return out;
}

/** The remaining FREE stock of a complex (from the registry): units, m², value at today's prices (₽). */
export interface Stock {
  complexId: string;
  units: number;
  area: number;
  value: number;
}

export interface WhatIf {
  /** Price change of the remaining FREE stock, % (+5 = five percent dearer). */
  pricePercent: number;
  /** The pace of sales against the units plan still to do, % (100 = as planned). */
  tempoPercent: number;
}

export interface Projection {
  pricePercent: number;
  tempoPercent: number;
  /** The FREE stock now: units, m², value at today's prices and with the price change (₽). */
  stock: { units: number; area: number; value: number; valueAdjusted: number };
  /** Units still to sell from the stock (this month on: plan − fact, at the pace, at most the stock). */
  toSell: { units: number; area: number; revenue: number };
  /** The period's fact + what is still to sell. */
  projected: { units: number; area: number; revenue: number };
  plan: { units: number; area: number; revenue: number };
  delta: { units: number; area: number; revenue: number };
  percent: { units: number | null; area: number | null; revenue: number | null };
}

/** Changed plan values over the rows: delta and percent recomputed, nothing written. */
export function withOverrides(
  rows: readonly PlanFactRow[],
  overrides: ReadonlyMap<string, number>,
): PlanFactRow[] {
  return rows.map((r) => {
    const changed = overrides.get(keyOf(r));
    if (changed === undefined) return r;
    const plan = roundValue(r.metric, changed);
    return { ...r, plan, delta: roundValue(r.metric, r.fact - plan), percent: percentOf(r.fact, plan) };
  });
}

/**
 * What the period would close at: its fact so far, plus — for this month and later — the units the
 * plan still wants (plan − fact, at the pace), sold from the FREE stock of their complex (never more
 * than it holds) at its average price changed by pricePercent and its average area. A month planned
 * only for all complexes together draws on the whole stock at its averages.
 */
export function project(
  rows: readonly PlanFactRow[],
  stock: readonly Stock[],
  whatIf: WhatIf,
  currentMonth: Month,
): Projection {
  const round = (v: number) => Math.round(v * 100) / 100;
  const t = new Map(totals(rows).map((x) => [x.metric, x]));
  const price = 1 + whatIf.pricePercent / 100;
  const tempo = whatIf.tempoPercent / 100;
  const left = new Map(stock.map((s) => [s.complexId, s.units]));
  const byComplex = new Map(stock.map((s) => [s.complexId, s]));
  const all = stock.reduce(
    (acc, s) => ({ units: acc.units + s.units, area: acc.area + s.area, value: acc.value + s.value }),
    { units: 0, area: 0, value: 0 },
  );
  const added = { units: 0, area: 0, revenue: 0 };
  const sell = (s: { units: number; area: number; value: number }, units: number) => {
    if (units <= 0 || s.units <= 0) return;
    added.units += units;
    added.area += (units * s.area) / s.units;
    added.revenue += ((units * s.value) / s.units) * price;
  };
  const unitsRows = rows.filter((r) => r.metric === 'UNITS' && r.month >= currentMonth);
  for (const month of [...new Set(unitsRows.map((r) => r.month))].sort()) {
    const ofMonth = unitsRows.filter((r) => r.month === month);
    const complexes = ofMonth.filter((r) => r.complexId !== null && r.plan > 0);
    const together = ofMonth.find((r) => r.complexId === null && r.plan > 0);
    if (complexes.length > 0)
      for (const r of complexes) {
        const s = byComplex.get(r.complexId as string);
        const free = left.get(r.complexId as string) ?? 0;
        const units = Math.min(free, Math.max(0, r.plan - r.fact) * tempo);
        if (!s || units <= 0) continue;
        left.set(r.complexId as string, free - units);
        sell(s, units);
      }
    else if (together) {
      const free = [...left.values()].reduce((a, b) => a + b, 0);
      const units = Math.min(free, Math.max(0, together.plan - together.fact) * tempo);
      if (units <= 0) continue;
      // Taken from every complex in proportion to what it has left.
      for (const [complexId, n] of left) left.set(complexId, n - (units * n) / free);
      sell(all, units);
    }
  }
  const toSell = { units: round(added.units), area: round(added.area), revenue: round(added.revenue) };
  const projected = {
    units: round((t.get('UNITS')?.fact ?? 0) + added.units),
    area: round((t.get('AREA_M2')?.fact ?? 0) + added.area),
    revenue: round((t.get('REVENUE')?.fact ?? 0) + added.revenue),
  };
  const plan = {
    units: t.get('UNITS')?.plan ?? 0,
    area: t.get('AREA_M2')?.plan ?? 0,
    revenue: t.get('REVENUE')?.plan ?? 0,
  };
  return {
    pricePercent: whatIf.pricePercent,
    tempoPercent: whatIf.tempoPercent,
    stock: {
      units: all.units,
      area: round(all.area),
      value: round(all.value),
      valueAdjusted: round(all.value * price),
    },
    toSell,
    projected,
    plan,
    delta: {
      units: round(projected.units - plan.units),
      area: round(projected.area - plan.area),
      revenue: round(projected.revenue - plan.revenue),
    },
    percent: {
      units: percentOf(projected.units, plan.units),
      area: percentOf(projected.area, plan.area),
      revenue: percentOf(projected.revenue, plan.revenue),
    },
  };
}
