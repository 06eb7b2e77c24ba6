/**
 * revenue — a consultancy's revenue forecast: several scenarios per deal (opportunity), one
 * primary, with plan lines in any currency converted to RUB at the Central Bank of Russia's rate
 * in force; revenue allocated to departments and people. Owns department, revenueScenario,
 * revenuePlanLine, revenueAllocation and exchangeRate; reacts to changes of its objects made in
 * Twenty (flags rule breaks, tasks the author) and to project-team changes (prompts an allocation
 * review); loads the bank's rates daily and with `realty rates`; serves /revenue.
 */
import { definePlugin } from '../core/plugin/index';
import { revenuePolicies } from './access';
import { revenueCommands } from './commands';
import { projectionDenormalizeMigration, projectionMigration } from './forecast-projection';
import { revenueHandlers } from './handlers';
import { revenueJobs } from './jobs';
import { revenueLabelsRu } from './labels-ru';
import { revenueOperations } from './operations';
import { revenueAssets, revenuePages } from './pages/revenue-page';
import { revenueRoutes } from './routes';
import {
  department,
  exchangeRate,
  revenueAllocation,
  revenueObjects,
  revenuePlanLine,
  revenueScenario,
} from './schema';
import { revenueSeed } from './seed';
import { revenueSettings } from './settings';

export { type CbrDay, CbrFileError, type CbrRate, parseCbrDaily } from './cbr-rates';
export {
  DEAL_REVENUE_OBJECTS,
  type DealRevenue,
  type DealRevenueRecord,
  dealRevenueInRub,
  revenueRecordsOfDeals,
} from './published-reads';
export { type Portfolio, portfolioForecast, scenarioForecast } from './rules/forecast';
export { RateTable, type RateUsed } from './rules/rate-table';
export * from './schema';

export const revenuePlugin = definePlugin({
  name: 'revenue',
  description:
    'Revenue scenarios per deal, allocation to departments and people, RUB at the Central Bank of Russia’s rates',
  // Reports (forecast by scenario, allocation by department) read these beside dealRevenueInRub.
  publishedViews: ['revenueScenario', 'revenuePlanLine', 'revenueAllocation', 'department', 'exchangeRate'],
  objects: revenueObjects,
  labels: { ru: revenueLabelsRu },
  readModel: [
    { object: revenueScenario, indexes: [{ fields: ['opportunityId'] }] },
    { object: revenuePlanLine, indexes: [{ fields: ['scenarioId'] }] },
    { object: revenueAllocation, indexes: [{ fields: ['opportunityId'] }] },
    department,
    { object: exchangeRate, indexes: [{ fields: ['currencyCode', 'date'] }] },
    { object: 'opportunity' },
    { object: 'workspaceMember' },
  ],
  handlers: revenueHandlers,
  jobs: revenueJobs,
  migrations: [projectionMigration, projectionDenormalizeMigration],
  routes: revenueRoutes,
  pages: revenuePages.pages,
  assets: revenueAssets,
  commands: revenueCommands,
  operations: revenueOperations,
  settings: revenueSettings,
  seed: revenueSeed,
  access: revenuePolicies,
});

export default revenuePlugin;
