/**
 * Opaque keyset cursors (contract C5). Like Twenty's encodeCursor
 * (graphql-query-runner/utils/cursors.util.ts) a cursor carries the boundary
 * row's order-by values and id; unlike Twenty's it also carries the order it
 * was issued for, and the predicate places NULLs exactly where ORDER BY puts
 * them — Twenty's computeCursorArgFilter compares NULLs with `>`, which skips
 * or repeats rows when a sort column has NULLs.
 */
import { z } from 'zod';
import { columnRef } from './field-path';
import { directionParts, type OrderTerm, reverseDirection, reverseOrder } from './order-by';
import { invalidCursor } from './query-errors';

type CursorValue = string | number | boolean | null;

const CursorPayload = z.object({
  o: z.array(z.string()),
  v: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

const signature = (t: Pick<OrderTerm, 'path' | 'direction'>) => `${t.path}[${t.direction}]`;

/**
 * `row` may be a SQL row (keys are columns: `nameFirstName`) or an API record
 * (composites nested: `name.firstName`); both are read.
 */
export function encodeCursor(row: Record<string, unknown>, terms: OrderTerm[]): string {
  const payload = { o: terms.map(signature), v: terms.map((t) => normalize(readValue(row, t), t)) };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function readValue(row: Record<string, unknown>, term: OrderTerm): unknown {
  if (Object.hasOwn(row, term.column)) return row[term.column];
  const top = row[term.field];
  if (term.subField && top !== null && typeof top === 'object') {
    return (top as Record<string, unknown>)[term.subField];
  }
  return top;
}

function normalize(value: unknown, term: OrderTerm): CursorValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date)
    return term.kind === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new TypeError(
    `encodeCursor: value of '${term.path}' is a ${typeof value}, which cannot be put in a cursor`,
  );
}

/**
 * The boundary row's values, one per term. The cursor must have been issued
 * for the same order — or its exact reverse, which is how a backwards page is
 * read — otherwise 400.
 */
export function decodeCursor(cursor: string, terms: OrderTerm[]): CursorValue[] {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(cursor, 'it is not a cursor this server issued');
  }
  const parsed = CursorPayload.safeParse(json);
  if (!parsed.success || parsed.data.o.length !== parsed.data.v.length) {
    throw invalidCursor(cursor, 'it is not a cursor this server issued');
  }
  const { o, v } = parsed.data;
  const same = terms.map(signature);
  const reversed = terms.map((t) => signature({ path: t.path, direction: reverseDirection(t.direction) }));
  const matches = (expected: string[]) =>
    expected.length === o.length && expected.every((s, i) => s === o[i]);
  if (!matches(same) && !matches(reversed)) {
    throw invalidCursor(
      cursor,
      `it was issued for order_by '${o.join(',')}' but this request orders by '${same.join(',')}'; start again without a cursor`,
    );
  }
  v.forEach((value, i) => {
    if (!fitsKind(value, terms[i]))
      throw invalidCursor(cursor, `its value for '${terms[i].path}' is malformed`);
  });
  return v;
}

function fitsKind(value: CursorValue, term: OrderTerm): boolean {
  if (value === null) return term.column !== 'id';
  switch (term.kind) {
    case 'float':
      return typeof value === 'number';
    case 'bigint':
    case 'numeric':
      return typeof value === 'number' || (typeof value === 'string' && /^[-+]?\d+(\.\d+)?$/.test(value));
    case 'boolean':
      return typeof value === 'boolean';
    case 'uuid':
      return typeof value === 'string' && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(value);
    case 'timestamptz':
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'text':
      return typeof value === 'string';
    default:
      return false;
  }
}

/**
 * SQL selecting the rows strictly after (or before) the cursor's row in the
 * order `terms`: the lexicographic expansion
 *   t1 ≻ v1  OR  (t1 = v1 AND t2 ≻ v2)  OR …
 * where "≻" and "=" follow each term's direction and NULL placement. A
 * redundant range on the first column is added so Postgres can use its index.
 */
export function compileCursorPredicate(
  cursor: string,
  terms: OrderTerm[],
  direction: 'after' | 'before',
  params: unknown[],
  alias?: string,
): string {
  const values = decodeCursor(cursor, terms);
  const order = direction === 'after' ? terms : reverseOrder(terms);
  const placeholders = values.map((v) => (v === null ? null : `$${params.push(v)}`));
  const refs = order.map((t) => columnRef(t.column, alias));

  const disjuncts: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const beyond = strictlyAfter(refs[i], placeholders[i], order[i]);
    if (beyond === null) continue;
    const equalities = refs.slice(0, i).map((ref, j) => {
      const p = placeholders[j];
      return p === null ? `${ref} IS NULL` : `${ref} = ${p}`;
    });
    disjuncts.push([...equalities, beyond].join(' AND '));
  }
  if (disjuncts.length === 0) return 'FALSE';
  const keyset = disjuncts.length === 1 ? disjuncts[0] : disjuncts.map((d) => `(${d})`).join(' OR ');
  const bound = order.length > 1 ? leadingBound(refs[0], placeholders[0], order[0]) : null;
  return bound ? `(${bound} AND (${keyset}))` : `(${keyset})`;
}

/** Rows whose value for this term sorts strictly after `p`; null = none can. */
function strictlyAfter(ref: string, p: string | null, term: OrderTerm): string | null {
  const { descending, nullsFirst } = directionParts(term.direction);
  if (p === null) return nullsFirst ? `${ref} IS NOT NULL` : null;
  const compare = `${ref} ${descending ? '<' : '>'} ${p}`;
  return nullsFirst || neverNull(term) ? compare : `(${compare} OR ${ref} IS NULL)`;
}

/** A sargable superset of the rows after the cursor, on the first sort column alone. */
function leadingBound(ref: string, p: string | null, term: OrderTerm): string | null {
  const { descending, nullsFirst } = directionParts(term.direction);
  if (p === null) return nullsFirst ? null : `${ref} IS NULL`;
  const compare = `${ref} ${descending ? '<=' : '>='} ${p}`;
  return nullsFirst || neverNull(term) ? compare : `(${compare} OR ${ref} IS NULL)`;
}

/** The primary key: leaving out `OR id IS NULL` keeps the predicate a plain index range. */
const neverNull = (term: OrderTerm) => term.column === 'id';
