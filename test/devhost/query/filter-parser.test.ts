import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COMPARATORS,
  type Comparator,
  type FilterNode,
  filterMentionsField,
  type PredicateNode,
} from '../../../devhost/query/filter-node';
import { parseFilter } from '../../../devhost/query/filter-parser';
import { QueryParamError } from '../../../devhost/query/query-errors';

const pred = (
  field: string,
  comparator: Comparator,
  value: string | string[],
  subField: string | null = null,
): PredicateNode => ({ kind: 'predicate', field, subField, comparator, value });

function rejects(input: string, message: string | RegExp): void {
  assert.throws(
    () => parseFilter(input),
    (error: unknown) => {
      assert.ok(error instanceof QueryParamError, `expected QueryParamError, got ${String(error)}`);
      assert.equal(error.statusCode, 400);
      assert.equal(error.code, 'INVALID_FILTER_QUERY_PARAM');
      if (typeof message === 'string') assert.equal(error.messages[0], message);
      else assert.match(error.messages[0], message);
      return true;
    },
  );
}

describe('parseFilter', () => {
  it('wraps a single predicate in an implicit and()', () => {
    assert.deepEqual(parseFilter('floor[gte]:3'), { kind: 'and', children: [pred('floor', 'gte', '3')] });
  });

  it('reads a bare top-level comma list as and()', () => {
    assert.deepEqual(parseFilter('floor[gte]:3,status[eq]:FREE'), {
      kind: 'and',
      children: [pred('floor', 'gte', '3'), pred('status', 'eq', 'FREE')],
    });
  });

  it('keeps a root conjunction as it is written', () => {
    assert.deepEqual(parseFilter('or(a[eq]:1,b[eq]:2)'), {
      kind: 'or',
      children: [pred('a', 'eq', '1'), pred('b', 'eq', '2')],
    });
    assert.deepEqual(parseFilter('not(a[is]:NULL)'), { kind: 'not', child: pred('a', 'is', 'NULL') });
  });

  it('nests and, or and not freely', () => {
    const expected: FilterNode = {
      kind: 'or',
      children: [
        { kind: 'and', children: [pred('a', 'eq', '1'), pred('b', 'eq', '2')] },
        { kind: 'not', child: pred('c', 'is', 'NULL') },
      ],
    };
    assert.deepEqual(parseFilter('or(and(a[eq]:1,b[eq]:2),not(c[is]:NULL))'), expected);
  });

  it('treats two root conjunctions side by side as an implicit and()', () => {
    assert.deepEqual(parseFilter('or(a[eq]:1),b[eq]:2'), {
      kind: 'and',
      children: [{ kind: 'or', children: [pred('a', 'eq', '1')] }, pred('b', 'eq', '2')],
    });
  });

  it('accepts every comparator Twenty knows', () => {
    for (const comparator of COMPARATORS) {
      const array = ['in', 'containsAny', 'containsExactly'].includes(comparator);
      const parsed = parseFilter(`x[${comparator}]:${array ? '[v]' : 'v'}`);
      assert.deepEqual(parsed, { kind: 'and', children: [pred('x', comparator, array ? ['v'] : 'v')] });
    }
  });

  it('splits a dotted path into field and sub-field', () => {
    assert.deepEqual(parseFilter('name.firstName[eq]:John'), {
      kind: 'and',
      children: [pred('name', 'eq', 'John', 'firstName')],
    });
  });

  it('strips double and single quotes around a value', () => {
    assert.deepEqual(parseFilter(`a[eq]:"x y",b[eq]:'z'`), {
      kind: 'and',
      children: [pred('a', 'eq', 'x y'), pred('b', 'eq', 'z')],
    });
  });

  it('does not split on commas or parentheses inside quotes', () => {
    assert.deepEqual(parseFilter('and(a[eq]:"x,(y",b[like]:\'%,)%\')'), {
      kind: 'and',
      children: [pred('a', 'eq', 'x,(y'), pred('b', 'like', '%,)%')],
    });
  });

  it('keeps a quote in the middle of an unquoted value literally', () => {
    assert.deepEqual(parseFilter("name.lastName[eq]:O'Brien,a[eq]:1"), {
      kind: 'and',
      children: [pred('name', 'eq', "O'Brien", 'lastName'), pred('a', 'eq', '1')],
    });
  });

  it('keeps the other kind of quote inside a quoted value', () => {
    assert.deepEqual(parseFilter(`a[eq]:"O'Brien"`), { kind: 'and', children: [pred('a', 'eq', "O'Brien")] });
  });

  it('keeps colons of date-times in unquoted values', () => {
    assert.deepEqual(parseFilter('createdAt[gte]:2024-01-01T10:00:00.000Z'), {
      kind: 'and',
      children: [pred('createdAt', 'gte', '2024-01-01T10:00:00.000Z')],
    });
  });

  it('reads bracketed lists, with quoted elements that may hold commas', () => {
    assert.deepEqual(parseFilter(`status[in]:[FREE,"A,B",'C']`), {
      kind: 'and',
      children: [pred('status', 'in', ['FREE', 'A,B', 'C'])],
    });
    assert.deepEqual(parseFilter('tags[containsAny]:[]'), {
      kind: 'and',
      children: [pred('tags', 'containsAny', [])],
    });
  });

  it('does not split a top-level list on commas inside brackets', () => {
    assert.deepEqual(parseFilter('a[in]:[1,2],b[eq]:3'), {
      kind: 'and',
      children: [pred('a', 'in', ['1', '2']), pred('b', 'eq', '3')],
    });
  });

  it('keeps an empty quoted value as an empty string', () => {
    assert.deepEqual(parseFilter('a[eq]:""'), { kind: 'and', children: [pred('a', 'eq', '')] });
  });

  it("rejects an array comparator without brackets with Twenty's message", () => {
    rejects(
      'status[in]:FREE',
      `'filter' invalid for 'in' operator. Received 'FREE' but array value expected eg: 'field[in]:[value_1,value_2]'`,
    );
    rejects('tags[containsAny]:"a"', /'containsAny' operator\. Received '"a"' but array value expected/);
  });

  it('rejects an unknown comparator, listing the valid ones', () => {
    rejects(
      'floor[between]:1',
      `'filter' invalid for 'floor[between]:1', comparator between not in ${COMPARATORS.join(', ')}`,
    );
  });

  it('rejects a predicate that is not field[op]:value', () => {
    rejects('floor>3', `'filter' invalid for 'floor>3'. eg: price[gte]:10`);
    rejects('and(floor[gte]3)', `'filter' invalid for 'floor[gte]3'. eg: price[gte]:10`);
    rejects('floor[gte]:', `'filter' invalid for 'floor[gte]:'. eg: price[gte]:10`);
    rejects('[eq]:1', /'filter' invalid for '\[eq\]:1'/);
    rejects('', `'filter' invalid for ''. eg: price[gte]:10`);
  });

  it('rejects an empty conjunction', () => {
    rejects('and()', `'filter' invalid for 'and()'. eg: price[gte]:10`);
  });

  it('rejects not() with more than one condition', () => {
    rejects(
      'not(a[eq]:1,b[eq]:2)',
      `'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)`,
    );
  });

  it('rejects unbalanced parentheses, saying which bracket is missing', () => {
    rejects('and(a[eq]:1', `'filter' invalid. 1 close bracket is missing in the query`);
    rejects('or(and(a[eq]:1', `'filter' invalid. 2 close brackets are missing in the query`);
    rejects('and(a[eq]:1))', `'filter' invalid. 1 open bracket is missing in the query`);
  });

  it('rejects a quote that is never closed', () => {
    rejects('a[eq]:"abc,b[eq]:1', /the quote " is never closed/);
  });

  it('rejects paths deeper than field.subField', () => {
    rejects('a.b.c[eq]:1', /'a\.b\.c' should be a field or field\.subField/);
  });

  it('rejects text after a closed conjunction', () => {
    rejects('and(a[eq]:1)b[eq]:2', /'b\[eq\]:2' is unexpected/);
  });
});

describe('filterMentionsField', () => {
  it('finds a field anywhere in the tree, under not() too', () => {
    const tree = parseFilter('or(a[eq]:1,not(and(b[eq]:2,deletedAt[is]:NOT_NULL)))');
    assert.equal(filterMentionsField(tree, 'deletedAt'), true);
    assert.equal(filterMentionsField(tree, 'b'), true);
    assert.equal(filterMentionsField(tree, 'c'), false);
  });

  it('is false without a filter', () => {
    assert.equal(filterMentionsField(undefined, 'deletedAt'), false);
  });
});
