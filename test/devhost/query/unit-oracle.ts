/**
 * A plain-JS reading of the filter and order semantics devhost documents
 * (filter-compiler.ts), written independently of the SQL it is checked
 * against. Predicates return true / false / null: SQL's three-valued logic.
 */
import type { FilterNode, PredicateNode } from '../../../devhost/query/filter-node';
import type { OrderTerm } from '../../../devhost/query/order-by';
import type { Cell, Row } from './unit-rows';

type Kind = 'text' | 'float' | 'numeric' | 'bigint' | 'boolean' | 'timestamptz' | 'date' | 'uuid' | 'array';
type Truth = boolean | null;

/** nullEq: Twenty treats '' (text) or {} (arrays) in this column like NULL. */
const PATHS: Record<string, { column: string; kind: Kind; nullEq: boolean }> = {
  id: { column: 'id', kind: 'uuid', nullEq: false },
  title: { column: 'title', kind: 'text', nullEq: true },
  floor: { column: 'floor', kind: 'float', nullEq: false },
  area: { column: 'area', kind: 'numeric', nullEq: false },
  isCorner: { column: 'isCorner', kind: 'boolean', nullEq: false },
  status: { column: 'status', kind: 'text', nullEq: false },
  createdAt: { column: 'createdAt', kind: 'timestamptz', nullEq: false },
  deletedAt: { column: 'deletedAt', kind: 'timestamptz', nullEq: false },
  handoverDate: { column: 'handoverDate', kind: 'date', nullEq: false },
  'price.amountMicros': { column: 'priceAmountMicros', kind: 'bigint', nullEq: false },
  'price.currencyCode': { column: 'priceCurrencyCode', kind: 'text', nullEq: false },
  'buyer.firstName': { column: 'buyerFirstName', kind: 'text', nullEq: true },
  'buyer.lastName': { column: 'buyerLastName', kind: 'text', nullEq: true },
  features: { column: 'features', kind: 'array', nullEq: true },
  tags: { column: 'tags', kind: 'array', nullEq: true },
  buildingId: { column: 'buildingId', kind: 'uuid', nullEq: false },
};

export function evaluate(node: FilterNode, row: Row): Truth {
  switch (node.kind) {
    case 'and': {
      const results = node.children.map((c) => evaluate(c, row));
      if (results.includes(false)) return false;
      return results.includes(null) ? null : true;
    }
    case 'or': {
      const results = node.children.map((c) => evaluate(c, row));
      if (results.includes(true)) return true;
      return results.includes(null) ? null : false;
    }
    case 'not': {
      const result = evaluate(node.child, row);
      return result === null ? null : !result;
    }
    case 'predicate':
      return evaluatePredicate(node, row);
  }
}

function evaluatePredicate(node: PredicateNode, row: Row): Truth {
  const path = node.subField ? `${node.field}.${node.subField}` : node.field;
  const { column, kind, nullEq } = PATHS[path];
  const v = row[column];
  const list = Array.isArray(node.value) ? node.value : [];
  const raw = Array.isArray(node.value) ? '' : node.value;
  const emptyIsNull = nullEq && raw === '';
  const isEmpty = v === '' || (Array.isArray(v) && v.length === 0);

  switch (node.comparator) {
    case 'is':
      return raw === 'NULL' ? v === null || (nullEq && isEmpty) : v !== null;
    case 'eq':
      if (v === null) return emptyIsNull ? true : null;
      return compare(v, raw, kind) === 0;
    case 'neq':
      if (v === null) return emptyIsNull ? false : null;
      return compare(v, raw, kind) !== 0;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (v === null) return null;
      const c = compare(v, raw, kind);
      return { gt: c > 0, gte: c >= 0, lt: c < 0, lte: c <= 0 }[node.comparator];
    }
    case 'in':
      return v === null ? null : list.some((x) => compare(v, x, kind) === 0);
    case 'containsAny':
      return v === null ? null : (v as string[]).some((e) => list.includes(e));
    case 'containsExactly': {
      if (v === null) return null;
      const have = new Set(v as string[]);
      const want = new Set(list);
      return have.size === want.size && [...have].every((e) => want.has(e));
    }
    case 'like':
    case 'ilike':
      if (v === null) return emptyIsNull ? true : null;
      return likeToRegExp(raw, node.comparator === 'ilike').test(String(v));
    case 'startsWith':
      return v === null ? null : String(v).startsWith(raw);
    case 'endsWith':
      return v === null ? null : String(v).endsWith(raw);
  }
}

function compare(a: Cell, b: Cell, kind: Kind): number {
  switch (kind) {
    case 'float':
    case 'numeric':
      return Math.sign(Number(a) - Number(b));
    case 'bigint': {
      const x = BigInt(String(a));
      const y = BigInt(String(b));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'boolean':
      return Number(a === true || a === 'true') - Number(b === true || b === 'true');
    case 'timestamptz':
      return Math.sign(Date.parse(String(a)) - Date.parse(String(b)));
    default: {
      // The test database's collation is C: byte order, which is code-unit order for ASCII.
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') source += escapeRegExp(pattern[++i] ?? '');
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function sortRows(rows: Row[], terms: OrderTerm[]): Row[] {
  return [...rows].sort((a, b) => {
    for (const term of terms) {
      const { column, kind } = PATHS[term.path];
      const x = a[column];
      const y = b[column];
      const nullsFirst = term.direction.endsWith('NullsFirst');
      let c: number;
      if (x === null && y === null) c = 0;
      else if (x === null) c = nullsFirst ? -1 : 1;
      else if (y === null) c = nullsFirst ? 1 : -1;
      else c = compare(x, y, kind) * (term.direction.startsWith('Desc') ? -1 : 1);
      if (c !== 0) return c;
    }
    return 0;
  });
}
