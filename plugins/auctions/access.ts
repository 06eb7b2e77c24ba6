/**
 * Who may see and change the auctions' objects.
 *
 * Staff read and write everything (the rules in rules/ still decide what a write may do).
 * Partners (agency users; they exist only when the agencies plugin is enabled, which adds the
 * `agency` relation to auctionApplication) see:
 * - auctions that were announced (never drafts or cancelled ones), without internal notes;
 * - lots of those auctions (on units inside their scope: the partner gateway's restriction), with
 *   the published prices only — not the winner, the final price or internal notes;
 * - their own agency's applications and bids, never another agency's clients;
 * - no stage protocols (internal).
 * Partners may file an application for their own agency; nothing else.
 */
import { definePolicy, type Principal, type RowRule } from '../core/access/index';
import { auction, auctionApplication, auctionBid, auctionLot, auctionStageResult } from './schema';

/** Auction statuses a partner may see: announced and after (drafts and cancellations stay internal). */
export const PUBLIC_AUCTION_STATUSES = [
  'ANNOUNCED',
  'APPLICATIONS',
  'ADMISSION',
  'BIDDING',
  'COMPLETED',
  'FAILED',
  'TERMINATED',
] as const;

export const PARTNER_AUCTION_FIELDS: readonly string[] = [
  'number',
  'status',
  'announcedAt',
  'applicationStart',
  'applicationEnd',
  'admissionDeadline',
  'biddingStart',
  'biddingEnd',
  'resultsAt',
  'depositPercent',
  'stepPercent',
  'contractDeadlineDays',
  'platform',
  'procedureNumber',
];

export const PARTNER_LOT_FIELDS: readonly string[] = [
  'auction',
  'unit',
  'number',
  'startPrice',
  'depositAmount',
  'stepAmount',
  'status',
];

export const PARTNER_APPLICATION_FIELDS: readonly string[] = [
  'lot',
  'applicant',
  'agency',
  'submittedAt',
  'depositPaid',
  'depositPaidAt',
  'depositStatus',
  'refundDueBy',
  'admission',
  'rejectionReason',
];

export const PARTNER_BID_FIELDS: readonly string[] = ['lot', 'application', 'amount', 'placedAt'];

const isStaff = (p: Principal) => p.kind === 'staff' || p.kind === 'system';
const staffWrites = (p: Principal) => (isStaff(p) ? true : 'аукционы меняют только сотрудники');

function byPrincipal(partner: (p: Extract<Principal, { kind: 'partner' }>) => RowRule) {
  return (p: Principal): RowRule => (isStaff(p) ? 'all' : p.kind === 'partner' ? partner(p) : 'none');
}

export const auctionPolicy = definePolicy(auction, {
  read: byPrincipal(() => ({ status: PUBLIC_AUCTION_STATUSES })),
  fields: (p) => (p.kind === 'partner' ? PARTNER_AUCTION_FIELDS : 'all'),
  write: staffWrites,
});

export const auctionLotPolicy = definePolicy(auctionLot, {
  // Which units' lots an agency sees is its scope: the partner gateway narrows this with its restriction.
  read: byPrincipal(() => ({ 'auction.status': PUBLIC_AUCTION_STATUSES })),
  fields: (p) => (p.kind === 'partner' ? PARTNER_LOT_FIELDS : 'all'),
  write: staffWrites,
});

export const auctionApplicationPolicy = definePolicy(auctionApplication, {
  // `agency` is the agencies plugin's relation (extendObject); partners exist only with it enabled.
  read: byPrincipal((p) => ({ agencyId: [p.agencyId] })),
  fields: (p) => (p.kind === 'partner' ? PARTNER_APPLICATION_FIELDS : 'all'),
  write: (p, intent) => {
    if (isStaff(p)) return true;
    if (p.kind !== 'partner') return 'заявки подают только сотрудники и агентства';
    if (intent.action !== 'create') return 'агентство подаёт заявки, а решают по ним сотрудники';
    return intent.values?.agencyId === p.agencyId ? true : 'агентство подаёт заявки только за себя';
  },
});

export const auctionBidPolicy = definePolicy(auctionBid, {
  read: byPrincipal((p) => ({ 'application.agencyId': [p.agencyId] })),
  fields: (p) => (p.kind === 'partner' ? PARTNER_BID_FIELDS : 'all'),
  write: staffWrites,
});

export const auctionStageResultPolicy = definePolicy(auctionStageResult, {
  read: (p) => (isStaff(p) ? 'all' : 'none'),
  write: staffWrites,
});

export const auctionPolicies = [
  auctionPolicy,
  auctionLotPolicy,
  auctionApplicationPolicy,
  auctionBidPolicy,
  auctionStageResultPolicy,
];
