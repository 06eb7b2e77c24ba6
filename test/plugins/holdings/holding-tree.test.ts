/** Holding trees as pure functions: cycles, subtrees at any depth, roll-ups. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CompanyFigures,
  cycleThrough,
  NO_FIGURES,
  rollUp,
  subtree,
} from '../../../plugins/holdings/rules/holding-tree';

const parents = new Map<string, string | null>([
  ['group', null],
  ['dev', 'group'],
  ['fin', 'group'],
  ['north', 'dev'],
]);
const children = (id: string) => [...parents].filter(([, p]) => p === id).map(([c]) => c);

describe('holding trees', () => {
  it('refuses a parent that closes a cycle, naming the chain; a company cannot be its own parent', () => {
    assert.deepEqual(
      cycleThrough('group', 'north', (id) => parents.get(id)),
      ['group', 'north', 'dev', 'group'],
    );
    assert.deepEqual(
      cycleThrough('dev', 'dev', (id) => parents.get(id)),
      ['dev', 'dev'],
    );
    assert.equal(
      cycleThrough('fin', 'north', (id) => parents.get(id)),
      null,
    );
    assert.equal(
      cycleThrough('fin', null, (id) => parents.get(id)),
      null,
    );
  });

  it('walks every depth once, even when the data already holds a cycle', () => {
    assert.deepEqual(
      subtree('group', children).map((t) => `${t.id}@${t.depth}`),
      ['group@0', 'dev@1', 'fin@1', 'north@2'],
    );
    const loop = (id: string) => (id === 'a' ? ['b'] : id === 'b' ? ['a'] : []);
    assert.deepEqual(
      subtree('a', loop).map((t) => t.id),
      ['a', 'b'],
    );
  });

  it('rolls each company’s figures up through all its subsidiaries', () => {
    const own = (id: string): CompanyFigures => ({
      ...NO_FIGURES,
      openDeals: 1,
      openAmountMicros: id === 'north' ? 5n : 1n,
      contacts: 2,
    });
    const totals = rollUp(subtree('group', children), own);
    assert.equal(totals.get('group')?.total.openDeals, 4);
    assert.equal(totals.get('group')?.total.openAmountMicros, 8n);
    assert.equal(totals.get('dev')?.total.openAmountMicros, 6n);
    assert.equal(totals.get('dev')?.own.openAmountMicros, 1n);
    assert.equal(totals.get('group')?.total.receivedMicros, null);
  });

  it('a random forest never yields a cycle once every refused parent is skipped (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.nat(20)), { maxLength: 60 }), (edges) => {
        const p = new Map<string, string | null>();
        for (const [c, parent] of edges) {
          const child = `c${c}`;
          const par = `c${parent}`;
          if (!cycleThrough(child, par, (id) => p.get(id) ?? null)) p.set(child, par);
        }
        for (const start of p.keys()) {
          const seen = new Set<string>();
          let at: string | null | undefined = start;
          while (at) {
            assert.ok(!seen.has(at), `cycle through ${at}`);
            seen.add(at);
            at = p.get(at) ?? null;
          }
        }
      }),
    );
  });
});
