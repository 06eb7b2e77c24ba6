/**
 * One chessboard view, as the API, the page, the export and live updates see
 * it: the building, its grid under the filters, counts and the legend. Reads
 * only the read model; the caller's UnitScope decides what exists for it.
 */
import type { PluginContext } from '../core/index';
import { resolveAgencyScope } from './agency-scope';
import { type ChessboardFilters, ChessboardInputError, filtersToQuery, isUuid } from './chessboard-filters';
import {
  type BoardBuilding,
  chessboardTables,
  loadBuilding,
  loadSections,
  loadUnits,
} from './chessboard-query';
import { buildChessboardGrid, type ChessboardGrid, type GridUnit } from './grid';
import { type LegendEntry, STATUS_LEGEND } from './legend';
import { buildingInScope, type UnitScope } from './unit-scope';

export class ChessboardNotFoundError extends Error {
  readonly code = 'chessboard_building_not_found';
  constructor(buildingId: string) {
    super(
      `building ${buildingId} is not in the registry (or not visible to you); pick one from /api/chessboard/buildings`,
    );
    this.name = 'ChessboardNotFoundError';
  }
}

export interface ChessboardView extends ChessboardGrid {
  building: BoardBuilding & { twentyUrl: string; chessboardUrl: string };
  filters: Record<string, string>;
  legend: readonly LegendEntry[];
}

export interface BoardRequest {
  buildingId: string;
  filters: ChessboardFilters;
  scope: UnitScope;
}

export function twentyBaseUrl(ctx: PluginContext): string {
  return (ctx.config.twentyUrl ?? `http://localhost:${ctx.config.devhostPort}`).replace(/\/+$/, '');
}

export function chessboardUrl(publicUrl: string, buildingId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/chessboard?building=${buildingId}`;
}

/** The building (404 when unknown or outside the scope) and how the filters apply to it as a whole. */
export async function resolveBoardBuilding(
  ctx: PluginContext,
  request: BoardRequest,
): Promise<{ building: BoardBuilding; buildingMatches: boolean; agencyScope?: UnitScope }> {
  if (!isUuid(request.buildingId))
    throw new ChessboardInputError('buildingId', `"${request.buildingId}" is not a record id (uuid)`);
  const tables = chessboardTables(ctx.store.readModel);
  const building = await loadBuilding(ctx.store.sql, tables, request.buildingId.toLowerCase());
  if (!building || !buildingInScope(request.scope, building))
    throw new ChessboardNotFoundError(request.buildingId);
  const { filters } = request;
  let buildingMatches =
    filters.district === undefined ||
    filters.district.some(
      (d) => d.toLocaleLowerCase('ru') === (building.district ?? '').toLocaleLowerCase('ru'),
    );
  let agencyScope: UnitScope | undefined;
  if (filters.agencyId !== undefined) {
    agencyScope = await resolveAgencyScope(ctx, filters.agencyId);
    buildingMatches &&= buildingInScope(agencyScope, building);
  }
  return { building, buildingMatches, ...(agencyScope ? { agencyScope } : {}) };
}

export async function loadChessboard(ctx: PluginContext, request: BoardRequest): Promise<ChessboardView> {
  const { building, buildingMatches, agencyScope } = await resolveBoardBuilding(ctx, request);
  const tables = chessboardTables(ctx.store.readModel);
  const [sections, units] = await Promise.all([
    loadSections(ctx.store.sql, tables, building.id),
    loadUnits(ctx.store.sql, tables, {
      buildingId: building.id,
      filters: request.filters,
      scope: request.scope,
      buildingMatches,
      ...(agencyScope ? { agencyScope } : {}),
    }),
  ]);
  return {
    building: {
      ...building,
      twentyUrl: `${twentyBaseUrl(ctx)}/object/building/${building.id}`,
      chessboardUrl: chessboardUrl(ctx.config.publicUrl, building.id),
    },
    filters: filtersToQuery(request.filters),
    legend: STATUS_LEGEND,
    ...buildChessboardGrid({ sections, units }),
  };
}

/** Only the given units of a building, under the same filters and scope (live updates). */
export async function loadBoardUnits(
  ctx: PluginContext,
  request: BoardRequest & { ids: readonly string[] },
): Promise<GridUnit[]> {
  const { building, buildingMatches, agencyScope } = await resolveBoardBuilding(ctx, request);
  return loadUnits(ctx.store.sql, chessboardTables(ctx.store.readModel), {
    buildingId: building.id,
    filters: request.filters,
    scope: request.scope,
    buildingMatches,
    ids: request.ids,
    ...(agencyScope ? { agencyScope } : {}),
  });
}

export interface BuildingChoice {
  id: string;
  name: string | null;
  number: string | null;
  complexId: string | null;
  complexName: string | null;
  district: string | null;
  region: string | null;
  units: number;
}

/** Every building the scope allows, with its complex, for the complex → building chooser. */
export async function listBuildings(ctx: PluginContext, scope: UnitScope): Promise<BuildingChoice[]> {
  const tables = chessboardTables(ctx.store.readModel);
  const r = await ctx.store.sql.query<Omit<BuildingChoice, 'units'> & { units: number }>(
    `select b.id::text as id, b.data->>'name' as name, b.data->>'number' as number,
            b.data->>'complexId' as "complexId", c.data->>'name' as "complexName",
            c.data->>'district' as district, c.data->>'region' as region,
            (select count(*)::int from ${tables.unit} u
              where u.data->>'buildingId' = b.id::text and u.deleted_at is null) as units
       from ${tables.building} b
       left join ${tables.complex} c on c.id::text = b.data->>'complexId' and c.deleted_at is null
      where b.deleted_at is null
      order by c.data->>'name' nulls last, b.data->>'number', b.id`,
  );
  return r.rows.filter((b) => buildingInScope(scope, b)).map((b) => ({ ...b, units: Number(b.units) }));
}
