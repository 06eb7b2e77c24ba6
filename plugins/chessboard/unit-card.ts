/**
 * The unit card's data, read through the route's scoped reader: the unit, its
 * section, building and complex, and its change history (unitChange is in the
 * read model, under the registry's policy — a partner sees only applied
 * changes of the fields its level shows). rules/unit-card.ts turns it into
 * the labelled, formatted card.
 */
import { fieldVisible, type ScopedReader } from '../core/access/index';
import { RouteError, type RouteLinks } from '../core/plugin/index';
import { isUuid } from './rules/filters';
import { buildUnitCard, type CardChange, type CardUnit, type UnitCardView } from './rules/unit-card';

export const HISTORY_LIMIT = 50;

export function unitNotFound(unitId: string): RouteError {
  return new RouteError(404, 'chessboard_unit_not_found', {
    ru: `Помещения ${unitId} нет в реестре (или оно вам не видно)`,
    en: `unit ${unitId} is not in the registry (or not visible to you)`,
  });
}

const num = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const iso = (value: unknown): string | null =>
  value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null;

export async function loadUnitCard(
  reader: ScopedReader,
  links: RouteLinks,
  unitId: string,
): Promise<UnitCardView> {
  if (!isUuid(unitId)) throw unitNotFound(unitId);
  const id = unitId.toLowerCase();
  const [rows, changes] = await Promise.all([
    reader.query(
      `select u.id::text as id, u.number, u.kind, u.status, u.floor, u.position_on_floor, u.floors_spanned,
              u.rooms, u.total_area, u.living_area, u.price_amount_micros::text as price_micros,
              u.price_per_sqm_amount_micros::text as price_per_sqm_micros, u.cadastral_number,
              u.floor_plan_primary_link_url as plan_url, u.floor_plan_primary_link_label as plan_label,
              b.name as building_name, b.number as building_number,
              s.name as section_name, s.number as section_number, c.name as complex_name,
              ib.number as import_number, ib.created_at as imported_at, ib.uploaded_by as imported_by
         from {unit} u
         left join {building} b on b.id = u.building_id
         left join {section} s on s.id = u.section_id
         left join {residentialComplex} c on c.id = b.complex_id
         left join {importBatch} ib on ib.id = u.import_batch_id
        where u.id = $1::uuid`,
      [id],
    ),
    reader.query(
      `select field_name, old_value, new_value, source, changed_by, changed_at, status
         from {unitChange} where unit_id = $1::uuid
        order by changed_at desc nulls last, created_at desc
        limit ${HISTORY_LIMIT}`,
      [id],
    ),
  ]);
  const row = rows[0];
  if (!row) throw unitNotFound(unitId);
  const unit: CardUnit = {
    id: String(row.id),
    number: text(row.number),
    kind: text(row.kind),
    status: text(row.status),
    floor: num(row.floor),
    positionOnFloor: num(row.position_on_floor),
    floorsSpanned: num(row.floors_spanned),
    rooms: num(row.rooms),
    totalArea: num(row.total_area),
    livingArea: num(row.living_area),
    priceMicros: text(row.price_micros),
    pricePerSqmMicros: text(row.price_per_sqm_micros),
    cadastralNumber: text(row.cadastral_number),
    floorPlanUrl: text(row.plan_url),
    floorPlanLabel: text(row.plan_label),
  };
  const buildingNumber = text(row.building_number);
  const sectionNumber = num(row.section_number);
  const history: CardChange[] = changes.map((c) => ({
    fieldName: text(c.field_name),
    oldValue: text(c.old_value),
    newValue: text(c.new_value),
    source: text(c.source),
    changedBy: text(c.changed_by),
    changedAt: iso(c.changed_at),
    status: text(c.status),
  }));
  const rule = reader.fields('unit');
  // The unit's provenance: the import that created it (a partner sees no import batch, so no line).
  const createdBy =
    row.imported_at !== null && row.imported_at !== undefined
      ? {
          importNumber: num(row.import_number),
          importedAt: iso(row.imported_at),
          importedBy: text(row.imported_by),
        }
      : null;
  // The unit's current auction, as kept on the unit by whichever plugin runs auctions (the
  // `currentAuction*` fields; absent — masked or not installed — means none).
  const record = await reader.get('unit', id);
  const auctionLink = record?.currentAuction as
    | { primaryLinkUrl?: string; primaryLinkLabel?: string }
    | undefined;
  const currentAuction = auctionLink?.primaryLinkUrl
    ? {
        name: auctionLink.primaryLinkLabel || 'Аукцион',
        url: auctionLink.primaryLinkUrl,
        applicationEnd: iso(record?.currentAuctionApplicationEnd),
        biddingStart: iso(record?.currentAuctionBiddingStart),
      }
    : null;
  return buildUnitCard({
    unit,
    createdBy,
    currentAuction,
    place: {
      complex: text(row.complex_name),
      building: buildingNumber ? `Корпус ${buildingNumber}` : text(row.building_name),
      section: text(row.section_name) ?? (sectionNumber !== null ? `Секция ${sectionNumber}` : null),
    },
    history,
    visible: (field) => fieldVisible(rule, field),
    ...(reader.principal.kind === 'staff' ? { twentyUrl: links.twentyRecord('unit', unit.id) } : {}),
  });
}
