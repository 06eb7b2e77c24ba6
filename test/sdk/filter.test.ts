import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TwentyFilterError } from '../../sdk/errors';
import {
  and,
  containsAny,
  containsExactly,
  eq,
  type Filter,
  type FilterScalar,
  gte,
  ilike,
  in_,
  isNotNull,
  isNull,
  lt,
  neq,
  not,
  or,
  serializeFilter,
} from '../../sdk/filter';
import { type Parsed, parseTwentyFilterParam } from './twenty-filter-reference-parser';

function valueText(v: FilterScalar): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

function nest(field: string, leaf: Parsed): Parsed {
  return field
    .split('.')
    .reverse()
    .reduce<Parsed>((acc, key) => ({ [key]: acc }), leaf);
}

/** What Twenty should read for a filter tree. */
function expected(filter: Filter): Parsed {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return { [filter.kind]: filter.filters.map(expected) };
    case 'not':
      return { not: expected(filter.filter) };
    case 'compare':
      return nest(filter.field, { [filter.op]: valueText(filter.value) });
    case 'list':
      return nest(filter.field, { [filter.op]: filter.values.map(valueText) });
    case 'is':
      return nest(filter.field, { is: filter.value });
  }
}

function expectedAtRoot(filter: Filter): Parsed {
  // Twenty wraps a bare condition in and(…).
  return filter.kind === 'and' || filter.kind === 'or' || filter.kind === 'not'
    ? expected(filter)
    : { and: [expected(filter)] };
}

function roundTrip(filter: Filter): void {
  const text = serializeFilter(filter);
  assert.deepEqual(parseTwentyFilterParam(text), expectedAtRoot(filter), `serialised as ${text}`);
}

const TRICKY = [
  'a',
  'Z',
  'Я',
  'ж',
  ' ',
  ',',
  '(',
  ')',
  '[',
  ']',
  '"',
  "'",
  ':',
  '%',
  '.',
  '\\',
  '\n',
  '0',
  '-',
];
const field = fc.constantFrom('status', 'name.firstName', 'amount.amountMicros', 'floor', 'deletedAt');
const trickyString = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 12 });
const scalar: fc.Arbitrary<FilterScalar> = fc.oneof(
  trickyString,
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2200-01-01') }),
);
const scalarOps = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'startsWith', 'endsWith', 'like', 'ilike'] as const;
const listOps = ['in', 'containsAny', 'containsExactly'] as const;

function filterTree(value: fc.Arbitrary<FilterScalar>): fc.Arbitrary<Filter> {
  const leaf: fc.Arbitrary<Filter> = fc.oneof(
    fc.record({ kind: fc.constant('compare' as const), field, op: fc.constantFrom(...scalarOps), value }),
    fc.record({
      kind: fc.constant('list' as const),
      field,
      op: fc.constantFrom(...listOps),
      values: fc.array(value, { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      kind: fc.constant('is' as const),
      field,
      value: fc.constantFrom('NULL' as const, 'NOT_NULL' as const),
    }),
  );
  return fc.letrec<{ node: Filter }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({
        kind: fc.constantFrom('and' as const, 'or' as const),
        filters: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
      }),
      fc.record({ kind: fc.constant('not' as const), filter: tie('node') }),
    ),
  })).node;
}

describe('serializeFilter', () => {
  it('writes conditions, lists and null checks in Twenty syntax', () => {
    assert.equal(
      serializeFilter(
        and(eq('status', 'FREE'), gte('floor', 3), in_('kind', ['FLAT', 'OFFICE']), isNull('deletedAt')),
      ),
      'and(status[eq]:"FREE",floor[gte]:3,kind[in]:["FLAT","OFFICE"],deletedAt[is]:NULL)',
    );
    assert.equal(
      serializeFilter(or(lt('amount.amountMicros', 1_000_000), not(isNotNull('x')))),
      'or(amount.amountMicros[lt]:1000000,not(x[is]:NOT_NULL))',
    );
    assert.equal(
      serializeFilter(eq('createdAt', new Date('2026-01-02T03:04:05Z'))),
      'createdAt[eq]:"2026-01-02T03:04:05.000Z"',
    );
    assert.equal(serializeFilter(neq('isActive', false)), 'isActive[neq]:false');
  });

  it('carries Cyrillic text, commas, parentheses, colons and brackets inside values', () => {
    roundTrip(
      and(eq('name', 'ЖК «Северный», корпус (2): секция [А]'), ilike('address.addressCity', '%Москва%')),
    );
    roundTrip(or(containsAny('tags', ['вип', 'a:b', '(x)']), eq('code', '[1]')));
  });

  it('uses single quotes for a value that contains double quotes', () => {
    assert.equal(
      serializeFilter(and(eq('name', 'ЖК "Лес"'), eq('a', 1))),
      `and(name[eq]:'ЖК "Лес"',a[eq]:1)`,
    );
    roundTrip(and(eq('name', 'ЖК "Лес"'), eq('a', 1)));
  });

  it('accepts a value with a lone quote only as the last condition, where it cannot swallow another', () => {
    roundTrip(and(eq('a', 1), eq('lastName', "O'Brien")));
    assert.throws(
      () => serializeFilter(and(eq('lastName', "O'Brien"), eq('a', 1))),
      (e: unknown) =>
        e instanceof TwentyFilterError && e.field === 'lastName' && /last condition/.test(e.message),
    );
  });

  it('refuses values Twenty cannot represent, naming the field and the reason', () => {
    const cases: Array<[Filter, RegExp]> = [
      [eq('name', 'a)b('), /parenthes/],
      [eq('name', 'f(x'), /parenthes/],
      [eq('name', 'two\nlines'), /line break/],
      [in_('kind', ['a,b']), /comma/],
      [in_('kind', []), /empty list/],
      [eq('floor', Number.NaN), /finite/],
      [eq('bad name', 'x'), /not a valid field name/],
      [and(), /at least one condition/],
      [and(eq('x', `it's "both"`), eq('y', 1)), /.+/],
    ];
    for (const [filter, reason] of cases) {
      assert.throws(
        () => serializeFilter(filter),
        (e: unknown) => e instanceof TwentyFilterError && reason.test(e.message),
        JSON.stringify(filter),
      );
    }
  });

  it('either round-trips through Twenty’s parser exactly or throws TwentyFilterError (random trees)', () => {
    fc.assert(
      fc.property(filterTree(scalar), (filter) => {
        let text: string;
        try {
          text = serializeFilter(filter);
        } catch (error) {
          assert.ok(error instanceof TwentyFilterError, `unexpected ${String(error)}`);
          return;
        }
        assert.deepEqual(parseTwentyFilterParam(text), expectedAtRoot(filter), `serialised as ${text}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('always represents values without quotes or line breaks whose parentheses and brackets pair up (random trees)', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', 'Я', ' ', ',', ':', '%', '.', '-'), maxLength: 8 });
    const safe = fc
      .array(
        fc.oneof(
          plain,
          plain.map((s) => `(${s})`),
          plain.map((s) => `[${s}]`),
          plain.map((s) => `((${s}),[${s}])`),
        ),
        {
          maxLength: 3,
        },
      )
      .map((parts) => parts.join(''));
    // A comma inside an [in] element is never representable (Twenty splits lists on every comma).
    const tree = filterTree(fc.oneof(safe, fc.integer(), fc.boolean())).filter((f) => !hasCommaInList(f));
    fc.assert(
      fc.property(tree, (filter) => roundTrip(filter)),
      { numRuns: 1000 },
    );
  });

  it('splits containsExactly like in', () => {
    roundTrip(containsExactly('tags', ['a', 'b']));
  });
});

function hasCommaInList(filter: Filter): boolean {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return filter.filters.some(hasCommaInList);
    case 'not':
      return hasCommaInList(filter.filter);
    case 'list':
      return filter.values.some((v) => String(v).includes(','));
    default:
      return false;
  }
}
