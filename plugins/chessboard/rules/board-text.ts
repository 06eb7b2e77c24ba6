/**
 * The board in words and colours, from the registry's one vocabulary: the
 * legend, a cell's text («№ 105», «2к · 54,3 м²», «5,57 млн ₽», «Свободна»),
 * its fill (faded when the filters exclude it) and the filters in Russian for
 * the export's header. The page, the JSON and the xlsx all print these.
 */
import Decimal from 'decimal.js';
import { formatArea, formatNumber, NBSP } from '../../core/pages/index';
import {
  kindTerm,
  statusTerm,
  UNIT_STATUS_TERMS,
  UNKNOWN_STATUS_COLOR,
  type UnitStatus,
} from '../../registry/index';
import type { ChessboardFilters } from './filters';
import type { GridUnit, UnitCellText } from './grid';

export interface LegendEntry {
  status: UnitStatus;
  label: string;
  /** Cell background, `#rrggbb`. */
  color: string;
  /** Text colour readable on `color`. */
  textColor: string;
}

export const STATUS_LEGEND: readonly LegendEntry[] = UNIT_STATUS_TERMS.map((t) => ({
  status: t.value,
  label: t.ru,
  color: t.color,
  textColor: t.textColor,
}));

export { UNKNOWN_STATUS_COLOR };

export function legendOf(status: string | null | undefined): LegendEntry | undefined {
  return STATUS_LEGEND.find((entry) => entry.status === status);
}

/** How much a dimmed cell's colour is mixed with white. */
export const DIMMED_WHITE_MIX = 0.7;

export function fadedColor(hex: string, whiteMix = DIMMED_WHITE_MIX): string {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * whiteMix);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${[r, g, b].map((c) => (c ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

export function unitFillColor(unit: Pick<GridUnit, 'status' | 'matches'>): string {
  const base = legendOf(unit.status)?.color ?? UNKNOWN_STATUS_COLOR;
  return unit.matches ? base : fadedColor(base);
}

/** «5,57 млн ₽» (a cell is narrow); «850 тыс. ₽» below a million. Empty when unknown. */
export function shortRub(micros: number | string | null | undefined): string {
  if (micros === null || micros === undefined || micros === '') return '';
  const roubles = new Decimal(micros).div(1_000_000);
  if (roubles.abs().gte(1_000_000)) return `${formatNumber(roubles.div(1_000_000), 2)}${NBSP}млн${NBSP}₽`;
  return `${formatNumber(roubles.div(1_000), 0)}${NBSP}тыс.${NBSP}₽`;
}

/** «2к», «студия», or the kind for non-flats («Офис»). */
function roomsOrKind(unit: Pick<GridUnit, 'kind' | 'rooms'>): string | null {
  if (unit.kind === 'FLAT')
    return unit.rooms === null ? null : unit.rooms === 0 ? 'студия' : `${unit.rooms}к`;
  return kindTerm(unit.kind)?.ru ?? null;
}

export function unitCellText(unit: GridUnit): UnitCellText {
  const facts = [roomsOrKind(unit), unit.totalArea !== null ? formatArea(unit.totalArea) : null].filter(
    (f): f is string => f !== null,
  );
  return {
    number: unit.number ? `№${NBSP}${unit.number}` : '№ —',
    facts: facts.join(' · '),
    price: shortRub(unit.price?.amountMicros),
    status: statusTerm(unit.status)?.ru ?? (unit.status === null ? 'статус скрыт' : unit.status),
  };
}

/** The lines of an exported cell. */
export function unitCellLines(text: UnitCellText): string {
  return [text.number, text.facts, text.price].filter((l) => l !== '').join('\n');
}

const list = (values: readonly string[]) => values.join(', ');

/** The filters as a person would say them: «статус: Свободна, Резерв; этаж от 2». Empty → «нет». */
export function describeFilters(filters: ChessboardFilters): string {
  const parts: string[] = [];
  const rub = (micros: string) => `${formatNumber(new Decimal(micros).div(1_000_000), 2)}${NBSP}₽`;
  const between = (label: string, min: string | undefined, max: string | undefined) => {
    if (min !== undefined && max !== undefined) parts.push(`${label} от ${min} до ${max}`);
    else if (min !== undefined) parts.push(`${label} от ${min}`);
    else if (max !== undefined) parts.push(`${label} до ${max}`);
  };
  if (filters.status) parts.push(`статус: ${list(filters.status.map((s) => statusTerm(s)?.ru ?? s))}`);
  if (filters.kind) parts.push(`тип: ${list(filters.kind.map((k) => kindTerm(k)?.ru ?? k))}`);
  if (filters.rooms)
    parts.push(`комнат: ${list(filters.rooms.map((r) => (r === 0 ? 'студия' : String(r))))}`);
  between('этаж', filters.floorMin?.toString(), filters.floorMax?.toString());
  between(
    'площадь',
    filters.areaMin !== undefined ? formatArea(filters.areaMin) : undefined,
    filters.areaMax !== undefined ? formatArea(filters.areaMax) : undefined,
  );
  between(
    'цена',
    filters.priceMinMicros !== undefined ? rub(filters.priceMinMicros) : undefined,
    filters.priceMaxMicros !== undefined ? rub(filters.priceMaxMicros) : undefined,
  );
  if (filters.district) parts.push(`район: ${list(filters.district)}`);
  return parts.length > 0 ? parts.join('; ') : 'нет';
}
