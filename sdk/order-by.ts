/**
 * `order_by=` for Twenty (contract C6): `name.lastName[AscNullsFirst],createdAt[DescNullsLast]`.
 * Directions are always written out; `desc(x)` is exactly the reverse of
 * `asc(x)` (nulls first going up, last going down). Twenty appends `id` itself.
 */
import { assertFieldPath } from './filter';

export type OrderDirection = 'AscNullsFirst' | 'AscNullsLast' | 'DescNullsFirst' | 'DescNullsLast';
export interface OrderTerm {
  field: string;
  direction: OrderDirection;
}
export type OrderBy = OrderTerm | readonly OrderTerm[];

export function asc(field: string, nulls: 'first' | 'last' = 'first'): OrderTerm {
  return { field, direction: nulls === 'first' ? 'AscNullsFirst' : 'AscNullsLast' };
}

export function desc(field: string, nulls: 'first' | 'last' = 'last'): OrderTerm {
  return { field, direction: nulls === 'first' ? 'DescNullsFirst' : 'DescNullsLast' };
}

const DIRECTIONS: readonly OrderDirection[] = [
  'AscNullsFirst',
  'AscNullsLast',
  'DescNullsFirst',
  'DescNullsLast',
];

export function serializeOrderBy(orderBy: OrderBy): string {
  const terms: readonly OrderTerm[] = Array.isArray(orderBy) ? orderBy : [orderBy as OrderTerm];
  return terms
    .map((term) => {
      assertFieldPath(term.field, 'order_by field');
      if (!DIRECTIONS.includes(term.direction)) {
        throw new RangeError(
          `order_by direction "${term.direction}" for ${term.field} is not one of ${DIRECTIONS.join(', ')}`,
        );
      }
      return `${term.field}[${term.direction}]`;
    })
    .join(',');
}
