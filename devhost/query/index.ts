/**
 * devhost's query layer: Twenty's REST `filter`, `order_by` and cursor
 * semantics compiled to parameterised SQL. Pure — no database access.
 */
export { compileCursorPredicate, decodeCursor, encodeCursor } from './cursor';
export { columnRef, type ResolvedColumn, resolveColumn } from './field-path';
export { compileFilter, escapeLike } from './filter-compiler';
export {
  ARRAY_COMPARATORS,
  COMPARATORS,
  type Comparator,
  type FilterNode,
  filterMentionsField,
  type JunctionNode,
  type NotNode,
  type PredicateNode,
} from './filter-node';
export { parseFilter } from './filter-parser';
export {
  compileOrderBy,
  DEFAULT_ORDER_DIRECTION,
  ORDER_DIRECTIONS,
  type OrderDirection,
  type OrderTerm,
  parseOrderBy,
  reverseDirection,
  reverseOrder,
} from './order-by';
export {
  invalidCursor,
  invalidFilter,
  invalidOrderBy,
  type QueryErrorCode,
  QueryParamError,
} from './query-errors';
