import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ARRAY_COMPARATORS,
  COMPARATORS,
  type FilterNode,
  type PredicateNode,
} from '../../../devhost/query/filter-node';
import { parseFilter } from '../../../devhost/query/filter-parser';

/** A tiny serializer, independent of the parser: quotes whatever is not plainly safe. */
function serializeValue(value: string): string {
  if (/^[A-Za-z0-9_.%@-]+$/.test(value)) return value;
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function serialize(node: FilterNode): string {
  switch (node.kind) {
    case 'predicate': {
      const path = node.subField ? `${node.field}.${node.subField}` : node.field;
      const value = Array.isArray(node.value)
        ? `[${node.value.map((v) => (v === '' ? '""' : serializeValue(v))).join(',')}]`
        : serializeValue(node.value);
      return `${path}[${node.comparator}]:${value}`;
    }
    case 'and':
    case 'or':
      return `${node.kind}(${node.children.map(serialize).join(',')})`;
    case 'not':
      return `not(${serialize(node.child)})`;
  }
}

const PATHS: [string, string | null][] = [
  ['floor', null],
  ['title', null],
  ['status', null],
  ['features', null],
  ['buyer', 'firstName'],
  ['price', 'amountMicros'],
  ['and', null], // a field may be named like a conjunction
];

// Values draw on the characters the grammar gives meaning to; none holds both kinds of quote.
const valueArb = fc
  .string({ unit: fc.constantFrom(...'aZ09 ,()[]:"\'%_.@-'.split('')), maxLength: 8 })
  .filter((s) => !(s.includes('"') && s.includes("'")));

const predicateArb: fc.Arbitrary<PredicateNode> = fc
  .tuple(
    fc.constantFrom(...PATHS),
    fc.constantFrom(...COMPARATORS),
    valueArb,
    fc.array(valueArb, { maxLength: 3 }),
  )
  .map(([[field, subField], comparator, scalar, list]) => ({
    kind: 'predicate',
    field,
    subField,
    comparator,
    value: ARRAY_COMPARATORS.includes(comparator) ? list : scalar === '' ? 'x' : scalar,
  }));

const treeArb = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
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

describe('filter grammar round trip', () => {
  it('parses every serialised filter tree back to the same tree', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        const expected: FilterNode = tree.kind === 'predicate' ? { kind: 'and', children: [tree] } : tree;
        assert.deepEqual(parseFilter(serialize(tree)), expected);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a bare top-level list the same as and()', () => {
    fc.assert(
      fc.property(fc.array(treeArb, { minLength: 2, maxLength: 4 }), (children) => {
        assert.deepEqual(parseFilter(children.map(serialize).join(',')), { kind: 'and', children });
      }),
      { numRuns: 200 },
    );
  });
});
