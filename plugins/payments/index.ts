/**
 * payments — the money around auctions: the payment wizard (deposits and prices received, once
 * per bank reference), the financial-operations journal per auction (each deposit and what became
 * of it, refunds due with their deadlines), the sale contract for the winner net of the credited
 * deposit, and the console's money section. Owns payment, financialOperation, saleContract; books
 * what the auctions plugin decided (through what it publishes: the procedure and typed reads),
 * finishes interrupted payments and settles every minute, reminds of contract deadlines daily.
 */
import { definePlugin } from '../core/plugin/index';
import { paymentsPolicies } from './access';
import { paymentsHandlers } from './handlers';
import { lateContractsJob, settleJob } from './jobs';
import { paymentsLabelsRu } from './labels-ru';
import { paymentsApiRoutes, paymentsAssets } from './routes';
import { financialOperation, payment, paymentsObjects, saleContract } from './schema';
import { paymentsSeed } from './seed';

// What other plugins and tests may use, and nothing else.
export { PARTNER_CONTRACT_FIELDS, paymentsPolicies, saleContractPolicy } from './access';
export { normalizeBankReference, paymentIdFor } from './bank-reference';
export { auctionsToSettle, reconcilePayments, remindLateContracts, settleAll } from './jobs';
export { type MoneyIo, routeMoneyIo, systemMoneyIo } from './money-io';
export { countSaleContractsBy } from './read/contract-counts';
export { type ContractRow, type Journal, loadContracts, loadJournal } from './read/journal';
export { completePayment, findPayment, type PaymentBody, paymentBody } from './record-payment';
export { financialOperation, payment, paymentsObjects, saleContract } from './schema';
export {
  contractId,
  contractNumber,
  fateOperationId,
  plannedContracts,
  plannedFateOperations,
  receivedOperationId,
  settleAuction,
  settleState,
} from './settle';
export {
  CONTRACT_STATUS_RU,
  type ContractStatus,
  OPERATION_KIND_RU,
  type OperationKind,
  PAYMENT_PURPOSE_RU,
  type PaymentPurpose,
} from './vocabulary';

export const paymentsPlugin = definePlugin({
  name: 'payments',
  description: 'Payments, the financial-operations journal per auction and sale contracts',
  dependsOn: ['auctions', 'registry'],
  // Reports (receipts, deposits, contracts) and documents (contracts, refunds) read these in their SQL.
  publishedViews: ['payment', 'financialOperation', 'saleContract'],
  objects: paymentsObjects,
  labels: { ru: paymentsLabelsRu },
  readModel: [
    { object: payment, indexes: [{ fields: ['lotId'] }, { fields: ['bankReference'] }] },
    { object: financialOperation, indexes: [{ fields: ['auctionId'] }, { fields: ['lotId'] }] },
    { object: saleContract, indexes: [{ fields: ['lotId'] }, { fields: ['unitId'] }] },
  ],
  handlers: paymentsHandlers,
  jobs: [settleJob, lateContractsJob],
  routes: paymentsApiRoutes,
  assets: paymentsAssets,
  seed: paymentsSeed,
  access: paymentsPolicies,
});

export default paymentsPlugin;
