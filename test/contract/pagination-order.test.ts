/**
 * Contract C5 (limit, cursors, stable order) and C6 (order_by) on a scratch
 * object holding 205 records, written in two batches (200 is the batch maximum).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScratchObject, type ScratchObject } from './scratch-object';
import { type ContractTarget, contractTargets } from './targets';
import { expectStatus, expectTwentyError, type Json, listOf, recordsOf } from './wire-assertions';

const TOTAL = 205;
const GROUPS = ['alpha', 'beta', 'gamma'] as const;

interface Seed {
  name: string;
  grp: string;
  rank: number | null;
  price: { amountMicros: number | null; currencyCode: string };
}

function seed(i: number): Seed {
  return {
    name: `rec${String(i).padStart(3, '0')}`,
    grp: GROUPS[i % GROUPS.length],
    // Many ties and some nulls, so the id tie-breaker and null placement both matter.
    rank: i % 7 === 0 ? null : i % 5,
    price: { amountMicros: i % 11 === 0 ? null : (i % 4) * 1_000_000, currencyCode: 'RUB' },
  };
}

type Direction = 'AscNullsFirst' | 'AscNullsLast' | 'DescNullsFirst' | 'DescNullsLast';

function compareNullable(a: number | null, b: number | null, direction: Direction): number {
  if (a === null && b === null) return 0;
  const nullsFirst = direction.endsWith('NullsFirst');
  if (a === null) return nullsFirst ? -1 : 1;
  if (b === null) return nullsFirst ? 1 : -1;
  return direction.startsWith('Asc') ? a - b : b - a;
}

const byId = (a: Json, b: Json) => ((a.id as string) < (b.id as string) ? -1 : a.id === b.id ? 0 : 1);

async function listAll(target: ContractTarget, plural: string, query: Record<string, string | number>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res = await target.http('GET', `/rest/${plural}`, {
      query: { ...query, ...(cursor ? { starting_after: cursor } : {}) },
    });
    const list = listOf(res, plural);
    ids.push(...list.records.map((r) => r.id as string));
    if (!list.pageInfo.hasNextPage) return ids;
    cursor = list.pageInfo.endCursor;
    assert.ok(cursor, 'hasNextPage without an endCursor');
  }
  assert.fail('more than 50 pages: the cursor does not advance');
}

for (const target of await contractTargets()) {
  describe(target.name, { skip: target.skip }, () => {
    let obj: ScratchObject;
    const records: Json[] = [];
    let plural = '';

    before(async () => {
      obj = await createScratchObject(target, 'ctPage', [
        { type: 'TEXT', name: 'grp' },
        { type: 'NUMBER', name: 'rank' },
        { type: 'CURRENCY', name: 'price' },
      ]);
      plural = obj.namePlural;
      const seeds = Array.from({ length: TOTAL }, (_, i) => seed(i));
      for (const chunk of [seeds.slice(0, 200), seeds.slice(200)]) {
        const res = await target.http('POST', `/rest/batch/${plural}`, { body: chunk });
        expectStatus(res, 201);
        records.push(...recordsOf(res, `create${obj.capitalPlural}`));
      }
      assert.equal(records.length, TOTAL);
    });
    after(() => obj?.remove());

    describe('C5 pagination', () => {
      it('returns 60 records when no limit is given, with totalCount of all', async () => {
        const list = listOf(await target.http('GET', `/rest/${plural}`), plural);
        assert.equal(list.records.length, 60);
        assert.equal(list.totalCount, TOTAL);
        assert.equal(list.pageInfo.hasNextPage, true);
      });

      it('silently clamps a limit above 200 to 200', async () => {
        const list = listOf(await target.http('GET', `/rest/${plural}`, { query: { limit: 500 } }), plural);
        assert.equal(list.records.length, 200);
        assert.equal(list.pageInfo.hasNextPage, true);
      });

      it('honours a small limit exactly', async () => {
        const list = listOf(await target.http('GET', `/rest/${plural}`, { query: { limit: 7 } }), plural);
        assert.equal(list.records.length, 7);
      });

      it('refuses a negative limit with 400', async () => {
        expectTwentyError(
          await target.http('GET', `/rest/${plural}`, { query: { limit: -1 } }),
          400,
          'limit',
        );
      });

      it('refuses a non-numeric limit with 400', async () => {
        expectTwentyError(
          await target.http('GET', `/rest/${plural}`, { query: { limit: 'ten' } }),
          400,
          'limit',
        );
      });

      it('walks forward with starting_after over every record exactly once', async () => {
        const ids = await listAll(target, plural, { limit: 50 });
        assert.equal(ids.length, TOTAL);
        assert.equal(new Set(ids).size, TOTAL, 'a record appeared on two pages');
        assert.deepEqual(new Set(ids), new Set(records.map((r) => r.id as string)));
      });

      it('walks backward with ending_before over every record exactly once', async () => {
        // Reach the last page forwards, then page back from its startCursor.
        let cursor: string | null = null;
        let last: ReturnType<typeof listOf> | undefined;
        for (let page = 0; page < 10; page++) {
          last = listOf(
            await target.http('GET', `/rest/${plural}`, {
              query: { limit: 60, ...(cursor ? { starting_after: cursor } : {}) },
            }),
            plural,
          );
          if (!last.pageInfo.hasNextPage) break;
          cursor = last.pageInfo.endCursor;
        }
        assert.ok(last && !last.pageInfo.hasNextPage, 'never reached the last page');
        const ids = last.records.map((r) => r.id as string);
        let before = last.pageInfo.startCursor;
        for (let page = 0; page < 20 && before; page++) {
          const back = listOf(
            await target.http('GET', `/rest/${plural}`, { query: { limit: 50, ending_before: before } }),
            plural,
          );
          assert.equal(
            typeof back.pageInfo.hasPreviousPage,
            'boolean',
            'paging backwards reports hasPreviousPage',
          );
          ids.push(...back.records.map((r) => r.id as string));
          before = back.pageInfo.hasPreviousPage ? back.pageInfo.startCursor : null;
        }
        assert.equal(ids.length, TOTAL);
        assert.equal(new Set(ids).size, TOTAL, 'a record appeared on two pages');
      });

      it('refuses a cursor it did not issue with 400', async () => {
        const res = await target.http('GET', `/rest/${plural}`, {
          query: { starting_after: 'not-a-cursor!!' },
        });
        expectTwentyError(res, 400);
      });

      it('keeps ties in id order across pages', async () => {
        const ids = await listAll(target, plural, { limit: 40, order_by: 'grp' });
        const expected = [...records]
          .sort((a, b) => (a.grp === b.grp ? byId(a, b) : (a.grp as string) < (b.grp as string) ? -1 : 1))
          .map((r) => r.id);
        assert.deepEqual(ids, expected);
      });
    });

    describe('C6 ordering', () => {
      const groupRecords = () => records.filter((r) => r.grp === 'beta');
      const ordered = async (orderBy: string) => {
        const res = await target.http('GET', `/rest/${plural}`, {
          query: { filter: 'grp[eq]:beta', order_by: orderBy, limit: 200 },
        });
        return listOf(res, plural).records.map((r) => r.id);
      };
      const expectedBy = (direction: Direction, pick: (r: Json) => number | null) =>
        [...groupRecords()]
          .sort((a, b) => compareNullable(pick(a), pick(b), direction) || byId(a, b))
          .map((r) => r.id);
      const rankOf = (r: Json) => r.rank as number | null;

      for (const direction of ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'] as const) {
        it(`orders by rank[${direction}] with the id as the last key`, async () => {
          assert.deepEqual(await ordered(`rank[${direction}]`), expectedBy(direction, rankOf));
        });
      }

      it('reads a bare field as AscNullsFirst', async () => {
        assert.deepEqual(await ordered('rank'), expectedBy('AscNullsFirst', rankOf));
      });

      it('orders by a composite sub-field', async () => {
        const micros = (r: Json) => (r.price as Json).amountMicros as number | null;
        assert.deepEqual(
          await ordered('price.amountMicros[DescNullsLast]'),
          expectedBy('DescNullsLast', micros),
        );
      });

      it('applies several keys left to right', async () => {
        const expected = [...groupRecords()]
          .sort(
            (a, b) =>
              compareNullable(rankOf(a), rankOf(b), 'AscNullsLast') ||
              ((b.name as string) < (a.name as string)
                ? -1
                : (b.name as string) > (a.name as string)
                  ? 1
                  : 0),
          )
          .map((r) => r.id);
        assert.deepEqual(await ordered('rank[AscNullsLast],name[DescNullsLast]'), expected);
      });

      it('refuses an unknown direction with 400', async () => {
        const res = await target.http('GET', `/rest/${plural}`, { query: { order_by: 'rank[Upwards]' } });
        expectTwentyError(res, 400, 'Upwards');
      });
    });
  });
}
