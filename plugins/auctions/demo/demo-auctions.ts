/**
 * The demo auctions (`realty seed-demo`): one per state and outcome — sold, failed with no
 * participant, failed with a sole participant (contract at the start price), terminated, winner
 * refused, and running ones in BIDDING, ADMISSION, APPLICATIONS, ANNOUNCED, plus a DRAFT and a
 * CANCELLED, and one sold whose contract is signed — each played through the auction rules on a clock set to its own history, with
 * applications, deposits paid, bids, stage protocols and the journal. Pure: the seed writes the
 * result in batches.
 */
import { uuidV5 } from '../../core/plugin/index';
import { buildDemoRegistry } from '../../registry/index';
import { applyCommand } from '../rules/auction-model';
import { planAuction } from '../rules/auction-plan';
import { type AuctionRules, DEFAULT_AUCTION_RULES } from '../rules/auction-rules';
import type { AuctionState, Command, Effect } from '../rules/auction-types';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface DemoUnit {
  id: string;
  priceMicros: number;
}

export interface DemoPayment {
  id: string;
  bankReference: string;
  applicationId: string;
  lotId: string;
  payerId: string;
  amountMicros: number;
  paidAt: string;
}

export interface DemoAuction {
  state: AuctionState;
  platform: string;
  procedureNumber: string;
  effects: { at: string; effect: Effect }[];
  payments: DemoPayment[];
}

type Step = { at: number; command: Command } | { at: number; pay: { app: number; fraction?: number } };

interface Scenario {
  key: string;
  /** Days from now to the bidding start (negative: in the past). */
  biddingInDays: number;
  applicants: number;
  steps: (ctx: {
    t: (days: number, hours?: number) => number;
    app: (i: number) => string;
    lot: string;
  }) => Step[];
}

const pay = (at: number, app: number, fraction = 1): Step => ({ at, pay: { app, fraction } });
const cmd = (at: number, command: Command): Step => ({ at, command });

// Dates: applications open 40 days before bidding and close 10 days before it.
const common = (
  t: (d: number, h?: number) => number,
  app: (i: number) => string,
  lot: string,
  n: number,
  paid: number[],
): Step[] => [
  cmd(t(-45), { type: 'announce' }),
  cmd(t(-40), { type: 'openApplications' }),
  ...Array.from({ length: n }, (_, i) =>
    cmd(t(-38 + i), {
      type: 'submitApplication',
      application: { id: app(i), lotId: lot, applicantId: `person:${i}` },
    }),
  ),
  ...paid.map((i) => pay(t(-30 + i), i)),
];

export const DEMO_SCENARIOS: Scenario[] = [
  {
    key: 'sold',
    biddingInDays: -20,
    applicants: 3,
    steps: ({ t, app, lot }) => [
      ...common(t, app, lot, 3, [0, 1, 2]),
      cmd(t(-10), { type: 'closeApplications' }),
      cmd(t(-8), { type: 'completeAdmission' }),
      cmd(t(0, 0.1), { type: 'startBidding' }),
      cmd(t(0, 0.2), {
        type: 'placeBid',
        bid: {
          id: `${app(0)}:b1`,
          lotId: lot,
          applicationId: app(0),
          amountMicros: 0,
          placedAt: '',
          source: 'MANUAL',
        },
      }),
      cmd(t(0, 0.3), {
        type: 'placeBid',
        bid: {
          id: `${app(1)}:b2`,
          lotId: lot,
          applicationId: app(1),
          amountMicros: 0,
          placedAt: '',
          source: 'MANUAL',
        },
      }),
      cmd(t(0, 0.4), {
        type: 'placeBid',
        bid: {
          id: `${app(2)}:b3`,
          lotId: lot,
          applicationId: app(2),
          amountMicros: 0,
          placedAt: '',
          source: 'MANUAL',
        },
      }),
      cmd(t(0, 0.5), {
        type: 'placeBid',
        bid: {
          id: `${app(1)}:b4`,
          lotId: lot,
          applicationId: app(1),
          amountMicros: 0,
          placedAt: '',
          source: 'MANUAL',
        },
      }),
      cmd(t(0, 4), { type: 'completeBidding' }),
      cmd(t(3), { type: 'refundSettled', applicationId: app(0) }),
    ],
  },
  {
    key: 'no-participants',
    biddingInDays: -15,
    applicants: 0,
    steps: ({ t, app, lot }) => [
      ...common(t, app, lot, 0, []),
      cmd(t(-10), { type: 'closeApplications' }),
      cmd(t(-8), { type: 'completeAdmission' }),
    ],
  },
  {
    key: 'sole',
    biddingInDays: -12,
    applicants: 2,
    steps: ({ t, app, lot }) => [
      ...common(t, app, lot, 2, [0]),
      cmd(t(-10), { type: 'closeApplications' }),
      cmd(t(-8), { type: 'completeAdmission' }),
    ],
  },
  {
    key: 'terminated',
    biddingInDays: 5,
    applicants: 2,
    steps: ({ t, app, lot }) => [
      ...common(t, app, lot, 2, [0, 1]),
      cmd(t(-9), { type: 'closeApplications' }),
      cmd(t(-7), { type: 'terminate', reason: 'Предписание ФАС о приостановке торгов' }),
    ],
  },
  {
    key: 'refused',
    biddingInDays: -40,
    applicants: 2,
    steps: ({ t, app, lot }) => [
      ...common(t, app, lot, 2, [0, 1]),
      cmd(t(-10), { type: 'closeApplications' }),
      cmd(t(-8), { type: 'completeAdmission' }),
      cmd(t(0, 0.1), { type: 'startBidding' }),
      cmd(t(0, 0.2), {
        type: 'placeBid',
        bid: {
          id: `${app(1)}:b1`,
          lotId: lot,
          applicationId: app(1),
          amountMicros: 0,
          placedAt: '',
          source: 'MANUAL',
        },
      }),
      cmd(t(0, 4), { type: 'completeBidding' }),
      cmd(t(30), { type: 'winnerRefuses', lotId: lot }),
    ],
  },
  {
    key: 'bidding',
    biddingInDays: 0,
    applicants: 2,
    steps: ({ t, app, lot }) => [
      ...common(t, app, lot, 2, [0, 1]),
      cmd(t(-10), { type: 'closeApplications' }),
      cmd(t(-8), { type: 'completeAdmission' }),
      cmd(t(0, 0.1), { type: 'startBidding' }),
      cmd(t(0, 0.2), {
        type: 'placeBid',
        bid: {
          id: `${app(0)}:b1`,
          lotId: lot,
          applicationId: app(0),
          amountMicros: 0,
          placedAt: '',
          source: 'MANUAL',
        },
      }),
    ],
  },
  {
    key: 'admission',
    biddingInDays: 6,
    applicants: 3,
    steps: ({ t, app, lot }) => [
      ...common(t, app, lot, 3, [0, 1]),
      pay(t(-20), 2, 0.5),
      cmd(t(-10), { type: 'closeApplications' }),
    ],
  },
  {
    key: 'applications',
    biddingInDays: 20,
    applicants: 2,
    steps: ({ t, app, lot }) => common(t, app, lot, 2, [0]),
  },
  {
    key: 'announced',
    biddingInDays: 45,
    applicants: 0,
    steps: ({ t }) => [cmd(t(-45), { type: 'announce' })],
  },
  { key: 'draft', biddingInDays: 60, applicants: 0, steps: () => [] },
  { key: 'cancelled', biddingInDays: 50, applicants: 0, steps: ({ t }) => [cmd(t(-50), { type: 'cancel' })] },
  {
    // Sold and signed: the contract plan-fact, reports and documents count as a sale.
    key: 'signed',
    biddingInDays: -35,
    applicants: 2,
    steps: ({ t, app, lot }) => [
      ...common(t, app, lot, 2, [0, 1]),
      cmd(t(-10), { type: 'closeApplications' }),
      cmd(t(-8), { type: 'completeAdmission' }),
      cmd(t(0, 0.1), { type: 'startBidding' }),
      cmd(t(0, 0.2), {
        type: 'placeBid',
        bid: {
          id: `${app(0)}:b1`,
          lotId: lot,
          applicationId: app(0),
          amountMicros: 0,
          placedAt: '',
          source: 'MANUAL',
        },
      }),
      cmd(t(0, 4), { type: 'completeBidding' }),
      cmd(t(3), { type: 'refundSettled', applicationId: app(1) }),
      cmd(t(10), { type: 'contractSigned', lotId: lot }),
    ],
  },
];

export const demoPersonId = (i: number) => uuidV5(`payments:demo:person:${i}`);

/**
 * The id of a demo deposit payment (the application counts it by this id); the payments plugin's
 * demo writes its payment record under the same id, so the two agree without importing each other.
 */
export const demoPaymentId = (bankReference: string) => uuidV5(`auctions:demo-payment:${bankReference}`);

/** The first demo auction's bidding start → the clock the demo was built with (another seed rebuilds it). */
export function demoClockFrom(firstBiddingStart: string): Date {
  const first = DEMO_SCENARIOS[0] as Scenario;
  return new Date(Date.parse(firstBiddingStart) - first.biddingInDays * DAY);
}

/** Eleven FREE flats with prices from the registry's demo, the same every run. */
export function demoAuctionUnits(): DemoUnit[] {
  return buildDemoRegistry()
    .units.filter(
      (u) =>
        u.status === 'FREE' &&
        u.kind === 'FLAT' &&
        (u.price as { amountMicros?: number } | undefined)?.amountMicros,
    )
    .filter((_, i) => i % 7 === 0)
    .slice(0, DEMO_SCENARIOS.length)
    .map((u) => ({
      id: String(u.id),
      priceMicros: Number((u.price as { amountMicros: number }).amountMicros),
    }));
}

/** Plays every scenario through the rules; units are the FREE demo units to use, one per scenario. */
export function buildDemoAuctions(
  now: Date,
  units: readonly DemoUnit[],
  rules: AuctionRules = DEFAULT_AUCTION_RULES,
): DemoAuction[] {
  // The demo starts at the hour, so a re-run the same day plans the same dates.
  const base = Math.floor(now.getTime() / HOUR) * HOUR;
  return DEMO_SCENARIOS.slice(0, units.length).map((scenario, index) => {
    const unit = units[index] as DemoUnit;
    const number = `А-ДЕМО-${String(index + 1).padStart(2, '0')}`;
    const bidding = base + scenario.biddingInDays * DAY;
    const t = (days: number, hours = 0) => bidding + days * DAY + hours * HOUR;
    const auctionId = uuidV5(`auctions:auction:${number}`);
    const plan = planAuction(
      {
        number,
        applicationStart: new Date(t(-40)).toISOString(),
        applicationEnd: new Date(t(-10)).toISOString(),
        biddingStart: new Date(bidding).toISOString(),
        biddingEnd: new Date(t(0, scenario.key === 'bidding' ? 30 : 4)).toISOString(),
        lots: [{ unitId: unit.id, startMicros: unit.priceMicros }],
      },
      {
        rules,
        units: new Map([[unit.id, { status: 'FREE', priceMicros: unit.priceMicros }]]),
        auctionId,
        lotId: (u) => uuidV5(`auctions:lot:${auctionId}:${u}`),
      },
    );
    if (!plan.ok)
      throw new Error(`demo auction ${number}: ${plan.problems.map((p) => p.message).join('; ')}`);
    let state = plan.state;
    const lot = state.lots[0]?.id as string;
    const app = (i: number) => uuidV5(`auctions:application:${lot}:${demoPersonId(i)}`);
    const effects: { at: string; effect: Effect }[] = [];
    const payments: DemoPayment[] = [];
    let unitStatus = 'FREE';
    for (const step of scenario.steps({ t, app, lot })) {
      const at = new Date(step.at).toISOString();
      let command: Command;
      if ('pay' in step) {
        const application = state.applications.find((a) => a.id === app(step.pay.app));
        const deposit = state.lots[0]?.depositMicros ?? 0;
        const amount = Math.round((deposit * (step.pay.fraction ?? 1)) / 10_000) * 10_000;
        const bankReference = `ПП-${number}-${step.pay.app + 1}`;
        const id = demoPaymentId(bankReference);
        payments.push({
          id,
          bankReference,
          applicationId: app(step.pay.app),
          lotId: lot,
          payerId: demoPersonId(step.pay.app),
          amountMicros: amount,
          paidAt: at,
        });
        command = {
          type: 'recordDeposit',
          applicationId: application?.id ?? '',
          paymentId: id,
          amountMicros: amount,
          paidAt: at,
        };
      } else if (step.command.type === 'submitApplication') {
        const i = Number(step.command.application.applicantId.split(':')[1]);
        command = {
          type: 'submitApplication',
          application: { ...step.command.application, applicantId: demoPersonId(i), submittedAt: at },
        };
      } else if (step.command.type === 'placeBid') {
        const best = Math.max(state.lots[0]?.startMicros ?? 0, ...state.bids.map((b) => b.amountMicros));
        const bid = {
          ...step.command.bid,
          id: uuidV5(`auctions:demo-bid:${step.command.bid.id}`),
          amountMicros: best + (state.lots[0]?.stepMicros ?? 0),
          placedAt: at,
        };
        command = { type: 'placeBid', bid };
      } else command = step.command;
      const result = applyCommand(state, command, {
        now: new Date(step.at),
        rules,
        units: new Map([[unit.id, { status: unitStatus }]]),
        by: 'демо-данные',
      });
      if (!result.ok)
        throw new Error(`demo auction ${number} (${scenario.key}), ${command.type}: ${result.message}`);
      state = result.state;
      for (const e of result.effects) {
        effects.push({ at, effect: e });
        if (e.kind === 'unitStatus') unitStatus = e.to;
      }
    }
    return { state, platform: 'РТС-тендер', procedureNumber: `SBR012-${2700000 + index}`, effects, payments };
  });
}
