/**
 * An agency's scope, from its grants (pure), and what it admits of other plugins' objects. A
 * grant (`agencyAccess`) names one place — a section, a building or a complex (the most specific
 * one set; none = every place) — with unit kinds and statuses (empty = all), a validity window and
 * a field level. The agency's scope is its grants active today, each kept whole:
 * - a unit is visible when one grant admits it on every axis (place, kind, status) — grants add up
 *   exactly, never as a cross product of their axes;
 * - a section, building or complex is visible exactly when it is inside a granted place or holds
 *   one (a section-only grant shows its building and complex; kinds and statuses narrow units
 *   only: a building is not secret because it holds sold flats);
 * - the field level is the lowest of the active grants (EXTENDED only when every active grant says
 *   so), so no grant shows more than it grants.
 * No active grant: a scope that admits nothing. Core carries the scope opaquely (`PartnerScope`);
 * only this plugin makes and reads one.
 */
import type { PartnerPrincipal, PartnerScope, RowFilter, RowRule } from '../../core/access/index';

export interface GrantRow {
  readonly complexId: string | null;
  readonly buildingId: string | null;
  readonly sectionId: string | null;
  readonly kinds: readonly string[] | null;
  readonly statuses: readonly string[] | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly fieldLevel: string | null;
}

export type FieldLevel = 'BASIC' | 'EXTENDED';

/** One active grant as the scope keeps it: its place (at most one axis) and its unit axes. */
export interface ScopeGrant {
  readonly place:
    | { readonly kind: 'section' | 'building' | 'complex'; readonly id: string }
    | { readonly kind: 'everywhere' };
  /** Absent: every kind (status). */
  readonly kinds?: readonly string[];
  readonly statuses?: readonly string[];
}

/** What the agency may work with today: the shape behind core's opaque `PartnerScope`. */
export interface AgencyScope {
  readonly grants: readonly ScopeGrant[];
  readonly fieldLevel: FieldLevel;
}

/** Whether a grant is in force on `today` (`YYYY-MM-DD`, Moscow): both ends inclusive, open ends unbounded. */
export function grantActive(grant: Pick<GrantRow, 'validFrom' | 'validTo'>, today: string): boolean {
  const from = grant.validFrom?.slice(0, 10);
  const to = grant.validTo?.slice(0, 10);
  return (from === undefined || from <= today) && (to === undefined || to >= today);
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

export const EMPTY_SCOPE: AgencyScope = Object.freeze({ grants: [], fieldLevel: 'BASIC' });

function scopeGrant(g: GrantRow): ScopeGrant {
  const place: ScopeGrant['place'] = g.sectionId
    ? { kind: 'section', id: g.sectionId }
    : g.buildingId
      ? { kind: 'building', id: g.buildingId }
      : g.complexId
        ? { kind: 'complex', id: g.complexId }
        : { kind: 'everywhere' };
  return Object.freeze({
    place,
    ...((g.kinds?.length ?? 0) > 0 ? { kinds: sorted(g.kinds ?? []) } : {}),
    ...((g.statuses?.length ?? 0) > 0 ? { statuses: sorted(g.statuses ?? []) } : {}),
  });
}

export function scopeFromGrants(grants: readonly GrantRow[], today: string): AgencyScope {
  const active = grants.filter((g) => grantActive(g, today));
  if (active.length === 0) return EMPTY_SCOPE;
  return Object.freeze({
    grants: Object.freeze(active.map(scopeGrant)),
    fieldLevel: active.every((g) => g.fieldLevel === 'EXTENDED') ? 'EXTENDED' : 'BASIC',
  });
}

const SCOPES = new WeakSet<object>();

/** The scope as core carries it (opaque); only `agencyScopeOf` reads it back. */
export function toPartnerScope(scope: AgencyScope): PartnerScope {
  SCOPES.add(scope);
  return scope as unknown as PartnerScope;
}

/**
 * The agency's scope of a partner principal. A scope this plugin did not make (another gateway's,
 * a hand-built principal) admits nothing — never everything.
 */
export function agencyScopeOf(principal: Pick<PartnerPrincipal, 'scope'>): AgencyScope {
  const scope: unknown = principal.scope;
  return typeof scope === 'object' && scope !== null && SCOPES.has(scope)
    ? (scope as AgencyScope)
    : EMPTY_SCOPE;
}

/** `anyOf` without the empty cases: no part admits nothing, an empty conjunction admits all. */
function anyOf(parts: readonly RowFilter[]): RowRule {
  if (parts.length === 0) return 'none';
  if (parts.some((p) => Object.keys(p).length === 0)) return 'all';
  return parts.length === 1 ? (parts[0] as RowFilter) : { anyOf: parts };
}

/**
 * The units the scope admits (one conjunction per grant); `prefix` walks from another object to its
 * unit (`unit.` for unitChange and auctionLot).
 */
export function unitRule(scope: AgencyScope, prefix = ''): RowRule {
  return anyOf(
    scope.grants.map((g) => {
      const filter: Record<string, readonly string[]> = {};
      if (g.place.kind === 'section') filter[`${prefix}sectionId`] = [g.place.id];
      if (g.place.kind === 'building') filter[`${prefix}buildingId`] = [g.place.id];
      if (g.place.kind === 'complex') filter[`${prefix}building.complexId`] = [g.place.id];
      if (g.kinds) filter[`${prefix}kind`] = g.kinds;
      if (g.statuses) filter[`${prefix}status`] = g.statuses;
      return filter;
    }),
  );
}

interface Places {
  everywhere: boolean;
  sections: string[];
  buildings: string[];
  complexes: string[];
}

function placesOf(scope: AgencyScope): Places {
  const ids = (kind: 'section' | 'building' | 'complex') =>
    sorted(scope.grants.flatMap((g) => (g.place.kind === kind ? [g.place.id] : [])));
  return {
    everywhere: scope.grants.some((g) => g.place.kind === 'everywhere'),
    sections: ids('section'),
    buildings: ids('building'),
    complexes: ids('complex'),
  };
}

const when = (ids: readonly string[], filter: RowFilter): RowFilter[] => (ids.length > 0 ? [filter] : []);

/** Sections inside a granted place. */
export function sectionRule(scope: AgencyScope): RowRule {
  const p = placesOf(scope);
  if (p.everywhere) return 'all';
  return anyOf([
    ...when(p.sections, { id: p.sections }),
    ...when(p.buildings, { buildingId: p.buildings }),
    ...when(p.complexes, { 'building.complexId': p.complexes }),
  ]);
}

/** Buildings granted, inside a granted complex, or holding a granted section. */
export function buildingRule(scope: AgencyScope): RowRule {
  const p = placesOf(scope);
  if (p.everywhere) return 'all';
  return anyOf([
    ...when(p.buildings, { id: p.buildings }),
    ...when(p.complexes, { complexId: p.complexes }),
    ...when(p.sections, { inRecords: { object: 'section', field: 'buildingId', where: { id: p.sections } } }),
  ]);
}

/** Complexes granted, or holding a granted building or section. */
export function complexRule(scope: AgencyScope): RowRule {
  const p = placesOf(scope);
  if (p.everywhere) return 'all';
  return anyOf([
    ...when(p.complexes, { id: p.complexes }),
    ...when(p.buildings, {
      inRecords: { object: 'building', field: 'complexId', where: { id: p.buildings } },
    }),
    ...when(p.sections, {
      inRecords: {
        object: 'building',
        field: 'complexId',
        where: { inRecords: { object: 'section', field: 'buildingId', where: { id: p.sections } } },
      },
    }),
  ]);
}

/** The scope in words for staff (the agency's `scopeSummary`). */
export function describeGrant(
  grant: GrantRow,
  names: { complex?: string | null; building?: string | null; section?: string | null },
): string {
  const place = grant.sectionId
    ? `секция ${names.section ?? '?'}${names.building ? `, ${names.building}` : ''}`
    : grant.buildingId
      ? `корпус ${names.building ?? '?'}`
      : grant.complexId
        ? (names.complex ?? 'ЖК ?')
        : 'все объекты';
  const kinds = grant.kinds && grant.kinds.length > 0 ? `; виды: ${grant.kinds.join(', ')}` : '';
  const statuses =
    grant.statuses && grant.statuses.length > 0 ? `; статусы: ${grant.statuses.join(', ')}` : '';
  const level = grant.fieldLevel === 'EXTENDED' ? 'расширенный' : 'базовый';
  const until = grant.validTo ? ` до ${grant.validTo.slice(0, 10).split('-').reverse().join('.')}` : '';
  return `${place}${kinds}${statuses} (${level}${until})`;
}
