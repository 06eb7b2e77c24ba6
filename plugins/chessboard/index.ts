/**
 * chessboard — the шахматка: every section of a building as a floor × position
 * grid of units coloured by status, filterable, live (SSE) and exportable to
 * xlsx, served from the read model. Owns no objects; adds unit.floorsSpanned
 * (duplexes) and fills building.chessboardLink on building.created/updated.
 */
import { definePlugin } from '../core/index';
import { buildingLinkHandlers, buildingLinkJob } from './building-links';
import { chessboardIndexStatements, chessboardTables } from './chessboard-query';
import { chessboardRoutes } from './routes';
import { unitChessboardFields } from './schema';

export type { ChessboardView } from './board';
export { listBuildings, loadChessboard } from './board';
export type { ChessboardFilters } from './chessboard-filters';
export { parseChessboardFilters } from './chessboard-filters';
export { STAFF_SCOPE, type UnitScope } from './unit-scope';

export const chessboardPlugin = definePlugin({
  name: 'chessboard',
  description: 'The chessboard (шахматка): live, filterable floor × position grid of units',
  dependsOn: ['registry'],
  extends: [unitChessboardFields],
  handlers: buildingLinkHandlers,
  jobs: [buildingLinkJob],
  routes: chessboardRoutes,
  migrations: [
    {
      id: '001-read-model-indexes',
      description: 'indexes on the unit, section and building replicas for per-building reads',
      async run(ctx) {
        for (const statement of chessboardIndexStatements(chessboardTables(ctx.store.readModel)))
          await ctx.store.sql.exec(statement);
      },
    },
  ],
});

export default chessboardPlugin;
