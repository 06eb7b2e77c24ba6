/**
 * Values as a Russian reader expects them, on the server: roubles
 * «55 686 440 ₽», areas «173,0 м²», dates «01.10.2026» in Moscow time, numbers
 * grouped by thousands. The browser has the same functions in
 * `assets/realty.js` (a test keeps the two in step). Groups and units are
 * joined by a no-break space (U+00A0) so a price never wraps in a table cell.
 * Money never passes through binary floats: amounts are decimal.js values.
 */
import Decimal from 'decimal.js';

export const NBSP = '\u00a0';
export const BUSINESS_TIME_ZONE = 'Europe/Moscow';
/** Twenty's CURRENCY stores amountMicros: millionths of the currency unit. */
const MICROS_PER_UNIT = 1_000_000;

const dateFormat = new Intl.DateTimeFormat('ru-RU', {
  timeZone: BUSINESS_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('ru-RU', {
  timeZone: BUSINESS_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The one HTML escape: text into element content or a quoted attribute. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Amount = number | string | bigint | Decimal;

function decimalOf(value: Amount): Decimal | undefined {
  try {
    const d = new Decimal(typeof value === 'bigint' ? value.toString() : value);
    return d.isFinite() ? d : undefined;
  } catch {
    return undefined;
  }
}

/** Groups the integer digits by three with no-break spaces; `,` before the fraction. */
function grouped(fixed: string): string {
  const negative = fixed.startsWith('-');
  const [whole, fraction] = (negative ? fixed.slice(1) : fixed).split('.');
  const groups = whole.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${negative ? '-' : ''}${groups}${fraction ? `,${fraction}` : ''}`;
}

/** «1 454», «45,5»: Russian grouping, at most `fractionDigits` decimals (trailing zeros dropped). */
export function formatNumber(value: Amount | null | undefined, fractionDigits = 2): string {
  const d = value === null || value === undefined ? undefined : decimalOf(value);
  if (!d) return '—';
  const fixed = d.toDecimalPlaces(fractionDigits, Decimal.ROUND_HALF_UP).toFixed();
  return grouped(fixed);
}

/** «55 686 440 ₽»; kopecks only when there are any: «1 234,50 ₽». Empty → «—». */
export function formatRub(value: Amount | null | undefined): string {
  const d = value === null || value === undefined || value === '' ? undefined : decimalOf(value);
  if (!d) return '—';
  const kopecks = d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const fixed = kopecks.isInteger() ? kopecks.toFixed(0) : kopecks.toFixed(2);
  return `${grouped(fixed)}${NBSP}₽`;
}

/** From Twenty's CURRENCY: `{ amountMicros: 55686440000000 }` or the micros alone → «55 686 440 ₽». */
export function formatRubMicros(value: Amount | { amountMicros?: Amount | null } | null | undefined): string {
  const micros =
    value !== null && typeof value === 'object' && !Decimal.isDecimal(value) ? value.amountMicros : value;
  if (micros === null || micros === undefined || micros === '') return '—';
  const d = decimalOf(micros as Amount);
  return d ? formatRub(d.dividedBy(MICROS_PER_UNIT)) : '—';
}

/** «173,0 м²»: always one decimal, as floor plans print it. */
export function formatArea(value: Amount | null | undefined): string {
  const d = value === null || value === undefined || value === '' ? undefined : decimalOf(value);
  if (!d) return '—';
  return `${grouped(d.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1))}${NBSP}м²`;
}

function dateOf(value: Date | string | number | null | undefined): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** «01.10.2026» — the calendar day in Moscow. A date-only string (`2026-10-01`) is that day. */
export function formatDate(value: Date | string | number | null | undefined): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}.${m}.${y}`;
  }
  const date = dateOf(value);
  return date ? dateFormat.format(date) : '—';
}

/** «01.10.2026 12:00» in Moscow time. */
export function formatDateTime(value: Date | string | number | null | undefined): string {
  const date = dateOf(value);
  return date ? `${dateFormat.format(date)} ${timeFormat.format(date)}` : '—';
}
