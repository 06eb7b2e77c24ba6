/**
 * What the pages and the JSON API show: the portfolio by month and scenario
 * kind, a deal's scenarios side by side with their lines (each converted
 * value with the rate used), and allocations per department and person by
 * month. RUB leaves here as strings rounded half-even to kopecks («1234.50»);
 * pages format them for people.
 */

import type { ScopedReader } from '../core/access/index';
import { portfolioFromProjection } from './forecast-projection';
import { loadAllocations, loadNames, loadRateTable, loadScenarios, type RevenueQuery } from './revenue-data';
import { allocationFraction } from './rules/allocation';
import {
  type Figures,
  type Portfolio,
  SCENARIO_KINDS,
  type ScenarioKind,
  scenarioForecast,
} from './rules/forecast';
import { Dec, presentRub, ZERO } from './rules/money';
import type { RateUsed } from './rules/rate-table';
import { allocationTarget } from './rules/scenario-rules';

export const KIND_RU: Readonly<Record<ScenarioKind, string>> = {
  BASE: 'Базовый',
  OPTIMISTIC: 'Оптимистичный',
  PESSIMISTIC: 'Пессимистичный',
  CUSTOM: 'Особый',
};
export const STATUS_RU = {
  PLANNED: 'Запланирован',
  INVOICED: 'Выставлен счёт',
  RECEIVED: 'Получен',
} as const;

const figures = (f: Figures) => ({
  planned: presentRub(f.planned),
  received: presentRub(f.received),
  remaining: presentRub(f.remaining),
  forecast: presentRub(f.forecast),
});

export interface PortfolioView {
  months: string[];
  received: string[];
  plannedByKind: { kind: ScenarioKind; label: string; values: string[] }[];
  weighted: string[];
  total: { planned: string; received: string; remaining: string; forecast: string; weighted: string };
  deals: number;
  scenarios: number;
  unconvertible: number;
  /** When the projection last caught up with the read model. */
  asOf: string | null;
}

export function portfolioView(
  p: Portfolio & { unconvertible?: number; asOf?: string | null },
): PortfolioView {
  const months = p.months.map((m) => m.month);
  const present = SCENARIO_KINDS.filter((k) => p.months.some((m) => !m.byKind[k].planned.isZero()));
  return {
    months,
    received: p.months.map((m) => presentRub(m.primary.received)),
    plannedByKind: present.map((kind) => ({
      kind,
      label: KIND_RU[kind],
      values: p.months.map((m) => presentRub(m.byKind[kind].planned)),
    })),
    weighted: p.months.map((m) => presentRub(m.weighted)),
    total: { ...figures(p.total.primary), weighted: presentRub(p.total.weighted) },
    deals: p.deals,
    scenarios: p.scenarios,
    unconvertible: p.unconvertible ?? p.problems.length,
    asOf: p.asOf ?? null,
  };
}

type Storage = Parameters<typeof portfolioFromProjection>[0];

/**
 * The portfolio the caller may see: the projection restricted to the scenarios and plan lines their
 * row rules admit (read through their reader, so every restriction — the teams plugin's grants among
 * them — applies), with masked amounts left out of the sums. All of it when both rules are `all`.
 */
export async function loadPortfolioView(reader: ScopedReader, storage: Storage): Promise<PortfolioView> {
  const idsOf = async (object: 'revenueScenario' | 'revenuePlanLine') =>
    reader.rows(object) === 'all'
      ? undefined
      : (await reader.query<{ id: string }>(`select x.id::text as id from {${object}} x`)).map((r) => r.id);
  const fields = reader.fields('revenuePlanLine');
  const visible = (field: string) => fields === 'all' || fields.includes(field);
  return portfolioView(
    await portfolioFromProjection(storage, {
      scenarioIds: await idsOf('revenueScenario'),
      lineIds: await idsOf('revenuePlanLine'),
      planned: visible('amount'),
      received: visible('receivedAmount'),
    }),
  );
}

export interface DealListItem {
  id: string;
  name: string;
  scenarios: number;
  primary: string | null;
  issues: number;
}

export async function loadDealList(query: RevenueQuery): Promise<DealListItem[]> {
  const rows = await query<{
    id: string;
    name: string | null;
    scenarios: number;
    primary_name: string | null;
    issues: number;
  }>(
    `select s.opportunity_id::text as id, o.name, count(*)::int as scenarios,
            max(case when s.is_primary then s.name end) as primary_name,
            count(*) filter (where coalesce(s.validation_issue, '') <> '')::int as issues
       from {revenueScenario} s left join {opportunity} o on o.id = s.opportunity_id
      where s.opportunity_id is not null
      group by s.opportunity_id, o.name order by o.name nulls last, 1`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name ?? 'Сделка без названия',
    scenarios: r.scenarios,
    primary: r.primary_name,
    issues: r.issues,
  }));
}

const rateText = (r: RateUsed | null) =>
  r ? { currencyCode: r.currencyCode, rateDate: r.rateDate, rate: r.rate, nominal: r.nominal } : null;

export async function loadDealView(query: RevenueQuery, opportunityId: string) {
  const scenarios = await loadScenarios(query, { opportunityIds: [opportunityId] });
  const codes = [
    ...new Set(
      scenarios.flatMap((s) =>
        s.lines.flatMap((l) => [l.amount?.currencyCode, l.receivedAmount?.currencyCode]),
      ),
    ),
  ];
  const rates = await loadRateTable(
    query,
    codes.filter((c): c is string => !!c && c !== 'RUB'),
  );
  const allocations = await loadAllocations(query, { opportunityIds: [opportunityId] });
  const names = await loadNames(query, {
    opportunities: [opportunityId],
    departments: allocations.map((a) => a.departmentId).filter((x): x is string => !!x),
    members: allocations.map((a) => a.memberId).filter((x): x is string => !!x),
  });
  const forecasts = scenarios.map((s) => ({ s, f: scenarioForecast(s, rates) }));
  const months = [...new Set(forecasts.flatMap(({ f }) => [...f.months.keys()]))].sort();
  return {
    deal: { id: opportunityId, name: names.get(opportunityId) ?? 'Сделка' },
    months,
    scenarios: forecasts.map(({ s, f }) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      kindLabel: KIND_RU[s.kind],
      probability: s.probability.toFixed(),
      isPrimary: s.isPrimary,
      validationIssue: s.validationIssue,
      total: figures(f.total),
      months: months.map((m) => ({
        month: m,
        ...figures(f.months.get(m) ?? { planned: ZERO, received: ZERO, remaining: ZERO, forecast: ZERO }),
      })),
      lines: s.lines.map((l) => {
        const r = f.lines.find((x) => x.lineId === l.id);
        const problem = f.problems.find((p) => p.lineId === l.id);
        return {
          id: l.id,
          dueDate: l.dueDate,
          amount: l.amount?.amount.toFixed() ?? null,
          currencyCode: l.amount?.currencyCode ?? null,
          status: l.status,
          statusLabel: STATUS_RU[l.status],
          receivedDate: l.receivedDate ?? null,
          receivedAmount: l.receivedAmount?.amount.toFixed() ?? null,
          receivedCurrencyCode: l.receivedAmount?.currencyCode ?? null,
          plannedRub: r ? presentRub(r.planned) : null,
          receivedRub: r ? presentRub(r.received) : null,
          remainingRub: r ? presentRub(r.remaining) : null,
          plannedRate: rateText(r?.plannedRate ?? null),
          receivedRate: rateText(r?.receivedRate ?? null),
          problem: problem?.message ?? null,
        };
      }),
      problems: f.problems,
    })),
    allocations: allocations.map((a) => ({
      id: a.id,
      scenarioId: a.scenarioId,
      department: a.departmentId ? (names.get(a.departmentId) ?? '—') : null,
      member: a.memberId ? (names.get(a.memberId) ?? '—') : null,
      sharePercent: a.sharePercent?.toFixed() ?? null,
      fixedAmount: a.fixedAmount?.amount.toFixed() ?? null,
      currencyCode: a.fixedAmount?.currencyCode ?? null,
      splitType: a.splitType,
      role: a.role,
      validationIssue: a.validationIssue,
    })),
  };
}

export interface AllocationRowView {
  kind: 'department' | 'member';
  id: string;
  name: string;
  months: Record<string, string>;
  total: string;
}

/** The team and department markers an allocation view may be narrowed to (kept by the teams plugin). */
export interface MarkerFilter {
  readonly team?: string | undefined;
  readonly department?: string | undefined;
}

/**
 * The deals whose readable markers (the teams plugin's `teamNames` / `departmentNames` on the deal,
 * comma-separated) name the team and the department, case-insensitively; undefined when no
 * marker is asked for. Only call it when the teams plugin is enabled (the columns are its).
 */
export async function dealsMarkedWith(
  query: RevenueQuery,
  markers: MarkerFilter,
): Promise<string[] | undefined> {
  const team = markers.team?.trim();
  const dep = markers.department?.trim();
  if (!team && !dep) return undefined;
  const names = (column: string, n: number) =>
    `position(', ' || lower($${n}) || ', ' in ', ' || lower(coalesce(o.${column}, '')) || ', ') > 0`;
  const rows = await query<{ id: string }>(
    `select o.id::text as id from {opportunity} o
      where ($1::text is null or ${names('team_names', 1)}) and ($2::text is null or ${names('department_names', 2)})`,
    [team || null, dep || null],
  );
  return rows.map((r) => r.id);
}

/**
 * Each department's and person's credited forecast by month in RUB (revenue and overlay splits);
 * `opportunityIds` narrows it to those deals (the deals a team or department marker names).
 */
export async function loadAllocationView(
  query: RevenueQuery,
  where: { opportunityIds?: readonly string[] | undefined } = {},
): Promise<{ months: string[]; rows: AllocationRowView[] }> {
  const allocations = await loadAllocations(
    query,
    where.opportunityIds ? { opportunityIds: where.opportunityIds } : {},
  );
  const deals = [...new Set(allocations.map((a) => a.opportunityId).filter((x): x is string => !!x))];
  const scenarios = await loadScenarios(query, { opportunityIds: deals });
  const codes = [
    ...new Set(
      scenarios.flatMap((s) =>
        s.lines.flatMap((l) => [l.amount?.currencyCode, l.receivedAmount?.currencyCode]),
      ),
    ),
  ];
  const rates = await loadRateTable(
    query,
    codes.filter((c): c is string => !!c && c !== 'RUB'),
  );
  const forecasts = new Map(
    scenarios.map((s) => [s.id, { s, f: scenarioForecast(s, rates), target: safeTarget(s.lines, rates) }]),
  );
  const primaryOf = new Map(scenarios.filter((s) => s.isPrimary).map((s) => [s.opportunityId, s.id]));
  const sums = new Map<string, { kind: 'department' | 'member'; id: string; months: Map<string, Dec> }>();
  for (const a of allocations) {
    const scenarioId = a.scenarioId ?? (a.opportunityId ? primaryOf.get(a.opportunityId) : undefined);
    const entry = scenarioId ? forecasts.get(scenarioId) : undefined;
    if (!entry) continue;
    const fraction = allocationFraction(a, entry.target);
    const keys: ['department' | 'member', string | null | undefined][] = [
      ['department', a.departmentId],
      ['member', a.memberId],
    ];
    for (const [kind, id] of keys) {
      if (!id) continue;
      const key = `${kind}:${id}`;
      const sum = sums.get(key) ?? { kind, id, months: new Map<string, Dec>() };
      sums.set(key, sum);
      for (const [month, f] of entry.f.months)
        sum.months.set(month, (sum.months.get(month) ?? ZERO).plus(f.forecast.times(fraction)));
    }
  }
  const names = await loadNames(query, {
    departments: [...sums.values()].filter((s) => s.kind === 'department').map((s) => s.id),
    members: [...sums.values()].filter((s) => s.kind === 'member').map((s) => s.id),
  });
  const months = [...new Set([...sums.values()].flatMap((s) => [...s.months.keys()]))].sort();
  const rows = [...sums.values()]
    .map((s) => ({
      kind: s.kind,
      id: s.id,
      name: names.get(s.id) || (s.kind === 'department' ? 'Отдел' : 'Сотрудник'),
      months: Object.fromEntries(months.map((m) => [m, presentRub(s.months.get(m) ?? ZERO)])),
      total: presentRub([...s.months.values()].reduce((x, y) => x.plus(y), new Dec(0))),
    }))
    .sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name, 'ru') : a.kind === 'department' ? -1 : 1,
    );
  return { months, rows };
}

function safeTarget(
  lines: Parameters<typeof allocationTarget>[0],
  rates: Parameters<typeof allocationTarget>[1],
) {
  try {
    return allocationTarget(lines, rates).target;
  } catch {
    return null;
  }
}
