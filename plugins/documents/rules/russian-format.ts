/**
 * Values as Russian documents print them: dates in the long form («7 декабря 2026 г.», the
 * calendar day in Europe/Moscow for moments), areas with two decimals and a comma («45,60 м²»),
 * numbers grouped by thousands; and text cleaned of the characters Word refuses (XML 1.0 allows
 * no C0 controls but tab, line feed and carriage return, no lone surrogates, no U+FFFE/U+FFFF).
 */
import Decimal from 'decimal.js';

const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

const MOSCOW_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Moscow',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day `YYYY-MM-DD` of a date (kept) or a moment (its day in Moscow); null if unreadable. */
export function moscowDay(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  return MOSCOW_DAY.format(at);
}

/** «7 декабря 2026 г.»; null when there is no date. */
export function longDateRu(value: string | Date | null | undefined): string | null {
  const day = moscowDay(value);
  if (!day) return null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS_GENITIVE[m - 1]} ${y} г.`;
}

/** «45,60 м²»: two decimals, half-up; null when absent or not a number. */
export function areaRu(value: unknown): string | null {
  const d = decimalOf(value);
  return d === null ? null : `${groupedDecimal(d, 2)} м²`;
}

/** A number with `places` decimals, a comma and no-break-space groups: «1 234,50». */
export function groupedDecimal(value: Decimal, places: number): string {
  const [int, frac] = value.toFixed(places, Decimal.ROUND_HALF_UP).split('.') as [string, string?];
  const sign = int.startsWith('-') ? '−' : '';
  const digits = int.replace(/^-/, '').replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${digits}${frac ? `,${frac}` : ''}`;
}

/** A whole number as text («12»), null when absent. */
export function integerRu(value: unknown): string | null {
  const d = decimalOf(value);
  return d === null ? null : groupedDecimal(d, 0);
}

export function decimalOf(value: unknown): Decimal | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'bigint') return null;
  try {
    const d = new Decimal(typeof value === 'bigint' ? value.toString() : value);
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/** Whether Word (XML 1.0) refuses the code unit: C0 controls but tab/LF/CR, DEL, U+FFFE/U+FFFF. */
const refusedUnit = (c: number) =>
  (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffe || c === 0xffff;
const REFUSED_CHARS = new RegExp(
  `[${Array.from({ length: 0x80 }, (_, c) => c)
    .filter(refusedUnit)
    .map((c) => `\\u${c.toString(16).padStart(4, '0')}`)
    .join('')}\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`,
  'g',
);

/**
 * Text Word accepts: refused characters dropped, line breaks and tabs turned to spaces, runs of
 * spaces made one. The spaces at the ends stay: fixed text joins its neighbours with them.
 */
export function cleanText(value: string): string {
  return value
    .replace(REFUSED_CHARS, '')
    .replace(/[\t\r\n]+/g, ' ')
    .replace(/ {2,}/g, ' ');
}
