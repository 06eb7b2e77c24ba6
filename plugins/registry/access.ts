/**
 * Who may see and change the registry's objects (DESIGN.md "Access control").
 *
 * Staff read and write everything (the import's own rules — protected units,
 * held prices — still apply to what they write). Partners (agencies) never
 * write, and read only what their scope (`PartnerScope`) admits:
 * - units inside the scope: complex (`building.complexId`), building, section, kind, status;
 * - the buildings, sections and complexes on the scope's complex/building/section axes
 *   (kinds and statuses narrow units only: a building is not secret because it holds sold flats);
 * - the change history (unitChange) of units they see, applied changes only, and only of the
 *   unit fields their level shows — with BASIC no price history;
 * - no import batches.
 *
 * Field levels of a unit:
 * - BASIC: number, kind, floor, position on the floor, rooms, areas, status (and the unit's
 *   building and section, so it can be placed on the board);
 * - EXTENDED: BASIC plus price, price per m², cadastral number and the floor plan.
 * The external code (the import's key) and other plugins' fields stay staff-only.
 */
import { definePolicy, type PartnerScope, type Principal, type RowRule } from '../core/access/index';
import { building, importBatch, residentialComplex, section, unit, unitChange } from './schema';

/** Unit fields every partner sees. */
export const BASIC_UNIT_FIELDS: readonly string[] = [
  'building',
  'section',
  'number',
  'kind',
  'floor',
  'positionOnFloor',
  // The chessboard's layout field (a duplex covers the floor above): needed to draw the board at all.
  'floorsSpanned',
  'rooms',
  'totalArea',
  'livingArea',
  'status',
];

/** Unit fields an EXTENDED partner sees besides the basic ones. */
export const EXTENDED_UNIT_FIELDS: readonly string[] = [
  ...BASIC_UNIT_FIELDS,
  'price',
  'pricePerSqm',
  'cadastralNumber',
  'floorPlan',
];

/** Change-history fields a partner sees: what changed and when, not who in the developer's office. */
export const PARTNER_UNIT_CHANGE_FIELDS: readonly string[] = [
  'unit',
  'fieldName',
  'oldValue',
  'newValue',
  'source',
  'changedAt',
  'status',
];

export function unitFieldsFor(scope: PartnerScope): readonly string[] {
  return scope.fieldLevel === 'EXTENDED' ? EXTENDED_UNIT_FIELDS : BASIC_UNIT_FIELDS;
}

/**
 * History entries a partner may read, by `fieldName`: the unit fields of its level, and for
 * EXTENDED the `created` entry too (its summary names the price).
 */
export function historyFieldNamesFor(scope: PartnerScope): readonly string[] {
  const fields = unitFieldsFor(scope).filter((f) => f !== 'building' && f !== 'section');
  return scope.fieldLevel === 'EXTENDED' ? [...fields, 'created'] : fields;
}

type Filter = Record<string, readonly string[]>;

/** A conjunction of the scope's axes; `prefix` walks from another object to the unit (`unit.`). */
export function partnerUnitFilter(scope: PartnerScope, prefix = ''): Filter {
  const filter: Filter = {};
  if (scope.complexIds) filter[`${prefix}building.complexId`] = scope.complexIds;
  if (scope.buildingIds) filter[`${prefix}buildingId`] = scope.buildingIds;
  if (scope.sectionIds) filter[`${prefix}sectionId`] = scope.sectionIds;
  if (scope.kinds) filter[`${prefix}kind`] = scope.kinds;
  if (scope.statuses) filter[`${prefix}status`] = scope.statuses;
  return filter;
}

const orAll = (filter: Filter): RowRule => (Object.keys(filter).length === 0 ? 'all' : filter);

const staffOnlyWrites = (p: Principal) =>
  p.kind === 'staff' || p.kind === 'system' ? true : 'partners cannot change the registry';

/** Staff and the system read all; partners what `partner` says; anonymous callers nothing. */
function byPrincipal(partner: (scope: PartnerScope) => RowRule) {
  return (p: Principal): RowRule =>
    p.kind === 'staff' || p.kind === 'system' ? 'all' : p.kind === 'partner' ? partner(p.scope) : 'none';
}

export const unitPolicy = definePolicy(unit, {
  read: byPrincipal((scope) => orAll(partnerUnitFilter(scope))),
  fields: (p) => (p.kind === 'partner' ? unitFieldsFor(p.scope) : 'all'),
  write: staffOnlyWrites,
});

export const buildingPolicy = definePolicy(building, {
  read: byPrincipal((scope) => {
    const filter: Filter = {};
    if (scope.complexIds) filter.complexId = scope.complexIds;
    if (scope.buildingIds) filter.id = scope.buildingIds;
    return orAll(filter);
  }),
  write: staffOnlyWrites,
});

export const sectionPolicy = definePolicy(section, {
  read: byPrincipal((scope) => {
    const filter: Filter = {};
    if (scope.complexIds) filter['building.complexId'] = scope.complexIds;
    if (scope.buildingIds) filter.buildingId = scope.buildingIds;
    if (scope.sectionIds) filter.id = scope.sectionIds;
    return orAll(filter);
  }),
  write: staffOnlyWrites,
});

export const residentialComplexPolicy = definePolicy(residentialComplex, {
  read: byPrincipal((scope) => (scope.complexIds ? { id: scope.complexIds } : 'all')),
  write: staffOnlyWrites,
});

export const unitChangePolicy = definePolicy(unitChange, {
  read: byPrincipal((scope) => ({
    ...partnerUnitFilter(scope, 'unit.'),
    fieldName: historyFieldNamesFor(scope),
    status: ['APPLIED'],
  })),
  fields: (p) => (p.kind === 'partner' ? PARTNER_UNIT_CHANGE_FIELDS : 'all'),
  write: staffOnlyWrites,
});

export const importBatchPolicy = definePolicy(importBatch, {
  read: (p) => (p.kind === 'staff' || p.kind === 'system' ? 'all' : 'none'),
  write: staffOnlyWrites,
});

export const registryPolicies = [
  residentialComplexPolicy,
  buildingPolicy,
  sectionPolicy,
  unitPolicy,
  unitChangePolicy,
  importBatchPolicy,
];
