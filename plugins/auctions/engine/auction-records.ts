/**
 * Twenty records ↔ the rules' AuctionState: money as amountMicros (number or string on the wire,
 * C14), instants as ISO strings, and the patches that write a changed state back — only the
 * fields that changed.
 */
import type { TwentyRecord } from '../../../sdk/index';
import { uuidV5 } from '../../core/plugin/index';
import type { AuctionStatus } from '../rules/auction-state';
import type {
  Admission,
  ApplicationState,
  AuctionState,
  BidState,
  DepositStatus,
  Effect,
  LotState,
  LotStatus,
} from '../rules/auction-types';

export const micros = (value: unknown): number | null => {
  const raw = (value as { amountMicros?: unknown } | null | undefined)?.amountMicros;
  if (raw === null || raw === undefined || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
};
export const rubValue = (amountMicros: number | null) => ({ amountMicros, currencyCode: 'RUB' });
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const iso = (v: unknown): string | null => {
  const s = str(v);
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};
const day = (v: unknown): string | null => {
  const s = str(v);
  return s ? s.slice(0, 10) : null;
};
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

export function lotFromRecord(r: TwentyRecord): LotState {
  return {
    id: r.id,
    number: num(r.number) ?? 0,
    unitId: str(r.unitId) ?? '',
    startMicros: micros(r.startPrice) ?? 0,
    depositMicros: micros(r.depositAmount) ?? 0,
    stepMicros: micros(r.stepAmount) ?? 0,
    status: (str(r.status) ?? 'ACTIVE') as LotStatus,
    winnerId: str(r.winnerId),
    finalMicros: micros(r.finalPrice),
    contractDeadline: day(r.contractDeadline),
    winnerRefusedAt: iso(r.winnerRefusedAt),
    contractSignedAt: iso(r.contractSignedAt),
  };
}

export function applicationFromRecord(r: TwentyRecord): ApplicationState {
  return {
    id: r.id,
    lotId: str(r.lotId) ?? '',
    applicantId: str(r.applicantId),
    submittedAt: iso(r.submittedAt) ?? iso(r.createdAt) ?? new Date(0).toISOString(),
    depositPaidMicros: micros(r.depositPaid) ?? 0,
    depositPaymentIds: Array.isArray(r.depositPaymentRefs) ? r.depositPaymentRefs.map(String) : [],
    depositPaidAt: iso(r.depositPaidAt),
    depositStatus: (str(r.depositStatus) ?? 'AWAITED') as DepositStatus,
    admission: (str(r.admission) ?? 'PENDING') as Admission,
    rejectionReason: str(r.rejectionReason),
    refundDueBy: day(r.refundDueBy),
  };
}

export function bidFromRecord(r: TwentyRecord): BidState {
  return {
    id: r.id,
    lotId: str(r.lotId) ?? '',
    applicationId: str(r.applicationId) ?? '',
    amountMicros: micros(r.amount) ?? 0,
    placedAt: iso(r.placedAt) ?? new Date(0).toISOString(),
    source: str(r.source) === 'IMPORT' ? 'IMPORT' : 'MANUAL',
  };
}

export function auctionFromRecords(
  a: TwentyRecord,
  lots: TwentyRecord[],
  applications: TwentyRecord[],
  bids: TwentyRecord[],
): AuctionState {
  return {
    id: a.id,
    number: str(a.number) ?? a.id.slice(0, 8),
    status: (str(a.status) ?? 'DRAFT') as AuctionStatus,
    announcedAt: iso(a.announcedAt),
    applicationStart: iso(a.applicationStart) ?? '',
    applicationEnd: iso(a.applicationEnd) ?? '',
    admissionDeadline: iso(a.admissionDeadline),
    admissionCompletedAt: iso(a.admissionCompletedAt),
    biddingStart: iso(a.biddingStart) ?? '',
    biddingEnd: iso(a.biddingEnd) ?? '',
    resultsAt: iso(a.resultsAt),
    depositPercent: num(a.depositPercent),
    stepPercent: num(a.stepPercent),
    contractDeadlineDays: num(a.contractDeadlineDays),
    terminationReason: str(a.terminationReason),
    failureReason: str(a.failureReason),
    lots: lots.map(lotFromRecord).sort((x, y) => x.number - y.number),
    applications: applications.map(applicationFromRecord),
    bids: bids.map(bidFromRecord),
  };
}

export function auctionRecord(s: AuctionState): Record<string, unknown> {
  return {
    number: s.number,
    status: s.status,
    announcedAt: s.announcedAt,
    applicationStart: s.applicationStart,
    applicationEnd: s.applicationEnd,
    admissionDeadline: s.admissionDeadline,
    admissionCompletedAt: s.admissionCompletedAt,
    biddingStart: s.biddingStart,
    biddingEnd: s.biddingEnd,
    resultsAt: s.resultsAt,
    depositPercent: s.depositPercent,
    stepPercent: s.stepPercent,
    contractDeadlineDays: s.contractDeadlineDays,
    terminationReason: s.terminationReason,
    failureReason: s.failureReason,
  };
}

export function lotRecord(l: LotState, auctionId: string): Record<string, unknown> {
  return {
    auctionId,
    unitId: l.unitId,
    number: l.number,
    startPrice: rubValue(l.startMicros),
    depositAmount: rubValue(l.depositMicros),
    stepAmount: rubValue(l.stepMicros),
    status: l.status,
    winnerId: l.winnerId,
    finalPrice: rubValue(l.finalMicros),
    contractDeadline: l.contractDeadline,
    winnerRefusedAt: l.winnerRefusedAt,
    contractSignedAt: l.contractSignedAt,
  };
}

export function applicationRecord(a: ApplicationState): Record<string, unknown> {
  return {
    lotId: a.lotId,
    applicantId: a.applicantId,
    submittedAt: a.submittedAt,
    depositPaid: rubValue(a.depositPaidMicros),
    depositPaymentRefs: a.depositPaymentIds,
    depositPaidAt: a.depositPaidAt,
    depositStatus: a.depositStatus,
    admission: a.admission,
    rejectionReason: a.rejectionReason,
    refundDueBy: a.refundDueBy,
  };
}

export function bidRecord(b: BidState): Record<string, unknown> {
  return {
    lotId: b.lotId,
    applicationId: b.applicationId,
    amount: rubValue(b.amountMicros),
    placedAt: b.placedAt,
    source: b.source,
  };
}

/** The fields of `after` that differ from `before` (JSON equality); empty when nothing changed. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after))
    if (JSON.stringify(before[k]) !== JSON.stringify(v)) patch[k] = v;
  return patch;
}

/**
 * The unit's change protocol row of a lot's status move: one per lot and status, so the engine
 * repeating a command (or the demo seed running again) writes nothing new.
 */
export function unitChangeRecord(
  e: Extract<Effect, { kind: 'unitStatus' }>,
  auctionNumber: string,
  by: string,
  at: string,
): Record<string, unknown> {
  return {
    id: uuidV5(`auctions:unit-change:${e.lotId}:${e.to}`),
    unitId: e.unitId,
    fieldName: 'status',
    oldValue: e.from ?? '',
    newValue: e.to,
    source: 'AUCTION',
    changedBy: `${by} (аукцион ${auctionNumber})`,
    changedAt: at,
    status: 'APPLIED',
  };
}

/** A stage's protocol: one per auction, stage (and lot, for a lot's outcome). */
export function stageResultRecord(
  e: Extract<Effect, { kind: 'stage' }>,
  auctionId: string,
  by: string,
  at: string,
): Record<string, unknown> {
  const lotKey = typeof e.outcome.lot === 'number' ? `:${e.outcome.lot}` : '';
  return {
    id: uuidV5(`auctions:stage:${auctionId}:${e.stage}${lotKey}`),
    auctionId,
    stage: e.stage,
    summary: e.summary,
    outcome: e.outcome,
    at,
    by,
  };
}
