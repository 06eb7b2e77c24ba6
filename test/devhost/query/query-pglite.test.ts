/**
 * The query layer against real Postgres (PGlite): random filter trees select
 * exactly the rows a plain JS predicate (with SQL's three-valued logic)
 * selects, and cursor paging visits every row once, in order, both ways.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { openDatabase, type Sql } from '../../../devhost/db';
import { compileCursorPredicate, encodeCursor } from '../../../devhost/query/cursor';
import { compileFilter } from '../../../devhost/query/filter-compiler';
import type { FilterNode, PredicateNode } from '../../../devhost/query/filter-node';
import { parseFilter } from '../../../devhost/query/filter-parser';
import { compileOrderBy, type OrderTerm, parseOrderBy, reverseOrder } from '../../../devhost/query/order-by';
import { unitObject } from './unit-object';
import { evaluate, sortRows } from './unit-oracle';
import { COLUMNS, type Row, TIMES, UUIDS, VALUES } from './unit-rows';

let db: Sql;
let rows: Row[];

before(async () => {
  db = await openDatabase();
  await db.exec(`CREATE TABLE units (${COLUMNS.map(([name, type]) => `"${name}" ${type}`).join(', ')})`);
  await db.exec('CREATE INDEX units_floor ON units ("floor"); CREATE INDEX units_title ON units ("title")');
  rows = generateRows(300);
  const names = COLUMNS.map(([name]) => `"${name}"`).join(', ');
  for (const row of rows) {
    const values = COLUMNS.map(([name]) => row[name]);
    await db.query(
      `INSERT INTO units (${names}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
  }
});

after(async () => {
  await db?.close();
});

/** Deterministic rows drawn from small domains so equalities, ties and NULLs are common. */
function generateRows(count: number): Row[] {
  const rng = fc.sample(fc.array(fc.nat(1_000_000), { minLength: 20, maxLength: 20 }), {
    numRuns: count,
    seed: 42,
  });
  const pick = <T>(list: readonly T[], n: number) => list[n % list.length];
  return rng.map((r, i) => ({
    id: `00000000-0000-4000-8000-${(100000000000 + i * 7919).toString(16).padStart(12, '0')}`,
    createdAt: pick(TIMES, r[0]),
    deletedAt: pick([null, null, null, ...TIMES], r[1]),
    title: pick(VALUES.title, r[2]),
    floor: pick(VALUES.floor, r[3]),
    area: pick(VALUES.area, r[4]),
    isCorner: pick([null, true, false], r[5]),
    status: pick(VALUES.status, r[6]),
    features: pick(VALUES.features, r[7]),
    tags: pick(VALUES.tags, r[8]),
    handoverDate: pick(VALUES.handoverDate, r[9]),
    priceAmountMicros: pick(VALUES.amountMicros, r[10]),
    priceCurrencyCode: pick(VALUES.currencyCode, r[11]),
    buyerFirstName: pick(VALUES.title, r[12]),
    buyerLastName: pick(VALUES.lastName, r[13]),
    buildingId: pick([null, ...UUIDS], r[14]),
  }));
}

const PREDICATES: [string, string[], string[]][] = [
  [
    'title',
    ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'startsWith', 'endsWith', 'is', 'in'],
    ['', 'Alpha', 'alpha', 'A%b', 'A_b', 'Beta', "O'Neil", 'Al', '%a%', 'b', '%', '_'],
  ],
  ['floor', ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is'], ['-1', '0', '1', '2.5', '3', '7']],
  ['area', ['eq', 'neq', 'gt', 'lte', 'in', 'is'], ['45.5', '45.50', '60', '0.1']],
  ['isCorner', ['eq', 'neq', 'in', 'is'], ['true', 'false']],
  ['status', ['eq', 'neq', 'in', 'is'], ['FREE', 'RESERVED', 'SOLD']],
  ['createdAt', ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is'], [...TIMES, '2024-03-01T12:00:00.000Z']],
  ['deletedAt', ['is', 'gt', 'lte'], TIMES],
  ['handoverDate', ['eq', 'neq', 'lt', 'gte', 'in', 'is'], ['2025-01-01', '2025-06-30', '2026-12-31']],
  [
    'price.amountMicros',
    ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is'],
    ['-5', '0', '1000000', '2500000'],
  ],
  ['price.currencyCode', ['eq', 'neq', 'in', 'is'], ['RUB', 'USD']],
  [
    'buyer.firstName',
    ['eq', 'neq', 'is', 'like', 'ilike', 'startsWith', 'endsWith'],
    ['', 'Alpha', 'A%b', '%l%', 'a'],
  ],
  ['buyer.lastName', ['eq', 'in', 'is'], ['Ivanov', 'Petrov', '']],
  ['features', ['containsAny', 'containsExactly', 'is'], ['BALCONY', 'TERRACE', 'VIEW', 'PARKING']],
  ['tags', ['containsAny', 'containsExactly', 'is'], ['a', 'b', 'c']],
  ['buildingId', ['eq', 'neq', 'in', 'is'], UUIDS],
];

const predicateArb: fc.Arbitrary<PredicateNode> = fc
  .constantFrom(...PREDICATES)
  .chain(([path, comparators, values]) =>
    fc.tuple(
      fc.constant(path),
      fc.constantFrom(...comparators),
      fc.constantFrom(...values),
      fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
    ),
  )
  .map(([path, comparator, value, list, isNull]) => {
    const [field, subField = null] = path.split('.');
    const array = ['in', 'containsAny', 'containsExactly'].includes(comparator);
    const scalar = comparator === 'is' ? (isNull ? 'NULL' : 'NOT_NULL') : value;
    return { kind: 'predicate', field, subField, comparator, value: array ? list : scalar } as PredicateNode;
  });

const treeArb = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    predicateArb,
    fc
      .tuple(
        fc.constantFrom('and' as const, 'or' as const),
        fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
      )
      .map(([kind, children]): FilterNode => ({ kind, children })),
    tie('node').map((child): FilterNode => ({ kind: 'not', child })),
  ),
})).node;

async function selectIds(where: string, params: unknown[]): Promise<string[]> {
  const result = await db.query<{ id: string }>(`SELECT id FROM units WHERE ${where}`, params);
  return result.rows.map((r) => r.id).sort();
}

describe('compileFilter on PGlite', () => {
  it('selects exactly the rows the JS predicate selects, NULLs included', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async (tree) => {
        const params: unknown[] = [];
        const where = compileFilter(tree, unitObject, params);
        const expected = rows
          .filter((row) => evaluate(tree, row) === true)
          .map((r) => r.id)
          .sort();
        assert.deepEqual(await selectIds(where, params), expected, where);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves a NULL out of both neq and its negation, as SQL does', async () => {
    const neq = parseFilter('floor[neq]:1');
    const negated = parseFilter('not(floor[neq]:1)');
    const withNull = rows.filter((r) => r.floor === null).map((r) => r.id);
    assert.ok(withNull.length > 0);
    for (const tree of [neq, negated]) {
      const params: unknown[] = [];
      const ids = await selectIds(compileFilter(tree, unitObject, params), params);
      assert.ok(withNull.every((id) => !ids.includes(id)));
    }
  });

  it('matches % and _ literally in startsWith', async () => {
    const params: unknown[] = [];
    const ids = await selectIds(
      compileFilter(parseFilter('title[startsWith]:"A%"'), unitObject, params),
      params,
    );
    assert.deepEqual(
      ids,
      rows
        .filter((r) => r.title === 'A%b')
        .map((r) => r.id)
        .sort(),
    );
    assert.ok(ids.length > 0);
  });
});

const SORTABLE = [
  'title',
  'floor',
  'area',
  'isCorner',
  'status',
  'createdAt',
  'deletedAt',
  'handoverDate',
  'price.amountMicros',
  'price.currencyCode',
  'buyer.lastName',
  'buildingId',
  'id',
];
const DIRECTIONS = ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'];
const orderByArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...SORTABLE), fc.constantFrom(...DIRECTIONS, '')), {
    minLength: 1,
    maxLength: 3,
    selector: ([path]) => path,
  })
  .map((items) => items.map(([path, dir]) => (dir ? `${path}[${dir}]` : path)).join(','));

async function page(order: OrderTerm[], where: string[], params: unknown[], limit: number) {
  const sql = `SELECT * FROM units WHERE ${where.length ? where.join(' AND ') : 'TRUE'} ORDER BY ${compileOrderBy(order)} LIMIT ${limit}`;
  return (await db.query<Record<string, unknown>>(sql, params)).rows;
}

describe('cursor paging on PGlite', () => {
  it('visits every row exactly once in order, forwards and backwards, for any order_by', async () => {
    await fc.assert(
      fc.asyncProperty(
        orderByArb,
        fc.integer({ min: 7, max: 60 }),
        fc.option(treeArb),
        async (orderBy, limit, filter) => {
          const terms = parseOrderBy(orderBy, unitObject);
          const selected = filter ? rows.filter((r) => evaluate(filter, r) === true) : rows;
          const expected = sortRows(selected, terms).map((r) => r.id);

          const filtered = (params: unknown[]) => (filter ? [compileFilter(filter, unitObject, params)] : []);

          const forward: string[] = [];
          let cursor: string | null = null;
          for (let guard = 0; guard <= rows.length; guard++) {
            const params: unknown[] = [];
            const where = filtered(params);
            if (cursor) where.push(compileCursorPredicate(cursor, terms, 'after', params));
            const got = await page(terms, where, params, limit);
            forward.push(...got.map((r) => String(r.id)));
            if (got.length < limit) break;
            cursor = encodeCursor(got[got.length - 1], terms);
          }
          assert.deepEqual(forward, expected, `forward, order_by=${orderBy}`);

          const backward: string[] = [];
          cursor = null;
          for (let guard = 0; guard <= rows.length; guard++) {
            const params: unknown[] = [];
            const where = filtered(params);
            if (cursor) where.push(compileCursorPredicate(cursor, terms, 'before', params));
            const got = (await page(reverseOrder(terms), where, params, limit)).reverse();
            backward.unshift(...got.map((r) => String(r.id)));
            if (got.length < limit) break;
            cursor = encodeCursor(got[0], terms);
          }
          assert.deepEqual(backward, expected, `backward, order_by=${orderBy}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('index use', () => {
  it('keeps filters and the keyset predicate sargable on an indexed column', async () => {
    const terms = parseOrderBy('floor[DescNullsLast]', unitObject);
    const cases: [string, unknown[]][] = [];
    for (const filter of ['floor[eq]:3', 'floor[gte]:1', 'floor[in]:[1,3]', 'title[eq]:Alpha']) {
      const params: unknown[] = [];
      cases.push([compileFilter(parseFilter(filter), unitObject, params), params]);
    }
    const params: unknown[] = [];
    cases.push([
      compileCursorPredicate(encodeCursor({ id: rows[0].id, floor: 2.5 }, terms), terms, 'after', params),
      params,
    ]);
    await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off');
      for (const [where, p] of cases) {
        const plan = await tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT id FROM units WHERE ${where}`,
          p,
        );
        const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        assert.match(text, /Index/, `${where}\n${text}`);
      }
    });
  });
});
