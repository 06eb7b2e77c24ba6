/**
 * The legal deadlines of an auction as of now: what is due next and what is late (applications
 * closing, the admission protocol, bidding, refunds within the refund period, the winner's
 * contract). The console shows them; the same state the engine acts on.
 */
import { isFinal } from './auction-state';
import type { AuctionState } from './auction-types';
import { endOfMoscowDay } from './calendar';

export interface Deadline {
  what: string;
  due: string;
  late: boolean;
}

export function auctionDeadlines(state: AuctionState, now: Date): Deadline[] {
  const t = now.getTime();
  const out: Deadline[] = [];
  const push = (what: string, due: string | null, done: boolean) => {
    if (!due || done) return;
    out.push({ what, due, late: Date.parse(due) < t });
  };
  if (!isFinal(state.status)) {
    push(
      'Начало приёма заявок',
      state.applicationStart,
      state.status !== 'DRAFT' && state.status !== 'ANNOUNCED',
    );
    push(
      'Окончание приёма заявок',
      state.applicationEnd,
      !['DRAFT', 'ANNOUNCED', 'APPLICATIONS'].includes(state.status),
    );
    push('Протокол допуска', state.admissionDeadline, state.admissionCompletedAt !== null);
    push('Начало торгов', state.biddingStart, state.status === 'BIDDING');
    push('Окончание торгов, итоги', state.biddingEnd, false);
  }
  for (const a of state.applications)
    if (a.depositStatus === 'REFUND_DUE' && a.refundDueBy)
      push(
        `Возврат задатка (заявка от ${a.submittedAt.slice(0, 10).split('-').reverse().join('.')})`,
        endOfMoscowDay(a.refundDueBy).toISOString(),
        false,
      );
  for (const l of state.lots)
    if (l.winnerId && l.contractDeadline && !l.contractSignedAt && !l.winnerRefusedAt)
      push(
        `Подписание договора по лоту ${l.number}`,
        endOfMoscowDay(l.contractDeadline).toISOString(),
        false,
      );
  return out.sort((x, y) => Date.parse(x.due) - Date.parse(y.due));
}
