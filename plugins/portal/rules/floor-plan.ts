/**
 * A floor of a section as an SVG drawing: the units by their position on the floor around the
 * corridor (positions 1…k along the top, the rest back along the bottom, as a corridor section is
 * built), each coloured by its status with the registry's colours, with its number, rooms and area;
 * a legend of the statuses drawn. A position nobody may see (or nobody holds) is drawn empty. Pure:
 * the page, the site API and the PNG export all draw this.
 */
import { formatArea } from '../../core/pages/index';
import { kindTerm, statusTerm, UNKNOWN_STATUS_COLOR } from '../../registry/index';
import { xmlText } from './xml-text';

export interface PlanUnit {
  id: string;
  number: string | null;
  kind: string | null;
  position: number | null;
  rooms: number | null;
  totalArea: number | null;
  status: string | null;
}

export interface FloorPlanInput {
  title: string;
  floor: number;
  /** Declared positions per floor (empty cells drawn up to it). */
  unitsPerFloor: number | null;
  units: readonly PlanUnit[];
}

export interface PlacedCell {
  position: number;
  unit?: PlanUnit;
  x: number;
  y: number;
  width: number;
  height: number;
}

export const CELL_HEIGHT = 120;
const MARGIN = 24;
const TITLE_HEIGHT = 44;
const CORRIDOR = 56;
const LEGEND_HEIGHT = 40;
const MIN_WIDTH = 110;
const MAX_WIDTH = 210;

/** Width from the area: bigger flats are wider, within bounds a number and area still fit in. */
export function cellWidth(area: number | null): number {
  if (area === null || !(area > 0)) return MIN_WIDTH;
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, 40 + area * 1.8)));
}

/** Where each position goes: the first half along the top left → right, the rest along the bottom right → left. */
export function layoutFloor(input: FloorPlanInput): {
  cells: PlacedCell[];
  width: number;
  height: number;
  unplaced: PlanUnit[];
} {
  const byPosition = new Map<number, PlanUnit>();
  const unplaced: PlanUnit[] = [];
  for (const u of input.units) {
    if (u.position === null || !(u.position >= 1) || byPosition.has(u.position)) unplaced.push(u);
    else byPosition.set(u.position, u);
  }
  const count = Math.max(input.unitsPerFloor ?? 0, ...byPosition.keys(), unplaced.length > 0 ? 0 : 1);
  const top = Math.ceil(count / 2);
  const widthOf = (p: number) => cellWidth(byPosition.get(p)?.totalArea ?? null);
  const rowWidth = (ps: number[]) => ps.reduce((s, p) => s + widthOf(p), 0);
  const topRow = Array.from({ length: top }, (_, i) => i + 1);
  const bottomRow = Array.from({ length: count - top }, (_, i) => count - i);
  const inner = Math.max(rowWidth(topRow), rowWidth(bottomRow), 3 * MIN_WIDTH);
  const cells: PlacedCell[] = [];
  let x = MARGIN;
  for (const p of topRow) {
    const w = widthOf(p);
    cells.push({
      position: p,
      unit: byPosition.get(p),
      x,
      y: MARGIN + TITLE_HEIGHT,
      width: w,
      height: CELL_HEIGHT,
    });
    x += w;
  }
  // The bottom row runs right → left, aligned to the right edge of the wider row.
  let right = MARGIN + inner;
  const y2 = MARGIN + TITLE_HEIGHT + CELL_HEIGHT + CORRIDOR;
  for (const p of bottomRow) {
    const w = widthOf(p);
    right -= w;
    cells.push({ position: p, unit: byPosition.get(p), x: right, y: y2, width: w, height: CELL_HEIGHT });
  }
  const height = MARGIN * 2 + TITLE_HEIGHT + CELL_HEIGHT * 2 + CORRIDOR + LEGEND_HEIGHT;
  return { cells, width: inner + MARGIN * 2, height, unplaced };
}

function unitFacts(u: PlanUnit): string {
  const area = u.totalArea !== null ? formatArea(u.totalArea) : '';
  const what =
    u.kind === 'FLAT' || u.kind === null
      ? u.rooms === 0
        ? 'студия'
        : u.rooms !== null
          ? `${u.rooms}к`
          : ''
      : (kindTerm(u.kind)?.ru ?? '');
  return [what, area].filter(Boolean).join(' · ');
}

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

const LEGEND_ORDER = ['FREE', 'RESERVED', 'IN_AUCTION', 'BOOKED', 'SOLD', 'NOT_FOR_SALE'] as const;
/** A legend entry's width: the swatch, a gap and the label (13 px: about 9 px a character). */
const legendEntryWidth = (label: string) => 40 + label.length * 9;

export function floorPlanSvg(input: FloorPlanInput): string {
  const layout = layoutFloor(input);
  const { cells, height } = layout;
  const shownStatuses = LEGEND_ORDER.filter((s) => cells.some((c) => c.unit?.status === s));
  const legendWidth = shownStatuses.reduce((w, s) => w + legendEntryWidth(statusTerm(s)?.ru ?? s), 0);
  // Wide enough for the title (18 px bold: about 12 px a character) and the legend too.
  const width = Math.max(layout.width, input.title.length * 12 + MARGIN * 2, legendWidth + MARGIN * 2);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 22}" font-size="18" font-weight="bold" fill="#212121">${xmlText(input.title)}</text>`,
  ];
  const corridorY = MARGIN + TITLE_HEIGHT + CELL_HEIGHT;
  const corridor = Math.max(...cells.map((c) => c.x + c.width), MARGIN + 3 * MIN_WIDTH) - MARGIN;
  out.push(
    `<rect x="${MARGIN}" y="${corridorY}" width="${corridor}" height="${CORRIDOR}" fill="#f5f5f5" stroke="#9e9e9e"/>`,
    `<text x="${MARGIN + corridor / 2}" y="${corridorY + CORRIDOR / 2 + 5}" font-size="13" fill="#616161" text-anchor="middle">Коридор · лифтовой холл</text>`,
  );
  for (const c of cells) {
    const u = c.unit;
    const term = u ? statusTerm(u.status) : undefined;
    const fill = u ? (term?.color ?? UNKNOWN_STATUS_COLOR) : '#fafafa';
    const ink = u ? (term?.textColor ?? '#212121') : '#9e9e9e';
    const cx = c.x + c.width / 2;
    out.push(
      `<g data-position="${c.position}"${u ? ` data-unit="${xmlText(u.id)}" data-status="${xmlText(u.status ?? '')}"` : ''}>`,
      `<rect x="${c.x}" y="${c.y}" width="${c.width}" height="${c.height}" fill="${fill}" stroke="#424242" stroke-width="2"/>`,
    );
    if (u) {
      out.push(
        `<text x="${cx}" y="${c.y + 38}" font-size="20" font-weight="bold" fill="${ink}" text-anchor="middle">№ ${xmlText(u.number ?? '—')}</text>`,
        `<text x="${cx}" y="${c.y + 66}" font-size="14" fill="${ink}" text-anchor="middle">${xmlText(unitFacts(u))}</text>`,
        `<text x="${cx}" y="${c.y + 92}" font-size="12" fill="${ink}" text-anchor="middle">${xmlText(term?.ru ?? u.status ?? '')}</text>`,
      );
    } else {
      out.push(`<text x="${cx}" y="${c.y + 66}" font-size="13" fill="${ink}" text-anchor="middle">—</text>`);
    }
    out.push('</g>');
  }
  // The legend: the statuses on this floor, in the vocabulary's order.
  let lx = MARGIN;
  const ly = height - MARGIN - 14;
  for (const status of shownStatuses) {
    const term = statusTerm(status);
    if (!term) continue;
    out.push(
      `<rect x="${lx}" y="${ly - 12}" width="16" height="16" fill="${term.color}" stroke="#424242"/>`,
      `<text x="${lx + 22}" y="${ly + 1}" font-size="13" fill="#212121">${xmlText(term.ru)}</text>`,
    );
    lx += legendEntryWidth(term.ru);
  }
  out.push('</svg>\n');
  return out.join('\n');
}
