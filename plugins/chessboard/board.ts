/**
 * One chessboard as the API, the page, the export and live updates see it:
 * the building, its grid under the filters, counts and the legend. Every read
 * goes through the route's scoped reader, so the principal's policy decides
 * which buildings, units and fields exist for it: a building outside it is a
 * 404, a unit outside it is not on the board, a hidden field is null.
 */
import { fieldVisible, type ScopedReader } from '../core/access/index';
import { RouteError, type RouteLinks } from '../core/plugin/index';
import { agencyUnitIds } from './agency-scope';
import { type LegendEntry, STATUS_LEGEND, unitCellText } from './rules/board-text';
import { badFilter, type ChessboardFilters, filterLabel, filtersToQuery, isUuid } from './rules/filters';
import { buildChessboardGrid, type ChessboardGrid, type GridSectionInput, type GridUnit } from './rules/grid';

export interface BoardBuilding {
  id: string;
  name: string | null;
  number: string | null;
  floors: number | null;
  complexId: string | null;
  complexName: string | null;
  district: string | null;
  region: string | null;
}

export interface ChessboardView extends ChessboardGrid {
  building: BoardBuilding & { twentyUrl?: string; chessboardUrl: string };
  filters: Record<string, string>;
  legend: readonly LegendEntry[];
}

export interface BoardRequest {
  buildingId: string;
  filters: ChessboardFilters;
}

export function chessboardUrl(publicUrl: string, buildingId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/chessboard?building=${buildingId}`;
}

const num = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function buildingNotFound(buildingId: string): RouteError {
  return new RouteError(404, 'chessboard_building_not_found', {
    ru: `Корпуса ${buildingId} нет в реестре (или он вам не виден); выберите корпус из списка`,
    en: `building ${buildingId} is not in the registry (or not visible to you); pick one from /api/chessboard/buildings`,
  });
}

/** Filters on fields the principal may not see are refused, rather than silently matching nothing. */
const FILTER_FIELDS: readonly [keyof ChessboardFilters, string, string][] = [
  ['priceMinMicros', 'price', 'priceMin'],
  ['priceMaxMicros', 'price', 'priceMax'],
  ['areaMin', 'totalArea', 'areaMin'],
  ['areaMax', 'totalArea', 'areaMax'],
  ['rooms', 'rooms', 'rooms'],
  ['status', 'status', 'status'],
  ['kind', 'kind', 'kind'],
  ['floorMin', 'floor', 'floorMin'],
  ['floorMax', 'floor', 'floorMax'],
];

function checkFilters(reader: ScopedReader, filters: ChessboardFilters): void {
  const rule = reader.fields('unit');
  for (const [key, field, parameter] of FILTER_FIELDS) {
    if (filters[key] !== undefined && !fieldVisible(rule, field))
      throw new RouteError(
        400,
        'chessboard_filter_on_hidden_field',
        {
          ru: `«${filterLabel(parameter)}»: ваш доступ не показывает это поле, поэтому фильтровать по нему нельзя`,
          en: `${parameter}: your access does not show this field, so the board cannot filter by it`,
        },
        { field: parameter },
      );
  }
}

/** The building (404 when unknown or outside the scope) and whether its district passes the filter. */
export async function resolveBoardBuilding(
  reader: ScopedReader,
  request: BoardRequest,
): Promise<{ building: BoardBuilding; buildingMatches: boolean }> {
  if (!isUuid(request.buildingId))
    throw badFilter(
      'buildingId',
      `«${request.buildingId}» — не идентификатор записи (UUID)`,
      `"${request.buildingId}" is not a record id (uuid)`,
    );
  checkFilters(reader, request.filters);
  const rows = await reader.query(
    `select b.id::text as id, b.name, b.number, b.floors, b.complex_id::text as complex_id,
            c.name as complex_name, c.district, c.region
       from {building} b left join {residentialComplex} c on c.id = b.complex_id
      where b.id = $1::uuid`,
    [request.buildingId.toLowerCase()],
  );
  const row = rows[0];
  if (!row) throw buildingNotFound(request.buildingId);
  const building: BoardBuilding = {
    id: String(row.id),
    name: text(row.name),
    number: text(row.number),
    floors: num(row.floors),
    complexId: text(row.complex_id),
    complexName: text(row.complex_name),
    district: text(row.district),
    region: text(row.region),
  };
  const { district } = request.filters;
  const buildingMatches =
    district === undefined ||
    district.some((d) => d.toLocaleLowerCase('ru') === (building.district ?? '').toLocaleLowerCase('ru'));
  return { building, buildingMatches };
}

export async function loadSections(reader: ScopedReader, buildingId: string): Promise<GridSectionInput[]> {
  const rows = await reader.query(
    'select id::text as id, name, number, floors from {section} where building_id = $1::uuid',
    [buildingId],
  );
  return rows.map((s) => ({
    id: String(s.id),
    name: text(s.name),
    number: num(s.number),
    floors: num(s.floors),
  }));
}

/** SQL for "unit passes the filters" over the unit view `u` (district is decided per building). */
export function filterPredicate(
  filters: ChessboardFilters,
  params: unknown[],
  /** The `agencyId` filter: only the units the agency sees match. */
  agencyUnits?: readonly string[],
): string {
  const terms: string[] = [];
  if (agencyUnits) {
    params.push([...agencyUnits]);
    terms.push(`coalesce(u.id = any($${params.length}::uuid[]), false)`);
  }
  const cmp = (column: string, op: '>=' | '<=' | '= any', value: unknown, cast: string) => {
    if (value === undefined) return;
    params.push(value);
    const ref = `$${params.length}::${cast}`;
    terms.push(`coalesce(u.${column} ${op === '= any' ? `= any(${ref})` : `${op} ${ref}`}, false)`);
  };
  cmp('floor', '>=', filters.floorMin, 'numeric');
  cmp('floor', '<=', filters.floorMax, 'numeric');
  cmp('total_area', '>=', filters.areaMin, 'numeric');
  cmp('total_area', '<=', filters.areaMax, 'numeric');
  cmp('price_amount_micros', '>=', filters.priceMinMicros, 'numeric');
  cmp('price_amount_micros', '<=', filters.priceMaxMicros, 'numeric');
  cmp('kind', '= any', filters.kind, 'text[]');
  cmp('status', '= any', filters.status, 'text[]');
  cmp('rooms', '= any', filters.rooms, 'numeric[]');
  return terms.length > 0 ? terms.join(' and ') : 'true';
}

export interface UnitQuery {
  buildingId: string;
  filters: ChessboardFilters;
  /** False when a building-level filter (district) excludes the whole building. */
  buildingMatches: boolean;
  /** Only these units (live updates); omitted = the whole building. */
  ids?: readonly string[];
  /** The `agencyId` filter (staff): the building's units the agency sees; others do not match. */
  agencyUnits?: readonly string[];
}

/** A unit as loadUnits' statement lists it. */
type UnitTuple = [
  id: string,
  sectionId: string | null,
  kind: string | null,
  number: string | null,
  floor: number | null,
  position: number | null,
  span: number | null,
  rooms: number | null,
  totalArea: number | null,
  livingArea: number | null,
  priceMicros: string | null,
  currency: string | null,
  status: string | null,
  matches: boolean,
];

export async function loadUnits(reader: ScopedReader, q: UnitQuery): Promise<GridUnit[]> {
  const params: unknown[] = [q.buildingId];
  const matches = q.buildingMatches ? filterPredicate(q.filters, params, q.agencyUnits) : 'false';
  let only = '';
  if (q.ids) {
    params.push([...q.ids]);
    only = ` and u.id = any($${params.length}::uuid[])`;
  }
  // One JSON array for the whole building: a 500-unit board is one value to parse, not 7,000 cells.
  const rows = await reader.query<{ units: string }>(
    `select coalesce(json_agg(json_build_array(
              u.id, u.section_id, u.kind, u.number, u.floor, u.position_on_floor, u.floors_spanned,
              u.rooms, u.total_area, u.living_area, u.price_amount_micros::text, u.price_currency_code,
              u.status, ${matches})), '[]')::text as units
       from {unit} u
      where u.building_id = $1::uuid${only}`,
    params,
  );
  const tuples = JSON.parse(rows[0]?.units ?? '[]') as UnitTuple[];
  return tuples.map(
    ([
      id,
      sectionId,
      kind,
      number,
      floor,
      position,
      span,
      rooms,
      area,
      living,
      micros,
      currency,
      status,
      matches,
    ]) => {
      const spanned = num(span);
      const amount = num(micros);
      const unit: GridUnit = {
        id: String(id),
        sectionId: text(sectionId),
        kind: text(kind),
        number: text(number),
        floor: num(floor),
        position: num(position),
        floorsSpanned: spanned !== null && spanned >= 1 ? Math.floor(spanned) : 1,
        rooms: num(rooms),
        totalArea: num(area),
        livingArea: num(living),
        price:
          amount === null && currency === null
            ? null
            : { amountMicros: amount, currencyCode: text(currency) },
        status: text(status),
        matches: matches === true,
      };
      unit.display = unitCellText(unit);
      return unit;
    },
  );
}

export async function loadChessboard(
  reader: ScopedReader,
  links: RouteLinks,
  request: BoardRequest,
): Promise<ChessboardView> {
  const { building, buildingMatches } = await resolveBoardBuilding(reader, request);
  const agencyUnits =
    request.filters.agencyId !== undefined
      ? await agencyUnitIds(reader, request.filters.agencyId, building.id)
      : undefined;
  const [sections, units] = await Promise.all([
    loadSections(reader, building.id),
    loadUnits(reader, {
      buildingId: building.id,
      filters: request.filters,
      buildingMatches,
      ...(agencyUnits ? { agencyUnits } : {}),
    }),
  ]);
  return {
    building: {
      ...building,
      ...(reader.principal.kind === 'staff'
        ? { twentyUrl: links.twentyRecord('building', building.id) }
        : {}),
      chessboardUrl: chessboardUrl(links.publicUrl, building.id),
    },
    filters: filtersToQuery(request.filters),
    legend: STATUS_LEGEND,
    ...buildChessboardGrid({ sections, units }),
  };
}

/** Only the given units of a building, under the same filters and scope (live updates). */
export async function loadBoardUnits(
  reader: ScopedReader,
  request: BoardRequest & { ids: readonly string[] },
): Promise<GridUnit[]> {
  const { building, buildingMatches } = await resolveBoardBuilding(reader, request);
  const agencyUnits =
    request.filters.agencyId !== undefined
      ? await agencyUnitIds(reader, request.filters.agencyId, building.id)
      : undefined;
  return loadUnits(reader, {
    buildingId: building.id,
    filters: request.filters,
    buildingMatches,
    ids: request.ids,
    ...(agencyUnits ? { agencyUnits } : {}),
  });
}
