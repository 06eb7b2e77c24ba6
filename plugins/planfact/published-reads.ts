/**
 * What other plugins may read of the plan-fact (the reports' section 7): `planFactRows` — plan,
 * fact, delta and percent per month, complex and metric — through the caller's scoped reader, so
 * the caller's principal applies; the caller's route lists `PLANFACT_OBJECTS` in `objects`. When
 * the plugin is not enabled the read answers no rows instead of failing; a bad period is a 400.
 */
import type { ScopedReader } from '../core/access/index';
import { RouteError } from '../core/plugin/index';
import { loadComplexes, loadFacts, loadPlanRecords, PLANFACT_OBJECTS } from './read/plan-fact-data';
import { isMonth, type Month, monthsBetween } from './rules/months';
import { combine, type Filter, type PlanFactRow, planInForce } from './rules/plan-fact';
import { isMetric, type Metric } from './vocabulary';

export type { PlanFactRow };
export { PLANFACT_OBJECTS };

export interface PlanFactQuery {
  from: string;
  to: string;
  complexId?: string | undefined;
  metric?: Metric | string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** At most ten years of months in one read. */
export const MAX_MONTHS = 120;

/** The query checked: months as 'YYYY-MM', from ≤ to, at most ten years; a RouteError (400) names the field. */
export function checkQuery(q: PlanFactQuery): Filter {
  const bad = (field: string, ru: string, en: string) =>
    new RouteError(400, 'planfact_bad_filter', { ru, en }, { field });
  if (!isMonth(q.from))
    throw bad(
      'from',
      `«Период с»: «${q.from}» — не месяц (ГГГГ-ММ, например 2026-03)`,
      'from: not a month (YYYY-MM)',
    );
  if (!isMonth(q.to))
    throw bad(
      'to',
      `«Период по»: «${q.to}» — не месяц (ГГГГ-ММ, например 2026-12)`,
      'to: not a month (YYYY-MM)',
    );
  if (q.from > q.to)
    throw bad('to', `«Период по» (${q.to}) раньше, чем «Период с» (${q.from})`, 'to is before from');
  if (monthsBetween(q.from, q.to).length > MAX_MONTHS)
    throw bad('to', `Период длиннее ${MAX_MONTHS / 12} лет: выберите меньший`, 'at most ten years');
  if (q.complexId !== undefined && q.complexId !== '' && !UUID.test(q.complexId))
    throw bad('complexId', '«ЖК»: это не идентификатор жилого комплекса', 'complexId: not a record id');
  if (q.metric !== undefined && q.metric !== '' && !isMetric(q.metric))
    throw bad(
      'metric',
      `«Показатель»: «${q.metric}» — нужен UNITS, AREA_M2, REVENUE или RECEIPTS`,
      'metric: UNITS, AREA_M2, REVENUE or RECEIPTS',
    );
  return {
    from: q.from as Month,
    to: q.to as Month,
    ...(q.complexId ? { complexId: q.complexId } : {}),
    ...(q.metric ? { metric: q.metric as Metric } : {}),
  };
}

/** Whether the plan-fact is enabled in this deployment (its salesPlan is replicated). */
export const planfactEnabled = (reader: Pick<ScopedReader, 'has'>) =>
  PLANFACT_OBJECTS.every((o) => reader.has(o));

/**
 * Plan, fact, delta (fact − plan) and percent (fact / plan × 100, null without a plan) per month,
 * complex and metric of the period — one row per key with a plan or a fact, plus a row with no
 * complex where a plan was set for all complexes together (its fact is all complexes'). UNITS in
 * pieces, AREA_M2 in m², REVENUE and RECEIPTS in RUB. `grid` lists every month × complex × metric.
 */
export async function planFactRows(
  reader: ScopedReader,
  query: PlanFactQuery,
  options: { grid?: boolean } = {},
): Promise<PlanFactRow[]> {
  const filter = checkQuery(query);
  if (!planfactEnabled(reader)) return [];
  const [records, facts, complexes] = [
    await loadPlanRecords(reader, filter.from, filter.to),
    await loadFacts(reader, filter.from, filter.to),
    await loadComplexes(reader),
  ];
  return combine(planInForce(records), facts, filter, { complexes, grid: options.grid === true });
}
