/**
 * Turns a filter value (always a string in the URL) into the SQL parameter
 * for the column it is compared with — Twenty's formatFieldValue and
 * checkFilterEnumValues, with a 400 naming the value instead of the
 * database error Twenty would surface for `price[gt]:abc` or a bad UUID.
 */
import type { SqlValueKind } from '../metadata/types';
import type { ResolvedColumn } from './field-path';
import { invalidFilter } from './query-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Postgres type names used to cast list parameters (`$1::text[]`). */
export const PG_TYPE: Record<SqlValueKind, string> = {
  uuid: 'uuid',
  text: 'text',
  timestamptz: 'timestamptz',
  date: 'date',
  boolean: 'bool',
  float: 'float8',
  numeric: 'numeric',
  bigint: 'int8',
  jsonb: 'jsonb',
  'text[]': 'text',
};

export function typeFilterValue(raw: string, col: ResolvedColumn): string | number | boolean {
  const bad = (expected: string) =>
    invalidFilter(`'filter' value '${raw}' is invalid for field '${col.path}': ${expected} expected`);
  switch (col.kind) {
    case 'uuid':
      if (!UUID.test(raw)) throw bad('a UUID');
      return raw;
    case 'float': {
      // Twenty parses NUMBER and POSITION with parseFloat (format-field-values.util.ts).
      const n = Number.parseFloat(raw);
      if (Number.isNaN(n)) throw bad('a number');
      return n;
    }
    case 'numeric':
      if (!DECIMAL.test(raw)) throw bad('a decimal number');
      return raw;
    case 'bigint':
      if (!INTEGER.test(raw)) throw bad('an integer');
      return raw;
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw bad('true or false');
      return lower === 'true';
    }
    case 'timestamptz': {
      const ms = Date.parse(raw);
      if (Number.isNaN(ms)) throw bad('an ISO 8601 date-time');
      return new Date(ms).toISOString();
    }
    case 'date':
      if (!isCalendarDate(raw)) throw bad('a date YYYY-MM-DD');
      return raw;
    case 'text':
    case 'text[]':
      checkOption(raw, col);
      return raw;
    case 'jsonb':
      return raw;
    default: {
      const unreachable: never = col.kind;
      return unreachable;
    }
  }
}

function isCalendarDate(raw: string): boolean {
  const m = DATE.exec(raw);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === raw;
}

/** SELECT, MULTI_SELECT and RATING values must be one of the field's options. */
function checkOption(value: string, col: ResolvedColumn): void {
  const { field } = col;
  if (field.type !== 'SELECT' && field.type !== 'MULTI_SELECT' && field.type !== 'RATING') return;
  if (!field.options) return;
  const values = field.options.map((o) => o.value);
  if (values.includes(value)) return;
  throw invalidFilter(
    `'filter' enum value '${value}' not available in '${field.name}' enum. Available enum values are [${values.map((v) => `'${v}'`).join(', ')}]`,
  );
}
