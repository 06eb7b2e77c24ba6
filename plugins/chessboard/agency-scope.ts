/**
 * The staff chessboard's `agencyId` filter: "show what agency X works with".
 * The agency's current scope comes from the partner gateway through the
 * staff reader (`reader.agencyScope`, core's seam — the chessboard knows no
 * agencies plugin); units outside it do not match the filter. Partners never
 * use it: their own scope is their policy, applied to every read already.
 */
import type { PartnerScope, ScopedReader } from '../core/access/index';
import { RouteError } from '../core/plugin/index';
import { BAD_FILTER } from './rules/filters';

/** The agency's scope for a staff reader; 400 for partners or without the agencies plugin, 404 for an unknown agency. */
export async function resolveAgencyScope(reader: ScopedReader, agencyId: string): Promise<PartnerScope> {
  if (reader.principal.kind !== 'staff')
    throw new RouteError(
      400,
      BAD_FILTER,
      'agencyId: only staff filter by agency; your own scope always applies',
      {
        field: 'agencyId',
      },
    );
  if (!reader.agencyScope)
    throw new RouteError(
      400,
      BAD_FILTER,
      `agencyId: cannot filter by agency ${agencyId}: the agencies plugin (partner access scopes) is not enabled`,
      { field: 'agencyId' },
    );
  const scope = await reader.agencyScope(agencyId);
  if (!scope)
    throw new RouteError(404, 'chessboard_agency_not_found', `agencyId: there is no agency ${agencyId}`, {
      field: 'agencyId',
    });
  return scope;
}

/** SQL for "unit `u` is inside the agency's scope", binding its lists into `params`. */
export function agencyScopePredicate(scope: PartnerScope, params: unknown[]): string {
  const terms: string[] = [];
  const any = (expression: string, values: readonly string[] | undefined, cast: string) => {
    if (values === undefined) return;
    params.push([...values]);
    terms.push(`coalesce(${expression} = any($${params.length}::${cast}), false)`);
  };
  any('u.section_id', scope.sectionIds, 'uuid[]');
  any('u.building_id', scope.buildingIds, 'uuid[]');
  if (scope.complexIds !== undefined) {
    params.push([...scope.complexIds]);
    terms.push(
      `u.building_id in (select id from {building} where complex_id = any($${params.length}::uuid[]))`,
    );
  }
  any('u.kind', scope.kinds, 'text[]');
  any('u.status', scope.statuses, 'text[]');
  return terms.length > 0 ? terms.join(' and ') : 'true';
}
