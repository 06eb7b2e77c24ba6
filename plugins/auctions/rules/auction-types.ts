/**
 * An auction as the rules see it: plain data loaded from Twenty/the read model, money in micros,
 * instants as ISO strings. The reducer (auction-model.ts) turns a command into a new state and
 * the effects the engine writes (unit statuses, stage protocols, deposit decisions, contracts).
 */

import type { Admission, AuctionStatus, DepositStatus, LotStatus, Stage } from '../vocabulary';
import type { AuctionRules } from './auction-rules';

export type { Admission, DepositStatus, LotStatus, Stage };

export interface ApplicationState {
  id: string;
  lotId: string;
  applicantId: string | null;
  submittedAt: string;
  depositPaidMicros: number;
  /** The payments counted into depositPaidMicros (a replayed payment is not counted twice). */
  depositPaymentIds: string[];
  depositPaidAt: string | null;
  depositStatus: DepositStatus;
  admission: Admission;
  rejectionReason: string | null;
  refundDueBy: string | null;
}

export interface BidState {
  id: string;
  lotId: string;
  applicationId: string;
  amountMicros: number;
  placedAt: string;
  source: 'MANUAL' | 'IMPORT';
}

export interface LotState {
  id: string;
  number: number;
  unitId: string;
  startMicros: number;
  depositMicros: number;
  stepMicros: number;
  status: LotStatus;
  winnerId: string | null;
  finalMicros: number | null;
  contractDeadline: string | null;
  winnerRefusedAt: string | null;
  contractSignedAt: string | null;
}

export interface AuctionState {
  id: string;
  number: string;
  status: AuctionStatus;
  announcedAt: string | null;
  applicationStart: string;
  applicationEnd: string;
  admissionDeadline: string | null;
  admissionCompletedAt: string | null;
  biddingStart: string;
  biddingEnd: string;
  resultsAt: string | null;
  depositPercent: number | null;
  stepPercent: number | null;
  contractDeadlineDays: number | null;
  terminationReason: string | null;
  failureReason: string | null;
  lots: LotState[];
  applications: ApplicationState[];
  bids: BidState[];
}

/** What the rules need to know about a unit: its status and the active auction holding it, if any. */
export interface UnitInfo {
  status: string | null;
  /** A non-final auction with a lot on this unit, other than the one being judged. */
  otherAuction?: { id: string; number: string } | null;
  label?: string;
}

export interface ModelEnv {
  now: Date;
  rules: AuctionRules;
  units: ReadonlyMap<string, UnitInfo>;
  /** Who acts (a staff e-mail, "job", "webhook"): written into protocols. */
  by: string;
}

export type Command =
  | { type: 'announce' }
  | { type: 'openApplications' }
  | {
      type: 'submitApplication';
      application: { id: string; lotId: string; applicantId: string; submittedAt?: string };
    }
  | { type: 'recordDeposit'; applicationId: string; paymentId: string; amountMicros: number; paidAt: string }
  | { type: 'closeApplications' }
  | { type: 'decideApplication'; applicationId: string; decision: 'ADMITTED' | 'REJECTED'; reason?: string }
  | { type: 'completeAdmission' }
  | { type: 'startBidding' }
  | { type: 'placeBid'; bid: BidState }
  | { type: 'completeBidding' }
  | { type: 'terminate'; reason: string }
  | { type: 'cancel' }
  | { type: 'winnerRefuses'; lotId: string }
  | { type: 'contractSigned'; lotId: string }
  | { type: 'refundSettled'; applicationId: string };

export type CommandType = Command['type'];

export type Effect =
  | { kind: 'unitStatus'; unitId: string; lotId: string; from: string | null; to: string }
  | { kind: 'stage'; stage: Stage; summary: string; outcome: Record<string, unknown> }
  | {
      kind: 'deposit';
      applicationId: string;
      lotId: string;
      decision: DepositStatus;
      amountMicros: number;
      dueBy?: string;
    }
  | {
      kind: 'contract';
      lotId: string;
      applicationId: string;
      unitId: string;
      applicantId: string | null;
      priceMicros: number;
      creditedMicros: number;
      plannedDate: string;
    }
  | { kind: 'notify'; title: string; body: string };

export type ModelResult =
  | { ok: true; state: AuctionState; effects: Effect[] }
  | { ok: false; code: string; message: string; field?: string };

export class AuctionRuleError extends Error {
  readonly code: string;
  readonly field?: string;
  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'AuctionRuleError';
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}
