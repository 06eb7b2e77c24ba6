/**
 * What each document needs of the CRM, loaded through a `ViewQuery` (published views only):
 * a unit with its place (section, building, complex), a building with all its units, people, a
 * sale contract with its buyer, unit and auction (auctions and refunds: auction-data.ts). Values
 * stay raw (micros, ISO dates); templates format them.
 */
import type { ViewQuery } from './view-query';

type Row = Record<string, unknown>;
/** A view value as text, null when empty. */
export const s = (v: unknown): string | null =>
  v === null || v === undefined || v === '' ? null : String(v);

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
