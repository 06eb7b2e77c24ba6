import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileCursorPredicate, decodeCursor, encodeCursor } from '../../../devhost/query/cursor';
import { parseOrderBy, reverseOrder } from '../../../devhost/query/order-by';
import { QueryParamError } from '../../../devhost/query/query-errors';
import { unitObject } from './unit-object';

const ID = '5b3f7a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const terms = parseOrderBy('floor[DescNullsLast],buyer.lastName,createdAt', unitObject);

function rejectsCursor(run: () => unknown, reason: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof QueryParamError);
    assert.equal(error.statusCode, 400);
    assert.equal(error.code, 'INVALID_CURSOR');
    assert.match(error.messages[0], /^Invalid cursor: /);
    assert.match(error.messages[0], reason);
    return true;
  });
}

describe('encodeCursor / decodeCursor', () => {
  it('is opaque base64url and carries the order-by values and id of the row', () => {
    const cursor = encodeCursor(
      { id: ID, floor: 3, buyerLastName: null, createdAt: new Date('2024-05-01T10:00:00.123Z') },
      terms,
    );
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(cursor, terms), [3, null, '2024-05-01T10:00:00.123Z', ID]);
  });

  it('reads composite values from SQL rows and from API records alike', () => {
    const fromSql = encodeCursor(
      { id: ID, floor: 1, buyerLastName: 'Ivanov', createdAt: '2024-01-01T00:00:00.000Z' },
      terms,
    );
    const fromApi = encodeCursor(
      {
        id: ID,
        floor: 1,
        buyer: { firstName: 'Ivan', lastName: 'Ivanov' },
        createdAt: '2024-01-01T00:00:00.000Z',
      },
      terms,
    );
    assert.equal(fromSql, fromApi);
  });

  it('writes DATE values as calendar dates', () => {
    const dateTerms = parseOrderBy('handoverDate', unitObject);
    const cursor = encodeCursor({ id: ID, handoverDate: new Date('2025-06-30T00:00:00.000Z') }, dateTerms);
    assert.deepEqual(decodeCursor(cursor, dateTerms), ['2025-06-30', ID]);
  });

  it('accepts a cursor under the exact reverse order, which is how backward pages are read', () => {
    const cursor = encodeCursor({ id: ID, floor: 1, buyerLastName: 'A', createdAt: null }, terms);
    assert.deepEqual(decodeCursor(cursor, reverseOrder(terms)), [1, 'A', null, ID]);
  });

  it('rejects a cursor that does not decode', () => {
    rejectsCursor(() => decodeCursor('not-a-cursor', terms), /not a cursor this server issued/);
    const json = Buffer.from(JSON.stringify({ hello: 'world' })).toString('base64url');
    rejectsCursor(() => decodeCursor(json, terms), /not a cursor this server issued/);
  });

  it('rejects a cursor issued for another order_by', () => {
    const other = parseOrderBy('title', unitObject);
    const cursor = encodeCursor({ id: ID, title: 'x' }, other);
    rejectsCursor(
      () => decodeCursor(cursor, terms),
      /issued for order_by 'title\[AscNullsFirst\],id\[AscNullsFirst\]'/,
    );
    const flipped = parseOrderBy('floor[DescNullsFirst],buyer.lastName,createdAt', unitObject);
    rejectsCursor(() => decodeCursor(encodeCursor({ id: ID }, flipped), terms), /issued for order_by/);
  });

  it('rejects a cursor whose values were tampered with', () => {
    const forged = (v: unknown[]) =>
      Buffer.from(JSON.stringify({ o: terms.map((t) => `${t.path}[${t.direction}]`), v })).toString(
        'base64url',
      );
    rejectsCursor(
      () => decodeCursor(forged([1, 'a', '2024-01-01', 'nope']), terms),
      /value for 'id' is malformed/,
    );
    rejectsCursor(
      () => decodeCursor(forged(['1; drop', 'a', null, ID]), terms),
      /value for 'floor' is malformed/,
    );
    rejectsCursor(
      () => decodeCursor(forged([1, 'a', 'soon', ID]), terms),
      /value for 'createdAt' is malformed/,
    );
    rejectsCursor(() => decodeCursor(forged([1, 'a', null, null]), terms), /value for 'id' is malformed/);
  });
});

describe('compileCursorPredicate', () => {
  it('is a simple id comparison for the default order', () => {
    const idOnly = parseOrderBy(undefined, unitObject);
    const params: unknown[] = [];
    assert.equal(
      compileCursorPredicate(encodeCursor({ id: ID }, idOnly), idOnly, 'after', params),
      '("id" > $1)',
    );
    assert.deepEqual(params, [ID]);
    assert.equal(
      compileCursorPredicate(encodeCursor({ id: ID }, idOnly), idOnly, 'before', []),
      '("id" < $1)',
    );
  });

  it('expands the keyset with NULL-aware steps and a leading range bound', () => {
    const two = parseOrderBy('floor[DescNullsLast]', unitObject);
    const params: unknown[] = [];
    const sql = compileCursorPredicate(encodeCursor({ id: ID, floor: 5 }, two), two, 'after', params, 'u');
    assert.equal(
      sql,
      '(("u"."floor" <= $1 OR "u"."floor" IS NULL) AND ((("u"."floor" < $1 OR "u"."floor" IS NULL)) OR ("u"."floor" = $1 AND "u"."id" > $2)))',
    );
    assert.deepEqual(params, [5, ID]);
  });

  it('after a NULL in a NULLS LAST column, only rows with NULL there can follow', () => {
    const two = parseOrderBy('floor[AscNullsLast]', unitObject);
    const params: unknown[] = [];
    const sql = compileCursorPredicate(encodeCursor({ id: ID, floor: null }, two), two, 'after', params);
    assert.equal(sql, '("floor" IS NULL AND ("floor" IS NULL AND "id" > $1))');
    assert.deepEqual(params, [ID]);
  });

  it('after a NULL in a NULLS FIRST column, every non-NULL row follows', () => {
    const two = parseOrderBy('floor[DescNullsFirst]', unitObject);
    const sql = compileCursorPredicate(encodeCursor({ id: ID, floor: null }, two), two, 'after', []);
    assert.equal(sql, '(("floor" IS NOT NULL) OR ("floor" IS NULL AND "id" > $1))');
  });
});
