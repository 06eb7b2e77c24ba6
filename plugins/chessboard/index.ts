/**
 * chessboard — the шахматка: each building as a floor × position grid of units coloured by status,
 * filterable, live and exportable to xlsx, read through the access layer from the registry's read
 * model. Owns no objects; adds unit.floorsSpanned (duplexes); fills building.chessboardLink on
 * building.created/updated (and by a job for buildings written without handlers).
 */
import { definePlugin } from '../core/plugin/index';
import { buildingLinkHandlers } from './handlers';
import { buildingLinkJob } from './jobs';
import { chessboardLabelsRu } from './labels-ru';
import { lastViewedMigration } from './last-viewed';
import { chessboardAssets, chessboardPage } from './pages/chessboard-page';
import { chessboardRoutes } from './routes';
import { unitChessboardFields } from './schema';
import { chessboardSeed } from './seed';

export { agencyReader, agencyUnitIds } from './agency-scope';
export type { ChessboardView } from './board';
export { chessboardUrl, filterPredicate, loadChessboard } from './board';
export type { BuildingChoice } from './building-list';
export { listBuildings } from './building-list';
export { CHESSBOARD_PAGE_PATH } from './pages/chessboard-page';
export type { ChessboardFilters } from './rules/filters';
export { chessboardQuery, FILTER_PARAMETERS, parseChessboardFilters, type QueryInput } from './rules/filters';
export type { UnitCardView } from './rules/unit-card';
export { loadUnitCard } from './unit-card';

export const chessboardPlugin = definePlugin({
  name: 'chessboard',
  description: 'The chessboard (шахматка): live, filterable floor × position grid of units',
  dependsOn: ['registry'],
  extends: [unitChessboardFields],
  labels: { ru: chessboardLabelsRu },
  handlers: buildingLinkHandlers,
  jobs: [buildingLinkJob],
  migrations: [lastViewedMigration],
  routes: chessboardRoutes,
  pages: [chessboardPage],
  assets: chessboardAssets,
  seed: chessboardSeed,
  // The read model's indexes it relies on (unit.buildingId, section.buildingId, building.complexId,
  // unitChange.unitId) are declared by the registry, which owns those objects.
});

export default chessboardPlugin;
