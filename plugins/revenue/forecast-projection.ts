/**
 * The portfolio's projection of the read model: one row per plan line with
 * its RUB figures already computed by the pure rules (rules/forecast.ts
 * `lineResult`: planned at the due date's rate, received at the received
 * date's, remaining), and one per scenario (deal, kind, primary,
 * probability), in the plugin's own typed tables. Reading 180,000 lines out
 * of the replica's jsonb takes seconds; summing these narrow rows takes a
 * fraction of one — so the portfolio meets its 1 s at 5,000 deals.
 *
 * Kept current by `refreshForecastProjection` (a job every minute, and after
 * `realty rates`): lines and scenarios whose replica `updated_at` passed the
 * high-water mark (minus an overlap, as core's change feed does, for late
 * webhooks), every non-RUB line again when the rates changed, and a full
 * rebuild nightly. A route reads it through `ctx.storage`, restricted to the
 * scenarios its scoped reader shows the caller.
 */
import type { PluginContext, PluginMigration } from '../core/plugin/index';
import { loadRateTable, systemQuery } from './revenue-data';
import {
  emptyFigures,
  type Figures,
  LINE_STATUSES,
  type LineStatus,
  lineResult,
  type Portfolio,
  type PortfolioMonth,
  SCENARIO_KINDS,
  type ScenarioKind,
} from './rules/forecast';
import { Dec, moneyFromTwenty, ZERO } from './rules/money';
import { RevenueError } from './rules/revenue-errors';

export const OVERLAP_MS = 30_000;
const BATCH = 5_000;

export const projectionMigration: PluginMigration = {
  id: '001-revenue-forecast-projection',
  description: 'typed per-line and per-scenario RUB figures for the portfolio forecast',
  run: (ctx) =>
    ctx.store.sql.exec(`
      create table if not exists revenue_line_fact (
        line_id uuid primary key,
        scenario_id uuid,
        due_month text,
        planned numeric not null default 0,
        received_month text,
        received numeric not null default 0,
        remaining numeric not null default 0,
        unconvertible boolean not null default false,
        non_rub boolean not null default false
      );
      create index if not exists revenue_line_fact_scenario on revenue_line_fact (scenario_id);
      create table if not exists revenue_scenario_fact (
        scenario_id uuid primary key,
        opportunity_id uuid,
        kind text not null,
        is_primary boolean not null,
        p numeric not null
      );
      create table if not exists revenue_projection_mark (name text primary key, mark timestamptz);`),
};

/** Each line carries its scenario's kind, primary mark and probability: the portfolio is one scan, no join. */
export const projectionDenormalizeMigration: PluginMigration = {
  id: '002-revenue-forecast-projection-denormalized',
  description: 'line facts carry kind, primary and probability; rebuilt on the next refresh',
  run: (ctx) =>
    ctx.store.sql.exec(`
      alter table revenue_line_fact add column if not exists kind text;
      alter table revenue_line_fact add column if not exists is_primary boolean;
      alter table revenue_line_fact add column if not exists p numeric;
      create index if not exists revenue_line_fact_unconvertible on revenue_line_fact (scenario_id) where unconvertible;
      delete from revenue_projection_mark;`),
};

interface ReplicaRow {
  id: string;
  updated_at: Date | string | null;
  deleted_at: Date | string | null;
  data: Record<string, unknown>;
}

const asStatus = (v: unknown): LineStatus =>
  (LINE_STATUSES as readonly string[]).includes(String(v)) ? (v as LineStatus) : 'PLANNED';
const asKind = (v: unknown): ScenarioKind =>
  (SCENARIO_KINDS as readonly string[]).includes(String(v)) ? (v as ScenarioKind) : 'CUSTOM';
const dateOf = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
const time = (v: Date | string | null) => (v === null ? 0 : new Date(v).getTime());

async function insertJson(
  ctx: Pick<PluginContext, 'store'>,
  sql: string,
  rows: readonly unknown[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH)
    await ctx.store.sql.query(sql, [JSON.stringify(rows.slice(i, i + BATCH))]);
}

export interface RefreshSummary {
  readonly lines: number;
  readonly scenarios: number;
  readonly full: boolean;
}

/** Brings the projection up to the replica (everything when `full` or never built). */
export async function refreshForecastProjection(
  ctx: Pick<PluginContext, 'store'>,
  options: { full?: boolean } = {},
): Promise<RefreshSummary> {
  const { sql, readModel } = ctx.store;
  if (
    !readModel.has('revenuePlanLine') ||
    !readModel.has('revenueScenario') ||
    !readModel.has('exchangeRate')
  )
    return { lines: 0, scenarios: 0, full: false };
  const marks = new Map(
    (
      await sql.query<{ name: string; mark: Date | string | null }>(
        'select name, mark from revenue_projection_mark',
      )
    ).rows.map((r) => [r.name, r.mark]),
  );
  const full = options.full === true || !marks.has('line');
  const since = (name: string) =>
    full ? null : new Date(time(marks.get(name) ?? null) - OVERLAP_MS).toISOString();
  const ratesMark =
    (
      await sql.query<{ m: Date | null }>(
        `select max(updated_at) as m from ${readModel.table('exchangeRate')}`,
      )
    ).rows[0]?.m ?? null;
  const ratesChanged = !full && time(ratesMark) !== time(marks.get('rates') ?? null);

  // Scenarios.
  const scenarioRows = (
    await sql.query<ReplicaRow>(
      `select id::text as id, updated_at, deleted_at, data from ${readModel.table('revenueScenario')} ${full ? '' : 'where updated_at > $1'}`,
      full ? [] : [since('scenario')],
    )
  ).rows;
  if (full) await sql.exec('delete from revenue_scenario_fact');
  const gone = scenarioRows.filter((r) => r.deleted_at !== null).map((r) => r.id);
  if (gone.length > 0)
    await sql.query('delete from revenue_scenario_fact where scenario_id = any($1::uuid[])', [gone]);
  await insertJson(
    ctx,
    `insert into revenue_scenario_fact (scenario_id, opportunity_id, kind, is_primary, p)
     select (e->>'s')::uuid, nullif(e->>'o', '')::uuid, e->>'k', (e->>'pr')::boolean, (e->>'p')::numeric from jsonb_array_elements($1::jsonb) e
     on conflict (scenario_id) do update set opportunity_id = excluded.opportunity_id, kind = excluded.kind, is_primary = excluded.is_primary, p = excluded.p`,
    scenarioRows
      .filter((r) => r.deleted_at === null)
      .map((r) => {
        const probability = r.data.probability;
        const p =
          probability === null || probability === undefined || probability === ''
            ? new Dec(100)
            : new Dec(String(probability));
        return {
          s: r.id,
          o: typeof r.data.opportunityId === 'string' ? r.data.opportunityId : '',
          k: asKind(r.data.kind),
          pr: r.data.isPrimary === true,
          p: p.dividedBy(100).toFixed(),
        };
      }),
  );
  if (!full && scenarioRows.length > 0)
    await sql.query(
      `update revenue_line_fact l set kind = s.kind, is_primary = s.is_primary, p = s.p
         from revenue_scenario_fact s where l.scenario_id = s.scenario_id and s.scenario_id = any($1::uuid[])`,
      [scenarioRows.map((r) => r.id)],
    );
  if (gone.length > 0)
    await sql.query('update revenue_line_fact set kind = null where scenario_id = any($1::uuid[])', [gone]);

  // Lines: the changed ones, and every non-RUB line when the rates changed.
  const lineTable = readModel.table('revenuePlanLine');
  const lineRows = (
    await sql.query<ReplicaRow>(
      full
        ? `select id::text as id, updated_at, deleted_at, data from ${lineTable}`
        : `select id::text as id, updated_at, deleted_at, data from ${lineTable} where updated_at > $1
           ${ratesChanged ? `or id in (select line_id from revenue_line_fact where non_rub)` : ''}`,
      full ? [] : [since('line')],
    )
  ).rows;
  const codes = new Set<string>();
  for (const r of lineRows) {
    for (const key of ['amount', 'receivedAmount']) {
      const code = (r.data[key] as { currencyCode?: string } | null)?.currencyCode;
      if (code && code !== 'RUB') codes.add(code.toUpperCase());
    }
  }
  const rates = await loadRateTable(systemQuery(ctx), codes.size > 0 ? [...codes] : ['RUB']);
  if (full) await sql.exec('delete from revenue_line_fact');
  const deletedLines = lineRows.filter((r) => r.deleted_at !== null).map((r) => r.id);
  if (deletedLines.length > 0)
    await sql.query('delete from revenue_line_fact where line_id = any($1::uuid[])', [deletedLines]);
  const facts = lineRows
    .filter((r) => r.deleted_at === null)
    .map((r) => {
      const amount = moneyFromTwenty(r.data.amount as never);
      const received = moneyFromTwenty(r.data.receivedAmount as never);
      const base = {
        l: r.id,
        s: typeof r.data.scenarioId === 'string' ? r.data.scenarioId : '',
        nr:
          (amount && amount.currencyCode !== 'RUB') || (received !== null && received.currencyCode !== 'RUB'),
      };
      try {
        const f = lineResult(
          {
            id: r.id,
            dueDate: dateOf(r.data.dueDate),
            amount,
            status: asStatus(r.data.status),
            receivedDate: dateOf(r.data.receivedDate),
            receivedAmount: received,
          },
          rates,
        );
        return {
          ...base,
          dm: f.dueMonth,
          pl: f.planned.toFixed(),
          rm: f.receivedMonth,
          rc: f.received.toFixed(),
          re: f.remaining.toFixed(),
          u: false,
        };
      } catch (error) {
        if (!(error instanceof RevenueError)) throw error;
        return { ...base, dm: null, pl: '0', rm: null, rc: '0', re: '0', u: true };
      }
    });
  await insertJson(
    ctx,
    `insert into revenue_line_fact (line_id, scenario_id, due_month, planned, received_month, received, remaining, unconvertible, non_rub,
                                   kind, is_primary, p)
     select (e->>'l')::uuid, nullif(e->>'s', '')::uuid, e->>'dm', (e->>'pl')::numeric, e->>'rm', (e->>'rc')::numeric, (e->>'re')::numeric,
            (e->>'u')::boolean, (e->>'nr')::boolean, s.kind, s.is_primary, s.p
       from jsonb_array_elements($1::jsonb) e left join revenue_scenario_fact s on s.scenario_id = nullif(e->>'s', '')::uuid
     on conflict (line_id) do update set scenario_id = excluded.scenario_id, due_month = excluded.due_month, planned = excluded.planned,
       received_month = excluded.received_month, received = excluded.received, remaining = excluded.remaining,
       unconvertible = excluded.unconvertible, non_rub = excluded.non_rub, kind = excluded.kind, is_primary = excluded.is_primary,
       p = excluded.p`,
    facts,
  );
  const maxOf = (rows: ReplicaRow[], fallback: Date | string | null) =>
    rows.reduce<Date | string | null>((m, r) => (time(r.updated_at) > time(m) ? r.updated_at : m), fallback);
  const newMarks: [string, Date | string | null][] = [
    ['scenario', maxOf(scenarioRows, marks.get('scenario') ?? null)],
    ['line', maxOf(lineRows, marks.get('line') ?? null) ?? new Date(0)],
    ['rates', ratesMark],
    ['refreshed', ctx.store.clock.now()],
  ];
  for (const [name, mark] of newMarks)
    await sql.query(
      'insert into revenue_projection_mark (name, mark) values ($1, $2) on conflict (name) do update set mark = excluded.mark',
      [name, mark === null ? null : new Date(mark).toISOString()],
    );
  return { lines: lineRows.length, scenarios: scenarioRows.length, full };
}

type Storage = {
  query<R extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
};

/**
 * What of the projection a caller may see, as their scoped reader decided: the scenarios and plan
 * lines their row rules admit (undefined: all — the rule is `all`), and whether the lines' amounts
 * (`amount` → planned and remaining, `receivedAmount` → received) are masked for them.
 */
export interface ProjectionScope {
  readonly scenarioIds?: readonly string[];
  readonly lineIds?: readonly string[];
  readonly planned?: boolean;
  readonly received?: boolean;
}

/**
 * The portfolio from the projection; `scope` restricts it to what the caller may see (a list is
 * the visible scenario ids, as before; undefined: everything — the caller's rules are `all`).
 */
export async function portfolioFromProjection(
  storage: Storage,
  scope?: readonly string[] | ProjectionScope,
): Promise<Portfolio & { unconvertible: number; asOf: string | null }> {
  const {
    scenarioIds,
    lineIds,
    planned: showPlanned = true,
    received: showReceived = true,
  } = scope === undefined ? {} : Array.isArray(scope) ? { scenarioIds: scope } : (scope as ProjectionScope);
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const scenarioParam = scenarioIds !== undefined ? bind([...scenarioIds]) : undefined;
  const lineParam = lineIds !== undefined ? bind([...lineIds]) : undefined;
  const where = scenarioParam ? `where s.scenario_id = any(${scenarioParam}::uuid[])` : '';
  const lineScope = [
    scenarioParam ? `and l.scenario_id = any(${scenarioParam}::uuid[])` : '',
    lineParam ? `and l.line_id = any(${lineParam}::uuid[])` : '',
  ].join(' ');
  // A masked amount contributes nothing: the caller may not learn it from a sum either.
  const plannedOf = (column: string) => (showPlanned ? column : '0');
  const receivedOf = (column: string) => (showReceived ? column : '0');
  type Row = {
    month: string;
    kind: string;
    is_primary: boolean;
    planned: string;
    received: string;
    remaining: string;
    weighted: string;
  };
  // Two grouped scans of the narrow line facts: what is due by due month, what came by received month.
  const due = await storage.query<Row>(
    `select l.due_month as month, l.kind, l.is_primary, sum(${plannedOf('l.planned')})::text as planned, '0' as received,
            sum(${plannedOf('l.remaining')})::text as remaining, sum(l.p * ${plannedOf('l.remaining')})::text as weighted
       from revenue_line_fact l
      where l.kind is not null and not l.unconvertible ${lineScope}
      group by 1, 2, 3`,
    params,
  );
  const came = await storage.query<Row>(
    `select l.received_month as month, l.kind, l.is_primary, '0' as planned, sum(${receivedOf('l.received')})::text as received, '0' as remaining,
            case when l.is_primary then sum(${receivedOf('l.received')}) else 0 end::text as weighted
       from revenue_line_fact l
      where l.kind is not null and not l.unconvertible and l.received <> 0 ${showReceived ? '' : 'and false'} ${lineScope}
      group by 1, 2, 3`,
    params,
  );
  const rows = [...due, ...came].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const [counts] = await storage.query<{ deals: number; scenarios: number; bad: number }>(
    `select (select count(distinct s.opportunity_id)::int from revenue_scenario_fact s ${where}) as deals,
            (select count(*)::int from revenue_scenario_fact s ${where}) as scenarios,
            (select count(*)::int from revenue_line_fact l where l.unconvertible ${lineScope}) as bad`,
    params,
  );
  const [mark] = await storage.query<{ mark: string | null }>(
    `select to_char(mark at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as mark from revenue_projection_mark where name = 'refreshed'`,
  );
  const fresh = () => ({
    byKind: {
      BASE: emptyFigures(),
      OPTIMISTIC: emptyFigures(),
      PESSIMISTIC: emptyFigures(),
      CUSTOM: emptyFigures(),
    } as Record<ScenarioKind, Figures>,
    primary: emptyFigures(),
    weighted: ZERO as Dec,
  });
  const months = new Map<string, ReturnType<typeof fresh>>();
  const total = fresh();
  const addTo = (into: Figures, r: { planned: string; received: string; remaining: string }) => {
    into.planned = into.planned.plus(r.planned);
    into.received = into.received.plus(r.received);
    into.remaining = into.remaining.plus(r.remaining);
    into.forecast = into.received.plus(into.remaining);
  };
  for (const r of rows) {
    const m = months.get(r.month) ?? fresh();
    months.set(r.month, m);
    for (const target of [m, total]) {
      addTo(target.byKind[asKind(r.kind)], r);
      if (r.is_primary) addTo(target.primary, r);
      target.weighted = target.weighted.plus(r.weighted);
    }
  }
  const list: PortfolioMonth[] = [...months].map(([month, m]) => ({ month, ...m }));
  return {
    months: list,
    total,
    deals: counts?.deals ?? 0,
    scenarios: counts?.scenarios ?? 0,
    problems: [],
    unconvertible: counts?.bad ?? 0,
    asOf: mark?.mark ?? null,
  };
}
