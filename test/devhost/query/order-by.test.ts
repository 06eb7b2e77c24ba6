import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileOrderBy, parseOrderBy, reverseOrder } from '../../../devhost/query/order-by';
import { QueryParamError } from '../../../devhost/query/query-errors';
import { unitObject } from './unit-object';

const summary = (input: string | undefined) =>
  parseOrderBy(input, unitObject).map((t) => `${t.path}:${t.column}:${t.direction}`);

function rejects(input: string, message: string | RegExp): void {
  assert.throws(
    () => parseOrderBy(input, unitObject),
    (error: unknown) => {
      assert.ok(error instanceof QueryParamError);
      assert.equal(error.statusCode, 400);
      assert.equal(error.code, 'INVALID_ORDER_BY_QUERY_PARAM');
      if (typeof message === 'string') assert.equal(error.messages[0], message);
      else assert.match(error.messages[0], message);
      return true;
    },
  );
}

describe('parseOrderBy', () => {
  it('orders by id alone when no order_by is given', () => {
    assert.deepEqual(summary(undefined), ['id:id:AscNullsFirst']);
    assert.deepEqual(summary(''), ['id:id:AscNullsFirst']);
  });

  it('reads directions, defaults a bare field to AscNullsFirst and appends id last', () => {
    assert.deepEqual(summary('floor[DescNullsLast],buyer.lastName[AscNullsLast],title'), [
      'floor:floor:DescNullsLast',
      'buyer.lastName:buyerLastName:AscNullsLast',
      'title:title:AscNullsFirst',
      'id:id:AscNullsFirst',
    ]);
  });

  it('keeps an explicit id order instead of appending another', () => {
    assert.deepEqual(summary('id[DescNullsFirst]'), ['id:id:DescNullsFirst']);
  });

  it('orders by relation id columns and standard timestamps', () => {
    assert.deepEqual(summary('buildingId,createdAt[DescNullsLast]'), [
      'buildingId:buildingId:AscNullsFirst',
      'createdAt:createdAt:DescNullsLast',
      'id:id:AscNullsFirst',
    ]);
  });

  it('refuses a composite named without a sub-field, as Twenty does (find-many integration spec)', () => {
    assert.throws(() => summary('price[DescNullsFirst]'), /'price' is a composite CURRENCY field/);
  });

  it('drops a repeated field after its first use', () => {
    assert.deepEqual(summary('floor[DescNullsLast],floor'), [
      'floor:floor:DescNullsLast',
      'id:id:AscNullsFirst',
    ]);
  });

  it("rejects a bad direction with Twenty's message", () => {
    rejects(
      'floor[Up]',
      `'order_by' direction 'Up' invalid. Allowed values are 'AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3`,
    );
  });

  it('rejects unknown fields, naming field and object', () => {
    rejects('color', `'order_by' invalid: field 'color' does not exist in 'unit' object`);
    rejects('buyer.middleName', /sub-field 'middleName' does not exist in FULL_NAME field 'buyer'/);
    rejects('changes', /one-to-many relation/);
  });

  it('rejects fields that cannot be sorted', () => {
    rejects('features', /MULTI_SELECT field 'features' cannot be sorted on/);
    rejects('data', /RAW_JSON field 'data' cannot be sorted on/);
  });
});

describe('compileOrderBy', () => {
  it('spells out direction and NULL placement for every term', () => {
    const terms = parseOrderBy('floor[DescNullsLast],title[AscNullsLast],area[DescNullsFirst]', unitObject);
    assert.equal(
      compileOrderBy(terms, 'u'),
      '"u"."floor" DESC NULLS LAST, "u"."title" ASC NULLS LAST, "u"."area" DESC NULLS FIRST, "u"."id" ASC NULLS FIRST',
    );
  });
});

describe('reverseOrder', () => {
  it('flips both the direction and the NULL placement, and is its own inverse', () => {
    const terms = parseOrderBy(
      'floor[AscNullsFirst],title[AscNullsLast],area[DescNullsFirst],isCorner[DescNullsLast]',
      unitObject,
    );
    assert.deepEqual(
      reverseOrder(terms).map((t) => t.direction),
      ['DescNullsLast', 'DescNullsFirst', 'AscNullsLast', 'AscNullsFirst', 'DescNullsLast'],
    );
    assert.deepEqual(reverseOrder(reverseOrder(terms)), terms);
  });
});
