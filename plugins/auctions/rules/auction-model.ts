/**
 * The auction as a reducer: `applyCommand(state, command, env)` → the next state and its effects,
 * or a refusal with a message (nothing changes). Pure: time comes from env.now, unit statuses
 * from env.units. The engine loads the state, applies a command and writes the effects; the
 * property tests drive it with random command sequences; the seed-scale generator draws auctions
 * through it.
 */

import { AUCTION_STATUS_RU, DEPOSIT_STATUS_RU, LOT_STATUS_RU } from '../vocabulary';
import { unitStatusPhrase } from './auction-plan';
import { type AuctionTransition, isFinal, transition } from './auction-state';
import type {
  ApplicationState,
  AuctionState,
  Command,
  Effect,
  LotState,
  ModelEnv,
  ModelResult,
} from './auction-types';
import { validateBid } from './bids';
import { addDays, endOfMoscowDay, moscowDate, ruDate, ruDateTime } from './calendar';
import { awardLot, failLot, highestBid } from './lot-closing';
import { formatRub } from './money';

/** What became of a lot, as the results task says it. */
const OUTCOME_RU: Record<string, string> = {
  SOLD: 'продан',
  NO_BIDS: 'ставок не было',
  BIDDING: 'допущены к торгам',
  SOLE_PARTICIPANT_CONTRACT: 'договор с единственным участником',
  NO_PARTICIPANTS: 'нет допущенных участников',
  SOLE_PARTICIPANT: 'допущен один участник',
};

type Refusal = Extract<ModelResult, { ok: false }>;
const refuse = (code: string, message: string, field?: string): Refusal =>
  field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };

const ms = (iso: string | null): number => (iso ? Date.parse(iso) : Number.NaN);

function clone(state: AuctionState): AuctionState {
  return {
    ...state,
    lots: state.lots.map((l) => ({ ...l })),
    applications: state.applications.map((a) => ({ ...a, depositPaymentIds: [...a.depositPaymentIds] })),
    bids: state.bids.map((b) => ({ ...b })),
  };
}

function move(state: AuctionState, t: AuctionTransition): Refusal | undefined {
  const r = transition(state.status, t);
  if (!r.ok) return refuse('auction_illegal_transition', `аукцион ${state.number}: ${r.message}`);
  state.status = r.to;
  return undefined;
}

function lotOf(state: AuctionState, lotId: string): LotState | undefined {
  return state.lots.find((l) => l.id === lotId);
}
function appOf(state: AuctionState, id: string): ApplicationState | undefined {
  return state.applications.find((a) => a.id === id);
}

/** Why an application is not admissible: deposit short or late. Undefined = admissible. */
export function admissionProblem(
  app: ApplicationState,
  lot: LotState,
  state: AuctionState,
): string | undefined {
  if (app.depositPaidMicros < lot.depositMicros)
    return `задаток получен не полностью: ${formatRub(app.depositPaidMicros)} из ${formatRub(lot.depositMicros)}`;
  if (!app.depositPaidAt || ms(app.depositPaidAt) > ms(state.applicationEnd))
    return `задаток поступил после окончания приёма заявок (${ruDate(moscowDate(new Date(state.applicationEnd)))})`;
  return undefined;
}

/** Which date-driven step is due now, if any (the job applies it). */
export function dueCommand(state: AuctionState, now: Date): Command | undefined {
  const t = now.getTime();
  switch (state.status) {
    case 'ANNOUNCED':
      return t >= ms(state.applicationStart) ? { type: 'openApplications' } : undefined;
    case 'APPLICATIONS':
      return t >= ms(state.applicationEnd) ? { type: 'closeApplications' } : undefined;
    case 'ADMISSION':
      if (!state.admissionCompletedAt)
        return t >= ms(state.admissionDeadline ?? state.biddingStart) || t >= ms(state.biddingStart)
          ? { type: 'completeAdmission' }
          : undefined;
      return t >= ms(state.biddingStart) ? { type: 'startBidding' } : undefined;
    case 'BIDDING':
      return t >= ms(state.biddingEnd) ? { type: 'completeBidding' } : undefined;
    default:
      return undefined;
  }
}

export function applyCommand(input: AuctionState, command: Command, env: ModelEnv): ModelResult {
  const state = clone(input);
  const now = env.now;
  const at = now.toISOString();
  const { rules } = env;
  const effects: Effect[] = [];
  const stage = (
    s: Extract<Effect, { kind: 'stage' }>['stage'],
    summary: string,
    outcome: Record<string, unknown> = {},
  ) => effects.push({ kind: 'stage', stage: s, summary, outcome: { status: state.status, ...outcome } });

  switch (command.type) {
    case 'announce': {
      const bad = move(state, 'ANNOUNCE');
      if (bad) return bad;
      if (state.lots.length === 0)
        return refuse('auction_no_lots', `в аукционе ${state.number} нет лотов: объявлять нечего`);
      const earliest = addDays(moscowDate(now), rules.minAnnouncementDays, 'CALENDAR', rules.holidays);
      if (moscowDate(new Date(state.biddingStart)) < earliest)
        return refuse(
          'auction_announcement_too_late',
          `торги ${ruDate(moscowDate(new Date(state.biddingStart)))} — меньше чем через ${rules.minAnnouncementDays} дн. после объявления (${ruDate(moscowDate(now))}); перенесите торги на ${ruDate(earliest)} или позже`,
          'biddingStart',
        );
      for (const lot of state.lots) {
        const unit = env.units.get(lot.unitId);
        const label = unit?.label ?? lot.unitId;
        if (!unit)
          return refuse(
            'auction_unit_unknown',
            `лот ${lot.number}: помещения ${label} нет в реестре`,
            'unit',
          );
        if (unit.otherAuction)
          return refuse(
            'auction_unit_in_other_auction',
            `лот ${lot.number}: помещение ${label} уже выставлено на аукцион ${unit.otherAuction.number}`,
            'unit',
          );
        if (unit.status !== 'FREE')
          return refuse(
            'auction_unit_not_free',
            `лот ${lot.number}: помещение ${label} ${unitStatusPhrase(unit.status)}, а на аукцион выставляют только свободные`,
            'unit',
          );
      }
      state.announcedAt = at;
      state.admissionDeadline ??= endOfMoscowDay(
        addDays(
          moscowDate(new Date(state.applicationEnd)),
          rules.admissionWorkingDays,
          'WORKING',
          rules.holidays,
        ),
      ).toISOString();
      for (const lot of state.lots)
        effects.push({
          kind: 'unitStatus',
          unitId: lot.unitId,
          lotId: lot.id,
          from: 'FREE',
          to: 'IN_AUCTION',
        });
      stage('ANNOUNCEMENT', `объявлен, лотов: ${state.lots.length}`, { lots: state.lots.length });
      break;
    }
    case 'openApplications': {
      if (now.getTime() < ms(state.applicationStart) && state.status === 'ANNOUNCED')
        return refuse(
          'auction_too_early',
          `приём заявок открывается ${ruDateTime(state.applicationStart)}, не раньше`,
        );
      const bad = move(state, 'OPEN_APPLICATIONS');
      if (bad) return bad;
      stage('APPLICATIONS_OPENED', 'начат приём заявок');
      break;
    }
    case 'submitApplication': {
      const { application } = command;
      if (appOf(state, application.id)) return { ok: true, state: input, effects: [] };
      const lot = lotOf(state, application.lotId);
      if (!lot) return refuse('auction_lot_unknown', `в аукционе ${state.number} нет такого лота`, 'lot');
      const submittedAt = application.submittedAt ?? at;
      const t = ms(submittedAt);
      if (state.status !== 'APPLICATIONS' || t < ms(state.applicationStart) || t > ms(state.applicationEnd))
        return refuse(
          'auction_application_outside_window',
          `заявки на аукцион ${state.number} принимаются с ${ruDateTime(state.applicationStart)} по ${ruDateTime(state.applicationEnd)} (аукцион сейчас в статусе «${AUCTION_STATUS_RU[state.status]}»); эта заявка от ${ruDateTime(submittedAt)}`,
          'submittedAt',
        );
      if (lot.status !== 'ACTIVE')
        return refuse(
          'auction_lot_closed',
          `лот ${lot.number} уже закрыт (${LOT_STATUS_RU[lot.status]})`,
          'lot',
        );
      if (state.applications.some((a) => a.lotId === lot.id && a.applicantId === application.applicantId))
        return refuse(
          'auction_duplicate_application',
          `этот человек уже подал заявку на лот ${lot.number}`,
          'applicant',
        );
      state.applications.push({
        id: application.id,
        lotId: lot.id,
        applicantId: application.applicantId,
        submittedAt,
        depositPaidMicros: 0,
        depositPaymentIds: [],
        depositPaidAt: null,
        depositStatus: 'AWAITED',
        admission: 'PENDING',
        rejectionReason: null,
        refundDueBy: null,
      });
      break;
    }
    case 'recordDeposit': {
      const app = appOf(state, command.applicationId);
      if (!app)
        return refuse(
          'auction_application_unknown',
          `в аукционе ${state.number} нет такой заявки`,
          'application',
        );
      if (app.depositPaymentIds.includes(command.paymentId)) return { ok: true, state: input, effects: [] };
      const lot = lotOf(state, app.lotId) as LotState;
      if (isFinal(state.status) || state.admissionCompletedAt || app.admission !== 'PENDING')
        return refuse(
          'auction_deposit_closed',
          `аукцион ${state.number} больше не принимает задатки (статус «${AUCTION_STATUS_RU[state.status]}»${state.admissionCompletedAt ? ', допуск решён' : ''}): запишите деньги как «прочий платёж» и верните их`,
          'purpose',
        );
      if (!Number.isInteger(command.amountMicros) || command.amountMicros <= 0)
        return refuse('auction_bad_amount', 'сумма должна быть больше нуля', 'amount');
      const remaining = lot.depositMicros - app.depositPaidMicros;
      if (command.amountMicros > remaining)
        return refuse(
          'auction_deposit_exceeds',
          `задаток по лоту ${lot.number} — ${formatRub(lot.depositMicros)}; осталось внести ${formatRub(remaining)}, а не ${formatRub(command.amountMicros)}`,
          'amount',
        );
      app.depositPaidMicros += command.amountMicros;
      app.depositPaymentIds.push(command.paymentId);
      if (app.depositPaidMicros >= lot.depositMicros) {
        app.depositPaidAt = command.paidAt;
        app.depositStatus = 'RECEIVED';
      }
      effects.push({
        kind: 'deposit',
        applicationId: app.id,
        lotId: lot.id,
        decision: 'RECEIVED',
        amountMicros: command.amountMicros,
      });
      break;
    }
    case 'closeApplications': {
      if (state.status === 'APPLICATIONS' && now.getTime() < ms(state.applicationEnd))
        return refuse(
          'auction_too_early',
          `приём заявок заканчивается ${ruDateTime(state.applicationEnd)}, не раньше`,
        );
      const bad = move(state, 'CLOSE_APPLICATIONS');
      if (bad) return bad;
      stage('APPLICATIONS_CLOSED', `подано заявок: ${state.applications.length}`, {
        applications: state.applications.length,
      });
      break;
    }
    case 'decideApplication': {
      if (state.status !== 'ADMISSION' || state.admissionCompletedAt)
        return refuse(
          'auction_not_in_admission',
          `аукцион ${state.number} в статусе «${AUCTION_STATUS_RU[state.status]}»: о допуске решают на этапе допуска`,
        );
      const app = appOf(state, command.applicationId);
      if (!app)
        return refuse(
          'auction_application_unknown',
          `в аукционе ${state.number} нет такой заявки`,
          'application',
        );
      const lot = lotOf(state, app.lotId) as LotState;
      if (command.decision === 'ADMITTED') {
        const problem = admissionProblem(app, lot, state);
        if (problem) return refuse('auction_not_admissible', `допустить нельзя: ${problem}`, 'admission');
        app.admission = 'ADMITTED';
        app.rejectionReason = null;
      } else {
        const reason = command.reason?.trim();
        if (!reason)
          return refuse('auction_reason_required', 'укажите причину отказа в допуске', 'rejectionReason');
        app.admission = 'REJECTED';
        app.rejectionReason = reason;
      }
      break;
    }
    case 'completeAdmission': {
      if (state.status !== 'ADMISSION' || state.admissionCompletedAt)
        return refuse(
          'auction_not_in_admission',
          `аукцион ${state.number} в статусе «${AUCTION_STATUS_RU[state.status]}»: допуск уже решён или ещё не начат`,
        );
      for (const app of state.applications) {
        if (app.admission !== 'PENDING') continue;
        const problem = admissionProblem(app, lotOf(state, app.lotId) as LotState, state);
        app.admission = problem ? 'REJECTED' : 'ADMITTED';
        app.rejectionReason = problem ?? null;
      }
      // Rejected applicants get their money back now, whatever happens to the lot.
      const due = addDays(moscowDate(now), rules.refundWorkingDays, 'WORKING', rules.holidays);
      for (const app of state.applications)
        if (
          app.admission === 'REJECTED' &&
          app.depositPaidMicros > 0 &&
          (app.depositStatus === 'RECEIVED' || app.depositStatus === 'AWAITED')
        ) {
          app.depositStatus = 'REFUND_DUE';
          app.refundDueBy = due;
          effects.push({
            kind: 'deposit',
            applicationId: app.id,
            lotId: app.lotId,
            decision: 'REFUND_DUE',
            amountMicros: app.depositPaidMicros,
            dueBy: due,
          });
        }
      const perLot: Record<string, unknown>[] = [];
      for (const lot of state.lots) {
        if (lot.status !== 'ACTIVE') continue;
        const admitted = state.applications.filter((a) => a.lotId === lot.id && a.admission === 'ADMITTED');
        if (admitted.length >= rules.minParticipants) {
          perLot.push({ lot: lot.number, admitted: admitted.length, outcome: 'BIDDING' });
          continue;
        }
        lot.status = 'FAILED';
        const sole = admitted.length === 1 ? admitted[0] : undefined;
        if (sole && rules.soleParticipantContract) {
          effects.push(...awardLot(state, lot, sole, lot.startMicros, now, rules));
          perLot.push({ lot: lot.number, admitted: 1, outcome: 'SOLE_PARTICIPANT_CONTRACT' });
        } else {
          effects.push(...failLot(state, lot, now, rules, 'FAILED'));
          perLot.push({
            lot: lot.number,
            admitted: admitted.length,
            outcome: admitted.length === 0 ? 'NO_PARTICIPANTS' : 'SOLE_PARTICIPANT',
          });
        }
      }
      state.admissionCompletedAt = at;
      const admittedCount = state.applications.filter((a) => a.admission === 'ADMITTED').length;
      stage(
        'ADMISSION',
        `допущено: ${admittedCount}, отказано: ${state.applications.length - admittedCount}`,
        {
          lots: perLot,
          applications: state.applications.map((a) => ({
            id: a.id,
            admission: a.admission,
            reason: a.rejectionReason,
          })),
        },
      );
      if (state.lots.every((l) => l.status !== 'ACTIVE')) {
        const bad = move(state, 'FAIL');
        if (bad) return bad;
        state.resultsAt = at;
        state.failureReason = perLot.every((p) => p.outcome === 'NO_PARTICIPANTS')
          ? 'нет допущенных участников'
          : `допущено меньше ${rules.minParticipants} участников`;
        stage('FAILURE', state.failureReason, { lots: perLot });
        effects.push({
          kind: 'notify',
          title: `Аукцион ${state.number} не состоялся`,
          body: state.failureReason,
        });
      }
      break;
    }
    case 'startBidding': {
      if (state.status === 'ADMISSION' && !state.admissionCompletedAt)
        return refuse(
          'auction_admission_pending',
          `аукцион ${state.number}: сначала подпишите протокол допуска, потом начинайте торги`,
        );
      const bad = move(state, 'START_BIDDING');
      if (bad) return bad;
      break;
    }
    case 'placeBid': {
      const { bid } = command;
      if (state.bids.some((b) => b.id === bid.id)) return { ok: true, state: input, effects: [] };
      const problem = validateBid(state, bid);
      if (problem) return refuse(problem.code, problem.message, problem.field);
      state.bids.push({ ...bid });
      break;
    }
    case 'completeBidding': {
      if (state.status === 'BIDDING' && now.getTime() < ms(state.biddingEnd))
        return refuse('auction_too_early', `торги заканчиваются ${ruDateTime(state.biddingEnd)}, не раньше`);
      if (state.status !== 'BIDDING') {
        const r = transition(state.status, 'COMPLETE');
        return refuse('auction_illegal_transition', `аукцион ${state.number}: ${r.ok ? '' : r.message}`);
      }
      const perLot: Record<string, unknown>[] = [];
      for (const lot of state.lots) {
        if (lot.status !== 'ACTIVE') continue;
        const best = highestBid(state.bids, lot.id);
        const winner = best ? appOf(state, best.applicationId) : undefined;
        if (best && winner) {
          lot.status = 'SOLD';
          effects.push(...awardLot(state, lot, winner, best.amountMicros, now, rules));
          perLot.push({
            lot: lot.number,
            outcome: 'SOLD',
            price: best.amountMicros,
            winner: winner.id,
            bids: state.bids.filter((b) => b.lotId === lot.id).length,
          });
        } else {
          effects.push(...failLot(state, lot, now, rules, 'FAILED'));
          perLot.push({ lot: lot.number, outcome: 'NO_BIDS' });
        }
      }
      const sold = state.lots.some((l) => l.status === 'SOLD');
      const bad = move(state, sold ? 'COMPLETE' : 'FAIL');
      if (bad) return bad;
      state.resultsAt = at;
      if (!sold) state.failureReason = 'ставок не было';
      stage(
        sold ? 'RESULTS' : 'FAILURE',
        sold ? 'итоги подведены, победители определены' : 'не состоялся: ставок не было',
        {
          lots: perLot,
        },
      );
      effects.push({
        kind: 'notify',
        title: sold ? `Аукцион ${state.number}: итоги подведены` : `Аукцион ${state.number} не состоялся`,
        body: perLot
          .map((p) => `лот ${String(p.lot)}: ${OUTCOME_RU[String(p.outcome)] ?? String(p.outcome)}`)
          .join('\n'),
      });
      break;
    }
    case 'terminate': {
      const reason = command.reason.trim();
      if (!reason)
        return refuse('auction_reason_required', 'укажите причину прекращения', 'terminationReason');
      const bad = move(state, 'TERMINATE');
      if (bad) return bad;
      state.terminationReason = reason;
      state.resultsAt = at;
      for (const lot of state.lots)
        if (lot.status === 'ACTIVE') effects.push(...failLot(state, lot, now, rules, 'TERMINATED'));
      stage('TERMINATION', `прекращён досрочно: ${reason}`, { reason });
      effects.push({ kind: 'notify', title: `Аукцион ${state.number} прекращён`, body: reason });
      break;
    }
    case 'cancel': {
      const bad = move(state, 'CANCEL');
      if (bad) return bad;
      for (const lot of state.lots) lot.status = 'TERMINATED';
      stage('CANCELLATION', 'отменён до объявления');
      break;
    }
    case 'winnerRefuses': {
      const lot = lotOf(state, command.lotId);
      if (!lot) return refuse('auction_lot_unknown', `в аукционе ${state.number} нет такого лота`, 'lot');
      const winner = lot.winnerId ? appOf(state, lot.winnerId) : undefined;
      if (!winner || lot.contractSignedAt || lot.winnerRefusedAt)
        return refuse(
          'auction_no_pending_winner',
          `у лота ${lot.number} нет победителя, ожидающего договора${lot.contractSignedAt ? ' (договор уже подписан)' : lot.winnerRefusedAt ? ' (победитель уже отказался)' : ''}`,
          'lot',
        );
      lot.winnerRefusedAt = at;
      lot.status = 'FAILED';
      winner.depositStatus = 'RETAINED';
      effects.push(
        {
          kind: 'deposit',
          applicationId: winner.id,
          lotId: lot.id,
          decision: 'RETAINED',
          amountMicros: winner.depositPaidMicros,
        },
        { kind: 'unitStatus', unitId: lot.unitId, lotId: lot.id, from: 'BOOKED', to: 'FREE' },
      );
      stage('WINNER_REFUSED', `лот ${lot.number}: победитель не подписал договор, задаток удержан`, {
        lot: lot.number,
        retained: winner.depositPaidMicros,
      });
      effects.push({
        kind: 'notify',
        title: `Аукцион ${state.number}, лот ${lot.number}: победитель отказался`,
        body: `Задаток ${formatRub(winner.depositPaidMicros)} удержан; помещение свободно.`,
      });
      break;
    }
    case 'contractSigned': {
      const lot = lotOf(state, command.lotId);
      if (!lot?.winnerId || lot.winnerRefusedAt)
        return refuse(
          'auction_no_pending_winner',
          `у лота ${lot?.number ?? ''} нет победителя, ожидающего договора`,
          'lot',
        );
      if (lot.contractSignedAt) return { ok: true, state: input, effects: [] };
      lot.contractSignedAt = at;
      effects.push({ kind: 'unitStatus', unitId: lot.unitId, lotId: lot.id, from: 'BOOKED', to: 'SOLD' });
      break;
    }
    case 'refundSettled': {
      const app = appOf(state, command.applicationId);
      if (!app)
        return refuse(
          'auction_application_unknown',
          `в аукционе ${state.number} нет такой заявки`,
          'application',
        );
      if (app.depositStatus === 'REFUNDED') return { ok: true, state: input, effects: [] };
      if (app.depositStatus !== 'REFUND_DUE')
        return refuse(
          'auction_no_refund_due',
          `по этой заявке возврат не положен (задаток: ${DEPOSIT_STATUS_RU[app.depositStatus]})`,
          'application',
        );
      app.depositStatus = 'REFUNDED';
      effects.push({
        kind: 'deposit',
        applicationId: app.id,
        lotId: app.lotId,
        decision: 'REFUNDED',
        amountMicros: app.depositPaidMicros,
      });
      break;
    }
    default: {
      const never: never = command;
      return refuse('auction_unknown_command', `неизвестная команда ${JSON.stringify(never)}`);
    }
  }
  return { ok: true, state, effects };
}
