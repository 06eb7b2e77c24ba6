/**
 * Creating an auction from units (the page, the API, `realty auction-create` operation) and judging an
 * auction or lot written in Twenty's own UI: dates in order, units FREE and in no other active
 * auction, prices present. Every problem is reported, naming the field or the unit.
 */
import { statusTerm } from '../../registry/index';
import type { AuctionRules } from './auction-rules';
import type { AuctionState, LotState, UnitInfo } from './auction-types';
import { ruDateTime } from './calendar';
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
  applicationStart: 'начало приёма заявок',
  applicationEnd: 'окончание приёма заявок',
  biddingStart: 'начало торгов',
  biddingEnd: 'окончание торгов',
};

/** Applications open < close ≤ bidding starts < bidding ends; each a valid instant. */
export function dateProblems(dates: AuctionDates): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const keys = Object.keys(DATE_LABELS) as (keyof AuctionDates)[];
  const t: Partial<Record<keyof AuctionDates, number>> = {};
  for (const k of keys) {
    const v = dates[k];
    const n = v ? Date.parse(v) : Number.NaN;
    if (Number.isNaN(n)) problems.push({ field: k, message: `${DATE_LABELS[k]}: укажите дату и время` });
    else t[k] = n;
  }
  const order = (a: keyof AuctionDates, b: keyof AuctionDates, strict: boolean) => {
    const x = t[a];
    const y = t[b];
    if (x === undefined || y === undefined) return;
    if (strict ? x >= y : x > y)
      problems.push({
        field: b,
        message: `${DATE_LABELS[b]} (${ruDateTime(dates[b])}) должно быть позже, чем ${DATE_LABELS[a]} (${ruDateTime(dates[a])})`,
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

/** «в статусе «Продана»» — a unit's status in a message (the registry's Russian labels). */
export function unitStatusPhrase(status: string | null): string {
  return status ? `в статусе «${statusTerm(status)?.ru ?? status}»` : 'без статуса';
}

/** Why a unit cannot go into an auction now; undefined when it can. */
export function unitProblem(unitId: string, unit: UnitForPlan | undefined): string | undefined {
  if (!unit) return `помещения ${unitId} нет в реестре`;
  const label = unit.label ?? unitId;
  if (unit.otherAuction) return `помещение ${label} уже выставлено на аукцион ${unit.otherAuction.number}`;
  if (unit.status !== 'FREE')
    return `помещение ${label} ${unitStatusPhrase(unit.status)}, а на аукцион выставляют только свободные`;
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
  if (!input.number.trim()) problems.push({ field: 'number', message: 'укажите номер аукциона' });
  if (input.lots.length === 0) problems.push({ field: 'units', message: 'выберите хотя бы одно помещение' });
  const seen = new Set<string>();
  const lots: LotState[] = [];
  input.lots.forEach((l, i) => {
    const field = `units[${i}]`;
    if (seen.has(l.unitId)) {
      problems.push({ field, message: `помещение ${l.unitId} указано дважды` });
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
      problems.push({
        field,
        message: `у помещения ${unit?.label ?? l.unitId} нет цены: укажите начальную цену`,
      });
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
      problems.push({
        field,
        message: `${field === 'depositPercent' ? 'задаток' : 'шаг'}, %: от 0 до 100, а не ${v}`,
      });
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
