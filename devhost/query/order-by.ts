/**
 * Twenty's `order_by` parameter (order-by-parser-utils): `a[AscNullsFirst],
 * b.c[DescNullsLast],d` — a bare field is AscNullsFirst — with `id` appended
 * as the final tie-breaker so every order is total and keyset cursors work.
 */
import { COMPOSITE_SUBFIELDS, isCompositeType, type ObjectMeta, type SqlValueKind } from '../metadata/types';
import { columnRef, findField, type ResolvedColumn, resolveColumn } from './field-path';
import { invalidOrderBy } from './query-errors';

export const ORDER_DIRECTIONS = ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'] as const;
export type OrderDirection = (typeof ORDER_DIRECTIONS)[number];
export const DEFAULT_ORDER_DIRECTION: OrderDirection = 'AscNullsFirst';

export interface OrderTerm {
  /** As the API spells it: `name.firstName`, `companyId`, `id`. */
  path: string;
  /** First segment of the path: the key of the value in an API record. */
  field: string;
  subField: string | null;
  /** Unquoted SQL column. */
  column: string;
  kind: SqlValueKind;
  direction: OrderDirection;
}

const UNORDERABLE: SqlValueKind[] = ['jsonb', 'text[]'];

export function parseOrderBy(input: string | undefined, object: ObjectMeta): OrderTerm[] {
  const terms: OrderTerm[] = [];
  const add = (term: OrderTerm) => {
    // A repeated column cannot change the order; keeping only its first use keeps cursors small.
    if (!terms.some((t) => t.column === term.column)) terms.push(term);
  };
  if (input !== undefined && input !== '') {
    for (const item of input.split(',')) {
      const { path, direction } = splitItem(item);
      for (const term of resolveTerms(path, direction, object)) add(term);
    }
  }
  add(idTerm(object));
  return terms;
}

function splitItem(item: string): { path: string; direction: OrderDirection } {
  if (!(item.includes('[') && item.includes(']'))) return { path: item, direction: DEFAULT_ORDER_DIRECTION };
  const [path, rest] = item.split('[');
  const direction = rest.replace(']', '');
  if (!isDirection(direction)) {
    throw invalidOrderBy(
      `'order_by' direction '${direction}' invalid. Allowed values are '${ORDER_DIRECTIONS.join("', '")}'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3`,
    );
  }
  return { path, direction };
}

const isDirection = (s: string): s is OrderDirection => (ORDER_DIRECTIONS as readonly string[]).includes(s);

function resolveTerms(path: string, direction: OrderDirection, object: ObjectMeta): OrderTerm[] {
  const segments = path.split('.');
  if (segments.length > 2 || segments.some((s) => s === '')) {
    throw invalidOrderBy(`'order_by' invalid: '${path}' should be a field or field.subField`);
  }
  const [fieldName, subField = null] = segments;
  const field = findField(object, fieldName);
  // Twenty refuses a composite without a sub-field (rest-api-core-find-many.integration-spec.ts:
  // "should throw an error when trying to order by a composite field" → 400).
  if (field && isCompositeType(field.type) && subField === null) {
    const subFields = COMPOSITE_SUBFIELDS[field.type]
      .filter((s) => !UNORDERABLE.includes(s.kind))
      .map((s) => `${fieldName}.${s.name}`);
    throw invalidOrderBy(
      `'order_by' invalid: '${fieldName}' is a composite ${field.type} field; order by one of its sub-fields (${subFields.join(', ')})`,
    );
  }
  const col = resolveColumn(object, fieldName, subField, orderByError);
  if (UNORDERABLE.includes(col.kind)) {
    throw invalidOrderBy(`'order_by' invalid: ${col.field.type} field '${col.path}' cannot be sorted on`);
  }
  return [toTerm(col, direction)];
}

const orderByError = (message: string) => invalidOrderBy(`'order_by' invalid: ${message}`);

function toTerm(col: ResolvedColumn, direction: OrderDirection): OrderTerm {
  const field = col.path.split('.')[0];
  return { path: col.path, field, subField: col.subField, column: col.column, kind: col.kind, direction };
}

function idTerm(object: ObjectMeta): OrderTerm {
  const kind = findField(object, 'id') ? resolveColumn(object, 'id', null, orderByError).kind : 'uuid';
  return { path: 'id', field: 'id', subField: null, column: 'id', kind, direction: DEFAULT_ORDER_DIRECTION };
}

/** The body of an ORDER BY clause (without the keywords). */
export function compileOrderBy(terms: OrderTerm[], alias?: string): string {
  return terms
    .map((t) => {
      const { descending, nullsFirst } = directionParts(t.direction);
      return `${columnRef(t.column, alias)} ${descending ? 'DESC' : 'ASC'} NULLS ${nullsFirst ? 'FIRST' : 'LAST'}`;
    })
    .join(', ');
}

export function directionParts(direction: OrderDirection): { descending: boolean; nullsFirst: boolean } {
  return { descending: direction.startsWith('Desc'), nullsFirst: direction.endsWith('NullsFirst') };
}

const REVERSED: Record<OrderDirection, OrderDirection> = {
  AscNullsFirst: 'DescNullsLast',
  AscNullsLast: 'DescNullsFirst',
  DescNullsFirst: 'AscNullsLast',
  DescNullsLast: 'AscNullsFirst',
};

/**
 * The exact reverse of an order, nulls included. `ending_before` pages are
 * read in this order and then flipped back.
 */
export function reverseOrder(terms: OrderTerm[]): OrderTerm[] {
  return terms.map((t) => ({ ...t, direction: REVERSED[t.direction] }));
}

export function reverseDirection(direction: OrderDirection): OrderDirection {
  return REVERSED[direction];
}
