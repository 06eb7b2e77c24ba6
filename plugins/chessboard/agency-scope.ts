/**
 * The staff chessboard's `agencyId` filter: "show what agency X works with".
 * The staff reader offers a reader that sees what the agency sees now
 * (`reader.asAgency`, core's seam: the partner gateway's scope through every
 * policy and restriction) — the chessboard neither knows the agencies plugin
 * nor restates its rule; units the agency does not see do not match the
 * filter. Partners never use it: their own scope applies to every read already.
 */
import type { ScopedReader } from '../core/access/index';
import { RouteError } from '../core/plugin/index';
import { BAD_FILTER } from './rules/filters';

/** A reader seeing what the agency sees; 400 for partners or without a partner gateway, 404 for an unknown agency. */
export async function agencyReader(reader: ScopedReader, agencyId: string): Promise<ScopedReader> {
  if (reader.principal.kind !== 'staff')
    throw new RouteError(
      400,
      BAD_FILTER,
      {
        ru: '«Агентство»: по агентству фильтруют только сотрудники; ваша собственная область действует всегда',
        en: 'agencyId: only staff filter by agency; your own scope always applies',
      },
      {
        field: 'agencyId',
      },
    );
  if (!reader.asAgency)
    throw new RouteError(
      400,
      BAD_FILTER,
      {
        ru: `«Агентство»: фильтр по агентству ${agencyId} недоступен — плагин agencies (области доступа партнёров) не включён`,
        en: `agencyId: cannot filter by agency ${agencyId}: the agencies plugin (partner access scopes) is not enabled`,
      },
      { field: 'agencyId' },
    );
  const asAgency = await reader.asAgency(agencyId);
  if (!asAgency)
    throw new RouteError(
      404,
      'chessboard_agency_not_found',
      {
        ru: `«Агентство»: агентства ${agencyId} нет`,
        en: `agencyId: there is no agency ${agencyId}`,
      },
      {
        field: 'agencyId',
      },
    );
  return asAgency;
}

/** The ids of a building's units the agency sees (the filter matches exactly these). */
export async function agencyUnitIds(
  reader: ScopedReader,
  agencyId: string,
  buildingId: string,
): Promise<string[]> {
  const asAgency = await agencyReader(reader, agencyId);
  const rows = await asAgency.query<{ id: string }>(
    'select id::text as id from {unit} where building_id = $1::uuid',
    [buildingId],
  );
  return rows.map((r) => r.id);
}
