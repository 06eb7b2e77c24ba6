/**
 * What the plan-fact reads, through the caller's scoped reader (its principal's rules apply): the
 * active sales plan, the facts of a period from what the registry and payments publish, the
 * complexes and the remaining FREE stock. Months are Moscow months.
 *
 * Facts: UNITS, AREA_M2 and REVENUE are the sale contracts SIGNED in the month (by `signedAt`) —
 * their count, their units' total area and their price; RECEIPTS is the money that became the
 * developer's in the month by the payments' journal — the price received (PRICE_RECEIVED) and the
 * deposits credited to the price (DEPOSIT_CREDITED_TO_PRICE); deposits held, refunded or retained
 * are not sales receipts. The complex is the unit's building's. Money is RUB (amountMicros / 10⁶).
 */
import type { ScopedReader } from '../../core/access/index';
import type { Month } from '../rules/months';
import type { Cell, PlanRecord, Stock } from '../rules/plan-fact';
import { isMetric } from '../vocabulary';

type Query = Pick<ScopedReader, 'query'>;

/** The objects these reads name: a route calling them lists them in `objects`. */
export const PLANFACT_OBJECTS = [
  'salesPlan',
  'residentialComplex',
  'building',
  'unit',
  'saleContract',
  'financialOperation',
  'auctionLot',
] as const;

const num = (v: unknown) => {
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
};
const rub = (micros: unknown) => Math.round(num(micros) / 10_000) / 100;
const monthStart = (m: Month) => `${m}-01`;

/** The period's bounds as Moscow instants: [$from-01 00:00, $to-01 + 1 month). */
const PERIOD = (at: string, from: string, to: string) =>
  `${at} >= (${from}::date::timestamp at time zone 'Europe/Moscow') and ${at} < ((${to}::date + interval '1 month')::timestamp at time zone 'Europe/Moscow')`;

export async function loadPlanRecords(reader: Query, from: Month, to: Month): Promise<PlanRecord[]> {
  const rows = await reader.query(
    `select to_char(p.period_month, 'YYYY-MM') as month, p.complex_id::text as complex_id, p.metric,
            p.plan_value::text as value, coalesce(p.version, 0)::int as version, coalesce(p.active, true) as active
       from {salesPlan} p
      where p.period_month >= $1::date and p.period_month < ($2::date + interval '1 month')
        and p.metric is not null and p.plan_value is not null`,
    [`${from}-01`, monthStart(to)],
  );
  return rows.flatMap((r) =>
    isMetric(r.metric)
      ? [
          {
            month: String(r.month),
            complexId: (r.complex_id as string | null) ?? null,
            metric: r.metric,
            value: num(r.value),
            version: num(r.version),
            active: r.active !== false,
          },
        ]
      : [],
  );
}

export async function loadFacts(reader: Query, from: Month, to: Month): Promise<Cell[]> {
  const bounds = [`${from}-01`, monthStart(to)];
  const contracts = await reader.query(
    `select to_char(c.signed_at at time zone 'Europe/Moscow', 'YYYY-MM') as month, b.complex_id::text as complex_id,
            count(*)::int as units, coalesce(sum(u.total_area), 0)::text as area,
            coalesce(sum(c.price_amount_micros), 0)::text as revenue
       from {saleContract} c
       join {unit} u on u.id = c.unit_id
       join {building} b on b.id = u.building_id
      where c.status = 'SIGNED' and c.signed_at is not null and b.complex_id is not null
        and ${PERIOD('c.signed_at', '$1', '$2')}
      group by 1, 2`,
    bounds,
  );
  const receipts = await reader.query(
    `select to_char(f.at at time zone 'Europe/Moscow', 'YYYY-MM') as month, b.complex_id::text as complex_id,
            coalesce(sum(f.amount_amount_micros), 0)::text as amount
       from {financialOperation} f
       join {auctionLot} l on l.id = f.lot_id
       join {unit} u on u.id = l.unit_id
       join {building} b on b.id = u.building_id
      where f.kind in ('PRICE_RECEIVED', 'DEPOSIT_CREDITED_TO_PRICE') and f.at is not null
        and b.complex_id is not null and ${PERIOD('f.at', '$1', '$2')}
      group by 1, 2`,
    bounds,
  );
  const out: Cell[] = [];
  for (const r of contracts) {
    const base = { month: String(r.month), complexId: String(r.complex_id) };
    out.push({ ...base, metric: 'UNITS', value: num(r.units) });
    out.push({ ...base, metric: 'AREA_M2', value: Math.round(num(r.area) * 100) / 100 });
    out.push({ ...base, metric: 'REVENUE', value: rub(r.revenue) });
  }
  for (const r of receipts)
    out.push({
      month: String(r.month),
      complexId: String(r.complex_id),
      metric: 'RECEIPTS',
      value: rub(r.amount),
    });
  return out;
}

/** The complexes the reader sees, id → name, by name. */
export async function loadComplexes(reader: Query): Promise<Map<string, string>> {
  const rows = await reader.query(
    `select id::text as id, coalesce(name, '') as name from {residentialComplex} order by name, id`,
  );
  return new Map(rows.map((r) => [String(r.id), String(r.name) || 'ЖК без названия']));
}

/** The FREE units per complex: how many, their total area and their value at today's prices (₽). */
export async function loadFreeStock(reader: Query, complexId?: string): Promise<Stock[]> {
  const rows = await reader.query(
    `select b.complex_id::text as complex_id, count(*)::int as units, coalesce(sum(u.total_area), 0)::text as area,
            coalesce(sum(u.price_amount_micros), 0)::text as value
       from {unit} u
       join {building} b on b.id = u.building_id
      where u.status = 'FREE' and b.complex_id is not null${complexId ? ' and b.complex_id = $1::uuid' : ''}
      group by 1`,
    complexId ? [complexId] : [],
  );
  return rows.map((r) => ({
    complexId: String(r.complex_id),
    units: num(r.units),
    area: Math.round(num(r.area) * 100) / 100,
    value: rub(r.value),
  }));
}
