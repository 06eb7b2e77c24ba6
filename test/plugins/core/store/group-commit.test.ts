import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createGroupCommit,
  GroupCommitResultError,
  ItemFailure,
} from '../../../../plugins/core/store/group-commit';

describe('group commit', () => {
  it('writes callers that arrive in the same turn as one batch and answers each with its own result', async () => {
    const batches: number[][] = [];
    const gc = createGroupCommit<number, number>({
      async run(items) {
        batches.push(items);
        return items.map((n) => n * 10);
      },
    });
    const results = await Promise.all([1, 2, 3, 4].map((n) => gc.submit(n)));
    assert.deepEqual(results, [10, 20, 30, 40]);
    assert.deepEqual(batches, [[1, 2, 3, 4]]);
  });

  it('collects callers arriving while a batch is written into the next one', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const gc = createGroupCommit<number, number>({
      async run(items) {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return items;
      },
    });
    const first = gc.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((n) => gc.submit(n));
    await new Promise((r) => setImmediate(r));
    assert.equal(batches.length, 1, 'only one statement in flight at a time');
    release();
    assert.deepEqual(await Promise.all([first, ...later]), [1, 2, 3, 4]);
    assert.deepEqual(batches, [[1], [2, 3, 4]]);
  });

  it('fails every caller of a batch whose write throws, and only those', async () => {
    let calls = 0;
    const gc = createGroupCommit<string, string>({
      async run(items) {
        calls++;
        if (calls === 1) throw new Error('store unavailable');
        return items;
      },
    });
    const failed = await Promise.allSettled(['a', 'b', 'c'].map((s) => gc.submit(s)));
    assert.deepEqual(
      failed.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.equal(await gc.submit('d'), 'd', 'the next batch is written normally');
  });

  it('rejects only the item a batch marks as failed', async () => {
    const gc = createGroupCommit<string, string>({
      async run(items) {
        return items.map((s) => (s === 'poison' ? new ItemFailure(new Error('bad item')) : s.toUpperCase()));
      },
    });
    const results = await Promise.allSettled(['a', 'poison', 'b'].map((s) => gc.submit(s)));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['A', 'bad item', 'B'],
    );
  });

  it('refuses a batch result that does not answer every caller', async () => {
    const gc = createGroupCommit<number, number>({ run: async (items) => items.slice(1) });
    const results = await Promise.allSettled([gc.submit(1), gc.submit(2)]);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok(r.status === 'rejected' && r.reason instanceof GroupCommitResultError);
    }
  });

  it('never hands run more than maxBatch items and answers every caller exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 64 }),
        async (n, maxBatch) => {
          const sizes: number[] = [];
          const gc = createGroupCommit<number, number>({
            maxBatch,
            async run(items) {
              sizes.push(items.length);
              return items.map((i) => i + 1);
            },
          });
          const inputs = Array.from({ length: n }, (_, i) => i);
          const results = await Promise.all(inputs.map((i) => gc.submit(i)));
          assert.deepEqual(
            results,
            inputs.map((i) => i + 1),
          );
          assert.ok(sizes.every((s) => s <= maxBatch));
          assert.equal(
            sizes.reduce((a, b) => a + b, 0),
            n,
          );
          await gc.drain();
        },
      ),
      { numRuns: 50 },
    );
  });
});
