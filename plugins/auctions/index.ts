/**
 * auctions — electronic auctions (торги) of the developer's units, end to end: the procedure's
 * state machine, lots, applications and admission, bids (entered or imported from the platform's
 * protocol), stage protocols, unit statuses (through the registry's change protocol) and staff
 * tasks. Owns auction, auctionLot, auctionApplication, auctionBid, auctionStageResult; adds the
 * current-auction fields to unit. Reacts to auction/auctionLot created or updated in Twenty's UI
 * (validating them) and moves procedures by their dates (jobs).
 */
import { definePlugin } from '../core/plugin/index';
import { auctionPolicies } from './access';
import { auctionCommands } from './commands';
import { auctionHandlers } from './handlers';
import { advanceByDatesJob } from './jobs';
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
import { auctionsSettings } from './settings';

export * from './access';
export * from './engine/auction-engine';
export * from './engine/auction-records';
export * from './engine/engine-context';
export * from './engine/records-port';
export { advanceAuctionsByDates } from './jobs';
export { asset as auctionsAsset } from './pages/registry-page';
export * from './read/auction-read';
export * from './read/auction-registry';
export * from './route-errors';
export { AUCTION_MANAGERS, AUCTION_STAFF, ENGINE_OBJECTS } from './routes';
export * from './rules/bid-file';
export * from './rules/index';
export * from './schema';
export * from './settings';
export * from './vocabulary';

export const auctionsPlugin = definePlugin({
  name: 'auctions',
  description: 'Electronic auctions of units: procedure, lots, applications, admission, bids, results',
  dependsOn: ['registry'],
  objects: auctionObjects,
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
  jobs: [advanceByDatesJob],
  routes: auctionApiRoutes,
  pages: [auctionsPage],
  assets: auctionsAssets,
  commands: auctionCommands,
  settings: auctionsSettings,
  access: auctionPolicies,
});

export default auctionsPlugin;
