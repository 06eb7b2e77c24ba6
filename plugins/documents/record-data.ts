/**
 * What each document needs of the CRM, loaded through a `ViewQuery` (published views only):
 * a unit with its place (section, building, complex), a building with all its units, a sale
 * contract with its buyer, unit and auction, an auction with its lots, participants and bids, a
 * deposit refund with its applicant. Values stay raw (micros, ISO dates); templates format them.
 */
import type { ViewQuery } from './view-query';

type Row = Record<string, unknown>;
const s = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

export interface PlaceData {
  complexName: string | null;
  complexAddress: string | null;
  district: string | null;
  buildingId: string | null;
  buildingName: string | null;
  buildingNumber: string | null;
  buildingAddress: string | null;
  buildingFloors: string | null;
  buildingCadastral: string | null;
  commissioningDate: string | null;
}

export interface UnitData {
  id: string;
  number: string | null;
  kind: string | null;
  floor: string | null;
  rooms: string | null;
  totalArea: string | null;
  livingArea: string | null;
  priceMicros: string | null;
  pricePerSqmMicros: string | null;
  status: string | null;
  cadastralNumber: string | null;
  sectionNumber: string | null;
  place: PlaceData;
}

export interface PersonData {
  id: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
}

const address = (r: Row, prefix: string): string | null => {
  const parts = [r[`${prefix}_city`], r[`${prefix}_street1`], r[`${prefix}_street2`]].map(s).filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
};

const PLACE_COLUMNS = `b.id::text as building_id, b.name as building_name, b.number as building_number,
  b.floors::text as building_floors, b.cadastral_number as building_cadastral,
  b.commissioning_date::text as commissioning_date,
  b.location_address_city as b_city, b.location_address_street1 as b_street1, b.location_address_street2 as b_street2,
  c.name as complex_name, c.district as district,
  c.location_address_city as c_city, c.location_address_street1 as c_street1, c.location_address_street2 as c_street2`;

const placeOf = (r: Row): PlaceData => ({
  complexName: s(r.complex_name),
  complexAddress: address(r, 'c'),
  district: s(r.district),
  buildingId: s(r.building_id),
  buildingName: s(r.building_name),
  buildingNumber: s(r.building_number),
  buildingAddress: address(r, 'b') ?? address(r, 'c'),
  buildingFloors: s(r.building_floors),
  buildingCadastral: s(r.building_cadastral),
  commissioningDate: s(r.commissioning_date),
});

const UNIT_COLUMNS = `u.id::text as id, u.number, u.kind, u.floor::text as floor, u.rooms::text as rooms,
  u.total_area::text as total_area, u.living_area::text as living_area,
  u.price_amount_micros::text as price, u.price_per_sqm_amount_micros::text as price_per_sqm,
  u.status, u.cadastral_number, s.number::text as section_number`;

const unitOf = (r: Row, place: PlaceData): UnitData => ({
  id: String(r.id),
  number: s(r.number),
  kind: s(r.kind),
  floor: s(r.floor),
  rooms: s(r.rooms),
  totalArea: s(r.total_area),
  livingArea: s(r.living_area),
  priceMicros: s(r.price),
  pricePerSqmMicros: s(r.price_per_sqm),
  status: s(r.status),
  cadastralNumber: s(r.cadastral_number),
  sectionNumber: s(r.section_number),
  place,
});

export async function loadUnit(q: ViewQuery, unitId: string): Promise<UnitData | undefined> {
  const [r] = await q(
    `select ${UNIT_COLUMNS}, ${PLACE_COLUMNS}
       from {unit} u
       left join {section} s on s.id = u.section_id
       left join {building} b on b.id = u.building_id
       left join {residentialComplex} c on c.id = b.complex_id
      where u.id = $1::uuid`,
    [unitId],
  );
  return r ? unitOf(r, placeOf(r)) : undefined;
}

export interface BuildingData {
  place: PlaceData;
  units: UnitData[];
}

export async function loadBuilding(q: ViewQuery, buildingId: string): Promise<BuildingData | undefined> {
  const [r] = await q(
    `select ${PLACE_COLUMNS} from {building} b left join {residentialComplex} c on c.id = b.complex_id
      where b.id = $1::uuid`,
    [buildingId],
  );
  if (!r) return undefined;
  const place = placeOf(r);
  const units = await q(
    `select ${UNIT_COLUMNS} from {unit} u left join {section} s on s.id = u.section_id
      where u.building_id = $1::uuid
      order by s.number nulls last, u.floor nulls last, u.position_on_floor nulls last, u.number`,
    [buildingId],
  );
  return { place, units: units.map((u) => unitOf(u, place)) };
}

export async function loadPeople(
  q: ViewQuery,
  ids: readonly (string | null)[],
): Promise<Map<string, PersonData>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await q(
    `select p.id::text as id, p.name_first_name as first, p.name_last_name as last,
            p.emails_primary_email as email, p.phones_primary_phone_calling_code as code,
            p.phones_primary_phone_number as phone
       from {person} p where p.id = any($1::uuid[])`,
    [wanted],
  );
  return new Map(
    rows.map((r) => {
      const name = [s(r.last), s(r.first)].filter(Boolean).join(' ');
      const phone = s(r.phone) ? `${s(r.code) ?? ''}${s(r.phone)}`.trim() : null;
      return [String(r.id), { id: String(r.id), fullName: name || null, email: s(r.email), phone }];
    }),
  );
}

export interface ContractData {
  id: string;
  number: string | null;
  plannedDate: string | null;
  signedAt: string | null;
  createdAt: string | null;
  priceMicros: string | null;
  depositCreditedMicros: string | null;
  amountDueMicros: string | null;
  status: string | null;
  mortgageBank: string | null;
  mortgageLoanMicros: string | null;
  ownFundsMicros: string | null;
  encumbranceClause: string | null;
  lotNumber: string | null;
  auctionNumber: string | null;
  procedureNumber: string | null;
  platform: string | null;
  unit: UnitData | null;
  buyer: PersonData | null;
}

export async function loadContract(q: ViewQuery, contractId: string): Promise<ContractData | undefined> {
  const [r] = await q(
    `select k.id::text as id, k.number, k.planned_date::text as planned_date, k.signed_at::text as signed_at,
            k.created_at::text as created_at,
            k.price_amount_micros::text as price, k.deposit_credited_amount_micros::text as deposit,
            k.amount_due_amount_micros::text as due, k.status,
            k.mortgage_bank, k.mortgage_loan_amount_micros::text as loan, k.own_funds_amount_micros::text as own,
            k.encumbrance_clause, k.unit_id::text as unit_id, k.buyer_id::text as buyer_id,
            l.number::text as lot_number, a.number as auction_number, a.procedure_number, a.platform
       from {saleContract} k
       left join {auctionLot} l on l.id = k.lot_id
       left join {auction} a on a.id = l.auction_id
      where k.id = $1::uuid`,
    [contractId],
  );
  if (!r) return undefined;
  const unit = r.unit_id ? ((await loadUnit(q, String(r.unit_id))) ?? null) : null;
  const buyer = (await loadPeople(q, [s(r.buyer_id)])).get(String(r.buyer_id)) ?? null;
  return {
    id: String(r.id),
    number: s(r.number),
    plannedDate: s(r.planned_date),
    signedAt: s(r.signed_at),
    createdAt: s(r.created_at),
    priceMicros: s(r.price),
    depositCreditedMicros: s(r.deposit),
    amountDueMicros: s(r.due),
    status: s(r.status),
    mortgageBank: s(r.mortgage_bank),
    mortgageLoanMicros: s(r.loan),
    ownFundsMicros: s(r.own),
    encumbranceClause: s(r.encumbrance_clause),
    lotNumber: s(r.lot_number),
    auctionNumber: s(r.auction_number),
    procedureNumber: s(r.procedure_number),
    platform: s(r.platform),
    unit,
    buyer,
  };
}

/** The unit's most recent sale contract, for the booking agreement's client. */
export async function latestContractOfUnit(q: ViewQuery, unitId: string): Promise<ContractData | undefined> {
  const [r] = await q(
    `select k.id::text as id from {saleContract} k where k.unit_id = $1::uuid
      order by k.created_at desc nulls last, k.id limit 1`,
    [unitId],
  );
  return r ? loadContract(q, String(r.id)) : undefined;
}

export interface LotData {
  id: string;
  number: string | null;
  status: string | null;
  startPriceMicros: string | null;
  finalPriceMicros: string | null;
  winnerApplicationId: string | null;
  unit: UnitData | null;
}

export interface ApplicationData {
  id: string;
  lotId: string | null;
  applicant: PersonData | null;
  admission: string | null;
  depositPaidMicros: string | null;
  submittedAt: string | null;
}

export interface BidData {
  lotId: string | null;
  applicationId: string | null;
  amountMicros: string | null;
  placedAt: string | null;
}

export interface AuctionData {
  id: string;
  number: string | null;
  status: string | null;
  procedureNumber: string | null;
  platform: string | null;
  biddingStart: string | null;
  biddingEnd: string | null;
  resultsAt: string | null;
  failureReason: string | null;
  lots: LotData[];
  applications: ApplicationData[];
  bids: BidData[];
}

export async function loadAuction(q: ViewQuery, auctionId: string): Promise<AuctionData | undefined> {
  const [a] = await q(
    `select a.id::text as id, a.number, a.status, a.procedure_number, a.platform,
            a.bidding_start::text as bidding_start, a.bidding_end::text as bidding_end,
            a.results_at::text as results_at, a.failure_reason
       from {auction} a where a.id = $1::uuid`,
    [auctionId],
  );
  if (!a) return undefined;
  const lots = await q(
    `select l.id::text as id, l.number::text as number, l.status, l.start_price_amount_micros::text as start,
            l.final_price_amount_micros::text as final, l.winner_id::text as winner, l.unit_id::text as unit_id
       from {auctionLot} l where l.auction_id = $1::uuid order by l.number nulls last, l.id`,
    [auctionId],
  );
  const apps = await q(
    `select p.id::text as id, p.lot_id::text as lot_id, p.applicant_id::text as applicant_id, p.admission,
            p.deposit_paid_amount_micros::text as deposit, p.submitted_at::text as submitted_at
       from {auctionApplication} p join {auctionLot} l on l.id = p.lot_id
      where l.auction_id = $1::uuid order by p.submitted_at nulls last, p.id`,
    [auctionId],
  );
  const bids = await q(
    `select b.lot_id::text as lot_id, b.application_id::text as application_id,
            b.amount_amount_micros::text as amount, b.placed_at::text as placed_at
       from {auctionBid} b join {auctionLot} l on l.id = b.lot_id
      where l.auction_id = $1::uuid order by b.placed_at nulls last, b.amount_amount_micros`,
    [auctionId],
  );
  const people = await loadPeople(
    q,
    apps.map((p) => s(p.applicant_id)),
  );
  const units = new Map<string, UnitData>();
  for (const l of lots) {
    const id = s(l.unit_id);
    if (id && !units.has(id)) {
      const u = await loadUnit(q, id);
      if (u) units.set(id, u);
    }
  }
  return {
    id: String(a.id),
    number: s(a.number),
    status: s(a.status),
    procedureNumber: s(a.procedure_number),
    platform: s(a.platform),
    biddingStart: s(a.bidding_start),
    biddingEnd: s(a.bidding_end),
    resultsAt: s(a.results_at),
    failureReason: s(a.failure_reason),
    lots: lots.map((l) => ({
      id: String(l.id),
      number: s(l.number),
      status: s(l.status),
      startPriceMicros: s(l.start),
      finalPriceMicros: s(l.final),
      winnerApplicationId: s(l.winner),
      unit: (s(l.unit_id) && units.get(String(l.unit_id))) || null,
    })),
    applications: apps.map((p) => ({
      id: String(p.id),
      lotId: s(p.lot_id),
      applicant: people.get(String(p.applicant_id)) ?? null,
      admission: s(p.admission),
      depositPaidMicros: s(p.deposit),
      submittedAt: s(p.submitted_at),
    })),
    bids: bids.map((b) => ({
      lotId: s(b.lot_id),
      applicationId: s(b.application_id),
      amountMicros: s(b.amount),
      placedAt: s(b.placed_at),
    })),
  };
}

export interface RefundData {
  id: string;
  kind: string | null;
  amountMicros: string | null;
  dueBy: string | null;
  settledAt: string | null;
  at: string | null;
  bankReference: string | null;
  paidAt: string | null;
  auctionNumber: string | null;
  procedureNumber: string | null;
  lotNumber: string | null;
  applicant: PersonData | null;
  unit: UnitData | null;
}

export async function loadRefund(q: ViewQuery, operationId: string): Promise<RefundData | undefined> {
  const [r] = await q(
    `select o.id::text as id, o.kind, o.amount_amount_micros::text as amount, o.due_by::text as due_by,
            o.settled_at::text as settled_at, o.at::text as at,
            coalesce(pay.bank_reference, deposits.refs) as bank_reference,
            coalesce(pay.paid_at, deposits.paid_at)::text as paid_at,
            a.number as auction_number, a.procedure_number, l.number::text as lot_number, l.unit_id::text as unit_id,
            app.applicant_id::text as applicant_id
       from {financialOperation} o
       left join {payment} pay on pay.id = o.payment_id
       left join {auction} a on a.id = o.auction_id
       left join {auctionLot} l on l.id = o.lot_id
       left join {auctionApplication} app on app.id = o.application_id
       left join lateral (
         select string_agg(d.bank_reference, ', ' order by d.paid_at) as refs, max(d.paid_at) as paid_at
           from {payment} d where d.application_id = o.application_id and d.purpose = 'DEPOSIT'
       ) deposits on true
      where o.id = $1::uuid`,
    [operationId],
  );
  if (!r) return undefined;
  const applicant = (await loadPeople(q, [s(r.applicant_id)])).get(String(r.applicant_id)) ?? null;
  const unit = r.unit_id ? ((await loadUnit(q, String(r.unit_id))) ?? null) : null;
  return {
    id: String(r.id),
    kind: s(r.kind),
    amountMicros: s(r.amount),
    dueBy: s(r.due_by),
    settledAt: s(r.settled_at),
    at: s(r.at),
    bankReference: s(r.bank_reference),
    paidAt: s(r.paid_at),
    auctionNumber: s(r.auction_number),
    procedureNumber: s(r.procedure_number),
    lotNumber: s(r.lot_number),
    applicant,
    unit,
  };
}

/** Which of the documents' objects holds this id (none: the record does not exist or is not visible). */
export async function objectOfRecord(q: ViewQuery, id: string): Promise<string | undefined> {
  const [r] = await q<{ object: string }>(
    `select 'unit' as object from {unit} x1 where x1.id = $1::uuid
     union all select 'building' from {building} x2 where x2.id = $1::uuid
     union all select 'saleContract' from {saleContract} x3 where x3.id = $1::uuid
     union all select 'auction' from {auction} x4 where x4.id = $1::uuid
     union all select 'financialOperation' from {financialOperation} x5 where x5.id = $1::uuid
     union all select 'auctionLot' from {auctionLot} x6 where x6.id = $1::uuid
     union all select 'auctionApplication' from {auctionApplication} x7 where x7.id = $1::uuid
     union all select 'payment' from {payment} x8 where x8.id = $1::uuid
     union all select 'residentialComplex' from {residentialComplex} x9 where x9.id = $1::uuid
     limit 1`,
    [id],
  );
  return r?.object;
}
