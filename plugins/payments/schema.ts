/**
 * Money around auctions: payments received (deposits, the price), the financial-operations
 * journal (what happened to each deposit: received, refunded, credited to the price, retained)
 * and the sale contract concluded with the winner (or the sole participant).
 */

import { auction, auctionApplication, auctionLot } from '../auctions/index';
import { defineField, defineObject } from '../core/index';
import { unit } from '../registry/index';
import { CONTRACT_STATUS_OPTIONS, OPERATION_KIND_OPTIONS, PAYMENT_PURPOSE_OPTIONS } from './vocabulary';

export { CONTRACT_STATUS_OPTIONS, OPERATION_KIND_OPTIONS, PAYMENT_PURPOSE_OPTIONS };

export const saleContract = defineObject({
  nameSingular: 'saleContract',
  namePlural: 'saleContracts',
  labelSingular: 'Sale Contract',
  labelPlural: 'Sale Contracts',
  description: 'The contract concluded with an auction’s winner, priced net of the credited deposit',
  icon: 'IconFileText',
  fields: {
    unit: defineField.relation({
      label: 'Unit',
      target: unit,
      inverseName: 'saleContracts',
      inverseLabel: 'Sale Contracts',
    }),
    buyer: defineField.relation({
      label: 'Buyer',
      target: 'person',
      inverseName: 'saleContracts',
      inverseLabel: 'Sale Contracts',
    }),
    lot: defineField.relation({
      label: 'Lot',
      target: auctionLot,
      inverseName: 'saleContracts',
      inverseLabel: 'Sale Contracts',
    }),
    number: defineField.text({ label: 'Number', isUnique: true }),
    plannedDate: defineField.date({ label: 'Sign by' }),
    signedAt: defineField.dateTime({ label: 'Signed at' }),
    price: defineField.currency({ label: 'Price', defaultValue: { currencyCode: 'RUB' } }),
    depositCredited: defineField.currency({
      label: 'Deposit credited',
      defaultValue: { currencyCode: 'RUB' },
    }),
    amountDue: defineField.currency({
      label: 'Due after the deposit',
      defaultValue: { currencyCode: 'RUB' },
    }),
    status: defineField.select({
      label: 'Status',
      options: CONTRACT_STATUS_OPTIONS,
      defaultValue: 'AWAITING_SIGNATURE',
    }),
  },
});

export const payment = defineObject({
  nameSingular: 'payment',
  namePlural: 'payments',
  labelSingular: 'Payment',
  labelPlural: 'Payments',
  description: 'A payment received from a participant or buyer, by its bank reference',
  icon: 'IconCash',
  fields: {
    payer: defineField.relation({
      label: 'Payer',
      target: 'person',
      inverseName: 'payments',
      inverseLabel: 'Payments',
    }),
    lot: defineField.relation({
      label: 'Lot',
      target: auctionLot,
      inverseName: 'payments',
      inverseLabel: 'Payments',
    }),
    application: defineField.relation({
      label: 'Application',
      target: auctionApplication,
      inverseName: 'payments',
      inverseLabel: 'Payments',
    }),
    contract: defineField.relation({
      label: 'Contract',
      target: saleContract,
      inverseName: 'payments',
      inverseLabel: 'Payments',
    }),
    amount: defineField.currency({ label: 'Amount', defaultValue: { currencyCode: 'RUB' } }),
    purpose: defineField.select({
      label: 'Purpose',
      options: PAYMENT_PURPOSE_OPTIONS,
      defaultValue: 'DEPOSIT',
    }),
    paidAt: defineField.dateTime({ label: 'Paid at' }),
    bankReference: defineField.text({ label: 'Bank reference', isUnique: true }),
    comment: defineField.text({ label: 'Comment' }),
  },
});

export const financialOperation = defineObject({
  nameSingular: 'financialOperation',
  namePlural: 'financialOperations',
  labelSingular: 'Financial Operation',
  labelPlural: 'Financial Operations',
  description: 'The journal of an auction’s money: each deposit and what became of it',
  icon: 'IconReceipt',
  fields: {
    auction: defineField.relation({
      label: 'Auction',
      target: auction,
      inverseName: 'financialOperations',
      inverseLabel: 'Financial Operations',
    }),
    lot: defineField.relation({
      label: 'Lot',
      target: auctionLot,
      inverseName: 'financialOperations',
      inverseLabel: 'Financial Operations',
    }),
    application: defineField.relation({
      label: 'Application',
      target: auctionApplication,
      inverseName: 'financialOperations',
      inverseLabel: 'Financial Operations',
    }),
    payment: defineField.relation({
      label: 'Payment',
      target: payment,
      inverseName: 'financialOperations',
      inverseLabel: 'Financial Operations',
    }),
    kind: defineField.select({ label: 'Kind', options: OPERATION_KIND_OPTIONS }),
    amount: defineField.currency({ label: 'Amount', defaultValue: { currencyCode: 'RUB' } }),
    at: defineField.dateTime({ label: 'At' }),
    dueBy: defineField.date({ label: 'Due by', description: 'For a refund: the legal deadline' }),
    settledAt: defineField.dateTime({
      label: 'Settled at',
      description: 'For a refund: when the money left',
    }),
    by: defineField.text({ label: 'By' }),
  },
});

export const paymentsObjects = [saleContract, payment, financialOperation] as const;
