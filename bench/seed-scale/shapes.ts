/**
 * PROVISIONAL shapes of the objects no plugin declares yet: auction, lot,
 * auctionApplication, bid, contract, payment. They follow /work/shared/domain.md
 * and will be replaced by the schemas of the auctions and payments plugins
 * once those exist — then generate from `InferRecord<typeof auctionObject>`
 * and delete these types. Field names avoid Twenty's reserved words (C15).
 * Standard objects (company, person, opportunity = deal, workspaceMember)
 * use the fields devhost/metadata/standard-objects.ts gives them.
 */
import type { Currency } from '../../sdk/field-values';
import type { SeedRecord } from './rest';

export const AUCTION_STATUSES = [
  'ANNOUNCED',
  'APPLICATIONS_OPEN',
  'ADMISSION',
  'BIDDING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
] as const;
export type AuctionStatus = (typeof AUCTION_STATUSES)[number];
/** An auction in one of these holds its unit: the unit is IN_AUCTION. */
export const RUNNING_AUCTION_STATUSES: readonly AuctionStatus[] = [
  'ANNOUNCED',
  'APPLICATIONS_OPEN',
  'ADMISSION',
  'BIDDING',
];

export type AuctionFailureReason = 'NO_APPLICATIONS' | 'SINGLE_PARTICIPANT';
export type ApplicationStatus = 'SUBMITTED' | 'ADMITTED' | 'REJECTED' | 'WITHDRAWN';
export type DepositStatus = 'PENDING' | 'RECEIVED' | 'NOT_RECEIVED' | 'REFUNDED' | 'CREDITED' | 'RETAINED';
export type ContractStatus = 'DRAFT' | 'SIGNED';
export type PaymentKind = 'DEPOSIT' | 'REFUND' | 'CREDIT' | 'INSTALLMENT';
export type PaymentStatus = 'PAID' | 'PLANNED';

/** domain.md: 10 % of the start price below 100 mln ₽, 20 % at or above. */
export const DEPOSIT_THRESHOLD_RUB = 100_000_000;
export function depositPercent(startPriceRub: number): 10 | 20 {
  return startPriceRub >= DEPOSIT_THRESHOLD_RUB ? 20 : 10;
}
/** domain.md: the bid step is fixed for the auction, 5 % of the start price by default. */
export const BID_STEP_PERCENT = 5;
/** domain.md: announcement at least 30 days before applications close (and so before bidding). */
export const MIN_ANNOUNCEMENT_DAYS = 30;
/** Days the winner has to sign after the results protocol (a setting in domain.md; calendar days here). */
export const CONTRACT_DEADLINE_DAYS = 20;
/** Losers and rejected applicants are refunded within this many days. */
export const REFUND_WITHIN_DAYS = 5;

export type AuctionRecord = SeedRecord & {
  name: string;
  number: string;
  status: AuctionStatus;
  announcementDate: string;
  applicationsCloseDate: string;
  biddingDate: string;
  resultsDate: string | null;
  failureReason: AuctionFailureReason | null;
  cancellationReason: string | null;
  platform: string;
  responsibleId: string;
};

export type LotRecord = SeedRecord & {
  name: string;
  auctionId: string;
  unitId: string;
  number: number;
  startPrice: Currency;
  depositPercent: number;
  depositAmount: Currency;
  bidStepPercent: number;
  bidStep: Currency;
  finalPrice: Currency;
  winnerApplicationId: string | null;
  winnerId: string | null;
};

export type AuctionApplicationRecord = SeedRecord & {
  name: string;
  auctionId: string;
  lotId: string;
  applicantId: string;
  agencyId: string | null;
  number: number;
  submittedAt: string;
  status: ApplicationStatus;
  rejectionReason: string | null;
  isWinner: boolean;
  depositAmount: Currency;
  depositStatus: DepositStatus;
  depositReceivedAt: string | null;
};

export type BidRecord = SeedRecord & {
  name: string;
  auctionId: string;
  lotId: string;
  applicationId: string;
  bidderId: string;
  stepNumber: number;
  amount: Currency;
  placedAt: string;
};

export type ContractRecord = SeedRecord & {
  name: string;
  number: string;
  status: ContractStatus;
  unitId: string;
  auctionId: string;
  lotId: string;
  applicationId: string;
  buyerId: string;
  price: Currency;
  depositCredited: Currency;
  paymentScheme: 'FULL' | 'INSTALLMENT';
  signingDeadline: string;
  signedAt: string | null;
};

export type PaymentRecord = SeedRecord & {
  name: string;
  kind: PaymentKind;
  status: PaymentStatus;
  amount: Currency;
  dueDate: string;
  paidAt: string | null;
  payerId: string;
  auctionId: string;
  applicationId: string | null;
  contractId: string | null;
};

/** Relation fields (`<name>Id` → target object) of the provisional objects, for integrity checks and loaders. */
export const PROVISIONAL_RELATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  auction: { responsibleId: 'workspaceMember' },
  lot: {
    auctionId: 'auction',
    unitId: 'unit',
    winnerApplicationId: 'auctionApplication',
    winnerId: 'person',
  },
  auctionApplication: { auctionId: 'auction', lotId: 'lot', applicantId: 'person', agencyId: 'company' },
  bid: { auctionId: 'auction', lotId: 'lot', applicationId: 'auctionApplication', bidderId: 'person' },
  contract: {
    unitId: 'unit',
    auctionId: 'auction',
    lotId: 'lot',
    applicationId: 'auctionApplication',
    buyerId: 'person',
  },
  payment: {
    payerId: 'person',
    auctionId: 'auction',
    applicationId: 'auctionApplication',
    contractId: 'contract',
  },
};
