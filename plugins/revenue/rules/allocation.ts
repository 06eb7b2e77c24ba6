/**
 * Revenue allocation to departments and people (Salesforce's opportunity
 * splits): a REVENUE split set of one deal (or one of its scenarios) either
 * gives shares that total exactly 100 %, or fixed amounts that total exactly
 * the scenario's planned total; OVERLAY splits (credit on top, e.g. a
 * supporting practice) are free and never checked against a total. An
 * allocation names a department, a member, or both. What a split earns per
 * month is its fraction of the scenario's monthly forecast in RUB.
 */
import { Dec, type Money, ZERO } from './money';
import { RevenueError } from './revenue-errors';

export const SPLIT_TYPES = ['REVENUE', 'OVERLAY'] as const;
export type SplitType = (typeof SPLIT_TYPES)[number];

export interface Allocation {
  readonly id?: string;
  readonly departmentId?: string | null;
  readonly memberId?: string | null;
  readonly sharePercent?: Dec | null;
  readonly fixedAmount?: Money | null;
  readonly splitType: SplitType;
  readonly role?: string | null;
}

export interface AllocationTarget {
  /** The scenario's planned total per currency when all its lines share one currency, else only RUB. */
  readonly currencyCode: string;
  readonly total: Dec;
}

const HUNDRED = new Dec(100);

const err = (message: string, row?: number, field?: string) =>
  new RevenueError('revenue_bad_allocation', message, {
    ...(row !== undefined ? { row } : {}),
    ...(field !== undefined ? { field } : {}),
  });

/** Checks one split set; throws RevenueError naming the row (1-based) and the reason. */
export function validateAllocations(
  allocations: readonly Allocation[],
  target: AllocationTarget | null,
): void {
  allocations.forEach((a, i) => {
    const row = i + 1;
    if (!a.departmentId && !a.memberId)
      throw err(`распределение ${row}: укажите отдел или сотрудника (или обоих)`, row, 'departmentId');
    const hasShare = a.sharePercent !== null && a.sharePercent !== undefined;
    const hasAmount = a.fixedAmount !== null && a.fixedAmount !== undefined;
    if (hasShare === hasAmount)
      throw err(
        `распределение ${row}: укажите либо долю в %, либо фиксированную сумму — ${hasShare ? 'не обе сразу' : 'сейчас нет ни той, ни другой'}`,
        row,
        'sharePercent',
      );
    if (hasShare) {
      const s = a.sharePercent as Dec;
      if (s.lte(0) || s.gt(HUNDRED))
        throw err(
          `распределение ${row}: доля должна быть больше 0 и не больше 100 %, указано ${s.toFixed()} %`,
          row,
          'sharePercent',
        );
    }
    if (hasAmount && (a.fixedAmount as Money).amount.lte(0))
      throw err(`распределение ${row}: фиксированная сумма должна быть больше нуля`, row, 'fixedAmount');
  });
  const revenue = allocations.map((a, i) => ({ a, row: i + 1 })).filter((x) => x.a.splitType === 'REVENUE');
  if (revenue.length === 0) return;
  const shares = revenue.filter((x) => x.a.sharePercent !== null && x.a.sharePercent !== undefined);
  if (shares.length > 0 && shares.length < revenue.length) {
    const mixed = revenue.find((x) => !shares.includes(x));
    throw err(
      `распределение ${mixed?.row}: выручку одной сделки делят либо долями, либо фиксированными суммами, не вместе (сделайте другое распределение наложением — OVERLAY — или задайте доли)`,
      mixed?.row,
      'fixedAmount',
    );
  }
  if (shares.length > 0) {
    const sum = shares.reduce((s, x) => s.plus(x.a.sharePercent as Dec), ZERO);
    if (!sum.equals(HUNDRED)) {
      const diff = HUNDRED.minus(sum);
      throw err(
        `доли выручки в сумме ${sum.toFixed()} %, а должны давать 100 % (${diff.isPositive() ? `не распределено ${diff.toFixed()} %` : `лишние ${diff.negated().toFixed()} %`})`,
        undefined,
        'sharePercent',
      );
    }
    return;
  }
  if (!target)
    throw err(
      'для фиксированных сумм нужен сценарий с плановыми строками, с которым их сравнить',
      undefined,
      'fixedAmount',
    );
  const wrong = revenue.find((x) => (x.a.fixedAmount as Money).currencyCode !== target.currencyCode);
  if (wrong)
    throw err(
      `распределение ${wrong.row}: фиксированная сумма в ${(wrong.a.fixedAmount as Money).currencyCode}, а итог сценария — в ${target.currencyCode}`,
      wrong.row,
      'fixedAmount',
    );
  const sum = revenue.reduce((s, x) => s.plus((x.a.fixedAmount as Money).amount), ZERO);
  if (!sum.equals(target.total))
    throw err(
      `суммы выручки дают ${sum.toFixed(2)} ${target.currencyCode}, а должны давать итог сценария ${target.total.toFixed(2)} ${target.currencyCode} (разница ${target.total.minus(sum).toFixed(2)})`,
      undefined,
      'fixedAmount',
    );
}

/** The fraction of the scenario an allocation earns: share ÷ 100, or fixed ÷ total. */
export function allocationFraction(a: Allocation, target: AllocationTarget | null): Dec {
  if (a.sharePercent !== null && a.sharePercent !== undefined) return a.sharePercent.dividedBy(HUNDRED);
  if (a.fixedAmount && target && !target.total.isZero() && a.fixedAmount.currencyCode === target.currencyCode)
    return a.fixedAmount.amount.dividedBy(target.total);
  return ZERO;
}
