/**
 * Compiles a parsed filter to a SQL boolean expression over one object's
 * table, mirroring Twenty's computeWhereConditionParts
 * (engine/api/graphql/graphql-query-runner/utils/compute-where-condition-parts.ts):
 *
 * - Values only ever travel as `$n` parameters, pushed onto `params`.
 * - `neq` is SQL `<>`: rows where the column is NULL do not match (Twenty's
 *   `!=`), and `not(…)` is SQL NOT, so NULL comparisons stay unknown inside it.
 * - Twenty treats `''` as NULL for text columns and `{}` for array columns
 *   ("null-equivalent"): `is:NULL` also matches them, `eq:""` also matches NULL.
 * - DATE_TIME comparisons work at millisecond precision: `eq` is the range
 *   [v, v + 1 ms), `gt` is `>= v + 1 ms`, `lte` is `< v + 1 ms`.
 * - `startsWith`/`endsWith` match literally and case-sensitively (Twenty uses
 *   `^@` and `RIGHT()`); here LIKE with `%` and `_` escaped, so an index on a
 *   text column stays usable. `ilike` is the one comparison that wraps the column.
 */
import type { ObjectMeta, SqlValueKind } from '../metadata/types';
import { columnRef, type ResolvedColumn, resolveColumn } from './field-path';
import type { Comparator, FilterNode, PredicateNode } from './filter-node';
import { PG_TYPE, typeFilterValue } from './filter-values';
import { invalidFilter } from './query-errors';

const ALL_SCALARS: SqlValueKind[] = [
  'uuid',
  'text',
  'float',
  'numeric',
  'bigint',
  'boolean',
  'timestamptz',
  'date',
];
const ORDERED: SqlValueKind[] = ['text', 'float', 'numeric', 'bigint', 'timestamptz', 'date'];
const PATTERN: SqlValueKind[] = ['text', 'jsonb', 'float', 'numeric', 'bigint', 'timestamptz', 'date'];

/** Which comparators each storage kind accepts (Twenty's per-type filter inputs). */
const ALLOWED: Record<Comparator, SqlValueKind[]> = {
  eq: ALL_SCALARS,
  neq: ALL_SCALARS,
  in: ALL_SCALARS,
  gt: ORDERED,
  gte: ORDERED,
  lt: ORDERED,
  lte: ORDERED,
  like: PATTERN,
  ilike: PATTERN,
  startsWith: PATTERN,
  endsWith: PATTERN,
  containsAny: ['text[]'],
  containsExactly: ['text[]'],
  is: [...ALL_SCALARS, 'jsonb', 'text[]'],
};

/** Composite text sub-fields Twenty stores as '' when empty (find-postgres-default-null-equivalent-value.util.ts). */
const NULL_EQUIVALENT_SUBFIELDS: Record<string, string[]> = {
  FULL_NAME: ['firstName', 'lastName'],
  EMAILS: ['primaryEmail'],
  LINKS: ['primaryLinkUrl', 'primaryLinkLabel'],
  PHONES: ['primaryPhoneNumber', 'primaryPhoneCountryCode', 'primaryPhoneCallingCode'],
  ADDRESS: [
    'addressStreet1',
    'addressStreet2',
    'addressCity',
    'addressState',
    'addressPostcode',
    'addressCountry',
  ],
  ACTOR: ['name'],
  RICH_TEXT_V2: ['markdown'],
};

export function compileFilter(
  node: FilterNode,
  object: ObjectMeta,
  params: unknown[],
  alias?: string,
): string {
  switch (node.kind) {
    case 'and':
    case 'or': {
      if (node.children.length === 0) return node.kind === 'and' ? 'TRUE' : 'FALSE';
      const parts = node.children.map((child) => compileFilter(child, object, params, alias));
      return `(${parts.join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return `(NOT (${compileFilter(node.child, object, params, alias)}))`;
    case 'predicate':
      return compilePredicate(node, object, params, alias);
    default: {
      const unreachable: never = node;
      return unreachable;
    }
  }
}

function compilePredicate(
  node: PredicateNode,
  object: ObjectMeta,
  params: unknown[],
  alias?: string,
): string {
  const col = resolveColumn(object, node.field, node.subField, invalidFilter);
  const { comparator } = node;
  const allowed = Object.entries(ALLOWED)
    .filter(([, kinds]) => kinds.includes(col.kind))
    .map(([c]) => c);
  if (!ALLOWED[comparator].includes(col.kind)) {
    throw invalidFilter(
      `'filter' invalid for '${col.path}[${comparator}]': ${comparator} does not apply to ${describe(col)}. Use one of ${allowed.join(', ')}`,
    );
  }
  const ref = columnRef(col.column, alias);
  const param = (v: unknown) => `$${params.push(v)}`;
  const nullEquivalent = nullEquivalentLiteral(col);

  if (comparator === 'is') {
    const value = single(node);
    if (value === 'NOT_NULL') return `${ref} IS NOT NULL`;
    if (value !== 'NULL') {
      throw invalidFilter(
        `'filter' invalid for '${col.path}[is]:${value}'. 'is' expects NULL or NOT_NULL, eg: ${col.path}[is]:NULL`,
      );
    }
    return nullEquivalent ? `(${ref} IS NULL OR ${ref} = ${nullEquivalent})` : `${ref} IS NULL`;
  }

  if (comparator === 'in' || comparator === 'containsAny' || comparator === 'containsExactly') {
    const list = node.value;
    if (!Array.isArray(list) || list.length === 0) {
      throw invalidFilter(`Invalid filter value for field ${col.path}. Expected non-empty array`);
    }
    const p = `${param(list.map((v) => typeFilterValue(v, col)))}::${PG_TYPE[col.kind]}[]`;
    if (comparator === 'in') return `${ref} = ANY(${p})`;
    if (comparator === 'containsAny') return `${ref} && ${p}`;
    return `(${ref} @> ${p} AND ${ref} <@ ${p})`;
  }

  const raw = single(node);
  const asText = col.kind === 'text' ? ref : `${ref}::text`;
  const emptyMeansNull = nullEquivalent !== null && raw === '';
  switch (comparator) {
    case 'like':
    case 'ilike': {
      const sql = `${asText} ${comparator === 'like' ? 'LIKE' : 'ILIKE'} ${param(raw)}`;
      return emptyMeansNull ? `(${sql} OR ${ref} IS NULL)` : sql;
    }
    case 'startsWith':
      return `${asText} LIKE ${param(`${escapeLike(raw)}%`)}`;
    case 'endsWith':
      return `${asText} LIKE ${param(`%${escapeLike(raw)}`)}`;
    default:
      break;
  }

  const p = param(typeFilterValue(raw, col));
  if (col.field.type === 'DATE_TIME' && col.kind === 'timestamptz') {
    const next = `(${p}::timestamptz + interval '1 millisecond')`;
    switch (comparator) {
      case 'eq':
        return `(${ref} >= ${p} AND ${ref} < ${next})`;
      case 'neq':
        return `(${ref} < ${p} OR ${ref} >= ${next})`;
      case 'gt':
        return `${ref} >= ${next}`;
      case 'lte':
        return `${ref} < ${next}`;
      default:
        break;
    }
  }
  switch (comparator) {
    case 'eq':
      return emptyMeansNull ? `(${ref} = ${p} OR ${ref} IS NULL)` : `${ref} = ${p}`;
    case 'neq':
      return emptyMeansNull ? `(${ref} <> ${p} AND ${ref} IS NOT NULL)` : `${ref} <> ${p}`;
    case 'gt':
      return `${ref} > ${p}`;
    case 'gte':
      return `${ref} >= ${p}`;
    case 'lt':
      return `${ref} < ${p}`;
    case 'lte':
      return `${ref} <= ${p}`;
    default:
      throw invalidFilter(`'filter' comparator ${comparator} is not handled for '${col.path}'`);
  }
}

function single(node: PredicateNode): string {
  if (typeof node.value === 'string') return node.value;
  throw invalidFilter(
    `'filter' invalid for '${node.field}[${node.comparator}]': a single value expected, not a list`,
  );
}

function describe(col: ResolvedColumn): string {
  return col.subField ? `${col.field.type} sub-field '${col.path}'` : `${col.field.type} field '${col.path}'`;
}

/** The SQL literal Twenty treats like NULL for this column, if any. */
function nullEquivalentLiteral(col: ResolvedColumn): string | null {
  const { field, subField } = col;
  if (field.type === 'TEXT') return "''";
  if (field.type === 'MULTI_SELECT' || field.type === 'ARRAY') return "'{}'";
  if (subField && NULL_EQUIVALENT_SUBFIELDS[field.type]?.includes(subField)) return "''";
  return null;
}

/** Backslash is LIKE's default escape character in Postgres. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
