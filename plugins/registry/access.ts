/**
 * Who may see and change the registry's objects (DESIGN.md "Access control").
 *
 * Staff read and write everything (the import's own rules — protected units,
 * held prices — still apply to what they write). Partners (agencies) never
 * write, and read at most what this policy gives any partner:
 * - units with the EXTENDED fields at most (below), the change history of
 *   applied changes only, with the partner history fields, of those unit fields;
 * - no import batches.
 * Which places, kinds and statuses an agency sees, and at which level, is its
 * scope — a shape the partner gateway (the agencies plugin) defines and applies
 * to these objects through its restrictions; this policy never interprets it
 * (core carries it opaquely, and the registry depends on no gateway).
 *
 * Field levels of a unit:
 * - BASIC: number, kind, floor, position on the floor, rooms, areas, status (and the unit's
 *   building and section, so it can be placed on the board);
 * - EXTENDED: BASIC plus price, price per m², cadastral number and the floor plan.
 * The external code (the import's key) and other plugins' fields stay staff-only.
 */
import { definePolicy, type Principal, type RowFilter, type RowRule } from '../core/access/index';
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

/**
 * History entries (`fieldName`) a partner seeing `unitFields` may read: those fields' changes, and
 * the `created` entry when the price shows (its summary names the price).
 */
export function historyFieldNames(unitFields: readonly string[]): readonly string[] {
  const fields = unitFields.filter((f) => f !== 'building' && f !== 'section');
  return unitFields.includes('price') ? [...fields, 'created'] : fields;
}

/**
 * The field that publishes a unit to anonymous callers (the portal plugin's site API and listing
 * feeds). The portal adds it to the unit (`extendObject`) and admins set it. Named here so the
 * registry, which owns the units, decides what the public may read: the units so marked, and the
 * sections, buildings and complexes holding them. Without the portal the field does not exist and an
 * anonymous read fails closed (the rule names no column) instead of showing anything. Which fields
 * the public sees is narrowed by the portal's restrictions.
 */
export const PUBLIC_SALE_FIELD = 'publicSale';

const PUBLIC_UNITS: RowRule = { [PUBLIC_SALE_FIELD]: [true] };
/** Places holding a published unit: `key in (select <field> from {unit} where publicSale)`. */
const holdingPublicUnits = (field: string): RowFilter => ({
  inRecords: { object: 'unit', field, where: { [PUBLIC_SALE_FIELD]: [true] } },
});

const staffOnlyWrites = (p: Principal) =>
  p.kind === 'staff' || p.kind === 'system' ? true : 'partners cannot change the registry';

/**
 * Staff and the system read all; partners what `partner` says (the gateway narrows it); anonymous
 * callers what `anonymous` says (default nothing).
 */
function byPrincipal(partner: RowRule, anonymous: RowRule = 'none') {
  return (p: Principal): RowRule =>
    p.kind === 'staff' || p.kind === 'system'
      ? 'all'
      : p.kind === 'partner'
        ? partner
        : p.kind === 'anonymous'
          ? anonymous
          : 'none';
}

export const unitPolicy = definePolicy(unit, {
  read: byPrincipal('all', PUBLIC_UNITS),
  fields: (p) => (p.kind === 'partner' ? EXTENDED_UNIT_FIELDS : 'all'),
  write: staffOnlyWrites,
});

export const buildingPolicy = definePolicy(building, {
  read: byPrincipal('all', holdingPublicUnits('buildingId')),
  write: staffOnlyWrites,
});

export const sectionPolicy = definePolicy(section, {
  read: byPrincipal('all', holdingPublicUnits('sectionId')),
  write: staffOnlyWrites,
});

export const residentialComplexPolicy = definePolicy(residentialComplex, {
  read: byPrincipal('all', {
    inRecords: { object: 'building', field: 'complexId', where: holdingPublicUnits('buildingId') },
  }),
  write: staffOnlyWrites,
});

export const unitChangePolicy = definePolicy(unitChange, {
  read: byPrincipal({
    fieldName: historyFieldNames(EXTENDED_UNIT_FIELDS),
    status: ['APPLIED'],
  }),
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
