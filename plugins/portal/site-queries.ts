/**
 * The site API's reads, through the caller's reader (the anonymous principal: published units and
 * the places holding them, public fields only). Every answer is built field by field from these
 * rows — a field not named here never reaches the site.
 */
import type { ScopedReader } from '../core/access/index';
import { RouteError } from '../core/plugin/index';
import { kindTerm, statusTerm } from '../registry/index';
import { num, str } from './feed-data';
import { type Cursor, encodeCursor, searchConditions, type UnitSearch } from './rules/unit-search';

export const SITE_OBJECTS = ['unit', 'section', 'building', 'residentialComplex'] as const;

const rub = (micros: unknown): number | null => {
  const n = num(micros);
  return n === null ? null : Math.round(n / 10_000) / 100;
};
const dateOnly = (v: unknown): string | null =>
  v instanceof Date
    ? v.toISOString().slice(0, 10)
    : typeof v === 'string' && v !== ''
      ? v.slice(0, 10)
      : null;

function commissioning(date: string | null): { date: string; year: number; quarter: number } | null {
  if (!date) return null;
  const m = /^(\d{4})-(\d{2})/.exec(date);
  return m ? { date, year: Number(m[1]), quarter: Math.floor((Number(m[2]) - 1) / 3) + 1 } : null;
}

export interface PublicUnit {
  id: string;
  number: string | null;
  kind: string | null;
  kindLabel: string | null;
  rooms: number | null;
  totalArea: number | null;
  livingArea: number | null;
  kitchenArea: number | null;
  floor: number | null;
  price: { amount: number; currency: string } | null;
  pricePerSqm: number | null;
  status: string | null;
  statusLabel: string | null;
  available: boolean;
  complexId: string | null;
  buildingId: string | null;
  sectionId: string | null;
  floorPlanUrl: string | null;
  floorPlanPngUrl: string | null;
}

const UNIT_COLUMNS = `u.id::text as id, u.number, u.kind, u.rooms, u.total_area, u.living_area, u.kitchen_area, u.floor,
  u.price_amount_micros, u.price_currency_code, u.price_per_sqm_amount_micros, u.status,
  u.building_id::text as building_id, u.section_id::text as section_id, u.floor_plan_primary_link_url as plan_url`;

function publicUnit(r: Record<string, unknown>, base: string): PublicUnit {
  // A price is public while the unit is for sale; a booked or sold unit's price is nobody's business.
  const price = r.status === 'FREE' ? rub(r.price_amount_micros) : null;
  const sectionId = str(r.section_id);
  const floor = num(r.floor);
  const generated =
    sectionId && floor !== null ? `${base}/portal/v1/sections/${sectionId}/floors/${floor}/floor-plan` : null;
  return {
    id: String(r.id),
    number: str(r.number),
    kind: str(r.kind),
    kindLabel: kindTerm(str(r.kind))?.ru ?? null,
    rooms: num(r.rooms),
    totalArea: num(r.total_area),
    livingArea: num(r.living_area),
    kitchenArea: num(r.kitchen_area),
    floor,
    price: price === null ? null : { amount: price, currency: str(r.price_currency_code) ?? 'RUB' },
    pricePerSqm: r.status === 'FREE' ? rub(r.price_per_sqm_amount_micros) : null,
    status: str(r.status),
    statusLabel: statusTerm(str(r.status))?.ru ?? null,
    available: r.status === 'FREE',
    complexId: str(r.complex_id),
    buildingId: str(r.building_id),
    sectionId,
    floorPlanUrl: str(r.plan_url) ?? (generated ? `${generated}.svg` : null),
    floorPlanPngUrl: generated ? `${generated}.png` : null,
  };
}

export async function listComplexes(reader: ScopedReader) {
  const stats = new Map<string, { free: number; priceFrom: number | null; buildings: number }>();
  for (const r of await reader.query(
    `select b.complex_id::text as complex_id, count(distinct b.id)::int as buildings,
            count(u.id) filter (where u.status = 'FREE')::int as free,
            min(u.price_amount_micros) filter (where u.status = 'FREE') as price_from
       from {building} b left join {unit} u on u.building_id = b.id
      group by b.complex_id`,
  ))
    stats.set(String(r.complex_id), {
      free: Number(r.free),
      priceFrom: rub(r.price_from),
      buildings: Number(r.buildings),
    });
  const rows = await reader.query(
    `select id::text as id, name, district, region, location_address_street1 as street,
            location_address_city as city, status from {residentialComplex} order by name, id`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: str(r.name),
    district: str(r.district),
    region: str(r.region),
    address: [str(r.city), str(r.street)].filter(Boolean).join(', ') || null,
    status: str(r.status),
    buildings: stats.get(String(r.id))?.buildings ?? 0,
    availableUnits: stats.get(String(r.id))?.free ?? 0,
    priceFrom: stats.get(String(r.id))?.priceFrom ?? null,
  }));
}

export async function listBuildings(reader: ScopedReader, complexId: string) {
  const rows = await reader.query(
    `select b.id::text as id, b.name, b.number, b.floors, b.commissioning_date,
            location_address_street1 as street, location_address_city as city,
            (select count(*)::int from {unit} u where u.building_id = b.id and u.status = 'FREE') as free,
            (select min(u.price_amount_micros) from {unit} u where u.building_id = b.id and u.status = 'FREE') as price_from
       from {building} b where b.complex_id = $1::uuid order by b.number, b.name, b.id`,
    [complexId],
  );
  if (rows.length === 0) {
    const [c] = await reader.query('select id from {residentialComplex} where id = $1::uuid', [complexId]);
    if (!c) throw notFound('complex');
  }
  return rows.map((r) => ({
    id: String(r.id),
    name: str(r.name),
    number: str(r.number),
    floors: num(r.floors),
    address: [str(r.city), str(r.street)].filter(Boolean).join(', ') || null,
    commissioning: commissioning(dateOnly(r.commissioning_date)),
    availableUnits: Number(r.free),
    priceFrom: rub(r.price_from),
  }));
}

/** Available units: free, with a price and an area (a unit without them is not offered, as in the feeds). */
export async function searchUnits(
  reader: ScopedReader,
  q: UnitSearch,
  cursor: Cursor | undefined,
  base: string,
) {
  const { where, params } = searchConditions(q, cursor);
  params.push(q.limit + 1);
  // No join to buildings here: the public's building rule is a semi-join over units, dear per row.
  const rows = await reader.query(
    `select ${UNIT_COLUMNS}
       from {unit} u
      where u.status = 'FREE' and u.price_amount_micros > 0 and u.total_area > 0 ${where.map((w) => `and ${w}`).join(' ')}
      order by u.price_amount_micros, u.id limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({ priceMicros: Number(last.price_amount_micros), id: String(last.id) })
      : null;
  const buildingIds = [...new Set(page.map((r) => String(r.building_id)))];
  const complexOf = new Map<string, string | null>();
  if (buildingIds.length > 0)
    for (const b of await reader.query(
      'select id::text as id, complex_id::text as complex_id from {building} where id = any($1::uuid[])',
      [buildingIds],
    ))
      complexOf.set(String(b.id), str(b.complex_id));
  return {
    items: page.map((r) =>
      publicUnit({ ...r, complex_id: complexOf.get(String(r.building_id)) ?? null }, base),
    ),
    nextCursor,
  };
}

export async function unitCard(reader: ScopedReader, unitId: string, base: string) {
  const [r] = await reader.query(
    `select ${UNIT_COLUMNS}, b.complex_id::text as complex_id, b.name as building_name, b.number as building_number, b.floors as building_floors,
            b.commissioning_date, c.name as complex_name, s.number as section_number
       from {unit} u left join {building} b on b.id = u.building_id
       left join {residentialComplex} c on c.id = b.complex_id
       left join {section} s on s.id = u.section_id
      where u.id = $1::uuid`,
    [unitId],
  );
  if (!r) throw notFound('unit');
  return {
    ...publicUnit(r, base),
    complexName: str(r.complex_name),
    building: { name: str(r.building_name), number: str(r.building_number), floors: num(r.building_floors) },
    sectionNumber: num(r.section_number),
    commissioning: commissioning(dateOnly(r.commissioning_date)),
  };
}

/** A building's availability: sections → floors (top first) → units by position, free or not. */
export async function availabilityGrid(reader: ScopedReader, buildingId: string) {
  const [b] = await reader.query(
    `select b.id::text as id, b.name, b.number, b.floors, c.name as complex_name
       from {building} b left join {residentialComplex} c on c.id = b.complex_id where b.id = $1::uuid`,
    [buildingId],
  );
  if (!b) throw notFound('building');
  const sections = await reader.query(
    `select id::text as id, number, floors from {section} where building_id = $1::uuid order by number, id`,
    [buildingId],
  );
  const units = await reader.query(
    `select id::text as id, section_id::text as section_id, number, kind, floor, position_on_floor, rooms,
            total_area, price_amount_micros, status
       from {unit} where building_id = $1::uuid order by floor desc, position_on_floor, number`,
    [buildingId],
  );
  const bySection = new Map<string, Map<number, unknown[]>>();
  for (const u of units) {
    const floor = num(u.floor);
    if (floor === null) continue;
    const key = String(u.section_id);
    const floors = bySection.get(key) ?? new Map<number, unknown[]>();
    bySection.set(key, floors);
    const free = u.status === 'FREE';
    floors.set(floor, [
      ...(floors.get(floor) ?? []),
      {
        id: String(u.id),
        number: str(u.number),
        kind: str(u.kind),
        position: num(u.position_on_floor),
        rooms: num(u.rooms),
        totalArea: num(u.total_area),
        available: free,
        statusLabel: statusTerm(str(u.status))?.ru ?? null,
        price: free ? rub(u.price_amount_micros) : null,
      },
    ]);
  }
  return {
    building: {
      id: String(b.id),
      name: str(b.name),
      number: str(b.number),
      floors: num(b.floors),
      complexName: str(b.complex_name),
    },
    sections: sections.map((s) => ({
      id: String(s.id),
      number: num(s.number),
      floors: [...(bySection.get(String(s.id)) ?? new Map<number, unknown[]>()).entries()]
        .sort((x, y) => y[0] - x[0])
        .map(([floor, cells]) => ({ floor, units: cells })),
    })),
  };
}

export function notFound(what: 'complex' | 'building' | 'unit'): RouteError {
  const ru = {
    complex: 'Такого ЖК нет в открытой продаже',
    building: 'Такого корпуса нет в открытой продаже',
    unit: 'Такого помещения нет в открытой продаже',
  }[what];
  return new RouteError(404, `portal_${what}_not_found`, { ru, en: `no such ${what} on public sale` });
}
