/**
 * Source text → Twenty field values (contract C14), one field type at a time,
 * and the comparison that makes a re-run write nothing: a value read back from
 * Twenty equals what would be sent.
 */
import Decimal from 'decimal.js';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export type FieldType =
  | 'TEXT'
  | 'NUMBER'
  | 'NUMERIC'
  | 'BOOLEAN'
  | 'DATE'
  | 'DATE_TIME'
  | 'SELECT'
  | 'MULTI_SELECT'
  | 'CURRENCY'
  | 'PHONES'
  | 'EMAILS'
  | 'ADDRESS'
  | 'FULL_NAME'
  | 'LINKS'
  | 'RICH_TEXT_V2'
  | 'RELATION'
  | 'UUID'
  | 'RATING'
  | 'RAW_JSON'
  | 'ARRAY';

export interface ValueContext {
  /** Currency of amounts when a row has no CurrencyIsoCode. */
  currency: string;
  /** Zone of date-times written without an offset. */
  timeZone: string;
  /** Country of phone numbers written without +code. */
  phoneCountry: string;
}

export type Converted = { ok: true; value: unknown } | { ok: false; reason: string };
const ok = (value: unknown): Converted => ({ ok: true, value });
const bad = (reason: string): Converted => ({ ok: false, reason });

const TRUE = new Set(['true', '1', 'yes', 'y', 'on', 'да']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off', 'нет']);

export function parseBoolean(raw: string): Converted {
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return ok(true);
  if (FALSE.has(v)) return ok(false);
  return bad(`"${raw}" is not a boolean (true/false)`);
}

export function parseNumber(raw: string): Converted {
  const v = raw.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return bad(`"${raw}" is not a number`);
  return ok(Number(v));
}

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** YYYY-MM-DD (also DD.MM.YYYY and a date-time's date); never shifted by a time zone. */
export function parseDate(raw: string): Converted {
  const v = raw.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(v);
  if (m && validDate(+m[1], +m[2], +m[3])) return ok(`${m[1]}-${m[2]}-${m[3]}`);
  m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(v);
  if (m && validDate(+m[3], +m[2], +m[1])) return ok(`${m[3]}-${m[2]}-${m[1]}`);
  return bad(`"${raw}" is not a valid date (YYYY-MM-DD)`);
}

/** Offset (minutes east of UTC) of a zone at a UTC instant. */
function zoneOffsetMinutes(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * ISO 8601 with Z or an offset (Salesforce writes `…000Z` or `…+0000`); without
 * one, the time is in `timeZone`; a bare date is midnight there.
 */
export function parseDateTime(raw: string, timeZone: string): Converted {
  const v = raw.trim();
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      v,
    );
  if (!m || !validDate(+m[1], +m[2], +m[3])) return bad(`"${raw}" is not a valid date-time (ISO 8601)`);
  const [h, min, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return bad(`"${raw}" is not a valid date-time (ISO 8601)`);
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], h, min, s, ms);
  let utc: number;
  if (m[8]) {
    if (m[8].toUpperCase() === 'Z') utc = wall;
    else {
      const sign = m[8][0] === '-' ? -1 : 1;
      const digits = m[8].slice(1).replace(':', '');
      utc = wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
  } else {
    try {
      const guess = wall - zoneOffsetMinutes(timeZone, wall) * 60_000;
      utc = wall - zoneOffsetMinutes(timeZone, guess) * 60_000;
    } catch {
      return bad(`unknown time zone "${timeZone}"`);
    }
  }
  return ok(new Date(utc).toISOString());
}

/** Amount in the currency's units → micros, exactly (decimal arithmetic, no float). */
export function toMicros(raw: string): Converted {
  const v = raw.trim().replace(/\s/g, '').replace(',', '.');
  try {
    const d = new Decimal(v);
    if (!d.isFinite()) return bad(`"${raw}" is not an amount`);
    return ok(d.mul(1_000_000).toDecimalPlaces(0).toNumber());
  } catch {
    return bad(`"${raw}" is not an amount`);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseEmail(raw: string): Converted {
  const v = raw.trim().toLowerCase();
  return EMAIL.test(v) ? ok(v) : bad(`"${raw}" is not an e-mail address`);
}

export interface PhoneValue {
  number: string;
  countryCode: string;
  callingCode: string;
}

export function parsePhone(raw: string, country: string): Converted {
  const v = raw.trim();
  const parsed = parsePhoneNumberFromString(v, country as CountryCode);
  if (parsed?.isPossible())
    return ok({
      number: parsed.nationalNumber,
      countryCode: parsed.country ?? '',
      callingCode: `+${parsed.countryCallingCode}`,
    } satisfies PhoneValue);
  const digits = v.replace(/[^\d+]/g, '');
  if (digits.replace('+', '').length < 3) return bad(`"${raw}" is not a phone number`);
  return ok({ number: v, countryCode: '', callingCode: '' } satisfies PhoneValue);
}

/** UPPER_SNAKE option value of a label (Cyrillic transliterated): "Closed Won" → CLOSED_WON. */
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

export function optionValueOf(label: string): string {
  const latin = [...label.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
  const value = latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (value === '') return 'OPTION';
  return /^[A-Z0-9]/.test(value) ? value : `V_${value}`;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const empty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Is what Twenty holds (`stored`) the same as what would be sent (`sent`)? Only
 * the keys that are sent count (Twenty fills the others); '' and null are both
 * empty; numbers compare by value; date-times by instant.
 */
export function sameValue(sent: unknown, stored: unknown): boolean {
  if (empty(sent))
    return (
      empty(stored) ||
      (typeof stored === 'object' &&
        stored !== null &&
        !Array.isArray(stored) &&
        Object.values(stored).every(empty))
    );
  if (Array.isArray(sent)) {
    if (!Array.isArray(stored) || stored.length !== sent.length) return false;
    return sent.every((v, i) => sameValue(v, stored[i]));
  }
  if (typeof sent === 'object') {
    if (typeof stored !== 'object' || stored === null) return false;
    const s = stored as Record<string, unknown>;
    return Object.entries(sent as Record<string, unknown>).every(([k, v]) => sameValue(v, s[k]));
  }
  if (typeof sent === 'number') return Number(stored) === sent;
  if (typeof sent === 'boolean') return stored === sent;
  if (typeof sent === 'string' && typeof stored === 'string') {
    if (sent === stored) return true;
    if (ISO_DATE_TIME.test(sent) && ISO_DATE_TIME.test(stored))
      return Date.parse(sent) === Date.parse(stored);
    return false;
  }
  return false;
}
