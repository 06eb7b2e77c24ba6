/**
 * What a feed lists, read through the caller's scoped reader (the anonymous principal on the feed
 * route, the admin in `realty feed validate`): the published, free units of the buildings whose
 * feeds include this one (a building's own choice, else its complex's), with their building and
 * complex. Units come a few buildings at a time, so a 19,000-unit feed never sits in memory at once.
 */
import type { ScopedReader } from '../core/access/index';
import type { FeedBuilding, FeedComplex, FeedUnit } from './rules/feed-offer';
import { FEED_KINDS } from './rules/feed-offer';
import type { FeedCode } from './schema';

/** The objects a route reading feeds declares. */
export const FEED_OBJECTS = ['unit', 'section', 'building', 'residentialComplex'] as const;

/** A unit as one statement's JSON array holds it, in the select's order. */
type FeedRow = [
  string,
  string | null,
  string | null,
  string | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  /** The price in micros as text: beyond 2^53 a JSON number would lose digits. */
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

/** Buildings per statement: a few hundred units each, so a page stays small. */
const BUILDINGS_PER_QUERY = 8;

export const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : typeof v === 'string' && v !== '' ? v : null;
const dateOnly = (v: unknown): string | null =>
  v instanceof Date
    ? v.toISOString().slice(0, 10)
    : typeof v === 'string' && v !== ''
      ? v.slice(0, 10)
      : null;

export interface FeedPlaces {
  buildings: Map<string, FeedBuilding>;
  /** Section numbers by id. */
  sections: Map<string, number | null>;
  /** Buildings whose published units this feed lists. */
  inFeed: string[];
}

export async function loadFeedPlaces(reader: ScopedReader, feed: FeedCode): Promise<FeedPlaces> {
  const complexes = new Map<string, FeedComplex & { feeds: string[] }>();
  for (const r of await reader.query(
    `select id::text as id, name, district, region, location_address_street1 as street,
            location_address_city as city, status, yandex_building_id, portal_feeds
       from {residentialComplex}`,
  ))
    complexes.set(String(r.id), {
      id: String(r.id),
      name: str(r.name),
      district: str(r.district),
      region: str(r.region),
      street: str(r.street),
      city: str(r.city),
      status: str(r.status),
      yandexBuildingId: str(r.yandex_building_id),
      feeds: list(r.portal_feeds),
    });
  const buildings = new Map<string, FeedBuilding>();
  const inFeed: string[] = [];
  for (const r of await reader.query(
    `select id::text as id, complex_id::text as complex_id, name, number, floors, commissioning_date,
            location_address_street1 as street, location_address_city as city, yandex_house_id, portal_feeds
       from {building}`,
  )) {
    const complex = r.complex_id ? complexes.get(String(r.complex_id)) : undefined;
    const own = list(r.portal_feeds);
    const feeds = own.length > 0 ? own : (complex?.feeds ?? []);
    const b: FeedBuilding = {
      id: String(r.id),
      name: str(r.name),
      number: str(r.number),
      floors: num(r.floors),
      commissioningDate: dateOnly(r.commissioning_date),
      street: str(r.street),
      city: str(r.city),
      yandexHouseId: str(r.yandex_house_id),
      complex,
    };
    buildings.set(b.id, b);
    if (feeds.includes(feed)) inFeed.push(b.id);
  }
  const sections = new Map<string, number | null>();
  for (const r of await reader.query('select id::text as id, number from {section}'))
    sections.set(String(r.id), num(r.number));
  return { buildings, sections, inFeed };
}

/**
 * The units a feed considers (published, free, of a feed kind, in its buildings), a few buildings
 * at a time along the building index, unordered: no statement fetches every unit or sorts them
 * (a sort carries each row's whole record and spills to disk at 19,000 units).
 */
export async function* feedUnits(reader: ScopedReader, places: FeedPlaces): AsyncGenerator<FeedUnit> {
  for (let i = 0; i < places.inFeed.length; i += BUILDINGS_PER_QUERY) {
    // One JSON array per statement: the store hands over one value instead of 19,000 rows of 16
    // typed columns (row decoding, not the query, was most of a feed's time).
    const [page] = await reader.query<{ units: FeedRow[] | null }>(
      `select json_agg(json_build_array(u.id, u.number, u.kind, u.status, u.floor, u.rooms, u.total_area,
              u.living_area, u.kitchen_area, u.price_amount_micros::text, u.price_currency_code,
              u.floor_plan_primary_link_url, u.section_id, u.building_id, u.created_at, u.updated_at)) as units
         from {unit} u
        where u.building_id = any($1::uuid[]) and u.public_sale = true and u.status = 'FREE'
          and u.kind = any($2::text[])`,
      [places.inFeed.slice(i, i + BUILDINGS_PER_QUERY), FEED_KINDS],
    );
    for (const [
      id,
      number,
      kind,
      status,
      floor,
      rooms,
      total,
      living,
      kitchen,
      price,
      currency,
      plan,
      sectionId,
      buildingId,
      createdAt,
      updatedAt,
    ] of page?.units ?? [])
      yield {
        id: String(id),
        number: str(number),
        kind: str(kind),
        status: str(status),
        floor: num(floor),
        rooms: num(rooms),
        totalArea: num(total),
        livingArea: num(living),
        kitchenArea: num(kitchen),
        priceMicros: num(price),
        currency: str(currency),
        floorPlanUrl: str(plan),
        sectionId: str(sectionId),
        sectionNumber: places.sections.get(String(sectionId)) ?? null,
        createdAt: iso(createdAt),
        updatedAt: iso(updatedAt),
        building: places.buildings.get(String(buildingId)),
      };
  }
}
