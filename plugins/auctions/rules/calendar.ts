/**
 * Dates of the procedure in Moscow time (UTC+3 all year since 2014): calendar and working days,
 * the latter with the holiday calendar kept as data (AuctionRules.holidays).
 */
import type { DayKind } from './auction-rules';

const MSK_OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Moscow calendar date (yyyy-mm-dd) of an instant. */
export function moscowDate(at: Date): string {
  return new Date(at.getTime() + MSK_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Moscow date ends (23:59:59.999 MSK). */
export function endOfMoscowDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - MSK_OFFSET_MS + DAY_MS - 1);
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  const dow = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.has(date);
}

/** `days` after `date`, counting working or calendar days. */
export function addDays(date: string, days: number, kind: DayKind, holidays: readonly string[]): string {
  if (kind === 'CALENDAR') return shift(date, days);
  const set = new Set(holidays);
  let current = date;
  let left = days;
  while (left > 0) {
    current = shift(current, 1);
    if (isWorkingDay(current, set)) left--;
  }
  return current;
}

/** Whole days from `a` to `b` (b − a), by Moscow dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** «25.01.2027» for a Moscow date (yyyy-mm-dd) in a message. */
export function ruDate(date: string): string {
  return date.slice(0, 10).split('-').reverse().join('.');
}

/** «25.01.2027 10:00» — an instant in Moscow time, for a message a person reads. */
export function ruDateTime(iso: string | null | undefined): string {
  const t = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(t)) return String(iso ?? '—');
  const msk = new Date(t + MSK_OFFSET_MS).toISOString();
  return `${ruDate(msk)} ${msk.slice(11, 16)}`;
}
