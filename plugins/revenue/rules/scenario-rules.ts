/**
 * Rules of a deal's scenario set: exactly one primary; a copy of a scenario
 * (the lines still expected, optionally scaled and shifted — received money
 * stays a fact of the original); moving an amount between two lines; the
 * total a fixed-amount allocation is compared against.
 */
import type { AllocationTarget } from './allocation';
import type { PlanLine, Scenario } from './forecast';
import { addDays, Dec, type Money, ZERO } from './money';
import { type RateTable, RUB } from './rate-table';
import { RevenueError } from './revenue-errors';

export interface PrimaryCheck {
  readonly ok: boolean;
  readonly message?: string;
  readonly primaries: readonly string[];
}

/** Exactly one primary among a deal's scenarios (none at all is fine only when there are no scenarios). */
export function checkPrimary(
  scenarios: readonly Pick<Scenario, 'id' | 'name' | 'isPrimary'>[],
): PrimaryCheck {
  const primaries = scenarios.filter((s) => s.isPrimary);
  if (scenarios.length === 0 || primaries.length === 1)
    return { ok: true, primaries: primaries.map((s) => s.id) };
  if (primaries.length === 0)
    return {
      ok: false,
      primaries: [],
      message: `у сделки сценариев: ${scenarios.length}, и ни один не основной; отметьте один основным`,
    };
  return {
    ok: false,
    primaries: primaries.map((s) => s.id),
    message: `у сделки основных сценариев: ${primaries.length} (${primaries.map((s) => `«${s.name}»`).join(', ')}); основным может быть только один`,
  };
}

/** Refuses a second primary: said before anything is written. */
export function assertCanBePrimary(
  existing: readonly Pick<Scenario, 'id' | 'name' | 'isPrimary'>[],
  candidateId: string | null,
): void {
  const other = existing.find((s) => s.isPrimary && s.id !== candidateId);
  if (other)
    throw new RevenueError(
      'revenue_primary_conflict',
      `у сделки уже есть основной сценарий «${other.name}»; основной у сделки один — сделайте основным этот кнопкой «Сделать основным» (POST /api/revenue/scenarios/:id/primary), она перенесёт отметку`,
      { field: 'isPrimary' },
    );
}

export interface CopyAdjustments {
  /** Planned amounts still expected × this percent (100 = unchanged). */
  readonly amountPercent?: Dec;
  /** Due dates of lines still expected moved by this many days. */
  readonly shiftDays?: number;
}

/**
 * The lines of a copy: each line's remaining part (amount − received, in the line's currency) as a
 * PLANNED line, scaled and shifted; fully received lines are not copied.
 */
export function copyLines(lines: readonly PlanLine[], adjust: CopyAdjustments = {}): PlanLine[] {
  const percent = adjust.amountPercent ?? new Dec(100);
  if (percent.isNegative())
    throw new RevenueError('revenue_bad_amount', '«Доля суммы, %» не может быть отрицательной', {
      field: 'amountPercent',
    });
  const out: PlanLine[] = [];
  for (const line of lines) {
    if (!line.amount || !line.dueDate || line.status === 'RECEIVED') continue;
    const received =
      line.receivedAmount && line.receivedAmount.currencyCode === line.amount.currencyCode
        ? line.receivedAmount.amount
        : ZERO;
    const left = line.amount.amount.minus(received);
    if (left.lte(0)) continue;
    out.push({
      id: line.id,
      dueDate: adjust.shiftDays ? addDays(line.dueDate, adjust.shiftDays) : line.dueDate,
      amount: {
        amount: left.times(percent).dividedBy(100).toDecimalPlaces(2),
        currencyCode: line.amount.currencyCode,
      },
      status: 'PLANNED',
      receivedDate: null,
      receivedAmount: null,
    });
  }
  return out;
}

/** Moves `amount` from one line to another (same currency, neither below what it already received). */
export function moveAmount(from: PlanLine, to: PlanLine, amount: Dec): { from: Money; to: Money } {
  if (!from.amount || !to.amount)
    throw new RevenueError('revenue_bad_move', 'у обеих строк должна быть сумма');
  if (from.id === to.id)
    throw new RevenueError('revenue_bad_move', 'выберите две разные строки', { field: 'toLineId' });
  if (from.amount.currencyCode !== to.amount.currencyCode)
    throw new RevenueError(
      'revenue_bad_move',
      `строки в ${from.amount.currencyCode} и ${to.amount.currencyCode}; сумма переносится только между строками одной валюты`,
      { field: 'toLineId' },
    );
  if (amount.lte(0))
    throw new RevenueError('revenue_bad_move', 'сумма переноса должна быть больше нуля', { field: 'amount' });
  const received =
    from.receivedAmount && from.receivedAmount.currencyCode === from.amount.currencyCode
      ? from.receivedAmount.amount
      : ZERO;
  const left = from.amount.amount.minus(amount);
  if (left.lt(received))
    throw new RevenueError(
      'revenue_bad_move',
      `строка-источник планирует ${from.amount.amount.toFixed(2)} ${from.amount.currencyCode}, из них получено ${received.toFixed(2)}; перенести можно не больше ${from.amount.amount.minus(received).toFixed(2)}`,
      { field: 'amount' },
    );
  return {
    from: { amount: left, currencyCode: from.amount.currencyCode },
    to: { amount: to.amount.amount.plus(amount), currencyCode: to.amount.currencyCode },
  };
}

/** What fixed-amount allocations must total: the scenario's planned total in its one currency, else in RUB. */
export function allocationTarget(
  lines: readonly PlanLine[],
  rates: RateTable,
): { target: AllocationTarget; rub: Dec } {
  const codes = new Set(lines.filter((l) => l.amount).map((l) => (l.amount as Money).currencyCode));
  let rub = ZERO;
  let own = ZERO;
  for (const l of lines) {
    if (!l.amount || !l.dueDate) continue;
    own = own.plus(l.amount.amount);
    rub = rub.plus(rates.toRub(l.amount, l.dueDate).rub);
  }
  const only = codes.size === 1 ? [...codes][0] : undefined;
  return only
    ? { target: { currencyCode: only, total: own }, rub }
    : { target: { currencyCode: RUB, total: rub.toDecimalPlaces(2) }, rub };
}
