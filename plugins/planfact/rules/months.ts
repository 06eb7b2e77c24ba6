/**
 * Months as the plan counts them: 'YYYY-MM', Moscow time. Parsing what people type or what a
 * workbook holds (2026-03, 03.2026, 01.03.2026, «март 2026», a date cell) and walking a period.
 */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const NAMES = [
  ['янв'],
  ['фев'],
  ['мар'],
  ['апр'],
  ['мая', 'май'],
  ['июн'],
  ['июл'],
  ['авг'],
  ['сен'],
  ['окт'],
  ['ноя'],
  ['дек'],
] as const;
const SHORT_RU = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];

export const isMonth = (v: unknown): v is Month => typeof v === 'string' && MONTH.test(v);

const pad = (n: number) => String(n).padStart(2, '0');
const ofParts = (y: number, m: number): Month | undefined =>
  y >= 2000 && y <= 2100 && m >= 1 && m <= 12 ? `${y}-${pad(m)}` : undefined;

/** A workbook cell or a typed text → 'YYYY-MM', or undefined when it is not a month. */
export function parseMonth(value: unknown): Month | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    // Excel's dates come as UTC midnights; a local midnight a few hours off stays in the same month.
    const shifted = new Date(value.getTime() + 12 * 3_600_000);
    return ofParts(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1);
  }
  if (typeof value === 'number' && Number.isFinite(value) && value > 20_000 && value < 80_000) {
    // An Excel serial date (days since 1899-12-30).
    return parseMonth(new Date(Date.UTC(1899, 11, 30) + Math.round(value) * 86_400_000));
  }
  if (typeof value !== 'string') return undefined;
  const t = value.trim().toLowerCase();
  let m = /^(\d{4})-(\d{1,2})(-\d{1,2})?$/.exec(t);
  if (m) return ofParts(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return ofParts(Number(m[3]), Number(m[2]));
  m = /^(\d{1,2})[./](\d{4})$/.exec(t);
  if (m) return ofParts(Number(m[2]), Number(m[1]));
  m = /^([а-яё]+)\.?\s+(\d{4})(\s*г\.?)?$/.exec(t);
  if (m) {
    const word = m[1] as string;
    const index = NAMES.findIndex((names) => names.some((n) => word.startsWith(n)));
    return index >= 0 ? ofParts(Number(m[2]), index + 1) : undefined;
  }
  return undefined;
}

export function addMonths(month: Month, n: number): Month {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  return `${year}-${pad((((m % 12) + 12) % 12) + 1)}`;
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let m = from; m <= to && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The Moscow month of an instant. */
export function moscowMonth(at: Date): Month {
  const shifted = new Date(at.getTime() + 3 * 3_600_000);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}`;
}

/** «2026-03» → «мар 2026». */
export const monthRu = (m: Month) => `${SHORT_RU[Number(m.slice(5, 7)) - 1] ?? m} ${m.slice(0, 4)}`;
/** «2026-03» → «03.2026». */
export const monthDots = (m: Month) => `${m.slice(5, 7)}.${m.slice(0, 4)}`;
