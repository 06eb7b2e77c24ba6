/**
 * Creating an auction from units (the page, the API, `realty auction-create`) and judging an
 * auction or lot written in Twenty's own UI: dates in order, units FREE and in no other active
 * auction, prices present. Every problem is reported, naming the field or the unit.
 */
import type { AuctionRules } from './auction-rules';
import type { AuctionState, LotState, UnitInfo } from './auction-types';
import { lotTerms } from './money';

export interface AuctionDates {
  applicationStart: string | null | undefined;
  applicationEnd: string | null | undefined;
  biddingStart: string | null | undefined;
  biddingEnd: string | null | undefined;
}

export interface PlanProblem {
  field: string;
  message: string;
}

const DATE_LABELS: Record<keyof AuctionDates, string> = {
  applicationStart: 'applications open',
  applicationEnd: 'applications close',
  biddingStart: 'bidding starts',
  biddingEnd: 'bidding ends',
};

/** Applications open < close ≤ bidding starts < bidding ends; each a valid instant. */
export function dateProblems(dates: AuctionDates): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const keys = Object.keys(DATE_LABELS) as (keyof AuctionDates)[];
  const t: Partial<Record<keyof AuctionDates, number>> = {};
  for (const k of keys) {
    const v = dates[k];
    const n = v ? Date.parse(v) : Number.NaN;
    if (Number.isNaN(n))
      problems.push({ field: k, message: `${DATE_LABELS[k]}: a date and time is required` });
    else t[k] = n;
  }
  const order = (a: keyof AuctionDates, b: keyof AuctionDates, strict: boolean) => {
    const x = t[a];
    const y = t[b];
    if (x === undefined || y === undefined) return;
    if (strict ? x >= y : x > y)
      problems.push({
        field: b,
        message: `${DATE_LABELS[b]} (${dates[b]}) must be after ${DATE_LABELS[a]} (${dates[a]})`,
      });
  };
  order('applicationStart', 'applicationEnd', true);
  order('applicationEnd', 'biddingStart', false);
  order('biddingStart', 'biddingEnd', true);
  return problems;
}

export interface UnitForPlan extends UnitInfo {
  priceMicros: number | null;
}

/** Why a unit cannot go into an auction now; undefined when it can. */
export function unitProblem(unitId: string, unit: UnitForPlan | undefined): string | undefined {
  if (!unit) return `unit ${unitId} is not in the registry`;
  const label = unit.label ?? unitId;
  if (unit.otherAuction) return `unit ${label} is already in auction ${unit.otherAuction.number}`;
  if (unit.status !== 'FREE') return `unit ${label} is ${unit.status ?? 'without a status'}, not FREE`;
  return undefined;
}

export interface PlanInput extends AuctionDates {
  number: string;
  depositPercent?: number | null;
  stepPercent?: number | null;
  contractDeadlineDays?: number | null;
  lots: { unitId: string; startMicros?: number | null }[];
}

export type PlanResult = { ok: true; state: AuctionState } | { ok: false; problems: PlanProblem[] };

export function planAuction(
  input: PlanInput,
  env: {
    rules: AuctionRules;
    units: ReadonlyMap<string, UnitForPlan>;
    auctionId: string;
    lotId: (unitId: string) => string;
  },
): PlanResult {
  const problems = dateProblems(input);
  if (!input.number.trim()) problems.push({ field: 'number', message: 'the auction needs a number' });
  if (input.lots.length === 0) problems.push({ field: 'units', message: 'pick at least one unit' });
  const seen = new Set<string>();
  const lots: LotState[] = [];
  input.lots.forEach((l, i) => {
    const field = `units[${i}]`;
    if (seen.has(l.unitId)) {
      problems.push({ field, message: `unit ${l.unitId} is listed twice` });
      return;
    }
    seen.add(l.unitId);
    const unit = env.units.get(l.unitId);
    const problem = unitProblem(l.unitId, unit);
    if (problem) {
      problems.push({ field, message: problem });
      return;
    }
    const start = l.startMicros ?? unit?.priceMicros ?? null;
    if (start === null || !(start > 0)) {
      problems.push({ field, message: `unit ${unit?.label ?? l.unitId} has no price: give a start price` });
      return;
    }
    const terms = lotTerms(start, env.rules, {
      depositPercent: input.depositPercent ?? null,
      stepPercent: input.stepPercent ?? null,
    });
    lots.push({
      id: env.lotId(l.unitId),
      number: lots.length + 1,
      unitId: l.unitId,
      startMicros: start,
      depositMicros: terms.depositMicros,
      stepMicros: terms.stepMicros,
      status: 'ACTIVE',
      winnerId: null,
      finalMicros: null,
      contractDeadline: null,
      winnerRefusedAt: null,
      contractSignedAt: null,
    });
  });
  for (const [field, v] of [
    ['depositPercent', input.depositPercent],
    ['stepPercent', input.stepPercent],
  ] as const)
    if (v !== undefined && v !== null && !(v > 0 && v < 100))
      problems.push({ field, message: `${field} must be between 0 and 100, got ${v}` });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    state: {
      id: env.auctionId,
      number: input.number.trim(),
      status: 'DRAFT',
      announcedAt: null,
      applicationStart: new Date(input.applicationStart as string).toISOString(),
      applicationEnd: new Date(input.applicationEnd as string).toISOString(),
      admissionDeadline: null,
      admissionCompletedAt: null,
      biddingStart: new Date(input.biddingStart as string).toISOString(),
      biddingEnd: new Date(input.biddingEnd as string).toISOString(),
      resultsAt: null,
      depositPercent: input.depositPercent ?? null,
      stepPercent: input.stepPercent ?? env.rules.stepPercent,
      contractDeadlineDays: input.contractDeadlineDays ?? env.rules.contractDeadlineDays,
      terminationReason: null,
      failureReason: null,
      lots,
      applications: [],
      bids: [],
    },
  };
}
