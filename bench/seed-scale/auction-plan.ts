/**
 * Which unit went to auction when, and how each auction ended — decided per
 * unit, so a unit's status always agrees with its history: a signed contract
 * makes it SOLD, a contract awaiting signature BOOKED, a running auction
 * IN_AUCTION; earlier auctions of the same unit failed, were cancelled or
 * their winner did not sign. Dates are whole days (UTC midnight) until the
 * records are built.
 */

import { createRng, type Rng, shuffled } from './random';
import { type PlannedCounts, type RegistryPlan, SEED_SCALE_AS_OF_MS } from './registry-plan';
import { DAY_MS } from './rest';
import { type AuctionStatus, CONTRACT_DEADLINE_DAYS, MIN_ANNOUNCEMENT_DAYS } from './shapes';

export type UnitStatus = 'FREE' | 'RESERVED' | 'IN_AUCTION' | 'BOOKED' | 'SOLD' | 'NOT_FOR_SALE';

/** How an auction ended (or where it stands): CONTRACT and WINNER_REFUSED are both COMPLETED auctions. */
export type AuctionOutcome =
  | 'CONTRACT'
  | 'WINNER_REFUSED'
  | 'FAILED'
  | 'CANCELLED'
  | 'ANNOUNCED'
  | 'APPLICATIONS_OPEN'
  | 'ADMISSION'
  | 'BIDDING';

export interface AuctionPlan {
  index: number;
  unitIndex: number;
  outcome: AuctionOutcome;
  announcementDay: number;
  closeDay: number;
  biddingDay: number;
  /** Results protocol, failure or cancellation day; for running auctions the day of the latest transition. */
  endDay: number;
  startPriceRub: number;
  /** -1 unless outcome is CONTRACT. */
  contractIndex: number;
  contractDraft: boolean;
  /** Set for signed contracts. */
  signedDay: number;
}

export interface AuctionsPlan {
  auctions: AuctionPlan[];
  /** contract index → auction index, in signing order. */
  contractAuctions: number[];
  unitStatus: UnitStatus[];
  unitStatusDay: number[];
}

export const AS_OF_DAY = Math.floor(SEED_SCALE_AS_OF_MS / DAY_MS);
const FIRST_CONTRACT_DAY = Math.floor(Date.UTC(2020, 0, 1) / DAY_MS);
/** The share of contracts still awaiting the winner's signature. */
const DRAFT_SHARE = 0.04;
/** The share of auctions running on the as-of day. */
const RUNNING_SHARE = 0.06;
const MAX_HISTORY_PER_UNIT = 4;

export function auctionStatus(outcome: AuctionOutcome): AuctionStatus {
  switch (outcome) {
    case 'CONTRACT':
    case 'WINNER_REFUSED':
      return 'COMPLETED';
    case 'FAILED':
    case 'CANCELLED':
    case 'ANNOUNCED':
    case 'APPLICATIONS_OPEN':
    case 'ADMISSION':
    case 'BIDDING':
      return outcome;
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

export function isRunning(outcome: AuctionOutcome): boolean {
  return (
    outcome === 'ANNOUNCED' ||
    outcome === 'APPLICATIONS_OPEN' ||
    outcome === 'ADMISSION' ||
    outcome === 'BIDDING'
  );
}

type Draft = Omit<AuctionPlan, 'index' | 'contractIndex'>;

function datesEndingOn(
  biddingDay: number,
  rng: Rng,
): Pick<Draft, 'announcementDay' | 'closeDay' | 'biddingDay'> {
  const closeDay = biddingDay - rng.int(7, 10);
  return { announcementDay: closeDay - rng.int(MIN_ANNOUNCEMENT_DAYS, 40), closeDay, biddingDay };
}

function runningAuction(unitIndex: number, priceRub: number, rng: Rng): Draft {
  const outcome = rng.weighted([
    ['ANNOUNCED', 0.15],
    ['APPLICATIONS_OPEN', 0.45],
    ['ADMISSION', 0.2],
    ['BIDDING', 0.2],
  ] as const);
  let dates: Pick<Draft, 'announcementDay' | 'closeDay' | 'biddingDay'>;
  let endDay: number;
  if (outcome === 'ANNOUNCED' || outcome === 'APPLICATIONS_OPEN') {
    // Applications open two days after the announcement.
    const announcementDay = AS_OF_DAY - (outcome === 'ANNOUNCED' ? rng.int(0, 1) : rng.int(2, 29));
    const closeDay = announcementDay + rng.int(MIN_ANNOUNCEMENT_DAYS, 40);
    dates = { announcementDay, closeDay, biddingDay: closeDay + rng.int(7, 10) };
    endDay = outcome === 'ANNOUNCED' ? announcementDay : announcementDay + 2;
  } else if (outcome === 'ADMISSION') {
    const closeDay = AS_OF_DAY - rng.int(0, 5);
    dates = {
      announcementDay: closeDay - rng.int(MIN_ANNOUNCEMENT_DAYS, 40),
      closeDay,
      biddingDay: closeDay + rng.int(7, 10),
    };
    endDay = closeDay;
  } else {
    dates = datesEndingOn(AS_OF_DAY, rng);
    endDay = AS_OF_DAY;
  }
  return {
    unitIndex,
    outcome,
    ...dates,
    endDay,
    startPriceRub: priceRub,
    contractDraft: false,
    signedDay: -1,
  };
}

function contractAuction(unitIndex: number, priceRub: number, rng: Rng): Draft {
  const draft = rng.chance(DRAFT_SHARE);
  const biddingDay = draft ? AS_OF_DAY - rng.int(1, 14) : rng.int(FIRST_CONTRACT_DAY, AS_OF_DAY - 30);
  return {
    unitIndex,
    outcome: 'CONTRACT',
    ...datesEndingOn(biddingDay, rng),
    endDay: biddingDay,
    startPriceRub: priceRub,
    contractDraft: draft,
    signedDay: draft ? -1 : biddingDay + rng.int(2, CONTRACT_DEADLINE_DAYS - 2),
  };
}

/** Earlier auctions of one unit, newest first, each over before `beforeDay`; the price was higher then. */
function historicAuctions(
  unitIndex: number,
  priceRub: number,
  count: number,
  beforeDay: number,
  rng: Rng,
): Draft[] {
  const out: Draft[] = [];
  let cursor = beforeDay;
  for (let k = 1; k <= count; k++) {
    const outcome = rng.weighted([
      ['FAILED', 0.65],
      ['CANCELLED', 0.15],
      ['WINNER_REFUSED', 0.2],
    ] as const);
    // A refused winner blocks the unit until the signing deadline has passed.
    const endDay = cursor - rng.int(14, 120) - (outcome === 'WINNER_REFUSED' ? CONTRACT_DEADLINE_DAYS : 0);
    const dates =
      outcome === 'CANCELLED' ? datesEndingOn(endDay + rng.int(1, 10), rng) : datesEndingOn(endDay, rng);
    const startPriceRub = Math.round((priceRub * (1 + 0.04 * k)) / 1000) * 1000;
    out.push({ unitIndex, outcome, ...dates, endDay, startPriceRub, contractDraft: false, signedDay: -1 });
    cursor = dates.announcementDay;
  }
  return out;
}

export function planAuctions(seed: number, counts: PlannedCounts, registry: RegistryPlan): AuctionsPlan {
  const rng = createRng(seed, 'auction-plan');
  const unitCount = registry.units.length;
  const order = shuffled(unitCount, rng);
  const contracts = Math.min(counts.contract, unitCount, counts.auction);
  const running = Math.min(
    Math.round(counts.auction * RUNNING_SHARE),
    unitCount - contracts,
    counts.auction - contracts,
  );
  const unitStatus: UnitStatus[] = new Array(unitCount).fill('FREE');
  for (const [k, u] of order.entries()) {
    if (k < contracts) unitStatus[u] = 'SOLD';
    else if (k < contracts + running) unitStatus[u] = 'IN_AUCTION';
    else
      unitStatus[u] = rng.weighted([
        ['FREE', 0.84],
        ['RESERVED', 0.1],
        ['NOT_FOR_SALE', 0.06],
      ] as const);
  }
  // Earlier, unsuccessful auctions go to any unit that is for sale.
  const eligible = order.filter((u) => unitStatus[u] !== 'NOT_FOR_SALE');
  const historic = counts.auction - contracts - running;
  const cap = Math.max(MAX_HISTORY_PER_UNIT, Math.ceil(historic / Math.max(1, eligible.length)) + 1);
  const history = new Map<number, number>();
  for (let h = 0; h < historic && eligible.length > 0; h++) {
    let u = rng.pick(eligible);
    while ((history.get(u) ?? 0) >= cap) u = rng.pick(eligible);
    history.set(u, (history.get(u) ?? 0) + 1);
  }

  const drafts: Draft[] = [];
  const unitStatusDay: number[] = new Array(unitCount).fill(-1);
  for (let u = 0; u < unitCount; u++) {
    const unitRng = createRng(seed, 'unit-auctions', u);
    const price = registry.units[u].priceRub;
    let final: Draft | undefined;
    if (unitStatus[u] === 'SOLD') final = contractAuction(u, price, unitRng);
    else if (unitStatus[u] === 'IN_AUCTION') final = runningAuction(u, price, unitRng);
    const before = final ? final.announcementDay : AS_OF_DAY - unitRng.int(10, 500);
    const past = historicAuctions(u, price, history.get(u) ?? 0, before, unitRng);
    if (final) {
      drafts.push(final);
      if (final.contractDraft) unitStatus[u] = 'BOOKED';
      unitStatusDay[u] =
        final.outcome === 'CONTRACT'
          ? final.contractDraft
            ? final.endDay
            : final.signedDay
          : final.announcementDay;
    } else if (past.length > 0) {
      const last = past[0];
      unitStatusDay[u] = last.endDay + (last.outcome === 'WINNER_REFUSED' ? CONTRACT_DEADLINE_DAYS + 1 : 0);
    }
    drafts.push(...past);
  }

  drafts.sort(
    (a, b) =>
      a.announcementDay - b.announcementDay || a.unitIndex - b.unitIndex || a.biddingDay - b.biddingDay,
  );
  const auctions: AuctionPlan[] = drafts.map((d, index) => ({ ...d, index, contractIndex: -1 }));
  const contractAuctions = auctions
    .filter((a) => a.outcome === 'CONTRACT')
    .sort((a, b) => a.endDay - b.endDay || a.index - b.index)
    .map((a) => a.index);
  for (const [c, a] of contractAuctions.entries()) auctions[a].contractIndex = c;
  return { auctions, contractAuctions, unitStatus, unitStatusDay };
}
