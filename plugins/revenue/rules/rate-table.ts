/**
 * The Central Bank of Russia's rates as a table and the rate in force on a
 * date. The bank sets a rate on a business day and it holds until the next
 * one takes effect, so Friday's covers Saturday, Sunday and Monday, and the
 * last rate before a holiday covers the holiday (research/domain-sources.md
 * §6.3): the rate in force on D is the one with the latest date ≤ D. A date
 * in the future takes the last published rate (the forecast's convention).
 * `rate` is RUB per `nominal` units as published (JPY and KZT per 100);
 * conversion is amount × rate ÷ nominal, exact. The rate used travels with
 * every converted value.
 */
import { CURRENCY_CODE, Dec, type Money } from './money';
import { NoRateError, RevenueError, UnknownCurrencyError } from './revenue-errors';

export const RUB = 'RUB';

export interface RateRecord {
  /** ISO date the rate is in force from (the file's `ValCurs@Date`). */
  readonly date: string;
  readonly currencyCode: string;
  /** RUB per `nominal` units, as a decimal string or Dec. */
  readonly rate: string | Dec;
  readonly nominal: number | string;
  readonly source?: string | null;
}

/** The rate a conversion used: recorded with the converted value. */
export interface RateUsed {
  readonly currencyCode: string;
  /** The date asked for. */
  readonly onDate: string;
  /** The date of the rate in force then (≤ onDate). */
  readonly rateDate: string;
  /** RUB per `nominal` units. */
  readonly rate: string;
  readonly nominal: number;
  readonly source: string;
}

export interface Converted {
  readonly rub: Dec;
  /** null for RUB (no conversion). */
  readonly rate: RateUsed | null;
}

interface Entry {
  date: string;
  rate: Dec;
  nominal: number;
  source: string;
}

export class RateTable {
  private readonly byCode = new Map<string, Entry[]>();

  constructor(records: Iterable<RateRecord>) {
    for (const r of records) {
      const code = r.currencyCode.toUpperCase();
      const list = this.byCode.get(code) ?? [];
      list.push({
        date: r.date.slice(0, 10),
        rate: new Dec(String(r.rate)),
        nominal: Number(r.nominal),
        source: r.source ?? 'CBR',
      });
      this.byCode.set(code, list);
    }
    for (const list of this.byCode.values())
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /** Codes with at least one rate, sorted. */
  knownCurrencies(): string[] {
    return [...this.byCode.keys()].sort();
  }

  /** Is this code convertible at all (RUB, or a code with rates)? */
  knows(code: string): boolean {
    return code === RUB || this.byCode.has(code);
  }

  /** The rate in force on `date`; throws UnknownCurrencyError / NoRateError with a clear message. */
  rateOn(currencyCode: string, date: string, field?: string): RateUsed {
    const code = checkCode(currencyCode, field);
    const list = this.byCode.get(code);
    if (!list || list.length === 0) throw new UnknownCurrencyError(code, this.knownCurrencies(), field);
    const day = date.slice(0, 10);
    // Binary search: the last entry with entry.date ≤ day.
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as Entry).date <= day) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) throw new NoRateError(code, day, list[0]?.date, field);
    const e = list[found] as Entry;
    return {
      currencyCode: code,
      onDate: day,
      rateDate: e.date,
      rate: e.rate.toFixed(),
      nominal: e.nominal,
      source: e.source,
    };
  }

  /** Money → RUB at the rate in force on `date` (RUB passes unchanged). */
  toRub(money: Money, date: string, field?: string): Converted {
    const code = checkCode(money.currencyCode, field);
    if (code === RUB) return { rub: money.amount, rate: null };
    const rate = this.rateOn(code, date, field);
    return { rub: convertWith(money.amount, rate), rate };
  }
}

/** amount × rate ÷ nominal, exact. */
export function convertWith(amount: Dec, rate: Pick<RateUsed, 'rate' | 'nominal'>): Dec {
  return amount.times(rate.rate).dividedBy(rate.nominal);
}

function checkCode(code: string, field?: string): string {
  const upper = String(code ?? '')
    .trim()
    .toUpperCase();
  if (!CURRENCY_CODE.test(upper))
    throw new RevenueError(
      'revenue_unknown_currency',
      `неизвестный код валюты «${code}»: нужны три латинские буквы, например USD`,
      field !== undefined ? { field } : {},
    );
  return upper;
}
