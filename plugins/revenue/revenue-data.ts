/**
 * Reading revenue from the read model. Every query names objects in braces
 * with an explicit alias (`{revenuePlanLine} l`): a route runs it through its
 * scoped reader (the principal's rows and fields), the project itself (jobs,
 * handlers, commands) through `systemQuery` over the plain views. Deals and
 * their scenarios go through the pure rules; the portfolio is summed in SQL
 * (numeric, exact) by the same definitions as rules/forecast.ts — a test
 * keeps the two equal — so 180 000 lines need not cross into JavaScript.
 */
import type { ScopedReader } from '../core/access/index';
import type { PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { type Allocation, SPLIT_TYPES, type SplitType } from './rules/allocation';
import {
  LINE_STATUSES,
  type LineStatus,
  type PlanLine,
  SCENARIO_KINDS,
  type Scenario,
  type ScenarioKind,
} from './rules/forecast';
import { Dec, moneyFromTwenty, ZERO } from './rules/money';
import { RateTable } from './rules/rate-table';

export type RevenueQuery = <R extends Record<string, unknown> = Record<string, unknown>>(
  sql: string,
  params?: readonly unknown[],
) => Promise<R[]>;

export const readerQuery =
  (reader: ScopedReader): RevenueQuery =>
  (sql, params) =>
    reader.query(sql, params);

/** The project's own reading (no principal): `{object} alias` → the object's view. */
export function systemQuery(ctx: Pick<PluginContext, 'store'>): RevenueQuery {
  return async <R extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
    const text = sql.replace(/\{([a-zA-Z]+)\}/g, (_m, name: string) => readModelView(name));
    return (await ctx.store.sql.query(text, params ? [...params] : [])).rows as R[];
  };
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const dec = (v: unknown, fallback: Dec = ZERO): Dec =>
  v === null || v === undefined || v === '' ? fallback : new Dec(String(v));

/** The rates of the given currencies (all when omitted) as a table. */
export async function loadRateTable(query: RevenueQuery, codes?: readonly string[]): Promise<RateTable> {
  const rows = await query<{
    date: string;
    code: string;
    rate: string;
    nominal: string;
    source: string | null;
  }>(
    `select r.date::text as date, upper(r.currency_code) as code, r.rate::text as rate, r.nominal::text as nominal, r.source
       from {exchangeRate} r
      where r.date is not null and r.rate is not null and r.currency_code is not null
        ${codes ? 'and upper(r.currency_code) = any($1::text[])' : ''}`,
    codes ? [[...codes]] : [],
  );
  return new RateTable(
    rows.map((r) => ({
      date: r.date,
      currencyCode: r.code,
      rate: r.rate,
      nominal: r.nominal || '1',
      source: r.source,
    })),
  );
}

/** Every currency code with a loaded rate. */
export async function knownCurrencyCodes(query: RevenueQuery): Promise<string[]> {
  const rows = await query<{ code: string }>(
    'select distinct upper(r.currency_code) as code from {exchangeRate} r where r.currency_code is not null order by 1',
  );
  return rows.map((r) => r.code);
}

const asKind = (v: unknown): ScenarioKind =>
  (SCENARIO_KINDS as readonly string[]).includes(String(v)) ? (v as ScenarioKind) : 'CUSTOM';
const asStatus = (v: unknown): LineStatus =>
  (LINE_STATUSES as readonly string[]).includes(String(v)) ? (v as LineStatus) : 'PLANNED';

export interface ScenarioRow extends Scenario {
  readonly validationIssue: string | null;
}

/** Scenarios with their lines, of some deals (or some scenarios). */
export async function loadScenarios(
  query: RevenueQuery,
  where: { opportunityIds?: readonly string[]; scenarioIds?: readonly string[] },
): Promise<ScenarioRow[]> {
  const byDeal = where.opportunityIds !== undefined;
  const ids = [...(where.opportunityIds ?? where.scenarioIds ?? [])];
  if (ids.length === 0) return [];
  const scenarios = await query(
    `select s.id::text as id, s.name, s.opportunity_id::text as opportunity_id, s.kind, s.probability::text as probability,
            coalesce(s.is_primary, false) as is_primary, s.validation_issue
       from {revenueScenario} s
      where ${byDeal ? 's.opportunity_id' : 's.id'} = any($1::uuid[])
      order by s.opportunity_id, coalesce(s.is_primary, false) desc, s.created_at, s.id`,
    [ids],
  );
  if (scenarios.length === 0) return [];
  const lines = await query(
    `select l.id::text as id, l.scenario_id::text as scenario_id, l.due_date::text as due_date,
            l.amount_amount_micros::text as amount_micros, l.amount_currency_code as amount_code, l.status,
            l.received_date::text as received_date, l.received_amount_amount_micros::text as received_micros,
            l.received_amount_currency_code as received_code
       from {revenuePlanLine} l
      where l.scenario_id = any($1::uuid[])
      order by l.due_date nulls last, l.id`,
    [scenarios.map((s) => s.id)],
  );
  const linesOf = new Map<string, PlanLine[]>();
  for (const l of lines) {
    const list = linesOf.get(String(l.scenario_id)) ?? [];
    list.push({
      id: String(l.id),
      dueDate: str(l.due_date),
      amount: moneyFromTwenty({ amountMicros: str(l.amount_micros), currencyCode: str(l.amount_code) }),
      status: asStatus(l.status),
      receivedDate: str(l.received_date),
      receivedAmount: moneyFromTwenty({
        amountMicros: str(l.received_micros),
        currencyCode: str(l.received_code),
      }),
    });
    linesOf.set(String(l.scenario_id), list);
  }
  return scenarios.map((s) => ({
    id: String(s.id),
    name: String(s.name ?? ''),
    opportunityId: String(s.opportunity_id ?? ''),
    kind: asKind(s.kind),
    probability: dec(s.probability, new Dec(100)),
    isPrimary: s.is_primary === true,
    validationIssue: str(s.validation_issue),
    lines: linesOf.get(String(s.id)) ?? [],
  }));
}

export interface AllocationRow extends Allocation {
  readonly id: string;
  readonly opportunityId: string | null;
  readonly scenarioId: string | null;
  readonly validationIssue: string | null;
}

export async function loadAllocations(
  query: RevenueQuery,
  where: { opportunityIds?: readonly string[] } = {},
): Promise<AllocationRow[]> {
  const rows = await query(
    `select a.id::text as id, a.opportunity_id::text as opportunity_id, a.scenario_id::text as scenario_id,
            a.department_id::text as department_id, a.member_id::text as member_id, a.share_percent::text as share_percent,
            a.fixed_amount_amount_micros::text as fixed_micros, a.fixed_amount_currency_code as fixed_code,
            a.split_type, a.role_on_deal, a.validation_issue
       from {revenueAllocation} a
      ${where.opportunityIds ? 'where a.opportunity_id = any($1::uuid[])' : ''}
      order by a.opportunity_id, a.created_at, a.id`,
    where.opportunityIds ? [[...where.opportunityIds]] : [],
  );
  return rows.map((a) => ({
    id: String(a.id),
    opportunityId: str(a.opportunity_id),
    scenarioId: str(a.scenario_id),
    departmentId: str(a.department_id),
    memberId: str(a.member_id),
    sharePercent:
      a.share_percent === null || a.share_percent === undefined ? null : new Dec(String(a.share_percent)),
    fixedAmount: moneyFromTwenty({ amountMicros: str(a.fixed_micros), currencyCode: str(a.fixed_code) }),
    splitType: (SPLIT_TYPES as readonly string[]).includes(String(a.split_type))
      ? (a.split_type as SplitType)
      : 'REVENUE',
    role: str(a.role_on_deal),
    validationIssue: str(a.validation_issue),
  }));
}

/** Names for people: deals, departments, members (only those the principal may see). */
export async function loadNames(
  query: RevenueQuery,
  ids: { opportunities?: readonly string[]; departments?: readonly string[]; members?: readonly string[] },
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const run = async (list: readonly string[] | undefined, sql: string) => {
    if (!list || list.length === 0) return;
    for (const r of await query<{ id: string; label: string | null }>(sql, [[...new Set(list)]]))
      names.set(r.id, r.label ?? '');
  };
  await run(
    ids.opportunities,
    'select o.id::text as id, o.name as label from {opportunity} o where o.id = any($1::uuid[])',
  );
  await run(
    ids.departments,
    'select d.id::text as id, d.name as label from {department} d where d.id = any($1::uuid[])',
  );
  await run(
    ids.members,
    `select m.id::text as id, nullif(trim(concat_ws(' ', m.name_first_name, m.name_last_name)), '') as label
       from {workspaceMember} m where m.id = any($1::uuid[])`,
  );
  return names;
}
