/**
 * The reports' parameters from a query string, a command line or the job: dates checked as real
 * calendar days (`2026-02-30` is refused), the period ordered, ids shaped like record ids. Every
 * refusal is a `RouteError` naming the field in Russian; absent values take the defaults (the
 * period: the year of the report date so far; the date: today in Moscow).
 */
import { RouteError } from '../core/plugin/index';
import type { ReportParams } from './report-types';

export interface RawParams {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly date?: string | undefined;
  readonly complexId?: string | undefined;
  readonly agencyId?: string | undefined;
}

const LABELS = {
  from: 'Период с',
  to: 'Период по',
  date: 'Дата отчёта',
  complexId: 'Жилой комплекс',
  agencyId: 'Агентство',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `YYYY-MM-DD` or `dd.mm.yyyy` → `YYYY-MM-DD`, or undefined when it is not a real day. */
export function parseDay(text: string): string | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : ru ? [ru[3], ru[2], ru[1]] : [];
  if (!y || !m || !d) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  )
    return undefined;
  if (Number(y) < 1990 || Number(y) > 2100) return undefined;
  return `${y}-${m}-${d}`;
}

const ruDay = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

function day(raw: string | undefined, field: keyof typeof LABELS): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = parseDay(raw);
  if (!parsed)
    throw new RouteError(
      400,
      'reports_bad_date',
      {
        ru: `«${LABELS[field]}»: «${raw}» — не дата; укажите день как 31.12.2026 или 2026-12-31`,
        en: `${field}: "${raw}" is not a date; use 2026-12-31`,
      },
      { field },
    );
  return parsed;
}

function id(raw: string | undefined, field: 'complexId' | 'agencyId'): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!UUID.test(raw.trim()))
    throw new RouteError(
      400,
      'reports_bad_id',
      {
        ru: `«${LABELS[field]}»: «${raw}» — не идентификатор записи; выберите значение из списка`,
        en: `${field}: "${raw}" is not a record id`,
      },
      { field },
    );
  return raw.trim().toLowerCase();
}

/** The parameters with their defaults, or a RouteError naming the bad one. */
export function parseReportParams(raw: RawParams, today: string): ReportParams {
  const date = day(raw.date, 'date') ?? today;
  const to = day(raw.to, 'to') ?? date;
  const from = day(raw.from, 'from') ?? `${to.slice(0, 4)}-01-01`;
  if (from > to)
    throw new RouteError(
      400,
      'reports_bad_period',
      {
        ru: `«Период с» (${ruDay(from)}) позже, чем «Период по» (${ruDay(to)}): начало периода должно быть не позже конца`,
        en: `from (${from}) is after to (${to})`,
      },
      { field: 'from' },
    );
  const complexId = id(raw.complexId, 'complexId');
  const agencyId = id(raw.agencyId, 'agencyId');
  return {
    from,
    to,
    date,
    ...(complexId ? { complexId } : {}),
    ...(agencyId ? { agencyId } : {}),
  };
}

/** The period in words for headings: «01.01.2026 — 31.12.2026». */
export const periodRu = (p: ReportParams) => `${ruDay(p.from)} — ${ruDay(p.to)}`;
export { ruDay };
