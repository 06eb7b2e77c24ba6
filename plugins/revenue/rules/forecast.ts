/**
 * Planned vs received in RUB, per scenario by month and in total, and the
 * portfolio. A line plans `amount` on `dueDate`; money received against it
 * (`receivedAmount` on `receivedDate`, partial or whole) is a fact. Per line:
 *  - planned  = amount at the rate in force on the due date, in the due month;
 *  - received = receivedAmount at the rate of the received date, in that month
 *    (a RECEIVED line without an amount was received in full);
 *  - remaining = what is still expected: 0 once RECEIVED, else amount − received
 *    (same currency: in the currency, then converted at the due date; different
 *    currencies: in RUB), never below 0, in the due month;
 *  - forecast = received + remaining.
 * A changed date moves the line's planned and remaining to the new month; an
 * amount moved between lines moves with them; totals follow. Portfolio: per
 * scenario kind (unweighted), the primary scenarios' received, and the
 * probability-weighted forecast = received (primary: facts are not weighted)
 * + Σ probability × remaining over a deal's scenarios.
 */
import { type Dec, type Money, monthOf, ZERO } from './money';
import { type RateTable, type RateUsed, RUB } from './rate-table';
import { RevenueError } from './revenue-errors';

export const SCENARIO_KINDS = ['BASE', 'OPTIMISTIC', 'PESSIMISTIC', 'CUSTOM'] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];
export const LINE_STATUSES = ['PLANNED', 'INVOICED', 'RECEIVED'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export interface PlanLine {
  readonly id: string;
  readonly dueDate: string | null;
  readonly amount: Money | null;
  readonly status: LineStatus;
  readonly receivedDate?: string | null;
  readonly receivedAmount?: Money | null;
}

export interface Scenario {
  readonly id: string;
  readonly opportunityId: string;
  readonly name: string;
  readonly kind: ScenarioKind;
  /** Percent, 0–100. */
  readonly probability: Dec;
  readonly isPrimary: boolean;
  readonly lines: readonly PlanLine[];
}

export interface Figures {
  planned: Dec;
  received: Dec;
  remaining: Dec;
  forecast: Dec;
}

export interface LineResult {
  readonly lineId: string;
  readonly planned: Dec;
  readonly received: Dec;
  readonly remaining: Dec;
  readonly dueMonth: string;
  readonly receivedMonth: string | null;
  readonly plannedRate: RateUsed | null;
  readonly receivedRate: RateUsed | null;
}

export interface LineProblem {
  readonly lineId: string;
  readonly code: string;
  readonly message: string;
}

export interface ScenarioForecast {
  readonly scenarioId: string;
  readonly months: ReadonlyMap<string, Figures>;
  readonly total: Figures;
  readonly lines: readonly LineResult[];
  /** Lines that cannot be converted (no date, unknown currency, no rate): left out, said why. */
  readonly problems: readonly LineProblem[];
}

export const emptyFigures = (): Figures => ({
  planned: ZERO,
  received: ZERO,
  remaining: ZERO,
  forecast: ZERO,
});

function add(into: Figures, f: Partial<Figures>): void {
  if (f.planned) into.planned = into.planned.plus(f.planned);
  if (f.received) into.received = into.received.plus(f.received);
  if (f.remaining) into.remaining = into.remaining.plus(f.remaining);
  into.forecast = into.received.plus(into.remaining);
}

function bucket(months: Map<string, Figures>, month: string): Figures {
  let f = months.get(month);
  if (!f) {
    f = emptyFigures();
    months.set(month, f);
  }
  return f;
}

/** One line in RUB (throws RevenueError when it cannot be converted). */
export function lineResult(line: PlanLine, rates: RateTable): LineResult {
  if (!line.dueDate) throw new RevenueError('revenue_bad_date', 'у строки нет срока', { field: 'dueDate' });
  if (!line.amount) throw new RevenueError('revenue_bad_amount', 'у строки нет суммы', { field: 'amount' });
  const planned = rates.toRub(line.amount, line.dueDate, 'amount');
  const receivedOn = line.receivedDate ?? line.dueDate;
  const receivedMoney =
    line.receivedAmount && !line.receivedAmount.amount.isZero()
      ? line.receivedAmount
      : line.status === 'RECEIVED'
        ? line.amount
        : null;
  const received = receivedMoney ? rates.toRub(receivedMoney, receivedOn, 'receivedAmount') : null;
  let remaining: Dec = ZERO;
  if (line.status !== 'RECEIVED') {
    if (!receivedMoney) remaining = planned.rub;
    else if (receivedMoney.currencyCode === line.amount.currencyCode) {
      const left = line.amount.amount.minus(receivedMoney.amount);
      remaining =
        left.isPositive() && !left.isZero()
          ? rates.toRub({ amount: left, currencyCode: line.amount.currencyCode }, line.dueDate).rub
          : ZERO;
    } else {
      const left = planned.rub.minus(received?.rub ?? ZERO);
      remaining = left.isPositive() ? left : ZERO;
    }
  }
  return {
    lineId: line.id,
    planned: planned.rub,
    received: received?.rub ?? ZERO,
    remaining,
    dueMonth: monthOf(line.dueDate),
    receivedMonth: received ? monthOf(receivedOn) : null,
    plannedRate: planned.rate,
    receivedRate: received?.rate ?? null,
  };
}

export function scenarioForecast(
  scenario: Pick<Scenario, 'id' | 'lines'>,
  rates: RateTable,
): ScenarioForecast {
  const months = new Map<string, Figures>();
  const total = emptyFigures();
  const lines: LineResult[] = [];
  const problems: LineProblem[] = [];
  for (const line of scenario.lines) {
    let r: LineResult;
    try {
      r = lineResult(line, rates);
    } catch (error) {
      if (!(error instanceof RevenueError)) throw error;
      problems.push({ lineId: line.id, code: error.code, message: error.message });
      continue;
    }
    lines.push(r);
    add(bucket(months, r.dueMonth), { planned: r.planned, remaining: r.remaining });
    if (r.receivedMonth) add(bucket(months, r.receivedMonth), { received: r.received });
    add(total, { planned: r.planned, received: r.received, remaining: r.remaining });
  }
  return { scenarioId: scenario.id, months: sortedMap(months), total, lines, problems };
}

function sortedMap<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface PortfolioMonth {
  readonly month: string;
  /** Per scenario kind: the sum over deals of their scenarios of that kind (unweighted). */
  readonly byKind: Readonly<Record<ScenarioKind, Figures>>;
  /** The primary scenarios' figures (received = the facts). */
  readonly primary: Figures;
  /** received (primary) + Σ probability × remaining. */
  readonly weighted: Dec;
}

export interface Portfolio {
  readonly months: readonly PortfolioMonth[];
  readonly total: Omit<PortfolioMonth, 'month'>;
  readonly deals: number;
  readonly scenarios: number;
  readonly problems: readonly LineProblem[];
}

interface MonthAccumulator {
  byKind: Record<ScenarioKind, Figures>;
  primary: Figures;
  weighted: Dec;
}

const newAccumulator = (): MonthAccumulator => ({
  byKind: {
    BASE: emptyFigures(),
    OPTIMISTIC: emptyFigures(),
    PESSIMISTIC: emptyFigures(),
    CUSTOM: emptyFigures(),
  },
  primary: emptyFigures(),
  weighted: ZERO,
});

/** The portfolio from scenarios and their forecasts (pure; the read model's SQL path must agree with it). */
export function portfolioForecast(
  items: readonly { scenario: Omit<Scenario, 'lines'>; forecast: ScenarioForecast }[],
): Portfolio {
  const months = new Map<string, MonthAccumulator>();
  const total = newAccumulator();
  const deals = new Set<string>();
  const problems: LineProblem[] = [];
  const at = (m: string) => {
    let a = months.get(m);
    if (!a) {
      a = newAccumulator();
      months.set(m, a);
    }
    return a;
  };
  for (const { scenario, forecast } of items) {
    deals.add(scenario.opportunityId);
    problems.push(...forecast.problems);
    const p = scenario.probability.dividedBy(100);
    for (const [month, f] of forecast.months) {
      const a = at(month);
      for (const target of [a, total]) {
        add(target.byKind[scenario.kind], f);
        if (scenario.isPrimary) {
          add(target.primary, f);
          target.weighted = target.weighted.plus(f.received);
        }
        target.weighted = target.weighted.plus(p.times(f.remaining));
      }
    }
  }
  return {
    months: [...sortedMap(months)].map(([month, a]) => ({ month, ...a })),
    total,
    deals: deals.size,
    scenarios: items.length,
    problems,
  };
}

/** Lines grouped under their currencies (a multi-currency deal shows what it is made of). */
export function currenciesOf(lines: readonly PlanLine[]): string[] {
  return [...new Set(lines.map((l) => l.amount?.currencyCode ?? RUB))].sort();
}
