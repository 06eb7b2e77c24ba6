/**
 * A holding as the API and the page show it, read through the caller's scoped reader (so a
 * member restricted by project teams rolls up only what they may see): the company's subtree at
 * any depth, and per company its own and total open deals, pipeline and won amounts, the revenue
 * plugin's planned and received figures when it is enabled (its published read, in RUB at the
 * Central Bank's rate), tasks, notes and contacts. Deal amounts are roubles (RUB, or no currency);
 * deals in other currencies are left out of the deal sums.
 */
import type { ScopedReader } from '../core/access/index';
import { forbidden, notFound, type RouteLinks } from '../core/plugin/index';
import { DEAL_REVENUE_OBJECTS, dealRevenueInRub } from '../revenue/index';
import { type CompanyFigures, NO_FIGURES, rollUp, subtree } from './rules/holding-tree';

/** Deals in these stages are no longer open; CUSTOMER (Twenty's won stage) counts as won. */
export const WON_STAGES: readonly string[] = ['CUSTOMER', 'WON', 'CLOSED_WON'];
export const LOST_STAGES: readonly string[] = ['LOST', 'CLOSED_LOST'];

export const HOLDING_OBJECTS = [
  'company',
  'opportunity',
  'person',
  'task',
  'note',
  'taskTarget',
  'noteTarget',
  // What revenue's published read needs, when revenue is enabled (holdings `uses` it).
  ...DEAL_REVENUE_OBJECTS,
] as const;

export interface FiguresJson {
  readonly openDeals: number;
  readonly openAmountMicros: string;
  readonly wonAmountMicros: string;
  readonly receivedMicros: string | null;
  readonly plannedMicros: string | null;
  readonly openTasks: number;
  readonly tasks: number;
  readonly notes: number;
  readonly contacts: number;
}

export interface HoldingCompany {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly depth: number;
  readonly url: string;
  readonly own: FiguresJson;
  readonly total: FiguresJson;
}

export interface HoldingView {
  readonly root: {
    readonly id: string;
    readonly name: string;
    readonly parentId: string | null;
    readonly parentName: string | null;
  };
  readonly companies: readonly HoldingCompany[];
  readonly total: FiguresJson;
  /** Whether the revenue plugin's figures are included. */
  readonly revenue: boolean;
}

const json = (f: CompanyFigures): FiguresJson => ({
  openDeals: f.openDeals,
  openAmountMicros: f.openAmountMicros.toString(),
  wonAmountMicros: f.wonAmountMicros.toString(),
  receivedMicros: f.receivedMicros === null ? null : f.receivedMicros.toString(),
  plannedMicros: f.plannedMicros === null ? null : f.plannedMicros.toString(),
  openTasks: f.openTasks,
  tasks: f.tasks,
  notes: f.notes,
  contacts: f.contacts,
});

const micros = (v: string | null | undefined) => (v ? BigInt(v.split('.')[0] as string) : 0n);

/** Every visible company's parent (the tree and the cycle check read it). */
export async function companyParents(reader: ScopedReader) {
  return reader.query<{ id: string; name: string | null; parent_id: string | null }>(
    'select id::text as id, name, parent_company_id::text as parent_id from {company}',
  );
}

export async function loadHolding(
  reader: ScopedReader,
  links: RouteLinks,
  companyId: string,
): Promise<HoldingView> {
  const companies = await companyParents(reader);
  const byId = new Map(companies.map((c) => [c.id, c]));
  const root = byId.get(companyId);
  if (!root) {
    const p = reader.principal;
    if (p.kind === 'staff' && p.role === 'admin')
      throw notFound('holdings_company_not_found', `компания ${companyId} не найдена`);
    throw forbidden('access_denied', 'у вас нет доступа к этой компании');
  }
  const children = new Map<string, string[]>();
  for (const c of companies)
    if (c.parent_id) children.set(c.parent_id, [...(children.get(c.parent_id) ?? []), c.id]);
  const tree = subtree(companyId, (id) => children.get(id) ?? []);
  const ids = tree.map((t) => t.id);
  const own = new Map<string, CompanyFigures>(ids.map((id) => [id, { ...NO_FIGURES }]));
  const figure = (id: string | null) => (id ? own.get(id) : undefined);

  const deals = await reader.query<{
    id: string;
    company_id: string;
    stage: string | null;
    amount: string | null;
    currency: string | null;
  }>(
    `select id::text as id, company_id::text, stage, amount_amount_micros::text as amount, amount_currency_code as currency
       from {opportunity} where company_id = any($1::uuid[])`,
    [ids],
  );
  const dealCompany = new Map<string, string>();
  for (const d of deals) {
    dealCompany.set(d.id, d.company_id);
    const f = figure(d.company_id);
    if (!f) continue;
    const rub = d.currency === null || d.currency === 'RUB';
    if (d.stage && WON_STAGES.includes(d.stage)) {
      if (rub) f.wonAmountMicros += micros(d.amount);
    } else if (!d.stage || !LOST_STAGES.includes(d.stage)) {
      f.openDeals += 1;
      if (rub) f.openAmountMicros += micros(d.amount);
    }
  }
  const contacts = await reader.query<{ company_id: string; n: number }>(
    `select company_id::text, count(*)::int as n from {person} where company_id = any($1::uuid[]) group by 1`,
    [ids],
  );
  for (const c of contacts) {
    const f = figure(c.company_id);
    if (f) f.contacts += c.n;
  }
  // A task or note counts once, for the company it is linked to directly or through a deal.
  const dealIds = [...dealCompany.keys()];
  const activities = await reader.query<{
    kind: string;
    item: string;
    company_id: string | null;
    deal_id: string | null;
    open: boolean;
  }>(
    `select 'task' as kind, tt.task_id::text as item, tt.company_id::text, tt.opportunity_id::text as deal_id,
            coalesce(t.status, '') <> 'DONE' as open
       from {taskTarget} tt join {task} t on t.id = tt.task_id
      where tt.company_id in (select unnest($1::uuid[])) or tt.opportunity_id in (select unnest($2::uuid[]))
     union all
     select 'note', nt.note_id::text, nt.company_id::text, nt.opportunity_id::text, false
       from {noteTarget} nt join {note} n on n.id = nt.note_id
      where nt.company_id in (select unnest($1::uuid[])) or nt.opportunity_id in (select unnest($2::uuid[]))`,
    [ids, dealIds],
  );
  const counted = new Set<string>();
  for (const a of activities) {
    const key = `${a.kind}:${a.item}`;
    const f = figure(
      a.company_id && own.has(a.company_id) ? a.company_id : (dealCompany.get(a.deal_id ?? '') ?? null),
    );
    if (!f || counted.has(key)) continue;
    counted.add(key);
    if (a.kind === 'task') {
      f.tasks += 1;
      if (a.open) f.openTasks += 1;
    } else f.notes += 1;
  }
  const revenue = await dealRevenueInRub(reader, dealIds);
  if (revenue) {
    for (const f of own.values()) {
      f.receivedMicros = 0n;
      f.plannedMicros = 0n;
    }
    for (const r of revenue.values()) {
      const f = figure(dealCompany.get(r.dealId) ?? null);
      if (!f) continue;
      f.receivedMicros = (f.receivedMicros ?? 0n) + r.receivedMicros;
      f.plannedMicros = (f.plannedMicros ?? 0n) + r.plannedMicros;
    }
  }
  const totals = rollUp(tree, (id) => own.get(id) ?? { ...NO_FIGURES });
  const rootTotals = totals.get(companyId);
  return {
    root: {
      id: root.id,
      name: root.name || 'Без названия',
      parentId: root.parent_id,
      parentName: root.parent_id ? (byId.get(root.parent_id)?.name ?? null) : null,
    },
    companies: tree.map((t) => {
      const figures = totals.get(t.id);
      return {
        id: t.id,
        name: byId.get(t.id)?.name || 'Без названия',
        parentId: t.parentId,
        depth: t.depth,
        url: links.twentyRecord('company', t.id),
        own: json(figures?.own ?? NO_FIGURES),
        total: json(figures?.total ?? NO_FIGURES),
      };
    }),
    total: json(rootTotals?.total ?? NO_FIGURES),
    revenue: revenue !== undefined,
  };
}
