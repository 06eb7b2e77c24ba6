/**
 * Reading what staff type into Excel cells: numbers stored as text with a
 * comma decimal («45,6»), prices with spaces or no-break spaces as thousands
 * separators («12 500 000»), unit suffixes, and kinds/statuses written as
 * Russian captions. Decisions: «м²», «м2», «кв. м» after an area are
 * stripped, «₽», «руб.», «р.» after a price are stripped; any other trailing
 * text is refused with a reason (so «45,6 м» is not silently read as 45.6).
 */
import Decimal from 'decimal.js';
import { KIND_CAPTIONS, STATUS_CAPTIONS } from '../import/import-columns';
import type { CellValue } from '../import/import-types';
import {
  UNIT_KIND_ALIASES,
  UNIT_KIND_TERMS,
  UNIT_KIND_VALUES,
  UNIT_STATUS_ALIASES,
  UNIT_STATUS_TERMS,
  UNIT_STATUS_VALUES,
  type UnitKind,
  type UnitStatus,
} from '../vocabulary';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ParseFailure; reason: string };
export type ParseFailure = 'not_a_number' | 'not_an_integer' | 'unit_suffix' | 'unknown_value';

const SPACES = /[\s\u00a0\u2007\u202f]+/g;

/** The cell as trimmed text, or null when blank. */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : String(value);
  const trimmed = text.replace(SPACES, ' ').trim();
  return trimmed === '' ? null : trimmed;
}

export type NumberKind = 'area' | 'money' | 'plain';

const AREA_SUFFIX = /\s*(м²|м2|кв\.?\s*м\.?|m²|m2|sq\.?\s*m)\s*$/i;
const MONEY_SUFFIX = /\s*(₽|руб\.?|рублей|р\.|rub)\s*$/i;

function quote(text: string): string {
  return `«${text.length > 40 ? `${text.slice(0, 40)}…` : text}»`;
}

export function parseDecimal(value: CellValue | undefined, kind: NumberKind = 'plain'): Parsed<Decimal> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, code: 'not_a_number', reason: `${value} — не число` };
    return { ok: true, value: new Decimal(value) };
  }
  if (typeof value === 'boolean')
    return { ok: false, code: 'not_a_number', reason: `${quote(String(value))} — не число` };
  const original = cellText(value);
  if (original === null) return { ok: false, code: 'not_a_number', reason: 'пусто' };
  let text = original;
  if (kind === 'area') text = text.replace(AREA_SUFFIX, '');
  if (kind === 'money') text = text.replace(MONEY_SUFFIX, '');
  const compact = text.replace(SPACES, ' ').trim();
  const suffix = /^[-+]?[\d\s.,]*\d[.,]?\s*([^\d\s.,].*)$/u.exec(compact);
  if (suffix) {
    const accepted =
      kind === 'area'
        ? 'после числа допускается только «м²»'
        : kind === 'money'
          ? 'после числа допускается только «₽» или «руб.»'
          : 'единицы после числа не пишут';
    return {
      ok: false,
      code: 'unit_suffix',
      reason: `${quote(original)}: после числа стоит «${suffix[1]}»; в этом столбце ${accepted} — оставьте только число`,
    };
  }
  const normalized = normalizeNumberText(compact);
  if (normalized === null)
    return { ok: false, code: 'not_a_number', reason: `${quote(original)} — не число` };
  return { ok: true, value: new Decimal(normalized) };
}

/**
 * «12 500 000» → 12500000, «45,6» → 45.6, «1,234.5» → 1234.5; null when the
 * separators are ambiguous or misplaced («1,2,3», «12 50»).
 */
function normalizeNumberText(text: string): string | null {
  const sign = text.startsWith('-') ? '-' : '';
  const body = text.replace(/^[-+]\s*/, '');
  // Spaces only as thousands separators: groups of exactly three digits.
  const spaced = /^\d{1,3}( \d{3})+([.,]\d+)?$/.test(body);
  if (body.includes(' ') && !spaced) return null;
  const noSpaces = body.replace(/ /g, '');
  if (/^\d+$/.test(noSpaces)) return sign + noSpaces;
  if (/^\d*[.,]\d+$/.test(noSpaces)) return sign + noSpaces.replace(',', '.');
  if (/^\d{1,3}(,\d{3})+\.\d+$/.test(noSpaces)) return sign + noSpaces.replace(/,/g, '');
  return null;
}

export function parseInteger(value: CellValue | undefined): Parsed<number> {
  const d = parseDecimal(value, 'plain');
  if (!d.ok) return d;
  if (!d.value.isInteger())
    return {
      ok: false,
      code: 'not_an_integer',
      reason: `${quote(cellText(value) ?? '')} — не целое число`,
    };
  return { ok: true, value: d.value.toNumber() };
}

function lookupKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[-_\s]+/g, ' ')
    .trim();
}

function buildLookup<V extends string>(
  values: readonly V[],
  captions: Readonly<Record<V, string>>,
  extra: Record<string, V>,
): Map<string, V> {
  const map = new Map<string, V>();
  for (const v of values) {
    map.set(lookupKey(v), v);
    map.set(lookupKey(captions[v]), v);
  }
  for (const [text, v] of Object.entries(extra)) map.set(lookupKey(text), v);
  return map;
}

const englishLabels = <V extends string>(terms: readonly { value: V; en: string }[]) =>
  Object.fromEntries(terms.map((t) => [t.en, t.value])) as Record<string, V>;

const KIND_LOOKUP = buildLookup(UNIT_KIND_VALUES, KIND_CAPTIONS, {
  ...englishLabels(UNIT_KIND_TERMS),
  ...UNIT_KIND_ALIASES,
});

const STATUS_LOOKUP = buildLookup(UNIT_STATUS_VALUES, STATUS_CAPTIONS, {
  ...englishLabels(UNIT_STATUS_TERMS),
  ...UNIT_STATUS_ALIASES,
});

function parseChoice<V extends string>(
  value: CellValue | undefined,
  lookup: Map<string, V>,
  captions: Readonly<Record<V, string>>,
): Parsed<V> {
  const text = cellText(value);
  const found = text === null ? undefined : lookup.get(lookupKey(text));
  if (found) return { ok: true, value: found };
  const allowed = Object.values<string>(captions).join(', ');
  return {
    ok: false,
    code: 'unknown_value',
    reason: `${quote(text ?? '')} — нет в списке: ${allowed} (или ${Object.keys(captions).join(', ')})`,
  };
}

export const parseKind = (value: CellValue | undefined): Parsed<UnitKind> =>
  parseChoice(value, KIND_LOOKUP, KIND_CAPTIONS);

export const parseStatus = (value: CellValue | undefined): Parsed<UnitStatus> =>
  parseChoice(value, STATUS_LOOKUP, STATUS_CAPTIONS);

/** Roubles (a decimal string, kopecks kept) ↔ Twenty's amountMicros. */
export function roublesToMicros(roubles: string): number {
  return new Decimal(roubles).times(1_000_000).toDecimalPlaces(0).toNumber();
}

export function microsToRoubles(micros: number): string {
  return new Decimal(micros).dividedBy(1_000_000).toDecimalPlaces(2).toString();
}
