/**
 * One auction in full — its applications, bids, deposit movements and
 * contract — derived from its plan alone (its own random stream), so the
 * bid, application and payment generators can each walk the auctions
 * independently and agree. Amounts are whole rubles; times are epoch ms.
 */
import { DEFAULT_AUCTION_RULES, lotTerms, MICROS_PER_RUB } from '../../plugins/auctions/index';
import { AS_OF_DAY, type AuctionPlan, isRunning } from './auction-plan';
import { createRng, type Rng } from './random';
import type { PlannedCounts } from './registry-plan';
import { SEED_SCALE_AS_OF_MS } from './registry-plan';
import { DAY_MS } from './rest';
import {
  type ApplicationStatus,
  type AuctionFailureReason,
  CONTRACT_DEADLINE_DAYS,
  type DepositStatus,
  type PaymentKind,
  REFUND_WITHIN_DAYS,
} from './shapes';

export interface ApplicationDetail {
  personIndex: number;
  agencyIndex: number;
  submittedMs: number;
  status: ApplicationStatus;
  rejectionReason: string | null;
  depositStatus: DepositStatus;
  depositReceivedMs: number;
  updatedMs: number;
}

export interface BidDetail {
  application: number;
  placedMs: number;
}

export interface PaymentDetail {
  kind: PaymentKind;
  amountRub: number;
  dueMs: number;
  paidMs: number;
  application: number;
  contract: boolean;
}

export interface AuctionDetail {
  depositPercent: number;
  depositRub: number;
  stepRub: number;
  finalPriceRub: number;
  winner: number;
  failureReason: AuctionFailureReason | null;
  applications: ApplicationDetail[];
  bids: BidDetail[];
  payments: PaymentDetail[];
  contract: { signedMs: number; deadlineDay: number; installments: number } | null;
  responsibleMember: number;
  platform: number;
}

const REJECT_NO_DEPOSIT = 'Задаток не поступил в установленный срок';
const REJECT_DOCUMENTS = 'Неполный комплект документов';
/** Moscow business hours in UTC: 09:00–18:00 MSK. */
const OPEN_MS = 6 * 3_600_000;
const dayMs = (day: number) => day * DAY_MS;
const at = (day: number, rng: Rng) => dayMs(day) + OPEN_MS + rng.int(0, 9 * 60 - 1) * 60_000;

export function describeAuction(seed: number, counts: PlannedCounts, plan: AuctionPlan): AuctionDetail {
  const rng = createRng(seed, 'auction', plan.index);
  const start = plan.startPriceRub;
  // The auctions plugin's own deposit and step rule (domain.md), not a copy of it.
  const terms = lotTerms(start * MICROS_PER_RUB, DEFAULT_AUCTION_RULES);
  const detail: AuctionDetail = {
    depositPercent: terms.depositPercent,
    depositRub: terms.depositMicros / MICROS_PER_RUB,
    stepRub: terms.stepMicros / MICROS_PER_RUB,
    finalPriceRub: -1,
    winner: -1,
    failureReason: null,
    applications: [],
    bids: [],
    payments: [],
    contract: null,
    responsibleMember: rng.int(0, counts.workspaceMember - 1),
    platform: rng.int(0, 3),
  };
  const people = new Set<number>();
  const admissionDay = plan.closeDay + rng.int(1, 5);
  const addApplication = (
    status: ApplicationStatus,
    paysDeposit: boolean,
    rejectionReason: string | null = null,
  ) => {
    let person = rng.int(0, counts.person - 1);
    // One person applies once per auction (unless the scale has fewer people than applications).
    while (people.has(person) && people.size < counts.person) person = (person + 1) % counts.person;
    people.add(person);
    // Applications open two days after the announcement and close the day before closeDay.
    const lastDay = Math.min(
      plan.closeDay - 1,
      AS_OF_DAY,
      plan.outcome === 'CANCELLED' ? plan.endDay - 1 : AS_OF_DAY,
    );
    const firstDay = Math.min(plan.announcementDay + 2, lastDay);
    const submittedMs = Math.min(at(rng.int(firstDay, lastDay), rng), SEED_SCALE_AS_OF_MS - 3_600_000);
    const receivedMs = paysDeposit ? submittedMs + rng.int(1, 48) * 3_600_000 : -1;
    const received = receivedMs > 0 && receivedMs <= SEED_SCALE_AS_OF_MS;
    const decided = status === 'ADMITTED' || status === 'REJECTED';
    detail.applications.push({
      personIndex: person,
      agencyIndex: rng.chance(0.4) ? rng.int(0, counts.agency - 1) : -1,
      submittedMs,
      status,
      rejectionReason,
      depositStatus: received ? 'RECEIVED' : isRunning(plan.outcome) ? 'PENDING' : 'NOT_RECEIVED',
      depositReceivedMs: received ? receivedMs : -1,
      updatedMs: Math.max(submittedMs, received ? receivedMs : 0, decided ? at(admissionDay, rng) : 0),
    });
  };
  const refund = (application: number, fromDay: number) => {
    const app = detail.applications[application];
    if (app.depositReceivedMs < 0) return;
    const dueMs = at(fromDay + rng.int(1, REFUND_WITHIN_DAYS), rng);
    const paid = dueMs <= SEED_SCALE_AS_OF_MS;
    app.depositStatus = paid ? 'REFUNDED' : 'RECEIVED';
    if (paid) app.updatedMs = Math.max(app.updatedMs, dueMs);
    detail.payments.push({
      kind: 'REFUND',
      amountRub: detail.depositRub,
      dueMs,
      paidMs: paid ? dueMs : -1,
      application,
      contract: false,
    });
  };
  const addRejectedAndWithdrawn = () => {
    for (
      let r = rng.weighted([
        [0, 0.6],
        [1, 0.3],
        [2, 0.1],
      ] as const);
      r > 0;
      r--
    ) {
      const noDeposit = rng.chance(0.5);
      addApplication('REJECTED', !noDeposit, noDeposit ? REJECT_NO_DEPOSIT : REJECT_DOCUMENTS);
    }
    if (rng.chance(0.12)) addApplication('WITHDRAWN', rng.chance(0.7));
  };

  switch (plan.outcome) {
    case 'CONTRACT':
    case 'WINNER_REFUSED':
    case 'BIDDING': {
      const admitted = rng.weighted([
        [2, 0.35],
        [3, 0.3],
        [4, 0.2],
        [5, 0.1],
        [6, 0.05],
      ] as const);
      for (let k = 0; k < admitted; k++) addApplication('ADMITTED', true);
      addRejectedAndWithdrawn();
      const steps =
        plan.outcome === 'BIDDING'
          ? rng.int(0, 4)
          : rng.weighted([
              [1, 0.2],
              [2, 0.2],
              [3, 0.15],
              [5, 0.15],
              [8, 0.15],
              [13, 0.15],
            ] as const);
      let bidder = -1;
      // Bidding opens at 10:00 Moscow time.
      let placedMs = dayMs(plan.biddingDay) + 7 * 3_600_000;
      for (let s = 1; s <= steps; s++) {
        let next = rng.int(0, admitted - 1);
        if (next === bidder) next = (next + 1) % admitted;
        bidder = next;
        placedMs += rng.int(1, 9) * 60_000;
        detail.bids.push({ application: bidder, placedMs });
      }
      if (plan.outcome === 'BIDDING') break;
      detail.winner = bidder;
      detail.finalPriceRub = start + steps * detail.stepRub;
      break;
    }
    case 'FAILED': {
      if (rng.chance(0.55)) {
        detail.failureReason = 'NO_APPLICATIONS';
        break;
      }
      detail.failureReason = 'SINGLE_PARTICIPANT';
      addApplication('ADMITTED', true);
      addRejectedAndWithdrawn();
      break;
    }
    case 'CANCELLED': {
      for (let k = rng.int(0, 3); k > 0; k--)
        addApplication(plan.endDay > plan.closeDay + 5 ? 'ADMITTED' : 'SUBMITTED', true);
      break;
    }
    case 'ANNOUNCED':
      break;
    case 'APPLICATIONS_OPEN':
    case 'ADMISSION': {
      const min = plan.outcome === 'ADMISSION' ? 1 : 0;
      for (let k = rng.int(min, min + 4); k > 0; k--) addApplication('SUBMITTED', rng.chance(0.9));
      break;
    }
    default: {
      const never: never = plan.outcome;
      throw new Error(`unknown auction outcome ${String(never)}`);
    }
  }

  // Deposits in, in the order they arrived.
  for (const [i, app] of detail.applications.entries()) {
    if (app.depositReceivedMs < 0) continue;
    detail.payments.push({
      kind: 'DEPOSIT',
      amountRub: detail.depositRub,
      dueMs: app.depositReceivedMs,
      paidMs: app.depositReceivedMs,
      application: i,
      contract: false,
    });
  }
  if (isRunning(plan.outcome)) return detail;

  // Deposits out: rejected and withdrawn applicants after admission, everyone else after the end.
  for (const [i, app] of detail.applications.entries()) {
    if (i === detail.winner) continue;
    refund(
      i,
      app.status === 'REJECTED' || app.status === 'WITHDRAWN'
        ? Math.min(admissionDay, plan.endDay)
        : plan.endDay,
    );
  }
  if (detail.winner >= 0) settleWinner(detail, plan, rng);
  return detail;
}

function settleWinner(detail: AuctionDetail, plan: AuctionPlan, rng: Rng): void {
  const winner = detail.applications[detail.winner];
  if (plan.outcome === 'WINNER_REFUSED') {
    winner.depositStatus = 'RETAINED';
    winner.updatedMs = Math.max(winner.updatedMs, dayMs(plan.endDay + CONTRACT_DEADLINE_DAYS + 1));
    return;
  }
  const installments = plan.contractDraft ? 0 : rng.chance(0.45) ? 1 : rng.int(2, 6);
  const signedMs = plan.contractDraft ? -1 : at(plan.signedDay, rng);
  detail.contract = { signedMs, deadlineDay: plan.endDay + CONTRACT_DEADLINE_DAYS, installments };
  if (plan.contractDraft) return;
  // The winner's deposit is credited to the price; the rest is paid in installments, monthly.
  winner.depositStatus = 'CREDITED';
  winner.updatedMs = Math.max(winner.updatedMs, signedMs);
  detail.payments.push({
    kind: 'CREDIT',
    amountRub: detail.depositRub,
    dueMs: signedMs,
    paidMs: signedMs,
    application: detail.winner,
    contract: true,
  });
  const rest = detail.finalPriceRub - detail.depositRub;
  const share = Math.floor(rest / installments);
  for (let k = 0; k < installments; k++) {
    const dueMs = at(plan.signedDay + 10 + 30 * k, rng);
    const paidMs = dueMs - rng.int(0, 3) * DAY_MS;
    detail.payments.push({
      kind: 'INSTALLMENT',
      amountRub: k === installments - 1 ? rest - share * (installments - 1) : share,
      dueMs,
      paidMs: paidMs <= SEED_SCALE_AS_OF_MS ? paidMs : -1,
      application: -1,
      contract: true,
    });
  }
}
