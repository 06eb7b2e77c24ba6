/**
 * The registry's layout at seed scale: complexes → buildings → sections →
 * units, with each unit's place on the chessboard (section, floor, position).
 * A plan holds numbers only; records are built from it lazily. Building sizes
 * vary (most are small, some are 500-unit towers the chessboard bench needs)
 * and always add up to exactly the scaled unit count.
 */

import { MOSCOW_DISTRICTS } from './names';
import { apportion, createRng } from './random';
import { DAY_MS } from './rest';

export type UnitKind = 'FLAT' | 'OFFICE' | 'PARKING' | 'STORAGE';

/** The figures for scale 1 (domain.md's developer), plus the people and companies they imply. */
export const SEED_SCALE_BASE_COUNTS = {
  residentialComplex: 107,
  building: 333,
  unit: 19_000,
  auction: 20_000,
  contract: 11_000,
  workspaceMember: 300,
  opportunity: 5_000,
  /** Applicants, buyers and contacts. */
  person: 24_000,
  developer: 8,
  agency: 12,
} as const;
export type PlannedCounts = Record<keyof typeof SEED_SCALE_BASE_COUNTS, number>;

export const LARGE_BUILDING_UNITS = 500;
/** The business's history starts here; every generated date lies between it and SEED_SCALE_AS_OF. */
export const HISTORY_START_MS = Date.UTC(2016, 0, 11);
/** "Now" for the generated data (12:00 Moscow); fixed so the same seed always gives the same records. */
export const SEED_SCALE_AS_OF_MS = Date.UTC(2026, 9, 1, 9, 0, 0);

export class SeedScaleError extends Error {
  readonly code: 'seed_scale_bad_option';
  constructor(message: string) {
    super(message);
    this.name = 'SeedScaleError';
    this.code = 'seed_scale_bad_option';
  }
}

export function scaledCounts(scale: number): PlannedCounts {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) {
    throw new SeedScaleError(`scale must be a number in (0, 10], got ${scale}`);
  }
  const out = {} as PlannedCounts;
  for (const [key, base] of Object.entries(SEED_SCALE_BASE_COUNTS)) {
    out[key as keyof PlannedCounts] = Math.max(1, Math.round(base * scale));
  }
  // A building needs a complex and a unit needs a building.
  out.building = Math.max(out.building, out.residentialComplex);
  out.unit = Math.max(out.unit, out.building);
  return out;
}

export interface ComplexPlan {
  index: number;
  code: string;
  district: string;
  status: 'PLANNED' | 'UNDER_CONSTRUCTION' | 'COMPLETED';
  pricePerSqmRub: number;
  developerIndex: number;
  createdMs: number;
}

export interface BuildingPlan {
  index: number;
  complexIndex: number;
  number: string;
  floors: number;
  firstSection: number;
  sectionCount: number;
  firstUnit: number;
  unitCount: number;
  createdMs: number;
  commissioningMs: number;
}

export interface SectionPlan {
  index: number;
  buildingIndex: number;
  number: number;
  floors: number;
  unitsPerFloor: number;
}

export interface UnitPlan {
  buildingIndex: number;
  sectionIndex: number;
  kind: UnitKind;
  number: string;
  floor: number;
  positionOnFloor: number;
  rooms: number;
  totalArea: number;
  priceRub: number;
}

export interface RegistryPlan {
  complexes: ComplexPlan[];
  buildings: BuildingPlan[];
  sections: SectionPlan[];
  units: UnitPlan[];
}

/** How many units each building holds: a few towers of exactly 500, the rest a skewed spread. */
function buildingSizes(seed: number, buildings: number, units: number): number[] {
  const rng = createRng(seed, 'building-sizes');
  const large =
    units >= LARGE_BUILDING_UNITS + (buildings - 1) * 10 ? Math.max(1, Math.floor(buildings * 0.025)) : 0;
  const fitsLarge = Math.min(large, Math.floor((units - (buildings - large)) / LARGE_BUILDING_UNITS));
  const rest = units - fitsLarge * LARGE_BUILDING_UNITS;
  const others = buildings - fitsLarge;
  // Each building gets one unit up front, then a skewed share (squared uniform: many small, some big).
  const shares = apportion(
    rest - others,
    Array.from({ length: others }, () => 0.15 + rng.next() ** 2),
  ).map((n) => n + 1);
  const sizes = [...Array.from({ length: fitsLarge }, () => LARGE_BUILDING_UNITS), ...shares];
  // Spread the towers over the list instead of leaving them all in the first complex.
  const order = Array.from({ length: sizes.length }, (_, i) => i).sort(
    (a, b) => streamOrder(seed, a) - streamOrder(seed, b),
  );
  return order.map((i) => sizes[i]);
}

function streamOrder(seed: number, i: number): number {
  return createRng(seed, 'building-order', i).next();
}

export function planRegistry(seed: number, counts: PlannedCounts): RegistryPlan {
  const rng = createRng(seed, 'registry');
  const plan: RegistryPlan = { complexes: [], buildings: [], sections: [], units: [] };
  for (let c = 0; c < counts.residentialComplex; c++) {
    plan.complexes.push({
      index: c,
      code: `C${String(c + 1).padStart(3, '0')}`,
      district: MOSCOW_DISTRICTS[c % MOSCOW_DISTRICTS.length],
      status: rng.weighted([
        ['COMPLETED', 0.55],
        ['UNDER_CONSTRUCTION', 0.4],
        ['PLANNED', 0.05],
      ] as const),
      pricePerSqmRub: rng.int(180, 650) * 1000,
      developerIndex: c % counts.developer,
      createdMs: HISTORY_START_MS + rng.int(0, 400) * DAY_MS,
    });
  }
  const perComplex = apportion(
    counts.building - counts.residentialComplex,
    plan.complexes.map(() => rng.next()),
  ).map((n) => n + 1);
  const sizes = buildingSizes(seed, counts.building, counts.unit);
  let b = 0;
  for (const complex of plan.complexes) {
    for (let k = 0; k < perComplex[complex.index]; k++, b++) {
      planBuilding(plan, complex, b, String(k + 1), sizes[b], rng);
    }
  }
  return plan;
}

function planBuilding(
  plan: RegistryPlan,
  complex: ComplexPlan,
  index: number,
  number: string,
  size: number,
  rng: ReturnType<typeof createRng>,
): void {
  const sectionCount =
    size >= 300 ? rng.int(4, 5) : size >= 120 ? rng.int(2, 3) : size >= 40 ? rng.int(1, 2) : 1;
  const building: BuildingPlan = {
    index,
    complexIndex: complex.index,
    number,
    floors: 0,
    firstSection: plan.sections.length,
    sectionCount,
    firstUnit: plan.units.length,
    unitCount: size,
    createdMs: complex.createdMs + rng.int(0, 60) * DAY_MS,
    commissioningMs: complex.createdMs + rng.int(700, 1800) * DAY_MS,
  };
  plan.buildings.push(building);
  let flatNumber = 1;
  for (const [s, sectionSize] of apportion(size, Array(sectionCount).fill(1)).entries()) {
    const sectionIndex = plan.sections.length;
    const unit = (kind: UnitKind, floor: number, pos: number, num: string, rooms: number, area: number) => {
      const floorFactor = 1 + Math.max(0, floor) * 0.004;
      const priceRub =
        kind === 'PARKING'
          ? rng.int(15, 45) * 100_000
          : kind === 'STORAGE'
            ? rng.int(40, 90) * 10_000
            : Math.round(
                (area *
                  complex.pricePerSqmRub *
                  (kind === 'OFFICE' ? 1.2 : 1) *
                  floorFactor *
                  (0.95 + rng.next() * 0.1)) /
                  1000,
              ) * 1000;
      plan.units.push({
        buildingIndex: index,
        sectionIndex,
        kind,
        number: num,
        floor,
        positionOnFloor: pos,
        rooms,
        totalArea: Math.round(area * 10) / 10,
        priceRub,
      });
    };
    const big = sectionSize >= 30;
    const parking = big ? Math.round(sectionSize * 0.08) : 0;
    const storage = big ? Math.round(sectionSize * 0.03) : 0;
    const offices = sectionSize >= 20 ? Math.min(4, Math.round(sectionSize * 0.04)) : 0;
    const flats = sectionSize - parking - storage - offices;
    const perFloor = Math.max(1, Math.min(flats, rng.int(4, 8)));
    const firstFlatFloor = offices > 0 ? 2 : 1;
    const topFloor = firstFlatFloor + Math.ceil(flats / perFloor) - 1;
    for (let p = 1; p <= parking; p++) unit('PARKING', -1, p, `М${s + 1}-${p}`, 0, 13.3);
    for (let p = 1; p <= storage; p++)
      unit('STORAGE', -1, parking + p, `К${s + 1}-${p}`, 0, 3 + rng.int(0, 40) / 10);
    for (let p = 1; p <= offices; p++) unit('OFFICE', 1, p, `Н${s + 1}-${p}`, 0, 45 + rng.int(0, 1200) / 10);
    for (let f = 0; f < flats; f++) {
      const floor = firstFlatFloor + Math.floor(f / perFloor);
      // The top floor of a tall section holds penthouses: fewer, larger flats (the ≥ 100 mln ₽ lots).
      const penthouse = floor === topFloor && topFloor >= 12;
      const rooms = penthouse
        ? rng.int(4, 5)
        : rng.weighted([
            [1, 0.35],
            [2, 0.35],
            [3, 0.22],
            [4, 0.08],
          ] as const);
      const area = penthouse ? 140 + rng.int(0, 800) / 10 : 22 + rooms * 16 + rng.int(0, 90) / 10;
      unit('FLAT', floor, (f % perFloor) + 1, String(flatNumber++), rooms, area);
    }
    plan.sections.push({
      index: sectionIndex,
      buildingIndex: index,
      number: s + 1,
      floors: topFloor,
      unitsPerFloor: perFloor,
    });
    building.floors = Math.max(building.floors, topFloor);
  }
}
