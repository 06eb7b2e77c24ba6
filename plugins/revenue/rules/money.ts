/**
 * Money as decimals (decimal.js, never binary floats): Twenty's CURRENCY
 * stores `amountMicros` (millionths of the unit) + an ISO code; conversion
 * and sums stay exact, and RUB is rounded half-even to kopecks only when it
 * is shown (`presentRub`). The precision is wide enough for a billion roubles
 * times a six-decimal rate with room to spare.
 */
import Decimal from 'decimal.js';
import { fieldRu, RevenueError } from './revenue-errors';

export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);
const MICROS = new Dec(1_000_000);

export interface Money {
  readonly amount: Dec;
  readonly currencyCode: string;
}

export const CURRENCY_CODE = /^[A-Z]{3}$/;

/** `{ amountMicros, currencyCode }` from Twenty → Money; null when the field is empty. */
export function moneyFromTwenty(
  value: { amountMicros?: number | string | null; currencyCode?: string | null } | null | undefined,
): Money | null {
  if (!value || value.amountMicros === null || value.amountMicros === undefined || value.amountMicros === '')
    return null;
  const micros = new Dec(String(value.amountMicros));
  if (!micros.isFinite()) return null;
  return {
    amount: micros.dividedBy(MICROS),
    currencyCode: String(value.currencyCode ?? 'RUB').toUpperCase(),
  };
}

/** Money → Twenty's CURRENCY (micros are whole: amounts carry at most six decimals). */
export function moneyToTwenty(money: Money): { amountMicros: number; currencyCode: string } {
  return {
    amountMicros: money.amount.times(MICROS).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber(),
    currencyCode: money.currencyCode,
  };
}

/**
 * A decimal typed by a person or an API caller: «1 234 567,89», «1234567.89», 1234.5. Refused: empty,
 * not a number, more than six decimals (Twenty keeps micros), negative unless `allowNegative`.
 */
export function parseAmount(
  input: unknown,
  field: string,
  options: { allowNegative?: boolean; allowZero?: boolean } = {},
): Dec {
  const text =
    typeof input === 'number'
      ? String(input)
      : typeof input === 'string'
        ? input.replace(/[\s\u00a0]/g, '')
        : '';
  const normalized = text.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(normalized))
    throw new RevenueError(
      'revenue_bad_amount',
      `«${fieldRu(field)}»: ожидается сумма вида 1250000,50, указано «${String(input ?? '')}»`,
      { field },
    );
  const value = new Dec(normalized);
  if (value.decimalPlaces() > 6)
    throw new RevenueError(
      'revenue_bad_amount',
      `«${fieldRu(field)}»: не больше 6 знаков после запятой, указано «${String(input)}»`,
      {
        field,
      },
    );
  if (value.isNegative() && !options.allowNegative)
    throw new RevenueError(
      'revenue_bad_amount',
      `«${fieldRu(field)}»: не может быть отрицательной, указано «${String(input)}»`,
      {
        field,
      },
    );
  if (value.isZero() && options.allowZero === false)
    throw new RevenueError('revenue_bad_amount', `«${fieldRu(field)}»: должна быть больше нуля`, { field });
  return value;
}

/** A calendar date «2026-03-07» or «07.03.2026» → ISO «2026-03-07», checked to exist. */
export function parseDate(input: unknown, field: string): string {
  const text = typeof input === 'string' ? input.trim() : '';
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : ru ? [ru[3], ru[2], ru[1]] : [];
  if (y && m && d) {
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    if (
      date.getUTCFullYear() === Number(y) &&
      date.getUTCMonth() === Number(m) - 1 &&
      date.getUTCDate() === Number(d)
    )
      return `${y}-${m}-${d}`;
  }
  throw new RevenueError(
    'revenue_bad_date',
    `«${fieldRu(field)}»: ожидается дата вида 2026-03-07 или 07.03.2026, указано «${String(input ?? '')}»`,
    {
      field,
    },
  );
}

/** RUB for people and JSON: rounded half-even to kopecks, as a fixed two-decimal string («1234.50»). */
export function presentRub(value: Dec): string {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

/** «2026-03» of an ISO date. */
export const monthOf = (isoDate: string): string => isoDate.slice(0, 7);

/** The ISO date `days` after `isoDate` (negative: before). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
