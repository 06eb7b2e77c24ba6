/**
 * The chessboard's layout, pure: units of one building → one grid per section
 * (floors top to bottom, positions left to right) plus separate levels for
 * commercial premises and parking. Irregular buildings are the normal case:
 * a floor may have more positions than the others or gaps, a duplex covers
 * the cell above it, units without a floor or position (or two claiming one
 * cell) are listed as unplaced rather than silently dropped.
 */
import { UNIT_STATUS_VALUES } from '../../registry/index';

export interface GridUnit {
  id: string;
  sectionId: string | null;
  kind: string | null;
  number: string | null;
  floor: number | null;
  position: number | null;
  /** ≥ 1; a duplex is 2. */
  floorsSpanned: number;
  rooms: number | null;
  totalArea: number | null;
  livingArea: number | null;
  price: { amountMicros: number | null; currencyCode: string | null } | null;
  status: string | null;
  /** Passes every active filter; the page dims the others instead of hiding them. */
  matches: boolean;
  /** The cell's text as people read it (board-text.ts); the page and the export print only this. */
  display?: UnitCellText;
}

export interface UnitCellText {
  /** «№ 105» */
  number: string;
  /** «2к · 54,3 м²», «студия · 28,0 м²», «Офис · 120,0 м²» */
  facts: string;
  /** «5,57 млн ₽», or empty when the price is unknown or hidden. */
  price: string;
  /** «Свободна» */
  status: string;
}

export interface GridSectionInput {
  id: string;
  number: number | null;
  name: string | null;
  /** Declared floors: empty upper floors still get rows. */
  floors: number | null;
}

export type GridCell =
  | { position: number; unit: GridUnit; rowSpan: number }
  | { position: number; coveredBy: string }
  | { position: number; empty: true };

export interface FloorRow {
  floor: number;
  cells: GridCell[];
}

export interface SectionGrid {
  id: string | null;
  number: number | null;
  name: string;
  columns: number;
  floors: FloorRow[];
}

export type LevelKind = 'COMMERCIAL' | 'PARKING';

export interface LevelGrid {
  kind: LevelKind;
  floor: number;
  label: string;
  sections: { id: string | null; name: string; cells: GridCell[] }[];
}

export interface UnplacedUnit {
  unit: GridUnit;
  reason: 'no floor or position' | 'cell taken by another unit' | 'no section';
}

export type StatusCounts = Record<string, number> & { all: number };

export interface ChessboardGrid {
  sections: SectionGrid[];
  levels: LevelGrid[];
  unplaced: UnplacedUnit[];
  counts: { total: StatusCounts; matching: StatusCounts };
}

const NO_SECTION = 'Без секции';

/** Which band a unit is drawn in: the residential grid, or a level of its own. */
export function levelKindOf(kind: string | null): LevelKind | undefined {
  if (kind === 'PARKING' || kind === 'STORAGE') return 'PARKING';
  if (kind === 'OFFICE') return 'COMMERCIAL';
  return undefined;
}

function emptyCounts(): StatusCounts {
  const counts = { all: 0 } as StatusCounts;
  for (const s of UNIT_STATUS_VALUES) counts[s] = 0;
  return counts;
}

export function countByStatus(units: readonly GridUnit[]): { total: StatusCounts; matching: StatusCounts } {
  const total = emptyCounts();
  const matching = emptyCounts();
  for (const u of units) {
    const key = u.status ?? 'UNKNOWN';
    total[key] = (total[key] ?? 0) + 1;
    total.all++;
    if (u.matches) {
      matching[key] = (matching[key] ?? 0) + 1;
      matching.all++;
    }
  }
  return { total, matching };
}

function byPositionThenNumber(a: GridUnit, b: GridUnit): number {
  return (
    (a.position ?? 0) - (b.position ?? 0) ||
    (a.number ?? '').localeCompare(b.number ?? '', 'ru', { numeric: true })
  );
}

function sectionName(section: GridSectionInput | undefined): string {
  if (!section) return NO_SECTION;
  return section.name ?? (section.number !== null ? `Секция ${section.number}` : NO_SECTION);
}

/** Lays out the residential units of one section; returns the grid and the units it could not place. */
export function layoutSection(
  section: GridSectionInput | undefined,
  units: readonly GridUnit[],
): { grid: SectionGrid; unplaced: UnplacedUnit[] } {
  const unplaced: UnplacedUnit[] = [];
  const placed = new Map<string, GridCell>();
  const key = (floor: number, position: number) => `${floor}:${position}`;
  const sorted = [...units].sort((a, b) => (a.floor ?? 0) - (b.floor ?? 0) || byPositionThenNumber(a, b));
  let columns = 0;
  let top = section?.floors ?? Number.NEGATIVE_INFINITY;
  let bottom = Number.POSITIVE_INFINITY;
  for (const unit of sorted) {
    if (unit.floor === null || unit.position === null || unit.position < 1) {
      unplaced.push({ unit, reason: 'no floor or position' });
      continue;
    }
    const at = key(unit.floor, unit.position);
    if (placed.has(at)) {
      unplaced.push({ unit, reason: 'cell taken by another unit' });
      continue;
    }
    // A duplex covers the cells above it until one of them is claimed by another unit.
    let span = 1;
    const floor = unit.floor;
    const claimed = (f: number) =>
      units.some((o) => o !== unit && o.floor === f && o.position === unit.position);
    while (span < unit.floorsSpanned && !claimed(floor + span)) span++;
    placed.set(at, { position: unit.position, unit, rowSpan: span });
    for (let k = 1; k < span; k++)
      placed.set(key(unit.floor + k, unit.position), { position: unit.position, coveredBy: unit.id });
    columns = Math.max(columns, unit.position);
    top = Math.max(top, unit.floor + span - 1);
    bottom = Math.min(bottom, unit.floor);
  }
  const floors: FloorRow[] = [];
  if (bottom !== Number.POSITIVE_INFINITY) {
    for (let floor = top; floor >= bottom; floor--) {
      const cells: GridCell[] = [];
      for (let position = 1; position <= columns; position++)
        cells.push(placed.get(key(floor, position)) ?? { position, empty: true });
      floors.push({ floor, cells });
    }
  }
  return {
    grid: {
      id: section?.id ?? null,
      number: section?.number ?? null,
      name: sectionName(section),
      columns,
      floors,
    },
    unplaced,
  };
}

function levelLabel(kind: LevelKind, floor: number): string {
  return `${kind === 'PARKING' ? 'Паркинг и кладовые' : 'Коммерческие помещения'}, этаж ${floor}`;
}

/** One row per section for a level; positions collide → unplaced, as in the residential grid. */
function layoutLevel(
  kind: LevelKind,
  floor: number,
  sections: readonly (GridSectionInput | undefined)[],
  units: readonly GridUnit[],
  unplaced: UnplacedUnit[],
): LevelGrid {
  return {
    kind,
    floor,
    label: levelLabel(kind, floor),
    sections: sections.flatMap((section) => {
      const own = units.filter((u) => u.sectionId === (section?.id ?? null)).sort(byPositionThenNumber);
      if (own.length === 0) return [];
      const byPosition = new Map<number, GridUnit>();
      for (const unit of own) {
        if (unit.position === null || unit.position < 1)
          unplaced.push({ unit, reason: 'no floor or position' });
        else if (byPosition.has(unit.position)) unplaced.push({ unit, reason: 'cell taken by another unit' });
        else byPosition.set(unit.position, unit);
      }
      const columns = Math.max(0, ...byPosition.keys());
      const cells: GridCell[] = [];
      for (let position = 1; position <= columns; position++) {
        const unit = byPosition.get(position);
        cells.push(unit ? { position, unit, rowSpan: 1 } : { position, empty: true });
      }
      return [{ id: section?.id ?? null, name: sectionName(section), cells }];
    }),
  };
}

export function buildChessboardGrid(input: {
  sections: readonly GridSectionInput[];
  units: readonly GridUnit[];
}): ChessboardGrid {
  const sections = [...input.sections].sort(
    (a, b) =>
      (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER) ||
      a.id.localeCompare(b.id),
  );
  const known = new Set(sections.map((s) => s.id));
  // Units whose section is missing from the replica still show, in a column block of their own.
  const orphans = input.units.some((u) => u.sectionId === null || !known.has(u.sectionId));
  const columnsOf: (GridSectionInput | undefined)[] = [...sections, ...(orphans ? [undefined] : [])];
  const sectionOf = (u: GridUnit) => (u.sectionId !== null && known.has(u.sectionId) ? u.sectionId : null);
  const normalised = input.units.map((u) => (sectionOf(u) === u.sectionId ? u : { ...u, sectionId: null }));

  const unplaced: UnplacedUnit[] = [];
  const sectionGrids = columnsOf.map((section) => {
    const own = normalised.filter(
      (u) => u.sectionId === (section?.id ?? null) && levelKindOf(u.kind) === undefined,
    );
    const { grid, unplaced: lost } = layoutSection(section, own);
    unplaced.push(...lost);
    return grid;
  });

  const levelKeys = new Map<string, { kind: LevelKind; floor: number }>();
  for (const u of normalised) {
    const kind = levelKindOf(u.kind);
    if (kind === undefined) continue;
    if (u.floor === null) {
      unplaced.push({ unit: u, reason: 'no floor or position' });
      continue;
    }
    levelKeys.set(`${kind}:${u.floor}`, { kind, floor: u.floor });
  }
  // Commercial levels above parking; within a kind, higher floors first, as in the building.
  const levels = [...levelKeys.values()]
    .sort((a, b) => (a.kind === b.kind ? b.floor - a.floor : a.kind === 'COMMERCIAL' ? -1 : 1))
    .map(({ kind, floor }) =>
      layoutLevel(
        kind,
        floor,
        columnsOf,
        normalised.filter((u) => levelKindOf(u.kind) === kind && u.floor === floor),
        unplaced,
      ),
    );

  return {
    sections: sectionGrids.filter((g) => g.floors.length > 0 || g.id !== null),
    levels,
    unplaced,
    counts: countByStatus(input.units),
  };
}
