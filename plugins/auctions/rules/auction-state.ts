/**
 * The procedure's state machine (domain.md "Auctions"):
 * DRAFT → ANNOUNCED → APPLICATIONS → ADMISSION → BIDDING → COMPLETED; FAILED when too few
 * participants are admitted or nobody bids; TERMINATED early (with a reason) any time after the
 * announcement and before completion; CANCELLED only before the announcement. The four last are
 * final: nothing leaves them. The same table answers which staff actions a status allows (the
 * console's buttons) — there is no second list.
 */
import {
  AUCTION_STATUS_RU,
  AUCTION_STATUSES,
  type AuctionStatus,
  type ProcedureAction,
  procedureActionTerm,
} from '../vocabulary';

export { AUCTION_STATUSES, type AuctionStatus };

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

interface TransitionRule {
  readonly from: readonly AuctionStatus[];
  readonly to: AuctionStatus;
  /** The staff action that makes it (FAIL is an outcome of completing admission or bidding). */
  readonly action: ProcedureAction | null;
  /** What a refusal calls it: «нельзя <verb> в статусе …». */
  readonly verb: string;
}

const TABLE: Record<AuctionTransition, TransitionRule> = {
  ANNOUNCE: { from: ['DRAFT'], to: 'ANNOUNCED', action: 'announce', verb: 'объявить аукцион' },
  OPEN_APPLICATIONS: {
    from: ['ANNOUNCED'],
    to: 'APPLICATIONS',
    action: 'openApplications',
    verb: 'открыть приём заявок на аукцион',
  },
  CLOSE_APPLICATIONS: {
    from: ['APPLICATIONS'],
    to: 'ADMISSION',
    action: 'closeApplications',
    verb: 'завершить приём заявок на аукцион',
  },
  START_BIDDING: {
    from: ['ADMISSION'],
    to: 'BIDDING',
    action: 'startBidding',
    verb: 'начать торги на аукционе',
  },
  COMPLETE: {
    from: ['BIDDING'],
    to: 'COMPLETED',
    action: 'completeBidding',
    verb: 'подвести итоги аукциона',
  },
  FAIL: {
    from: ['ADMISSION', 'BIDDING'],
    to: 'FAILED',
    action: null,
    verb: 'признать аукцион несостоявшимся',
  },
  TERMINATE: {
    from: ['ANNOUNCED', 'APPLICATIONS', 'ADMISSION', 'BIDDING'],
    to: 'TERMINATED',
    action: 'terminate',
    verb: 'прекратить аукцион',
  },
  CANCEL: { from: ['DRAFT'], to: 'CANCELLED', action: 'cancel', verb: 'отменить аукцион' },
};

const ru = (s: AuctionStatus): string => `«${AUCTION_STATUS_RU[s]}»`;

export type TransitionResult = { ok: true; to: AuctionStatus } | { ok: false; message: string };

/** The status after `transition`, or why it is not allowed from `from` (in Russian). */
export function transition(from: AuctionStatus, t: AuctionTransition): TransitionResult {
  const rule = TABLE[t];
  if (rule.from.includes(from)) return { ok: true, to: rule.to };
  if (isFinal(from))
    return {
      ok: false,
      message: `нельзя ${rule.verb} в статусе ${ru(from)}: статус ${ru(from)} окончательный`,
    };
  if (t === 'CANCEL')
    return {
      ok: false,
      message: `нельзя отменить аукцион в статусе ${ru(from)}: отменяют только черновик; объявленный аукцион прекращают с указанием причины`,
    };
  if (t === 'TERMINATE')
    return {
      ok: false,
      message: `нельзя прекратить аукцион в статусе ${ru(from)}: черновик не прекращают, а отменяют`,
    };
  return {
    ok: false,
    message: `нельзя ${rule.verb} в статусе ${ru(from)} (можно из статуса ${rule.from.map(ru).join(', ')})`,
  };
}

/** The transition a status change is (an edit in Twenty judged by the table), if any leads there. */
export function transitionTo(status: AuctionStatus): AuctionTransition | undefined {
  return (Object.keys(TABLE) as AuctionTransition[]).find((t) => TABLE[t].to === status);
}

/**
 * The staff actions the procedure allows now, in the order of the procedure. Admission is signed
 * inside ADMISSION (no status change), and bidding starts only after it is signed.
 */
export function availableActions(state: {
  status: AuctionStatus;
  admissionCompletedAt: string | null;
}): ProcedureAction[] {
  const out: ProcedureAction[] = [];
  for (const rule of Object.values(TABLE)) {
    if (!rule.action || !rule.from.includes(state.status)) continue;
    if (rule.action === 'startBidding' && !state.admissionCompletedAt) {
      out.push('completeAdmission');
      continue;
    }
    out.push(rule.action);
  }
  return out;
}

/** The console's label of an action (from the vocabulary). */
export const actionLabel = (action: ProcedureAction): string => procedureActionTerm(action).ru;
