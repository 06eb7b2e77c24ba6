/**
 * The procedure's state machine (domain.md "Auctions"):
 * DRAFT → ANNOUNCED → APPLICATIONS → ADMISSION → BIDDING → COMPLETED; FAILED when too few
 * participants are admitted or nobody bids; TERMINATED early (with a reason) any time after the
 * announcement and before completion; CANCELLED only before the announcement. The four last are
 * final: nothing leaves them.
 */
export const AUCTION_STATUSES = [
  'DRAFT',
  'ANNOUNCED',
  'APPLICATIONS',
  'ADMISSION',
  'BIDDING',
  'COMPLETED',
  'FAILED',
  'TERMINATED',
  'CANCELLED',
] as const;
export type AuctionStatus = (typeof AUCTION_STATUSES)[number];

export const FINAL_AUCTION_STATUSES: readonly AuctionStatus[] = [
  'COMPLETED',
  'FAILED',
  'TERMINATED',
  'CANCELLED',
];
/** An auction in these holds its units (IN_AUCTION). */
export const ACTIVE_AUCTION_STATUSES: readonly AuctionStatus[] = [
  'ANNOUNCED',
  'APPLICATIONS',
  'ADMISSION',
  'BIDDING',
];

export const isFinal = (s: AuctionStatus): boolean => FINAL_AUCTION_STATUSES.includes(s);
export const isActive = (s: AuctionStatus): boolean => ACTIVE_AUCTION_STATUSES.includes(s);

export type AuctionTransition =
  | 'ANNOUNCE'
  | 'OPEN_APPLICATIONS'
  | 'CLOSE_APPLICATIONS'
  | 'START_BIDDING'
  | 'COMPLETE'
  | 'FAIL'
  | 'TERMINATE'
  | 'CANCEL';

const TABLE: Record<AuctionTransition, { from: readonly AuctionStatus[]; to: AuctionStatus }> = {
  ANNOUNCE: { from: ['DRAFT'], to: 'ANNOUNCED' },
  OPEN_APPLICATIONS: { from: ['ANNOUNCED'], to: 'APPLICATIONS' },
  CLOSE_APPLICATIONS: { from: ['APPLICATIONS'], to: 'ADMISSION' },
  START_BIDDING: { from: ['ADMISSION'], to: 'BIDDING' },
  COMPLETE: { from: ['BIDDING'], to: 'COMPLETED' },
  FAIL: { from: ['ADMISSION', 'BIDDING'], to: 'FAILED' },
  TERMINATE: { from: ['ANNOUNCED', 'APPLICATIONS', 'ADMISSION', 'BIDDING'], to: 'TERMINATED' },
  CANCEL: { from: ['DRAFT'], to: 'CANCELLED' },
};

export const STATUS_LABELS_RU: Record<AuctionStatus, string> = {
  DRAFT: 'черновик',
  ANNOUNCED: 'объявлен',
  APPLICATIONS: 'приём заявок',
  ADMISSION: 'допуск',
  BIDDING: 'торги',
  COMPLETED: 'завершён',
  FAILED: 'не состоялся',
  TERMINATED: 'прекращён',
  CANCELLED: 'отменён',
};

const TRANSITION_LABELS: Record<AuctionTransition, string> = {
  ANNOUNCE: 'announce',
  OPEN_APPLICATIONS: 'open applications',
  CLOSE_APPLICATIONS: 'close applications',
  START_BIDDING: 'start bidding',
  COMPLETE: 'complete',
  FAIL: 'declare failed',
  TERMINATE: 'terminate',
  CANCEL: 'cancel',
};

export type TransitionResult = { ok: true; to: AuctionStatus } | { ok: false; message: string };

/** The status after `transition`, or why it is not allowed from `from`. */
export function transition(from: AuctionStatus, t: AuctionTransition): TransitionResult {
  const rule = TABLE[t];
  if (rule.from.includes(from)) return { ok: true, to: rule.to };
  const verb = TRANSITION_LABELS[t];
  if (isFinal(from))
    return { ok: false, message: `cannot ${verb} an auction that is ${from}: ${from} is final` };
  if (t === 'CANCEL')
    return {
      ok: false,
      message: `cannot cancel an auction that is ${from}: only a draft is cancelled; terminate it with a reason`,
    };
  if (t === 'TERMINATE')
    return {
      ok: false,
      message: `cannot terminate an auction that is ${from}: a draft is cancelled, not terminated`,
    };
  return {
    ok: false,
    message: `cannot ${verb} an auction that is ${from} (allowed from ${rule.from.join(', ')})`,
  };
}
