/**
 * The parsed form of Twenty's REST `filter` parameter. Values stay strings
 * here: how a value is typed depends on the field it is compared with, which
 * only compileFilter (with the object's metadata) knows.
 */

/** Twenty's FilterComparators, in its order (parse-base-filter.util.ts). */
export const COMPARATORS = [
  'eq',
  'neq',
  'in',
  'containsAny',
  'containsExactly',
  'is',
  'gt',
  'gte',
  'lt',
  'lte',
  'startsWith',
  'endsWith',
  'like',
  'ilike',
] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** Comparators whose value is a bracketed list `[a,b]`. */
export const ARRAY_COMPARATORS: readonly Comparator[] = ['in', 'containsAny', 'containsExactly'];

export const isComparator = (s: string): s is Comparator => (COMPARATORS as readonly string[]).includes(s);

export interface PredicateNode {
  kind: 'predicate';
  /** Field name as written: `status`, `companyId`, `name` (with subField `firstName`). */
  field: string;
  subField: string | null;
  comparator: Comparator;
  /** Quotes already stripped; a list for the array comparators. */
  value: string | string[];
}

export interface JunctionNode {
  kind: 'and' | 'or';
  children: FilterNode[];
}

export interface NotNode {
  kind: 'not';
  child: FilterNode;
}

export type FilterNode = PredicateNode | JunctionNode | NotNode;

/**
 * Whether any predicate compares `fieldName`. Soft-deleted rows are hidden
 * from lists unless the filter names `deletedAt` (contract C10), whatever the
 * comparison — `deletedAt[is]:NOT_NULL` and `deletedAt[gte]:…` both opt in.
 */
export function filterMentionsField(node: FilterNode | null | undefined, fieldName: string): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'predicate':
      return node.field === fieldName;
    case 'and':
    case 'or':
      return node.children.some((child) => filterMentionsField(child, fieldName));
    case 'not':
      return filterMentionsField(node.child, fieldName);
    default: {
      const unreachable: never = node;
      return unreachable;
    }
  }
}
