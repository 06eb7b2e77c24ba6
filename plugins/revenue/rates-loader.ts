/**
 * Loading the bank's rates into `exchangeRate`: every day of the range is
 * fetched and parsed first (a bad file stops the load before anything is
 * written), the days are de-duplicated by the date the file says the rates
 * are in force from (the bank answers a Sunday with Saturday's file), and
 * only new or changed rates are written — upserts with ids derived from
 * (date, currency), so a re-run or a retried half-finished run converges on
 * the same rows. Used by `realty rates`, the daily job and the demo seed.
 */
import type { RecordsApi, TwentyRecord } from '../../sdk/index';
import { uuidV5 } from '../core/plugin/index';
import type { CbrDay } from './cbr-rates';
import type { RevenueQuery } from './revenue-data';
import { addDays } from './rules/money';

export interface ExchangeRateInput {
  id: string;
  name: string;
  date: string;
  currencyCode: string;
  rate: string;
  nominal: number;
  source: string;
}

export const exchangeRateId = (date: string, code: string) => uuidV5(`revenue:exchange-rate:${date}:${code}`);

/** The dates from..to inclusive (ISO). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Fetches every date (in order), parses, and keeps one file per in-force date. */
export async function collectDays(
  dates: readonly string[],
  fetchDay: (date: string) => Promise<CbrDay>,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<CbrDay[]> {
  const byDate = new Map<string, CbrDay>();
  let done = 0;
  for (const date of dates) {
    if (signal?.aborted) throw new Error('interrupted');
    const day = await fetchDay(date);
    byDate.set(day.date, day);
    onProgress?.(++done, dates.length);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The exchangeRate records of the days (only `currencies` when given). */
export function rateRecordsOf(
  days: readonly CbrDay[],
  currencies: readonly string[] = [],
): ExchangeRateInput[] {
  const only = currencies.length > 0 ? new Set(currencies) : undefined;
  return days.flatMap((day) =>
    day.rates
      .filter((r) => !only || only.has(r.charCode))
      .map((r) => ({
        id: exchangeRateId(day.date, r.charCode),
        name: `${r.charCode} ${day.date.slice(8, 10)}.${day.date.slice(5, 7)}.${day.date.slice(0, 4)}`,
        date: day.date,
        currencyCode: r.charCode,
        rate: r.value,
        nominal: r.nominal,
        source: day.source,
      })),
  );
}

export interface RateWritePlan {
  readonly toWrite: ExchangeRateInput[];
  readonly unchanged: number;
  readonly changed: number;
  readonly added: number;
}

/** Which records differ from what the read model holds (same id, rate and nominal = unchanged). */
export async function planRateWrites(
  query: RevenueQuery,
  records: readonly ExchangeRateInput[],
): Promise<RateWritePlan> {
  if (records.length === 0) return { toWrite: [], unchanged: 0, changed: 0, added: 0 };
  const existing = await query<{ id: string; rate: string; nominal: string }>(
    'select r.id::text as id, r.rate::text as rate, r.nominal::text as nominal from {exchangeRate} r where r.id = any($1::uuid[])',
    [records.map((r) => r.id)],
  );
  const byId = new Map(existing.map((e) => [e.id, e]));
  let unchanged = 0;
  let changed = 0;
  const toWrite: ExchangeRateInput[] = [];
  for (const r of records) {
    const e = byId.get(r.id);
    if (e && e.rate !== null && Number(e.nominal) === r.nominal && sameDecimal(e.rate, r.rate)) unchanged++;
    else {
      if (e) changed++;
      toWrite.push(r);
    }
  }
  return { toWrite, unchanged, changed, added: toWrite.length - changed };
}

const sameDecimal = (a: string, b: string) =>
  a.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') === b.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

/** Upserts the records (Twenty's batch size at a time). */
export async function writeRates(
  records: Pick<RecordsApi<TwentyRecord>, 'createMany'>,
  rows: readonly ExchangeRateInput[],
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  if (rows.length === 0) return 0;
  await records.createMany(
    rows.map((r) => ({ ...r })),
    { upsert: true, ...(onProgress ? { onProgress } : {}) },
  );
  return rows.length;
}

export interface RatesLoadSummary {
  readonly from: string;
  readonly to: string;
  /** Dates asked of the bank. */
  readonly requested: number;
  /** Distinct files (in-force dates) received. */
  readonly files: number;
  readonly inForceDates: readonly string[];
  readonly currencies: readonly string[];
  readonly records: number;
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly written: number;
  readonly dryRun: boolean;
}

export interface RatesLoadDeps {
  fetchDay(date: string): Promise<CbrDay>;
  query: RevenueQuery;
  records: Pick<RecordsApi<TwentyRecord>, 'createMany'>;
  currencies: readonly string[];
  onFetched?: (done: number, total: number) => void;
  onWritten?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The whole load: fetch and parse every day, then (unless a dry run) write what is new or changed. */
export async function loadRatesRange(
  deps: RatesLoadDeps,
  range: { from: string; to: string; dryRun?: boolean },
): Promise<RatesLoadSummary> {
  const dates = datesBetween(range.from, range.to);
  const days = await collectDays(dates, deps.fetchDay, deps.onFetched, deps.signal);
  const records = rateRecordsOf(days, deps.currencies);
  const plan = await planRateWrites(deps.query, records);
  const written = range.dryRun ? 0 : await writeRates(deps.records, plan.toWrite, deps.onWritten);
  return {
    from: range.from,
    to: range.to,
    requested: dates.length,
    files: days.length,
    inForceDates: days.map((d) => d.date),
    currencies: [...new Set(records.map((r) => r.currencyCode))].sort(),
    records: records.length,
    added: plan.added,
    changed: plan.changed,
    unchanged: plan.unchanged,
    written,
    dryRun: range.dryRun === true,
  };
}
