/**
 * Filter builder for Twenty's REST `filter=` parameter (contract C7):
 * `and(eq('status','FREE'), gte('floor', 3))` → `and(status[eq]:"FREE",floor[gte]:3)`.
 *
 * Twenty's parser is a character scanner, not a grammar
 * (twentyhq/twenty packages/twenty-server/src/engine/api/rest/input-request-parsers/filter-parser-utils/):
 * - parse-filter-content splits a conjunction's body on commas at paren depth 1
 *   unless inside `[..]`, `"..."` or `'...'`; every `(`/`)` counts, even inside quotes,
 *   and each of `[ ] " '` toggles its flag on its own, whatever the others are;
 * - check-filter-query requires as many `(` as `)` in the whole string;
 * - parse-base-filter needs `^(.+)\[(.+)\]:(.+)$` (no line breaks) and takes the value after `]:`;
 * - format-field-values strips the first and last character when both are quotes, and
 *   splits `in`/`containsAny` lists on every comma, quotes or not.
 * So every string value is quoted, and each condition is checked by running that same
 * scanner over it: a value the parser would read differently throws TwentyFilterError.
 */
import { TwentyFilterError } from './errors';

export type ScalarComparator =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'startsWith'
  | 'endsWith'
  | 'like'
  | 'ilike';
export type ListComparator = 'in' | 'containsAny' | 'containsExactly';
export type FilterScalar = string | number | boolean | Date;

export type Filter =
  | { kind: 'compare'; field: string; op: ScalarComparator; value: FilterScalar }
  | { kind: 'list'; field: string; op: ListComparator; values: readonly FilterScalar[] }
  | { kind: 'is'; field: string; value: 'NULL' | 'NOT_NULL' }
  | { kind: 'and' | 'or'; filters: readonly Filter[] }
  | { kind: 'not'; filter: Filter };

const compare =
  (op: ScalarComparator) =>
  (field: string, value: FilterScalar): Filter => ({ kind: 'compare', field, op, value });
const list =
  (op: ListComparator) =>
  (field: string, values: readonly FilterScalar[]): Filter => ({ kind: 'list', field, op, values });

export const eq = compare('eq');
export const neq = compare('neq');
export const gt = compare('gt');
export const gte = compare('gte');
export const lt = compare('lt');
export const lte = compare('lte');
export const startsWith = compare('startsWith');
export const endsWith = compare('endsWith');
/** SQL LIKE: `%` matches any run of characters. */
export const like = compare('like');
export const ilike = compare('ilike');
/** `in` is a reserved word, hence the underscore. */
export const in_ = list('in');
export const containsAny = list('containsAny');
export const containsExactly = list('containsExactly');
export const isNull = (field: string): Filter => ({ kind: 'is', field, value: 'NULL' });
export const isNotNull = (field: string): Filter => ({ kind: 'is', field, value: 'NOT_NULL' });
export const and = (...filters: Filter[]): Filter => ({ kind: 'and', filters });
export const or = (...filters: Filter[]): Filter => ({ kind: 'or', filters });
export const not = (filter: Filter): Filter => ({ kind: 'not', filter });

/** Field names, optionally dotted into a composite sub-field: `amount.amountMicros`. */
export const FIELD_PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function assertFieldPath(field: unknown, what = 'field'): asserts field is string {
  if (typeof field !== 'string' || !FIELD_PATH_PATTERN.test(field)) {
    throw new TwentyFilterError({
      field: String(field),
      reason: `not a valid ${what} name (letters, digits and _, sub-fields joined by dots, e.g. amount.amountMicros)`,
    });
  }
}

export function serializeFilter(filter: Filter): string {
  return serializeNode(filter, lastCondition(filter));
}

function lastCondition(filter: Filter): Filter {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return filter.filters.length > 0 ? lastCondition(filter.filters[filter.filters.length - 1]) : filter;
    case 'not':
      return lastCondition(filter.filter);
    default:
      return filter;
  }
}

function serializeNode(filter: Filter, last: Filter): string {
  switch (filter.kind) {
    case 'and':
    case 'or':
      if (filter.filters.length === 0) {
        throw new TwentyFilterError({
          field: `${filter.kind}()`,
          reason: `${filter.kind}() needs at least one condition — Twenty rejects an empty one`,
        });
      }
      return `${filter.kind}(${filter.filters.map((f) => serializeNode(f, last)).join(',')})`;
    case 'not':
      return `not(${serializeNode(filter.filter, last)})`;
    case 'compare':
    case 'list':
    case 'is':
      return serializeCondition(filter, filter === last);
    default:
      return assertNever(filter);
  }
}

type Condition = Extract<Filter, { field: string }>;

function serializeCondition(condition: Condition, isLast: boolean): string {
  assertFieldPath(condition.field);
  const { field } = condition;
  if (condition.kind === 'is') {
    if (condition.value !== 'NULL' && condition.value !== 'NOT_NULL') {
      throw new TwentyFilterError({
        field,
        reason: `[is] takes NULL or NOT_NULL, got ${String(condition.value)}`,
      });
    }
    return `${field}[is]:${condition.value}`;
  }
  const prefix = `${field}[${condition.op}]:`;
  const candidates =
    condition.kind === 'compare'
      ? scalarEncodings(field, condition.value).map((v) => prefix + v)
      : listEncodings(field, condition.values).map((v) => prefix + v);
  const scans = candidates.map(scanCondition);
  const clean = candidates.find((_, i) => scans[i].ok && !scans[i].leavesQuoteOpen);
  if (clean) return clean;
  // A value that leaves a quote or bracket open swallows whatever follows it, so it may only come last.
  const leavesOpen = candidates.find((_, i) => scans[i].ok);
  if (leavesOpen && isLast) return leavesOpen;
  throw new TwentyFilterError({
    field,
    reason: leavesOpen
      ? `the value has an odd number of quote or bracket characters (' " [ ]); Twenty's filter splitter would stay "inside" it and read the following conditions as part of this value — make it the last condition of the filter`
      : (scans.find((s) => !s.ok)?.problem ?? 'Twenty would misread this value'),
  });
}

function scalarEncodings(field: string, value: FilterScalar): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TwentyFilterError({ field, reason: `${value} is not a finite number` });
    return [String(value)];
  }
  if (typeof value === 'boolean') return [String(value)];
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TwentyFilterError({ field, reason: 'the Date is invalid' });
    return [`"${value.toISOString()}"`];
  }
  if (typeof value === 'string') return quotings(field, value);
  throw new TwentyFilterError({
    field,
    reason: `unsupported value ${value === null ? 'null (use isNull/isNotNull)' : typeof value}`,
  });
}

function listEncodings(field: string, values: readonly FilterScalar[]): string[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new TwentyFilterError({ field, reason: 'an empty list: Twenty would read [] as one empty string' });
  }
  const perElement = values.map((v) => {
    const encodings = scalarEncodings(field, v);
    for (const e of encodings) {
      if (e.includes(',')) {
        throw new TwentyFilterError({
          field,
          reason: `the list element ${JSON.stringify(String(v))} contains a comma; Twenty splits list values on every comma, quoted or not`,
        });
      }
    }
    return encodings;
  });
  // Preferred quoting for every element, then the alternative for every element.
  const preferred = `[${perElement.map((e) => e[0]).join(',')}]`;
  const alternative = `[${perElement.map((e) => e[e.length - 1]).join(',')}]`;
  return preferred === alternative ? [preferred] : [preferred, alternative];
}

function quotings(field: string, value: string): string[] {
  if (/[\n\r\u2028\u2029]/.test(value)) {
    throw new TwentyFilterError({
      field,
      reason: 'the value contains a line break, which Twenty filter syntax cannot carry',
    });
  }
  const double = `"${value}"`;
  const single = `'${value}'`;
  return value.includes('"') && !value.includes("'") ? [single, double] : [double, single];
}

export interface ConditionScan {
  ok: boolean;
  /** A quote or bracket flag is still set after the condition. */
  leavesQuoteOpen: boolean;
  problem?: string;
}

/** Runs Twenty's parse-filter-content scanner over one condition, as it sees it inside a conjunction. */
export function scanCondition(text: string): ConditionScan {
  let depth = 1;
  let inBrackets = false;
  let inDouble = false;
  let inSingle = false;
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') {
      depth--;
      if (depth < 1) {
        return {
          ok: false,
          leavesQuoteOpen: false,
          problem: `Twenty counts every parenthesis, even inside quotes, so ")" before its "(" in ${text} would end the condition early`,
        };
      }
    }
    if (c === '[' || c === ']') inBrackets = !inBrackets;
    if (c === '"') inDouble = !inDouble;
    if (c === "'") inSingle = !inSingle;
    if (c === ',' && depth === 1 && !inBrackets && !inDouble && !inSingle) {
      return {
        ok: false,
        leavesQuoteOpen: false,
        problem: `Twenty would split ${text} at a comma: the quote characters inside the value cancel the surrounding quotes`,
      };
    }
  }
  if (depth !== 1) {
    return {
      ok: false,
      leavesQuoteOpen: false,
      problem: `the value's parentheses do not balance; Twenty counts every parenthesis, even inside quotes, and rejects the filter`,
    };
  }
  return { ok: true, leavesQuoteOpen: inBrackets || inDouble || inSingle };
}

function assertNever(x: never): never {
  throw new TwentyFilterError({ field: JSON.stringify(x), reason: 'unknown filter node' });
}
