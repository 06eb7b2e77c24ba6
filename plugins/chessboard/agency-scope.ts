/**
 * The `agencyId` filter: "units this agency may sell". Agencies and their
 * access scopes belong to the agencies plugin, which does not exist yet; when
 * it does, this is the one function to wire to it (and the chessboard then
 * lists it in dependsOn). Until then the filter is refused with a message
 * saying why, rather than silently showing every unit.
 */
import type { PluginContext } from '../core/index';
import { ChessboardInputError } from './chessboard-filters';
import type { UnitScope } from './unit-scope';

export type AgencyScopeResolver = (ctx: PluginContext, agencyId: string) => Promise<UnitScope>;

export const resolveAgencyScope: AgencyScopeResolver = async (ctx, agencyId) => {
  if (!ctx.store.readModel.has('agency')) {
    throw new ChessboardInputError(
      'agencyId',
      `cannot filter by agency ${agencyId}: partner agencies are not installed yet (the agencies plugin provides their access scopes)`,
    );
  }
  throw new ChessboardInputError(
    'agencyId',
    'the agencies plugin is installed but not wired to the chessboard',
  );
};
