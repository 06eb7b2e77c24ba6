/**
 * What the public (anonymous callers of the site API and the feeds) sees of the registry's objects.
 * The registry, which owns them, admits the published units (`publicSale`) and the places holding
 * them; these restrictions narrow the fields to the public ones — no cadastral numbers, import
 * keys, developer links or other plugins' fields — and restate the unit rule, so the portal's
 * guarantee does not depend on the owner's wording.
 */
import { defineRestriction, type FieldRule, type Principal } from '../core/access/index';

export const PUBLIC_UNIT_FIELDS: readonly string[] = [
  'building',
  'section',
  'number',
  'kind',
  'floor',
  'positionOnFloor',
  'floorsSpanned',
  'rooms',
  'totalArea',
  'livingArea',
  'kitchenArea',
  'price',
  'pricePerSqm',
  'status',
  'floorPlan',
  'publicSale',
];
export const PUBLIC_BUILDING_FIELDS: readonly string[] = [
  'complex',
  'name',
  'number',
  'location',
  'floors',
  'commissioningDate',
  'portalFeeds',
  'yandexHouseId',
];
export const PUBLIC_SECTION_FIELDS: readonly string[] = ['building', 'number', 'floors', 'unitsPerFloor'];
export const PUBLIC_COMPLEX_FIELDS: readonly string[] = [
  'name',
  'district',
  'region',
  'location',
  'status',
  'portalFeeds',
  'yandexBuildingId',
];

const forPublic =
  (fields: readonly string[]) =>
  (p: Principal): FieldRule =>
    p.kind === 'anonymous' ? fields : 'all';

export const portalRestrictions = [
  defineRestriction('unit', {
    description: 'the public sees published units only, with their public fields',
    read: (p) => (p.kind === 'anonymous' ? { publicSale: [true] } : 'all'),
    fields: forPublic(PUBLIC_UNIT_FIELDS),
  }),
  defineRestriction('building', {
    description: 'the public sees a building’s public fields',
    read: () => 'all',
    fields: forPublic(PUBLIC_BUILDING_FIELDS),
  }),
  defineRestriction('section', {
    description: 'the public sees a section’s public fields',
    read: () => 'all',
    fields: forPublic(PUBLIC_SECTION_FIELDS),
  }),
  defineRestriction('residentialComplex', {
    description: 'the public sees a complex’s public fields',
    read: () => 'all',
    fields: forPublic(PUBLIC_COMPLEX_FIELDS),
  }),
];
