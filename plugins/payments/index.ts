/**
 * payments — the money around auctions: the payment wizard (deposits and prices received),
 * the financial-operations journal per auction (each deposit and what became of it, refunds due
 * with their deadlines) and the sale contract for the winner, net of the credited deposit.
 * Owns payment, financialOperation, saleContract; settles the deposits of closed lots that the
 * auctions plugin decided (jobs and the wizard), reminds staff of contract deadlines (daily job).
 */
import { definePlugin } from '../core/plugin/index';
import { paymentsPolicies } from './access';
import { lateContractsJob, settleJob } from './jobs';
import { paymentsApiRoutes, paymentsAssets } from './routes';
import { financialOperation, payment, paymentsObjects, saleContract } from './schema';
import { paymentsSeed } from './seed';

export * from './access';
export { auctionsToSettle, remindLateContracts, settleAll } from './jobs';
export * from './read/journal';
export * from './schema';
export * from './settle';

export const paymentsPlugin = definePlugin({
  name: 'payments',
  description: 'Payments, the financial-operations journal per auction and sale contracts',
  dependsOn: ['auctions', 'registry'],
  objects: paymentsObjects,
  readModel: [
    { object: payment, indexes: [{ fields: ['lotId'] }, { fields: ['bankReference'] }] },
    { object: financialOperation, indexes: [{ fields: ['auctionId'] }, { fields: ['lotId'] }] },
    { object: saleContract, indexes: [{ fields: ['lotId'] }, { fields: ['unitId'] }] },
  ],
  jobs: [settleJob, lateContractsJob],
  routes: paymentsApiRoutes,
  assets: paymentsAssets,
  seed: paymentsSeed,
  access: paymentsPolicies,
});

export default paymentsPlugin;
