/**
 * 7. Plan-fact by month and complex: the planfact plugin's `planFactRows` (its plans in force
 * against facts from signed contracts and receipts) laid out one line per month and complex with
 * plan, fact and % for each metric. A plan set for all complexes together is its own line («все
 * ЖК»); its fact is every complex's, so totals take facts from the complexes' lines only.
 */
import { METRIC_RU, PLANFACT_OBJECTS, type PlanFactRow, planFactRows } from '../../planfact/index';
import { defineSection, type ReportRow } from '../report-types';
import { monthRu } from './sql';

type Metric = PlanFactRow['metric'];
const KEYS: Readonly<Record<Metric, string>> = {
  UNITS: 'units',
  AREA_M2: 'area',
  REVENUE: 'revenue',
  RECEIPTS: 'receipts',
};
const ALL_COMPLEXES = 'Все ЖК (общий план)';

const pct = (plan: number, fact: number) => (plan > 0 ? Math.round((fact / plan) * 1000) / 10 : null);
const round = (metric: Metric, v: number) =>
  metric === 'UNITS'
    ? Math.round(v)
    : metric === 'AREA_M2'
      ? Math.round(v * 10) / 10
      : Math.round(v * 100) / 100;

export const planFact = defineSection({
  id: 7,
  key: 'plan-fact',
  title: { ru: 'План-факт продаж', en: 'Plan vs fact' },
  plugins: ['planfact'],
  objects: [...PLANFACT_OBJECTS],
  requires: ['salesPlan'],
  params: ['period', 'complex'],
  roles: ['sales', 'finance'],
  columns: [
    { key: 'month', label: 'Месяц', type: 'text' },
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'unitsPlan', label: `${METRIC_RU.UNITS}: план`, type: 'int', total: true },
    { key: 'unitsFact', label: `${METRIC_RU.UNITS}: факт`, type: 'int', total: true },
    { key: 'areaPlan', label: `${METRIC_RU.AREA_M2}: план`, type: 'area', total: true },
    { key: 'areaFact', label: `${METRIC_RU.AREA_M2}: факт`, type: 'area', total: true },
    { key: 'revenuePlan', label: 'Выручка: план', type: 'money', total: true },
    { key: 'revenueFact', label: 'Выручка: факт', type: 'money', total: true },
    { key: 'revenuePercent', label: 'Выручка: % плана', type: 'percent' },
    { key: 'receiptsPlan', label: 'Поступления: план', type: 'money', total: true },
    { key: 'receiptsFact', label: 'Поступления: факт', type: 'money', total: true },
    { key: 'receiptsPercent', label: 'Поступления: % плана', type: 'percent' },
  ],
  async run(reader, p) {
    const found = await planFactRows(reader, {
      from: p.from.slice(0, 7),
      to: p.to.slice(0, 7),
      ...(p.complexId ? { complexId: p.complexId } : {}),
    });
    const lines = new Map<string, Record<string, string | number | null>>();
    const plan = new Map<Metric, number>();
    const fact = new Map<Metric, number>();
    const chart = new Map<string, { plan: number; fact: number }>();
    for (const r of found) {
      const key = `${r.month}\u0000${r.complexId ?? ''}`;
      const line = lines.get(key) ?? {
        month: r.month,
        complex: r.complexId ? (r.complexName ?? '—') : ALL_COMPLEXES,
      };
      const k = KEYS[r.metric];
      line[`${k}Plan`] = round(r.metric, r.plan);
      line[`${k}Fact`] = round(r.metric, r.fact);
      if (r.metric === 'REVENUE' || r.metric === 'RECEIPTS')
        line[`${k}Percent`] = r.percent === null ? null : Math.round(r.percent * 10) / 10;
      lines.set(key, line);
      plan.set(r.metric, (plan.get(r.metric) ?? 0) + r.plan);
      if (r.complexId !== null) fact.set(r.metric, (fact.get(r.metric) ?? 0) + r.fact);
      if (r.metric === 'REVENUE') {
        const c = chart.get(r.month) ?? { plan: 0, fact: 0 };
        c.plan += r.plan;
        if (r.complexId !== null) c.fact += r.fact;
        chart.set(r.month, c);
      }
    }
    const rows: ReportRow[] = [...lines.values()]
      .sort(
        (a, b) =>
          String(a.month).localeCompare(String(b.month)) ||
          (a.complex === ALL_COMPLEXES
            ? -1
            : b.complex === ALL_COMPLEXES
              ? 1
              : String(a.complex).localeCompare(String(b.complex), 'ru')),
      )
      .map((l) => ({ ...l, month: monthRu(String(l.month)) }));
    const totals: Record<string, number | null> = {};
    for (const [metric, k] of Object.entries(KEYS) as [Metric, string][]) {
      totals[`${k}Plan`] = round(metric, plan.get(metric) ?? 0);
      totals[`${k}Fact`] = round(metric, fact.get(metric) ?? 0);
    }
    totals.revenuePercent = pct(plan.get('REVENUE') ?? 0, fact.get('REVENUE') ?? 0);
    totals.receiptsPercent = pct(plan.get('RECEIPTS') ?? 0, fact.get('RECEIPTS') ?? 0);
    const months = [...chart.keys()].sort();
    return {
      rows,
      totals,
      chart: {
        kind: 'bar',
        unit: 'money',
        categories: months.map(monthRu),
        series: [
          {
            name: 'Выручка: план',
            values: months.map((m) => Math.round((chart.get(m)?.plan ?? 0) * 100) / 100),
          },
          {
            name: 'Выручка: факт',
            values: months.map((m) => Math.round((chart.get(m)?.fact ?? 0) * 100) / 100),
          },
        ],
      },
    };
  },
});
