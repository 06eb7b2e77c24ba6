/**
 * SQL pieces every section repeats: Moscow days of timestamps, roubles from micros (rounded to the
 * kopeck in numeric, handed to JavaScript as a number only for display), the place of a unit, and
 * numbered parameters built as the filters are added.
 */
import type { ScopedReader } from '../../core/access/index';
import type { Cell, ReportRow } from '../report-types';

/** A timestamp's Moscow calendar day as `YYYY-MM-DD` text. */
export const mskDay = (expr: string) => `to_char((${expr}) at time zone 'Europe/Moscow', 'YYYY-MM-DD')`;
/** A timestamp's Moscow calendar day as a date. */
export const mskDate = (expr: string) => `((${expr}) at time zone 'Europe/Moscow')::date`;
/** Moscow midnight of a `YYYY-MM-DD` parameter, as a timestamptz. */
const mskStart = (day: string) => `(${day}::date::timestamp at time zone 'Europe/Moscow')`;
/**
 * A timestamp within the Moscow days `from`…`to` (inclusive): a plain range on the column, so the
 * read model's expression index on it serves the filter (formatting each row's day would read them all).
 */
export const mskBetween = (expr: string, from: string, to: string) =>
  `(${expr} >= ${mskStart(from)} and ${expr} < ${mskStart(`(${to}::date + 1)`)})`;
/** A timestamp on the Moscow day `day`. */
export const mskOn = (expr: string, day: string) => mskBetween(expr, day, day);
/** A timestamp before the end of the Moscow day `day`. */
export const mskUntil = (expr: string, day: string) => `(${expr} < ${mskStart(`(${day}::date + 1)`)})`;

/** Roubles (2 decimals) from a micros expression, as a float for display. */
export const rub = (microsExpr: string) => `round(coalesce(${microsExpr}, 0) / 1000000.0, 2)::float8`;
/** A date column as `YYYY-MM-DD` text. */
export const isoDay = (expr: string) => `to_char(${expr}, 'YYYY-MM-DD')`;

/** Numbered parameters: `$1`, `$2` … in the order filters are added. */
export class SqlArgs {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A unit's place as people name it: complex, building («Корпус 3» when the building has no name). */
export const BUILDING_NAME = (b: string) => `coalesce(nullif(${b}.name, ''), 'Корпус ' || ${b}.number)`;
/** A person's full name from Twenty's fullName columns. */
export const PERSON_NAME = (p: string) =>
  `nullif(trim(concat_ws(' ', ${p}.name_first_name, ${p}.name_last_name)), '')`;

/** Rows with numbers as numbers (pg hands numeric as text, int8 as text). */
export async function rows(
  reader: ScopedReader,
  sql: string,
  args: SqlArgs | readonly unknown[] = [],
): Promise<ReportRow[]> {
  const values = args instanceof SqlArgs ? args.values : args;
  const result = await reader.query(sql, values);
  return result.map((r) => {
    const out: Record<string, Cell> = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === null || v === undefined) out[k] = null;
      else if (typeof v === 'number' || typeof v === 'string') out[k] = v;
      else if (typeof v === 'bigint') out[k] = Number(v);
      else if (v instanceof Date) out[k] = v.toISOString().slice(0, 10);
      else if (typeof v === 'boolean') out[k] = v ? 'да' : 'нет';
      else out[k] = String(v);
    }
    return out;
  });
}

const MONTHS = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];
/** «2026-03» → «март 2026». */
export const monthRu = (ym: string) => `${MONTHS[Number(ym.slice(5, 7)) - 1] ?? ym} ${ym.slice(0, 4)}`;

/** A label from a vocabulary map, or the raw value when the map has none. */
export const label = (map: Readonly<Record<string, string>>, value: Cell) =>
  value === null ? null : (map[String(value)] ?? String(value));
