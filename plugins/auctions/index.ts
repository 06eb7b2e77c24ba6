/**
 * auctions — electronic auctions (торги) of the developer's units, end to end: the procedure's
 * state machine, lots, applications and admission, bids (entered or imported from the platform's
 * protocol), stage protocols, unit statuses (through the registry's change protocol), staff
 * tasks, the console and the registry pages, the demo auctions. Owns auction, auctionLot,
 * auctionApplication, auctionBid, auctionStageResult; adds the current-auction fields to unit.
 * Reacts to auction/auctionLot created or updated in Twenty's UI (validating them), moves
 * procedures by their dates and checks that units IN_AUCTION are exactly those auctions hold (jobs).
 *
 * What other plugins may use is listed below, and nothing else: the objects (for relations and
 * route declarations), the vocabulary, the pure rules a money plugin needs, the procedure facade
 * (commands run through the engine without its internals) and typed reads.
 */
import { definePlugin } from '../core/plugin/index';
import { auctionPolicies } from './access';
import { consoleRoutes } from './console-routes';
import { auctionHandlers } from './handlers';
import { advanceByDatesJob } from './jobs';
import { auctionsLabelsRu } from './labels-ru';
import { auctionOperations } from './operations';
import { auctionsAssets, auctionsPage } from './pages/registry-page';
import { auctionApiRoutes } from './routes';
import {
  auction,
  auctionApplication,
  auctionBid,
  auctionLot,
  auctionObjects,
  auctionStageResult,
  unitAuctionFields,
} from './schema';
import { auctionsSeed } from './seed';
import { auctionsSettings } from './settings';
import { unitConsistencyJob } from './unit-consistency-job';

// The objects and their policies.
export {
  auctionApplicationPolicy,
  auctionBidPolicy,
  auctionLotPolicy,
  auctionPolicies,
  auctionPolicy,
  auctionStageResultPolicy,
  PUBLIC_AUCTION_STATUSES,
} from './access';
// Pages: the console's helpers and where another plugin's money section plugs in.
export { auctionViewOrNotFound, personNames, STATUS_CSS_PATH } from './console-routes';
// The demo auctions (the payments plugin books their money).
export {
  buildDemoAuctions,
  type DemoAuction,
  type DemoPayment,
  demoAuctionUnits,
  demoClockFrom,
  demoPersonId,
} from './demo/demo-auctions';
// Jobs another plugin or a test runs on demand.
export { advanceAuctionsByDates } from './jobs';
export { consoleMoneyPath, type PersonNames } from './pages/console-page';
export { asset as auctionsAsset } from './pages/registry-page';
// Running the procedure from another plugin, and its refusals as the one error body.
export {
  type AuctionProcedure,
  type CommandOutcome,
  procedureForRoute,
  procedureForSystem,
} from './procedure';
// Reads.
export { type AuctionView, type LotPlace, loadAuctionView } from './read/auction-read';
export {
  auctionsOfLots,
  countApplicationsBy,
  type DecidedDeposit,
  decidedDeposits,
  type LotWithWinner,
  lotsWithWinner,
  type WinnerContractState,
} from './read/money-facts';
export { AUCTION_MANAGERS, AUCTION_STAFF } from './roles';
export { asRouteError } from './route-errors';
export { ENGINE_OBJECTS as PROCEDURE_OBJECTS } from './routes';
// The rules a plugin booking the auctions' money needs (pure).
export type { AuctionRules } from './rules/auction-rules';
export { DEFAULT_AUCTION_RULES } from './rules/auction-rules';
export { AuctionRuleError, type AuctionState, type Command } from './rules/auction-types';
export { parseRubText } from './rules/bid-file';
export { addDays, endOfMoscowDay, moscowDate, ruDate } from './rules/calendar';
export { formatRub, lotTerms, MICROS_PER_RUB, rub } from './rules/money';
export { auction, auctionApplication, auctionBid, auctionLot, auctionStageResult } from './schema';
export { storedFirstDemoAuction } from './seed';
export { auctionRulesOf } from './settings';
export { checkUnitsInAuction } from './unit-consistency-job';
// The one vocabulary.
export {
  ADMISSION_RU,
  type Admission,
  AUCTION_STATUS_RU,
  AUCTION_STATUS_TERMS,
  AUCTION_STATUSES,
  type AuctionStatus,
  DEPOSIT_STATUS_RU,
  type DepositStatus,
  LOT_STATUS_RU,
  type LotStatus,
  STAGE_RU,
  type Term,
  type TwentyTagColor,
} from './vocabulary';

export const auctionsPlugin = definePlugin({
  name: 'auctions',
  description: 'Electronic auctions of units: procedure, lots, applications, admission, bids, results',
  dependsOn: ['registry'],
  // The agencies plugin lists lots and its applications in its own SQL, through its readers.
  // Reports and documents read bids and stage results (auction registry, protocols) the same way.
  publishedViews: ['auction', 'auctionLot', 'auctionApplication', 'auctionBid', 'auctionStageResult'],
  objects: auctionObjects,
  labels: { ru: auctionsLabelsRu },
  extends: [unitAuctionFields],
  readModel: [
    {
      object: auction,
      indexes: [{ fields: ['status'] }, { fields: ['biddingStart'] }],
      keepPrevious: ['status'],
    },
    { object: auctionLot, indexes: [{ fields: ['auctionId'] }, { fields: ['unitId'] }] },
    { object: auctionApplication, indexes: [{ fields: ['lotId'] }, { fields: ['applicantId'] }] },
    { object: auctionBid, indexes: [{ fields: ['lotId'] }] },
    { object: auctionStageResult, indexes: [{ fields: ['auctionId'] }] },
  ],
  handlers: auctionHandlers,
  jobs: [advanceByDatesJob, unitConsistencyJob],
  routes: [...consoleRoutes, ...auctionApiRoutes],
  pages: [auctionsPage],
  assets: auctionsAssets,
  operations: auctionOperations,
  settings: auctionsSettings,
  seed: auctionsSeed,
  access: auctionPolicies,
});

export default auctionsPlugin;
