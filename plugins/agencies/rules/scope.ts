/**
 * An agency's scope, from its grants (pure). A grant (`agencyAccess`) names
 * one place — a section, a building or a complex (the most specific one set;
 * none = every place) — with unit kinds and statuses (empty = all), a
 * validity window and a field level. The agency's scope is the union of its
 * grants active today:
 * - places add up exactly: they are resolved to the sections they cover, and
 *   the scope lists those sections with their buildings and complexes (so the
 *   registry's conjunction of axes admits exactly the union);
 * - kinds and statuses add up per axis (any grant without a restriction
 *   lifts it);
 * - the field level is the lowest of the active grants (EXTENDED only when
 *   every active grant says so), so no grant shows more than it grants.
 * No active grant: a scope that admits nothing.
 */
import type { PartnerScope } from '../../core/access/index';

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

/** A section the active grants' places cover, with where it stands. */
export interface CoveredSection {
  readonly id: string;
  readonly buildingId: string;
  readonly complexId: string | null;
}

/** Whether a grant is in force on `today` (`YYYY-MM-DD`, Moscow): both ends inclusive, open ends unbounded. */
export function grantActive(grant: Pick<GrantRow, 'validFrom' | 'validTo'>, today: string): boolean {
  const from = grant.validFrom?.slice(0, 10);
  const to = grant.validTo?.slice(0, 10);
  return (from === undefined || from <= today) && (to === undefined || to >= today);
}

const hasPlace = (g: GrantRow) => g.sectionId !== null || g.buildingId !== null || g.complexId !== null;
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

export const EMPTY_SCOPE: PartnerScope = Object.freeze({
  complexIds: [],
  buildingIds: [],
  sectionIds: [],
  fieldLevel: 'BASIC',
});

export function scopeFromGrants(
  grants: readonly GrantRow[],
  covered: readonly CoveredSection[],
  today: string,
): PartnerScope {
  const active = grants.filter((g) => grantActive(g, today));
  if (active.length === 0) return EMPTY_SCOPE;
  const scope: {
    complexIds?: string[];
    buildingIds?: string[];
    sectionIds?: string[];
    kinds?: string[];
    statuses?: string[];
    fieldLevel: 'BASIC' | 'EXTENDED';
  } = { fieldLevel: active.every((g) => g.fieldLevel === 'EXTENDED') ? 'EXTENDED' : 'BASIC' };
  if (active.every(hasPlace)) {
    scope.sectionIds = sorted(covered.map((s) => s.id));
    scope.buildingIds = sorted(covered.map((s) => s.buildingId));
    scope.complexIds = sorted(covered.flatMap((s) => (s.complexId ? [s.complexId] : [])));
  }
  const axis = (pick: (g: GrantRow) => readonly string[] | null) =>
    active.every((g) => (pick(g)?.length ?? 0) > 0)
      ? sorted(active.flatMap((g) => pick(g) ?? []))
      : undefined;
  const kinds = axis((g) => g.kinds);
  const statuses = axis((g) => g.statuses);
  if (kinds) scope.kinds = kinds;
  if (statuses) scope.statuses = statuses;
  return Object.freeze(scope);
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
