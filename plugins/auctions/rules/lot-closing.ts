/**
 * What closing a lot decides (domain.md): the winner's deposit is credited to the price, the
 * other participants' deposits are due back within the refund period, a sole admitted
 * participant may get the contract at the start price (a setting), and the unit follows —
 * BOOKED for a winner until the contract is signed, FREE when nobody wins.
 */
import type { AuctionRules } from './auction-rules';
import type { ApplicationState, AuctionState, BidState, Effect, LotState } from './auction-types';
import { addDays, moscowDate } from './calendar';

export function highestBid(bids: readonly BidState[], lotId: string): BidState | undefined {
  let best: BidState | undefined;
  for (const b of bids) if (b.lotId === lotId && (!best || b.amountMicros > best.amountMicros)) best = b;
  return best;
}

/** The day refunds decided at `at` are due. */
export function refundDueBy(at: Date, rules: AuctionRules): string {
  return addDays(moscowDate(at), rules.refundWorkingDays, 'WORKING', rules.holidays);
}

/** The planned contract date: the deadline after the results protocol (working or calendar days). */
export function contractDeadline(resultsAt: Date, days: number, rules: AuctionRules): string {
  return addDays(moscowDate(resultsAt), days, rules.contractDeadlineDayKind, rules.holidays);
}

/** Every deposit received on a lot, except the winner's, becomes due back. Mutates `apps`. */
export function refundDeposits(
  apps: ApplicationState[],
  lotId: string,
  at: Date,
  rules: AuctionRules,
  keep: string | null,
): Effect[] {
  const effects: Effect[] = [];
  const due = refundDueBy(at, rules);
  for (const a of apps) {
    if (a.lotId !== lotId || a.id === keep) continue;
    if (a.depositPaidMicros <= 0 || (a.depositStatus !== 'RECEIVED' && a.depositStatus !== 'AWAITED'))
      continue;
    a.depositStatus = 'REFUND_DUE';
    a.refundDueBy = due;
    effects.push({
      kind: 'deposit',
      applicationId: a.id,
      lotId,
      decision: 'REFUND_DUE',
      amountMicros: a.depositPaidMicros,
      dueBy: due,
    });
  }
  return effects;
}

/** The lot goes to `winner` at `priceMicros`: deposit credited, unit booked, contract planned. Mutates. */
export function awardLot(
  state: AuctionState,
  lot: LotState,
  winner: ApplicationState,
  priceMicros: number,
  at: Date,
  rules: AuctionRules,
): Effect[] {
  const deadline = contractDeadline(at, state.contractDeadlineDays ?? rules.contractDeadlineDays, rules);
  lot.winnerId = winner.id;
  lot.finalMicros = priceMicros;
  lot.contractDeadline = deadline;
  winner.depositStatus = 'CREDITED';
  const effects: Effect[] = [
    {
      kind: 'deposit',
      applicationId: winner.id,
      lotId: lot.id,
      decision: 'CREDITED',
      amountMicros: winner.depositPaidMicros,
    },
    ...refundDeposits(state.applications, lot.id, at, rules, winner.id),
    { kind: 'unitStatus', unitId: lot.unitId, lotId: lot.id, from: 'IN_AUCTION', to: 'BOOKED' },
    {
      kind: 'contract',
      lotId: lot.id,
      applicationId: winner.id,
      unitId: lot.unitId,
      applicantId: winner.applicantId,
      priceMicros,
      creditedMicros: winner.depositPaidMicros,
      plannedDate: deadline,
    },
  ];
  return effects;
}

/** Nobody gets the lot: deposits refunded, unit FREE. Mutates. */
export function failLot(
  state: AuctionState,
  lot: LotState,
  at: Date,
  rules: AuctionRules,
  status: 'FAILED' | 'TERMINATED',
): Effect[] {
  lot.status = status;
  return [
    ...refundDeposits(state.applications, lot.id, at, rules, null),
    { kind: 'unitStatus', unitId: lot.unitId, lotId: lot.id, from: 'IN_AUCTION', to: 'FREE' },
  ];
}
