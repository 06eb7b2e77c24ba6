/**
 * What a caller may see of the registry: the one place the agency access scope
 * enters the chessboard. Staff see everything (`STAFF_SCOPE`); the partner
 * gateway will build a scope from the agency's JWT and pass it to the same
 * query functions, which drop units outside it (not dim: an agency must not
 * learn they exist) and mask the fields it may not read.
 */
import type { UnitKind, UnitStatus } from './legend';

/** Unit fields a scope can hide; layout fields (id, section, kind, floor, position, span) always show. */
export const MASKABLE_UNIT_FIELDS = [
  'number',
  'rooms',
  'totalArea',
  'livingArea',
  'price',
  'status',
] as const;
export type MaskableUnitField = (typeof MASKABLE_UNIT_FIELDS)[number];

export interface UnitScope {
  complexIds?: readonly string[];
  buildingIds?: readonly string[];
  kinds?: readonly UnitKind[];
  statuses?: readonly UnitStatus[];
  /** Omitted = every field. */
  fields?: readonly MaskableUnitField[];
}

export const STAFF_SCOPE: UnitScope = Object.freeze({});

export function fieldVisible(scope: UnitScope, field: MaskableUnitField): boolean {
  return scope.fields === undefined || scope.fields.includes(field);
}

/** Whether a building is inside the scope at all (outside: it answers 404, as if absent). */
export function buildingInScope(
  scope: UnitScope,
  building: { id: string; complexId: string | null },
): boolean {
  if (scope.buildingIds && !scope.buildingIds.includes(building.id)) return false;
  if (scope.complexIds && (building.complexId === null || !scope.complexIds.includes(building.complexId)))
    return false;
  return true;
}
