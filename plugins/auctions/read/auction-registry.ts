/**
 * The registry of auctions (the /auctions page and GET /api/auctions), read from the read model
 * through the caller's scoped reader: one page of auctions with their lots' complexes, start and
 * final totals, and the counts per status under the same filters.
 */
import type { ScopedReader } from '../../core/access/index';
import type { AuctionStatus } from '../rules/auction-state';

export interface RegistryFilters {
  status?: AuctionStatus[];
  complexId?: string;
  /** Bidding starts on or after / before (yyyy-mm-dd, Moscow). */
  from?: string;
  to?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export interface RegistryRow {
  id: string;
  number: string;
  status: AuctionStatus;
  applicationStart: string | null;
  applicationEnd: string | null;
  biddingStart: string | null;
  biddingEnd: string | null;
  platform: string | null;
  procedureNumber: string | null;
  validationIssue: string | null;
  lots: number;
  sold: number;
  startTotalMicros: string | null;
  finalTotalMicros: string | null;
  complexes: string | null;
  units: string | null;
}

export interface RegistryView {
  rows: RegistryRow[];
  total: number;
  counts: Record<string, number>;
  page: number;
  pageSize: number;
}

const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : null;

/** The WHERE clause over `a` (the auction) for the filters, with its parameters. */
function where(f: RegistryFilters, withStatus: boolean): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (withStatus && f.status && f.status.length > 0) clauses.push(`a.status = any(${p(f.status)}::text[])`);
  if (f.from) clauses.push(`a.bidding_start >= (${p(f.from)}::date::timestamp at time zone 'Europe/Moscow')`);
  if (f.to)
    clauses.push(`a.bidding_start < ((${p(f.to)}::date + 1)::timestamp at time zone 'Europe/Moscow')`);
  if (f.q) clauses.push(`(a.number ilike ${p(`%${f.q}%`)} or a.procedure_number ilike $${params.length})`);
  if (f.complexId)
    // A semi-join computed once (the complex's auctions), not a subquery per auction.
    clauses.push(`a.id in (select fl.auction_id from {auctionLot} fl join {unit} fu on fu.id = fl.unit_id
                   join {building} fb on fb.id = fu.building_id where fb.complex_id = ${p(f.complexId)}::uuid)`);
  return { sql: clauses.length > 0 ? `where ${clauses.join(' and ')}` : '', params };
}

export async function listAuctions(reader: ScopedReader, f: RegistryFilters): Promise<RegistryView> {
  const page = where(f, true);
  const n = page.params.length;
  const [rows, counts] = await Promise.all([
    reader.query(
      `with pick as (
         select a.id, a.number, a.status, a.application_start, a.application_end, a.bidding_start, a.bidding_end,
                a.platform, a.procedure_number, a.validation_issue
           from {auction} a ${page.sql}
          order by a.bidding_start desc nulls first, a.number desc
          limit $${n + 1} offset $${n + 2})
       select p.*, count(l.id)::int as lots, count(l.id) filter (where l.status = 'SOLD')::int as sold,
              sum(l.start_price_amount_micros)::text as start_total, sum(l.final_price_amount_micros) filter (where l.status = 'SOLD')::text as final_total,
              string_agg(distinct c.name, ', ') as complexes,
              string_agg(distinct coalesce(b.number, b.name) || '-' || u.number, ', ') as units
         from pick p
         left join {auctionLot} l on l.auction_id = p.id
         left join {unit} u on u.id = l.unit_id
         left join {building} b on b.id = u.building_id
         left join {residentialComplex} c on c.id = b.complex_id
        group by p.id, p.number, p.status, p.application_start, p.application_end, p.bidding_start, p.bidding_end,
                 p.platform, p.procedure_number, p.validation_issue
        order by p.bidding_start desc nulls first, p.number desc`,
      [...page.params, f.pageSize, (f.page - 1) * f.pageSize],
    ),
    (() => {
      // One pass for the counts per status under the other filters; the total follows from them.
      const all = where(f, false);
      return reader.query<{ status: string; n: number }>(
        `select a.status, count(*)::int as n from {auction} a ${all.sql} group by a.status`,
        all.params,
      );
    })(),
  ]);
  return {
    rows: rows.map((r) => ({
      id: String(r.id),
      number: String(r.number ?? ''),
      status: String(r.status) as AuctionStatus,
      applicationStart: iso(r.application_start),
      applicationEnd: iso(r.application_end),
      biddingStart: iso(r.bidding_start),
      biddingEnd: iso(r.bidding_end),
      platform: (r.platform as string | null) ?? null,
      procedureNumber: (r.procedure_number as string | null) ?? null,
      validationIssue: (r.validation_issue as string | null) ?? null,
      lots: Number(r.lots ?? 0),
      sold: Number(r.sold ?? 0),
      startTotalMicros: (r.start_total as string | null) ?? null,
      finalTotalMicros: (r.final_total as string | null) ?? null,
      complexes: (r.complexes as string | null) ?? null,
      units: (r.units as string | null) ?? null,
    })),
    total: counts.reduce(
      (sum, c) => (!f.status?.length || f.status.includes(c.status as AuctionStatus) ? sum + c.n : sum),
      0,
    ),
    counts: Object.fromEntries(counts.map((c) => [c.status, c.n])),
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** FREE units for the creation form (by complex), with their price and place. */
export async function freeUnits(reader: ScopedReader, complexId: string | undefined, limit = 300) {
  return reader.query<{
    id: string;
    number: string;
    price: string | null;
    building: string | null;
    complex: string | null;
    floor: number | null;
    rooms: number | null;
    total_area: number | null;
  }>(
    `select u.id::text as id, u.number, u.price_amount_micros::text as price, coalesce(b.number, b.name) as building, c.name as complex,
            u.floor, u.rooms, u.total_area
       from {unit} u
       left join {building} b on b.id = u.building_id
       left join {residentialComplex} c on c.id = b.complex_id
      where u.status = 'FREE' and ($1::uuid is null or b.complex_id = $1::uuid)
        and not exists (select 1 from {auctionLot} l join {auction} a on a.id = l.auction_id
                         where l.unit_id = u.id and l.status = 'ACTIVE' and a.status not in ('COMPLETED','FAILED','TERMINATED','CANCELLED'))
      order by c.name, b.number, u.floor, u.number
      limit ${limit}`,
    [complexId ?? null],
  );
}

export async function complexes(reader: ScopedReader) {
  return reader.query<{ id: string; name: string }>(
    `select id::text as id, name from {residentialComplex} order by name`,
  );
}
