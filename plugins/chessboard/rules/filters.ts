/**
 * The chessboard's filter parameters, parsed from a query string: every bad
 * value is a 400 `chessboard_bad_filter` naming the parameter, so the caller
 * can act on it. Lists are comma-separated (`status=FREE,RESERVED`) or
 * repeated; prices are in roubles, areas in m². Pure: no store, no request.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import { RouteError } from '../../core/plugin/index';
import { UNIT_KIND_VALUES, UNIT_STATUS_VALUES, type UnitKind, type UnitStatus } from '../../registry/index';

export const BAD_FILTER = 'chessboard_bad_filter';

export interface ChessboardFilters {
  agencyId?: string;
  district?: string[];
  floorMin?: number;
  floorMax?: number;
  kind?: UnitKind[];
  status?: UnitStatus[];
  areaMin?: number;
  areaMax?: number;
  rooms?: number[];
  /** Micros (Twenty's CURRENCY unit) as a decimal string, exact for any price. */
  priceMinMicros?: string;
  priceMaxMicros?: string;
}

export const FILTER_PARAMETERS = [
  'agencyId',
  'district',
  'floorMin',
  'floorMax',
  'kind',
  'status',
  'areaMin',
  'areaMax',
  'rooms',
  'priceMin',
  'priceMax',
] as const;

/** The parameters as the page's filter form names them: a refusal names the label, not the key. */
export const FILTER_LABELS = {
  agencyId: { ru: 'Агентство', en: 'Agency' },
  district: { ru: 'Район', en: 'District' },
  floorMin: { ru: 'Этаж от', en: 'Floor from' },
  floorMax: { ru: 'Этаж до', en: 'Floor to' },
  kind: { ru: 'Тип', en: 'Kind' },
  status: { ru: 'Статус', en: 'Status' },
  areaMin: { ru: 'Площадь от, м²', en: 'Area from, m²' },
  areaMax: { ru: 'Площадь до, м²', en: 'Area to, m²' },
  rooms: { ru: 'Комнат', en: 'Rooms' },
  priceMin: { ru: 'Цена от, ₽', en: 'Price from, ₽' },
  priceMax: { ru: 'Цена до, ₽', en: 'Price to, ₽' },
  building: { ru: 'Корпус', en: 'Building' },
  buildingId: { ru: 'Корпус', en: 'Building' },
} as const satisfies Record<string, { ru: string; en: string }>;

/** The labels of a route's query: the filters and the `extra` parameters it reads (an unknown one keeps its key). */
export function chessboardLabels(extra: readonly string[] = []): Record<string, { ru: string; en: string }> {
  const labels: Record<string, { ru: string; en: string }> = {};
  for (const name of [...FILTER_PARAMETERS, ...extra]) {
    const label = (FILTER_LABELS as Record<string, { ru: string; en: string }>)[name];
    if (label) labels[name] = label;
  }
  return labels;
}

/** «Этаж от», or the parameter itself when it has no label. */
export function filterLabel(parameter: string): string {
  return (FILTER_LABELS as Record<string, { ru: string }>)[parameter]?.ru ?? parameter;
}

/** A refusal of one parameter: Russian naming its label, English naming the key. */
export function badFilter(parameter: string, ru: string, en: string): RouteError {
  return new RouteError(
    400,
    BAD_FILTER,
    { ru: `«${filterLabel(parameter)}»: ${ru}`, en: `${parameter}: ${en}` },
    { field: parameter },
  );
}

export type QueryInput = Readonly<Record<string, string | readonly string[] | undefined>>;

const queryValue = z.union([z.string(), z.array(z.string())]).optional();

/**
 * The zod schema of a chessboard query: the filters plus `extra` parameters the route reads itself
 * (`building`, `buildingId`). An unknown parameter is refused, naming it, so a typo does not
 * silently show an unfiltered board; the values are checked by `parseChessboardFilters`.
 */
export function chessboardQuery<const E extends string>(extra: readonly E[] = []) {
  const known: readonly string[] = [...FILTER_PARAMETERS, ...extra];
  return z.record(z.string(), queryValue).superRefine((query, ctx) => {
    for (const name of Object.keys(query)) {
      if (!known.includes(name))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `неизвестный параметр адреса; допустимы: ${known.join(', ')}`,
        });
    }
  }) as unknown as z.ZodType<Partial<Record<(typeof FILTER_PARAMETERS)[number] | E, string | string[]>>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHOLE = /^-?\d{1,6}$/;
const DECIMAL = /^\d{1,12}([.,]\d{1,6})?$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function single(query: QueryInput, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value))
    throw badFilter(
      name,
      'указано несколько раз; укажите одно значение',
      'given more than once; pass one value',
    );
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.trim();
}

function list(query: QueryInput, name: string): string[] | undefined {
  const raw = query[name];
  const values = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [])
    .flatMap((v: string) => v.split(','))
    .map((v: string) => v.trim())
    .filter((v: string) => v !== '');
  return values.length > 0 ? [...new Set(values)] : undefined;
}

function whole(query: QueryInput, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!WHOLE.test(value))
    throw badFilter(
      name,
      `«${value}» — не целое число (например, 3 или -1)`,
      `"${value}" is not a whole number (e.g. 3 or -1)`,
    );
  return Number(value);
}

function decimal(query: QueryInput, name: string, unit: { ru: string; en: string }): Decimal | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!DECIMAL.test(value))
    throw badFilter(
      name,
      `«${value}» — нужно число ${unit.ru} не меньше нуля (например, 45,5)`,
      `"${value}" is not a non-negative number of ${unit.en} (e.g. 45.5)`,
    );
  return new Decimal(value.replace(',', '.'));
}

function enumList<T extends string>(query: QueryInput, name: string, allowed: readonly T[]): T[] | undefined {
  const values = list(query, name);
  if (!values) return undefined;
  return values.map((v) => {
    const upper = v.toUpperCase();
    const found = allowed.find((a) => a === upper);
    if (!found)
      throw badFilter(
        name,
        `«${v}» — нет такого значения; допустимы: ${allowed.join(', ')}`,
        `"${v}" is not one of ${allowed.join(', ')}`,
      );
    return found;
  });
}

function range<T>(name: string, min: T | undefined, max: T | undefined, greater: (a: T, b: T) => boolean) {
  if (min !== undefined && max !== undefined && greater(min, max))
    throw badFilter(
      `${name}Min`,
      `${String(min)} больше, чем «${filterLabel(`${name}Max`)}» ${String(max)}`,
      `${String(min)} is above ${name}Max ${String(max)}`,
    );
}

/**
 * The filters of `query` (the route's own parameters, e.g. `building`, are ignored here: the
 * route's zod schema already refused unknown ones).
 */
export function parseChessboardFilters(query: QueryInput): ChessboardFilters {
  const filters: ChessboardFilters = {};
  const agencyId = single(query, 'agencyId');
  if (agencyId !== undefined) {
    if (!isUuid(agencyId))
      throw badFilter(
        'agencyId',
        `«${agencyId}» — не идентификатор записи (UUID)`,
        `"${agencyId}" is not a record id (uuid)`,
      );
    filters.agencyId = agencyId.toLowerCase();
  }
  const district = list(query, 'district');
  if (district) filters.district = district;
  const floorMin = whole(query, 'floorMin');
  const floorMax = whole(query, 'floorMax');
  range('floor', floorMin, floorMax, (a, b) => a > b);
  if (floorMin !== undefined) filters.floorMin = floorMin;
  if (floorMax !== undefined) filters.floorMax = floorMax;
  const kind = enumList(query, 'kind', UNIT_KIND_VALUES);
  if (kind) filters.kind = kind;
  const status = enumList(query, 'status', UNIT_STATUS_VALUES);
  if (status) filters.status = status;
  const SQM = { ru: 'м²', en: 'm²' };
  const areaMin = decimal(query, 'areaMin', SQM);
  const areaMax = decimal(query, 'areaMax', SQM);
  range('area', areaMin, areaMax, (a, b) => a.gt(b));
  if (areaMin) filters.areaMin = areaMin.toNumber();
  if (areaMax) filters.areaMax = areaMax.toNumber();
  const rooms = list(query, 'rooms');
  if (rooms) {
    filters.rooms = rooms.map((r) => {
      if (!/^\d{1,2}$/.test(r))
        throw badFilter('rooms', `«${r}» — не число комнат (0–99)`, `"${r}" is not a number of rooms (0–99)`);
      return Number(r);
    });
  }
  const RUB = { ru: 'рублей', en: 'roubles' };
  const priceMin = decimal(query, 'priceMin', RUB);
  const priceMax = decimal(query, 'priceMax', RUB);
  range('price', priceMin, priceMax, (a, b) => a.gt(b));
  if (priceMin) filters.priceMinMicros = priceMin.mul(1_000_000).toFixed(0);
  if (priceMax) filters.priceMaxMicros = priceMax.mul(1_000_000).toFixed(0);
  return filters;
}

/** How many filters are set (the bench asks for five at once). */
export function activeFilterCount(filters: ChessboardFilters): number {
  return Object.values(filters).filter((v) => v !== undefined).length;
}

/** The filters back as query parameters, for links, the stream and the export's "filters" line. */
export function filtersToQuery(filters: ChessboardFilters): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: string, value: string | number | readonly (string | number)[] | undefined) => {
    if (value === undefined) return;
    out[name] = Array.isArray(value) ? value.join(',') : String(value);
  };
  put('agencyId', filters.agencyId);
  put('district', filters.district);
  put('floorMin', filters.floorMin);
  put('floorMax', filters.floorMax);
  put('kind', filters.kind);
  put('status', filters.status);
  put('areaMin', filters.areaMin);
  put('areaMax', filters.areaMax);
  put('rooms', filters.rooms);
  const rub = (micros: string | undefined) =>
    micros === undefined ? undefined : new Decimal(micros).div(1_000_000).toString();
  put('priceMin', rub(filters.priceMinMicros));
  put('priceMax', rub(filters.priceMaxMicros));
  return out;
}
