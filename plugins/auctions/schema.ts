/**
 * The auctions' data model (domain.md "Auctions"): an auction (the procedure on an electronic
 * trading platform) holds lots, one per unit; participants file applications on a lot, pay a
 * deposit and, once admitted, bid. Every stage leaves a protocol entry (auctionStageResult).
 * The unit gets three fields this plugin keeps current (its active lot's console link and dates)
 * so the chessboard's card shows them without knowing about auctions.
 * Names avoid Twenty's reserved words (C15).
 */
import type { ObjectRef } from '../../sdk/index';
import { defineField, defineObject, extendObject } from '../core/index';
import { unit } from '../registry/index';
import {
  ADMISSION_TERMS,
  AUCTION_STATUS_TERMS,
  BID_SOURCE_TERMS,
  DEPOSIT_STATUS_TERMS,
  LOT_STATUS_TERMS,
  STAGE_TERMS,
  selectOptions,
} from './vocabulary';

/** Select options from the one vocabulary (English labels: Twenty's UI speaks the workspace's language). */
export const AUCTION_STATUS_OPTIONS = selectOptions(AUCTION_STATUS_TERMS);
export const LOT_STATUS_OPTIONS = selectOptions(LOT_STATUS_TERMS);
export const ADMISSION_OPTIONS = selectOptions(ADMISSION_TERMS);
/** What became of an applicant's deposit (decided here; the payments journal records the money). */
export const DEPOSIT_STATUS_OPTIONS = selectOptions(DEPOSIT_STATUS_TERMS);
export const STAGE_OPTIONS = selectOptions(STAGE_TERMS);
export const BID_SOURCE_OPTIONS = selectOptions(BID_SOURCE_TERMS);

export const auction = defineObject({
  nameSingular: 'auction',
  namePlural: 'auctions',
  labelSingular: 'Auction',
  labelPlural: 'Auctions',
  description: 'An electronic auction (торги): its dates, rules and outcome',
  icon: 'IconGavel',
  fields: {
    number: defineField.text({ label: 'Number', isUnique: true }),
    status: defineField.select({ label: 'Status', options: AUCTION_STATUS_OPTIONS, defaultValue: 'DRAFT' }),
    announcedAt: defineField.dateTime({ label: 'Announced at' }),
    applicationStart: defineField.dateTime({ label: 'Applications open' }),
    applicationEnd: defineField.dateTime({ label: 'Applications close' }),
    admissionDeadline: defineField.dateTime({ label: 'Admission deadline' }),
    admissionCompletedAt: defineField.dateTime({ label: 'Admission protocol at' }),
    biddingStart: defineField.dateTime({ label: 'Bidding starts' }),
    biddingEnd: defineField.dateTime({ label: 'Bidding ends' }),
    resultsAt: defineField.dateTime({ label: 'Results protocol at' }),
    depositPercent: defineField.number({ label: 'Deposit, %', decimals: 2 }),
    stepPercent: defineField.number({ label: 'Bid step, %', decimals: 2 }),
    contractDeadlineDays: defineField.number({ label: 'Contract deadline, days', decimals: 0 }),
    platform: defineField.text({ label: 'Platform' }),
    procedureNumber: defineField.text({ label: 'Procedure number' }),
    terminationReason: defineField.text({ label: 'Termination reason' }),
    failureReason: defineField.text({ label: 'Failure reason' }),
    consoleLink: defineField.links({ label: 'Console', icon: 'IconExternalLink' }),
    validationIssue: defineField.text({
      label: 'Validation issue',
      description: 'Set when an edit made in Twenty breaks the auction rules; the change was not acted upon',
      icon: 'IconAlertTriangle',
    }),
  },
});

// auctionLot.winner → auctionApplication and auctionApplication.lot → auctionLot point at each other.
export const auctionLot = defineObject({
  nameSingular: 'auctionLot',
  namePlural: 'auctionLots',
  labelSingular: 'Auction Lot',
  labelPlural: 'Auction Lots',
  description: 'One unit put up in an auction',
  icon: 'IconBox',
  fields: {
    auction: defineField.relation({
      label: 'Auction',
      target: auction,
      inverseName: 'lots',
      inverseLabel: 'Lots',
    }),
    unit: defineField.relation({
      label: 'Unit',
      target: unit,
      inverseName: 'auctionLots',
      inverseLabel: 'Auction Lots',
    }),
    number: defineField.number({ label: 'Lot number', decimals: 0 }),
    startPrice: defineField.currency({ label: 'Start price', defaultValue: { currencyCode: 'RUB' } }),
    depositAmount: defineField.currency({ label: 'Deposit', defaultValue: { currencyCode: 'RUB' } }),
    stepAmount: defineField.currency({ label: 'Bid step', defaultValue: { currencyCode: 'RUB' } }),
    status: defineField.select({ label: 'Status', options: LOT_STATUS_OPTIONS, defaultValue: 'ACTIVE' }),
    winner: defineField.relation({
      label: 'Winner',
      target: (): ObjectRef<unknown> => auctionApplication,
      inverseName: 'wonLots',
      inverseLabel: 'Won lots',
    }),
    finalPrice: defineField.currency({ label: 'Final price', defaultValue: { currencyCode: 'RUB' } }),
    contractDeadline: defineField.date({ label: 'Contract deadline' }),
    winnerRefusedAt: defineField.dateTime({ label: 'Winner refused at' }),
    contractSignedAt: defineField.dateTime({ label: 'Contract signed at' }),
    validationIssue: defineField.text({ label: 'Validation issue', icon: 'IconAlertTriangle' }),
  },
});

export const auctionApplication = defineObject({
  nameSingular: 'auctionApplication',
  namePlural: 'auctionApplications',
  labelSingular: 'Auction Application',
  labelPlural: 'Auction Applications',
  description: 'A participant’s application for a lot, its deposit and admission',
  icon: 'IconFileCheck',
  fields: {
    lot: defineField.relation({
      label: 'Lot',
      target: auctionLot,
      inverseName: 'applications',
      inverseLabel: 'Applications',
    }),
    applicant: defineField.relation({
      label: 'Applicant',
      target: 'person',
      inverseName: 'auctionApplications',
      inverseLabel: 'Auction Applications',
    }),
    submittedAt: defineField.dateTime({ label: 'Submitted at' }),
    depositPaid: defineField.currency({
      label: 'Deposit received',
      description: 'The sum of deposit payments received so far',
      defaultValue: { currencyCode: 'RUB' },
    }),
    depositPaidAt: defineField.dateTime({ label: 'Deposit received in full at' }),
    depositPaymentRefs: defineField.array({
      label: 'Deposit payments',
      description: 'The payments counted into the deposit received (each once)',
    }),
    depositStatus: defineField.select({
      label: 'Deposit status',
      options: DEPOSIT_STATUS_OPTIONS,
      defaultValue: 'AWAITED',
    }),
    refundDueBy: defineField.date({ label: 'Refund due by' }),
    admission: defineField.select({
      label: 'Admission',
      options: ADMISSION_OPTIONS,
      defaultValue: 'PENDING',
    }),
    rejectionReason: defineField.text({ label: 'Rejection reason' }),
  },
});

export const auctionBid = defineObject({
  nameSingular: 'auctionBid',
  namePlural: 'auctionBids',
  labelSingular: 'Auction Bid',
  labelPlural: 'Auction Bids',
  description: 'A bid placed in the bidding of a lot',
  icon: 'IconCoin',
  fields: {
    lot: defineField.relation({
      label: 'Lot',
      target: auctionLot,
      inverseName: 'bids',
      inverseLabel: 'Bids',
    }),
    application: defineField.relation({
      label: 'Application',
      target: auctionApplication,
      inverseName: 'bids',
      inverseLabel: 'Bids',
    }),
    amount: defineField.currency({ label: 'Amount', defaultValue: { currencyCode: 'RUB' } }),
    placedAt: defineField.dateTime({ label: 'Placed at' }),
    source: defineField.select({ label: 'Source', options: BID_SOURCE_OPTIONS, defaultValue: 'MANUAL' }),
  },
});

export const auctionStageResult = defineObject({
  nameSingular: 'auctionStageResult',
  namePlural: 'auctionStageResults',
  labelSingular: 'Auction Stage Result',
  labelPlural: 'Auction Stage Results',
  description: 'The protocol of one stage of an auction: what it decided, as of when',
  icon: 'IconClipboardList',
  fields: {
    auction: defineField.relation({
      label: 'Auction',
      target: auction,
      inverseName: 'stageResults',
      inverseLabel: 'Stage results',
    }),
    stage: defineField.select({ label: 'Stage', options: STAGE_OPTIONS }),
    summary: defineField.text({ label: 'Summary' }),
    outcome: defineField.rawJson({ label: 'Outcome snapshot' }),
    at: defineField.dateTime({ label: 'At' }),
    by: defineField.text({ label: 'By' }),
  },
});

/**
 * What auctions keeps current on a unit: its active lot (a link to the console, labelled with the
 * auction's number) and that lot's dates — empty when the unit is in no active auction — and the
 * consistency check's problem, when its status and its auctions disagree.
 */
export const unitAuctionFields = extendObject('unit', {
  fields: {
    currentAuction: defineField.links({ label: 'Current auction', icon: 'IconGavel' }),
    currentAuctionApplicationEnd: defineField.dateTime({ label: 'Auction: applications close' }),
    currentAuctionBiddingStart: defineField.dateTime({ label: 'Auction: bidding starts' }),
    auctionProblem: defineField.text({
      label: 'Auction: problem',
      description:
        'Set by the auctions’ consistency check when the unit’s status and its auctions disagree (IN_AUCTION without an active lot, or held by one and not IN_AUCTION); cleared once they agree',
      icon: 'IconAlertTriangle',
    }),
  },
});

export const auctionObjects = [
  auction,
  auctionLot,
  auctionApplication,
  auctionBid,
  auctionStageResult,
] as const;
