import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileFilter } from '../../../devhost/query/filter-compiler';
import { parseFilter } from '../../../devhost/query/filter-parser';
import { QueryParamError } from '../../../devhost/query/query-errors';
import { unitObject } from './unit-object';

const UUID = '5b3f7a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

function compile(filter: string, alias?: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = compileFilter(parseFilter(filter), unitObject, params, alias);
  return { sql, params };
}

function rejects(filter: string, message: string | RegExp): void {
  assert.throws(
    () => compile(filter),
    (error: unknown) => {
      assert.ok(error instanceof QueryParamError, `expected QueryParamError, got ${String(error)}`);
      assert.equal(error.statusCode, 400);
      if (typeof message === 'string') assert.equal(error.messages[0], message);
      else assert.match(error.messages[0], message);
      return true;
    },
  );
}

describe('compileFilter: comparators', () => {
  it('compiles eq, neq and the orderings to plain comparisons an index can serve', () => {
    assert.deepEqual(compile('floor[eq]:3'), { sql: '("floor" = $1)', params: [3] });
    assert.deepEqual(compile('floor[neq]:3'), { sql: '("floor" <> $1)', params: [3] });
    assert.deepEqual(compile('floor[gt]:3.5'), { sql: '("floor" > $1)', params: [3.5] });
    assert.deepEqual(compile('floor[gte]:3'), { sql: '("floor" >= $1)', params: [3] });
    assert.deepEqual(compile('floor[lt]:-2'), { sql: '("floor" < $1)', params: [-2] });
    assert.deepEqual(compile('floor[lte]:3'), { sql: '("floor" <= $1)', params: [3] });
  });

  it('types values by field: numbers, exact decimals, booleans, dates, uuids, micros', () => {
    assert.deepEqual(compile('area[gte]:45.60').params, ['45.60']);
    assert.deepEqual(compile('isCorner[eq]:TRUE').params, [true]);
    assert.deepEqual(compile('isCorner[eq]:false').params, [false]);
    assert.deepEqual(compile('handoverDate[lt]:2025-06-30').params, ['2025-06-30']);
    assert.deepEqual(compile('createdAt[gte]:2024-05-01T10:00:00+03:00').params, [
      '2024-05-01T07:00:00.000Z',
    ]);
    assert.deepEqual(compile(`id[eq]:${UUID}`).params, [UUID]);
    assert.deepEqual(compile('price.amountMicros[gt]:1000000').params, ['1000000']);
    assert.deepEqual(compile('position[lt]:"2"').params, [2]);
  });

  it('compares DATE_TIME at millisecond precision the way Twenty does', () => {
    const t = '2024-05-01T10:00:00.000Z';
    const next = `($1::timestamptz + interval '1 millisecond')`;
    assert.equal(compile(`createdAt[eq]:${t}`).sql, `(("createdAt" >= $1 AND "createdAt" < ${next}))`);
    assert.equal(compile(`createdAt[neq]:${t}`).sql, `(("createdAt" < $1 OR "createdAt" >= ${next}))`);
    assert.equal(compile(`createdAt[gt]:${t}`).sql, `("createdAt" >= ${next})`);
    assert.equal(compile(`createdAt[lte]:${t}`).sql, `("createdAt" < ${next})`);
    assert.equal(compile(`createdAt[lt]:${t}`).sql, `("createdAt" < $1)`);
  });

  it('compiles in to = ANY of a typed array parameter', () => {
    assert.deepEqual(compile('status[in]:[FREE,SOLD]'), {
      sql: '("status" = ANY($1::text[]))',
      params: [['FREE', 'SOLD']],
    });
    assert.deepEqual(compile('floor[in]:[1,2.5]').params, [[1, 2.5]]);
    assert.equal(compile(`buildingId[in]:[${UUID}]`).sql, '("buildingId" = ANY($1::uuid[]))');
  });

  it('compiles containsAny and containsExactly on array fields', () => {
    assert.deepEqual(compile('features[containsAny]:[BALCONY,VIEW]'), {
      sql: '("features" && $1::text[])',
      params: [['BALCONY', 'VIEW']],
    });
    assert.deepEqual(compile('tags[containsExactly]:[a,b]'), {
      sql: '(("tags" @> $1::text[] AND "tags" <@ $1::text[]))',
      params: [['a', 'b']],
    });
  });

  it('compiles is NULL and NOT_NULL, with Twenty’s null-equivalent empty text and arrays', () => {
    assert.equal(compile('floor[is]:NULL').sql, '("floor" IS NULL)');
    assert.equal(compile('floor[is]:NOT_NULL').sql, '("floor" IS NOT NULL)');
    assert.equal(compile('title[is]:NULL').sql, `(("title" IS NULL OR "title" = ''))`);
    assert.equal(
      compile('buyer.firstName[is]:NULL').sql,
      `(("buyerFirstName" IS NULL OR "buyerFirstName" = ''))`,
    );
    assert.equal(compile('features[is]:NULL').sql, `(("features" IS NULL OR "features" = '{}'))`);
    assert.equal(compile('price.currencyCode[is]:NULL').sql, '("priceCurrencyCode" IS NULL)');
    assert.deepEqual(compile('deletedAt[is]:NOT_NULL'), { sql: '("deletedAt" IS NOT NULL)', params: [] });
  });

  it('lets eq "" match NULL text and neq "" exclude it', () => {
    assert.equal(compile('title[eq]:""').sql, '(("title" = $1 OR "title" IS NULL))');
    assert.equal(compile('title[neq]:""').sql, '(("title" <> $1 AND "title" IS NOT NULL))');
  });

  it('passes like and ilike patterns through with their % wildcards', () => {
    assert.deepEqual(compile('title[like]:%A_1%'), { sql: '("title" LIKE $1)', params: ['%A_1%'] });
    assert.deepEqual(compile('emails.primaryEmail[ilike]:"%@acme.com"'), {
      sql: '("emailsPrimaryEmail" ILIKE $1)',
      params: ['%@acme.com'],
    });
    assert.equal(compile('floor[like]:1%').sql, '("floor"::text LIKE $1)');
  });

  it('escapes % and _ in startsWith and endsWith so they match literally', () => {
    assert.deepEqual(compile('title[startsWith]:50%_off'), {
      sql: '("title" LIKE $1)',
      params: ['50\\%\\_off%'],
    });
    assert.deepEqual(compile('title[endsWith]:a\\b'), { sql: '("title" LIKE $1)', params: ['%a\\\\b'] });
  });

  it('maps composite sub-fields and relation ids to their columns', () => {
    assert.equal(compile('buyer.lastName[eq]:Ivanov').sql, '("buyerLastName" = $1)');
    assert.equal(compile('price.amountMicros[gte]:0').sql, '("priceAmountMicros" >= $1)');
    assert.equal(compile(`buildingId[eq]:${UUID}`).sql, '("buildingId" = $1)');
    assert.equal(compile(`building.id[eq]:${UUID}`).sql, '("buildingId" = $1)');
  });

  it('qualifies columns with a quoted alias', () => {
    assert.equal(compile('floor[eq]:1', 'u').sql, '("u"."floor" = $1)');
  });

  it('compiles junctions with SQL AND, OR and NOT', () => {
    const { sql, params } = compile('or(floor[gt]:1,not(and(status[eq]:FREE,isCorner[eq]:true)))');
    assert.equal(sql, '("floor" > $1 OR (NOT (("status" = $2 AND "isCorner" = $3))))');
    assert.deepEqual(params, [1, 'FREE', true]);
  });

  it('continues numbering after parameters already in the list', () => {
    const params: unknown[] = ['x', 'y'];
    assert.equal(compileFilter(parseFilter('floor[eq]:1'), unitObject, params), '("floor" = $3)');
  });

  it('never puts a value into the SQL text', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !s.includes('"')),
        (value) => {
          const params: unknown[] = [];
          const node = {
            kind: 'or' as const,
            children: (['eq', 'like', 'startsWith', 'endsWith'] as const).map((comparator) => ({
              kind: 'predicate' as const,
              field: 'title',
              subField: null,
              comparator,
              value: `'${value}--`,
            })),
          };
          const sql = compileFilter(node, unitObject, params);
          assert.ok(!sql.includes(`'${value}`), sql);
          assert.equal(params.length, 4);
        },
      ),
    );
  });
});

describe('compileFilter: errors', () => {
  it('names the unknown field and the object', () => {
    rejects('color[eq]:red', `field 'color' does not exist in 'unit' object`);
  });

  it('treats inactive fields as unknown', () => {
    rejects('legacyCode[eq]:x', `field 'legacyCode' does not exist in 'unit' object`);
  });

  it('asks for a sub-field when a composite is filtered as a whole', () => {
    rejects(
      'buyer[eq]:John',
      /field 'buyer' is a composite FULL_NAME field: name one of its sub-fields \(buyer\.firstName, buyer\.lastName\)/,
    );
  });

  it('rejects an unknown sub-field, listing the real ones', () => {
    rejects(
      'price.amount[gt]:1',
      /sub-field 'amount' does not exist in CURRENCY field 'price'\. Use one of price\.amountMicros, price\.currencyCode/,
    );
    rejects('floor.x[eq]:1', `field 'floor' (NUMBER) has no sub-field 'x'`);
  });

  it('rejects filtering on a one-to-many relation', () => {
    rejects(`changes[eq]:${UUID}`, /field 'changes' is a one-to-many relation of 'unit'/);
    rejects(`changesId[eq]:${UUID}`, `field 'changesId' does not exist in 'unit' object`);
  });

  it('points a many-to-one relation filter at its id column', () => {
    rejects(`building[eq]:${UUID}`, /use its id column 'buildingId'/);
  });

  it('rejects a SELECT value that is not an option, naming the value', () => {
    rejects(
      'status[eq]:GONE',
      `'filter' enum value 'GONE' not available in 'status' enum. Available enum values are ['FREE', 'RESERVED', 'SOLD']`,
    );
    rejects('status[in]:[FREE,GONE]', /enum value 'GONE' not available in 'status'/);
    rejects('features[containsAny]:[SAUNA]', /enum value 'SAUNA' not available in 'features'/);
    rejects('rating[eq]:RATING_9', /enum value 'RATING_9' not available in 'rating'/);
  });

  it('rejects values that do not fit the field type', () => {
    rejects('floor[gt]:abc', `'filter' value 'abc' is invalid for field 'floor': a number expected`);
    rejects(
      'isCorner[eq]:yes',
      `'filter' value 'yes' is invalid for field 'isCorner': true or false expected`,
    );
    rejects('id[eq]:42', `'filter' value '42' is invalid for field 'id': a UUID expected`);
    rejects('buildingId[in]:[nope]', /'nope' is invalid for field 'buildingId': a UUID expected/);
    rejects('handoverDate[eq]:2025-02-30', /a date YYYY-MM-DD expected/);
    rejects('createdAt[gt]:yesterday', /an ISO 8601 date-time expected/);
    rejects('price.amountMicros[gt]:1.5', /an integer expected/);
    rejects('area[gt]:1,5', /area.*a decimal number expected|'filter' invalid/);
  });

  it('rejects is with anything but NULL or NOT_NULL', () => {
    rejects('floor[is]:null', /'is' expects NULL or NOT_NULL/);
  });

  it('rejects comparators that do not apply to the field type, listing those that do', () => {
    rejects(
      'isCorner[gt]:true',
      /gt does not apply to BOOLEAN field 'isCorner'\. Use one of eq, neq, in, is/,
    );
    rejects('title[containsAny]:[a]', /containsAny does not apply to TEXT field 'title'/);
    rejects(
      'features[eq]:VIEW',
      /eq does not apply to MULTI_SELECT field 'features'\. Use one of containsAny, containsExactly, is/,
    );
    rejects(`id[like]:${UUID}`, /like does not apply to UUID field 'id'/);
  });

  it('rejects an empty list', () => {
    rejects('status[in]:[]', 'Invalid filter value for field status. Expected non-empty array');
  });
});
