/**
 * Records of the provisional auction objects (seed-scale-shapes.ts): auction,
 * lot, auctionApplication, bid, contract, payment. Child ids are keyed by
 * (auction index, position in the auction), so every generator finds its
 * parents' ids without holding them.
 */
import { DEFAULT_AUCTION_RULES } from '../../plugins/auctions/index';
import { type AuctionDetail, describeAuction } from './auction-detail';
import { type AuctionPlan, auctionStatus } from './auction-plan';
import { PLATFORMS } from './names';
import { SEED_SCALE_AS_OF_MS } from './registry-plan';
import { agencyCompanyId, type SeedContext, seedId } from './registry-records';
import { DAY_MS, iso, isoDate, rub, systemFields } from './rest';
import type {
  AuctionApplicationRecord,
  AuctionRecord,
  BidRecord,
  ContractRecord,
  ContractStatus,
  LotRecord,
  PaymentRecord,
  PaymentStatus,
} from './shapes';

const HOUR_MS = 3_600_000;
const KIND_LABEL = {
  DEPOSIT: 'Задаток',
  REFUND: 'Возврат задатка',
  CREDIT: 'Зачёт задатка',
  INSTALLMENT: 'Платёж по договору',
};

/** The end of the day's business, or now for an auction that changed today. */
const lastChangeMs = (plan: AuctionPlan) =>
  Math.min(plan.endDay * DAY_MS + 15 * HOUR_MS, SEED_SCALE_AS_OF_MS);
const auctionNumber = (plan: AuctionPlan) =>
  `А-${new Date(plan.announcementDay * DAY_MS).getUTCFullYear()}-${String(plan.index + 1).padStart(6, '0')}`;
const applicationId = (seed: number, auction: number, k: number) =>
  seedId(seed, 'auctionApplication', `${auction}:${k}`);
const contractNumber = (plan: AuctionPlan) =>
  `ДКП-${new Date(plan.endDay * DAY_MS).getUTCFullYear()}/${String(plan.contractIndex + 1).padStart(5, '0')}`;

/** Each auction with its detail, in auction order. */
function* detailed(ctx: SeedContext): Generator<[AuctionPlan, AuctionDetail]> {
  for (const plan of ctx.auctions.auctions) yield [plan, describeAuction(ctx.seed, ctx.counts, plan)];
}

export function* auctionRecords(ctx: SeedContext): Generator<AuctionRecord> {
  for (const [plan, d] of detailed(ctx)) {
    const status = auctionStatus(plan.outcome);
    const number = auctionNumber(plan);
    yield Object.assign(
      systemFields(
        ctx.id('auction', plan.index),
        (plan.announcementDay - 1) * DAY_MS + 9 * HOUR_MS,
        lastChangeMs(plan),
        plan.index,
      ),
      {
        name: `Аукцион ${number}`,
        number,
        status,
        announcementDate: iso(plan.announcementDay * DAY_MS + 7 * HOUR_MS),
        applicationsCloseDate: iso(plan.closeDay * DAY_MS + 15 * HOUR_MS),
        biddingDate: iso(plan.biddingDay * DAY_MS + 7 * HOUR_MS),
        resultsDate:
          status === 'COMPLETED' || status === 'FAILED' ? iso(plan.endDay * DAY_MS + 12 * HOUR_MS) : null,
        failureReason: d.failureReason,
        cancellationReason: status === 'CANCELLED' ? 'Досрочное прекращение: решение организатора' : null,
        platform: PLATFORMS[d.platform],
        responsibleId: ctx.id('workspaceMember', d.responsibleMember),
      },
    );
  }
}

export function* lotRecords(ctx: SeedContext): Generator<LotRecord> {
  const { seed, registry } = ctx;
  for (const [plan, d] of detailed(ctx)) {
    const unit = registry.units[plan.unitIndex];
    const winner = d.winner >= 0 ? d.applications[d.winner] : undefined;
    yield Object.assign(
      systemFields(
        ctx.id('lot', plan.index),
        (plan.announcementDay - 1) * DAY_MS + 9 * HOUR_MS,
        lastChangeMs(plan),
        plan.index,
      ),
      {
        name: `Лот 1 · ${unit.kind === 'FLAT' ? 'Квартира' : 'Помещение'} ${unit.number}`,
        auctionId: ctx.id('auction', plan.index),
        unitId: ctx.id('unit', plan.unitIndex),
        number: 1,
        startPrice: rub(plan.startPriceRub),
        depositPercent: d.depositPercent,
        depositAmount: rub(d.depositRub),
        bidStepPercent: DEFAULT_AUCTION_RULES.stepPercent,
        bidStep: rub(d.stepRub),
        finalPrice: d.finalPriceRub >= 0 ? rub(d.finalPriceRub) : { amountMicros: null, currencyCode: 'RUB' },
        winnerApplicationId: winner ? applicationId(seed, plan.index, d.winner) : null,
        winnerId: winner ? ctx.id('person', winner.personIndex) : null,
      },
    );
  }
}

export function* applicationRecords(ctx: SeedContext): Generator<AuctionApplicationRecord> {
  const { seed } = ctx;
  let position = 0;
  for (const [plan, d] of detailed(ctx)) {
    const number = auctionNumber(plan);
    for (const [k, app] of d.applications.entries()) {
      yield Object.assign(
        systemFields(applicationId(seed, plan.index, k), app.submittedMs, app.updatedMs, position++),
        {
          name: `Заявка ${k + 1} · ${number}`,
          auctionId: ctx.id('auction', plan.index),
          lotId: ctx.id('lot', plan.index),
          applicantId: ctx.id('person', app.personIndex),
          agencyId: app.agencyIndex >= 0 ? agencyCompanyId(ctx, app.agencyIndex) : null,
          number: k + 1,
          submittedAt: iso(app.submittedMs),
          status: app.status,
          rejectionReason: app.rejectionReason,
          isWinner: k === d.winner,
          depositAmount: rub(d.depositRub),
          depositStatus: app.depositStatus,
          depositReceivedAt: app.depositReceivedMs >= 0 ? iso(app.depositReceivedMs) : null,
        },
      );
    }
  }
}

export function* bidRecords(ctx: SeedContext): Generator<BidRecord> {
  const { seed } = ctx;
  let position = 0;
  for (const [plan, d] of detailed(ctx)) {
    const appIds = d.applications.map((_, k) => applicationId(seed, plan.index, k));
    for (const [s, bid] of d.bids.entries()) {
      const app = d.applications[bid.application];
      yield Object.assign(
        systemFields(seedId(seed, 'bid', `${plan.index}:${s}`), bid.placedMs, bid.placedMs, position++),
        {
          name: `Шаг ${s + 1}`,
          auctionId: ctx.id('auction', plan.index),
          lotId: ctx.id('lot', plan.index),
          applicationId: appIds[bid.application],
          bidderId: ctx.id('person', app.personIndex),
          stepNumber: s + 1,
          // Ascending by exactly one step: the s-th bid offers start + s × step.
          amount: rub(plan.startPriceRub + (s + 1) * d.stepRub),
          placedAt: iso(bid.placedMs),
        },
      );
    }
  }
}

export function* contractRecords(ctx: SeedContext): Generator<ContractRecord> {
  const { seed, auctions } = ctx;
  for (const a of auctions.contractAuctions) {
    const plan = auctions.auctions[a];
    const d = describeAuction(seed, ctx.counts, plan);
    const contract = d.contract;
    if (!contract) throw new Error(`auction ${plan.index} is planned with a contract but describes none`);
    const winner = d.applications[d.winner];
    const createdMs = plan.endDay * DAY_MS + 13 * HOUR_MS;
    yield Object.assign(
      systemFields(
        ctx.id('contract', plan.contractIndex),
        createdMs,
        contract.signedMs >= 0 ? contract.signedMs : createdMs,
        plan.contractIndex,
      ),
      {
        name: `Договор ${contractNumber(plan)}`,
        number: contractNumber(plan),
        status: (contract.signedMs >= 0 ? 'SIGNED' : 'DRAFT') as ContractStatus,
        unitId: ctx.id('unit', plan.unitIndex),
        auctionId: ctx.id('auction', plan.index),
        lotId: ctx.id('lot', plan.index),
        applicationId: applicationId(seed, plan.index, d.winner),
        buyerId: ctx.id('person', winner.personIndex),
        price: rub(d.finalPriceRub),
        depositCredited: rub(contract.signedMs >= 0 ? d.depositRub : 0),
        paymentScheme: (contract.installments > 1
          ? 'INSTALLMENT'
          : 'FULL') as ContractRecord['paymentScheme'],
        signingDeadline: isoDate(contract.deadlineDay * DAY_MS),
        signedAt: contract.signedMs >= 0 ? iso(contract.signedMs) : null,
      },
    );
  }
}

export function* paymentRecords(ctx: SeedContext): Generator<PaymentRecord> {
  const { seed } = ctx;
  let position = 0;
  for (const [plan, d] of detailed(ctx)) {
    const number = auctionNumber(plan);
    const appIds = d.applications.map((_, k) => applicationId(seed, plan.index, k));
    for (const [k, p] of d.payments.entries()) {
      const app = p.application >= 0 ? d.applications[p.application] : d.applications[d.winner];
      // A planned payment was scheduled when the contract was signed, or (a refund) when the auction ended.
      const scheduledMs =
        d.contract && d.contract.signedMs >= 0 ? d.contract.signedMs : plan.endDay * DAY_MS + 16 * HOUR_MS;
      const createdMs = p.paidMs >= 0 ? p.paidMs : Math.min(p.dueMs, scheduledMs);
      yield Object.assign(
        systemFields(seedId(seed, 'payment', `${plan.index}:${k}`), createdMs, createdMs, position++),
        {
          name: `${KIND_LABEL[p.kind]} · ${number}`,
          kind: p.kind,
          status: (p.paidMs >= 0 ? 'PAID' : 'PLANNED') as PaymentStatus,
          amount: rub(p.amountRub),
          dueDate: isoDate(p.dueMs),
          paidAt: p.paidMs >= 0 ? iso(p.paidMs) : null,
          payerId: ctx.id('person', app.personIndex),
          auctionId: ctx.id('auction', plan.index),
          applicationId: p.application >= 0 ? appIds[p.application] : null,
          contractId: p.contract ? ctx.id('contract', plan.contractIndex) : null,
        },
      );
    }
  }
}

/** How many applications, bids and payments the plan implies (one pass, nothing kept). */
export function countAuctionChildren(ctx: SeedContext): {
  auctionApplication: number;
  bid: number;
  payment: number;
} {
  const out = { auctionApplication: 0, bid: 0, payment: 0 };
  for (const [, d] of detailed(ctx)) {
    out.auctionApplication += d.applications.length;
    out.bid += d.bids.length;
    out.payment += d.payments.length;
  }
  return out;
}
