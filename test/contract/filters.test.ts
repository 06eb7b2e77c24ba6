/**
 * Contract C7: the `filter=` grammar, every comparator, quoting, nesting,
 * sub-fields and the 400s for malformed filters — on a scratch object whose
 * records are chosen so each filter selects a known set of names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordCleanup } from './record-cleanup';
import { createScratchObject, type ScratchObject } from './scratch-object';
import { contractTargets } from './targets';
import {
  expectStatus,
  expectTwentyError,
  type Json,
  listOf,
  recordOf,
  recordsOf,
  uniqueName,
} from './wire-assertions';

const option = (value: string, position: number) => ({ value, label: value, color: 'blue', position });

const ROWS: Json[] = [
  {
    name: 'Alpha',
    rank: 1,
    flag: true,
    status: 'OPEN',
    price: { amountMicros: 1_000_000, currencyCode: 'USD' },
    contact: { firstName: 'Ivan', lastName: 'Petrov' },
    tags: ['a', 'b'],
    kinds: ['FLAT'],
    due: '2025-01-10T00:00:00.000Z',
  },
  {
    name: 'beta, gamma',
    rank: 2,
    flag: false,
    status: 'CLOSED',
    price: { amountMicros: 2_500_000, currencyCode: 'EUR' },
    contact: { firstName: 'Anna', lastName: 'Smirnova' },
    tags: ['b'],
    kinds: ['OFFICE', 'PARKING'],
    due: '2025-02-10T00:00:00.000Z',
  },
  {
    name: 'Дом (корпус 2)',
    rank: 3,
    flag: true,
    status: 'DRAFT',
    price: { amountMicros: 3_000_000, currencyCode: 'RUB' },
    contact: { firstName: 'Пётр', lastName: 'Иванов' },
    tags: ['c'],
    kinds: [],
    due: null,
  },
  {
    name: 'Gamma',
    rank: null,
    flag: false,
    status: null,
    price: { amountMicros: 5_000_000, currencyCode: 'RUB' },
    contact: { firstName: 'Ivan', lastName: 'Sidorov' },
    tags: [],
    kinds: ['PARKING'],
    due: '2025-03-10T00:00:00.000Z',
  },
  {
    name: 'alpha beta',
    rank: 10,
    flag: true,
    status: 'OPEN',
    price: { amountMicros: 1_000_000, currencyCode: 'RUB' },
    contact: { firstName: 'Olga', lastName: 'Orlova' },
    tags: ['a'],
    kinds: ['FLAT', 'OFFICE'],
    due: '2025-01-20T00:00:00.000Z',
  },
  {
    name: 'Квартира, 3 комн.',
    rank: 5.5,
    flag: false,
    status: 'CLOSED',
    price: { amountMicros: 7_500_000, currencyCode: 'RUB' },
    contact: { firstName: 'Олег', lastName: 'Котов' },
    tags: ['d'],
    kinds: ['FLAT'],
    due: '2025-04-01T12:30:00.000Z',
  },
];

/** Each case: a filter and the names of the ROWS it must select (order-insensitive). */
const SELECTS: [string, string, string[]][] = [
  ['eq on text', 'name[eq]:Alpha', ['Alpha']],
  [
    'neq on a number (nulls are not unequal)',
    'rank[neq]:1',
    ['beta, gamma', 'Дом (корпус 2)', 'alpha beta', 'Квартира, 3 комн.'],
  ],
  ['gt on a number', 'rank[gt]:3', ['alpha beta', 'Квартира, 3 комн.']],
  ['gte on a number', 'rank[gte]:3', ['Дом (корпус 2)', 'alpha beta', 'Квартира, 3 комн.']],
  ['lt on a number', 'rank[lt]:2', ['Alpha']],
  ['lte on a number', 'rank[lte]:2', ['Alpha', 'beta, gamma']],
  ['in on a select', 'status[in]:[OPEN,DRAFT]', ['Alpha', 'Дом (корпус 2)', 'alpha beta']],
  ['is NULL', 'rank[is]:NULL', ['Gamma']],
  ['is NOT_NULL', 'due[is]:NOT_NULL', ['Alpha', 'beta, gamma', 'Gamma', 'alpha beta', 'Квартира, 3 комн.']],
  ['startsWith is case-sensitive', 'name[startsWith]:alpha', ['alpha beta']],
  ['endsWith', 'name[endsWith]:amma', ['beta, gamma', 'Gamma']],
  ['like with % is case-sensitive', 'name[like]:%lpha%', ['Alpha', 'alpha beta']],
  ['like anchored at the start', 'name[like]:Al%', ['Alpha']],
  ['ilike ignores case', 'name[ilike]:%ALPHA%', ['Alpha', 'alpha beta']],
  ['ilike on Cyrillic', 'name[ilike]:%дом%', ['Дом (корпус 2)']],
  ['a double-quoted value with a comma', 'name[eq]:"beta, gamma"', ['beta, gamma']],
  ['a single-quoted value with parentheses and Cyrillic', "name[eq]:'Дом (корпус 2)'", ['Дом (корпус 2)']],
  [
    'quoted values with commas and parentheses inside or()',
    'or(name[eq]:"beta, gamma",name[eq]:"Дом (корпус 2)",name[eq]:"Квартира, 3 комн.")',
    ['beta, gamma', 'Дом (корпус 2)', 'Квартира, 3 комн.'],
  ],
  ['boolean true', 'flag[eq]:true', ['Alpha', 'Дом (корпус 2)', 'alpha beta']],
  ['boolean false', 'flag[eq]:false', ['beta, gamma', 'Gamma', 'Квартира, 3 комн.']],
  ['a select value', 'status[eq]:CLOSED', ['beta, gamma', 'Квартира, 3 комн.']],
  ['a FULL_NAME sub-field', 'contact.firstName[eq]:Ivan', ['Alpha', 'Gamma']],
  ['a Cyrillic sub-field value', 'contact.lastName[eq]:Иванов', ['Дом (корпус 2)']],
  [
    'a CURRENCY amountMicros sub-field',
    'price.amountMicros[gte]:3000000',
    ['Дом (корпус 2)', 'Gamma', 'Квартира, 3 комн.'],
  ],
  ['a CURRENCY currencyCode sub-field', 'price.currencyCode[eq]:EUR', ['beta, gamma']],
  ['a DATE_TIME bound', 'due[lt]:2025-02-01T00:00:00.000Z', ['Alpha', 'alpha beta']],
  ['containsAny on an ARRAY', 'tags[containsAny]:[a,c]', ['Alpha', 'Дом (корпус 2)', 'alpha beta']],
  ['containsAny on a MULTI_SELECT', 'kinds[containsAny]:[OFFICE]', ['beta, gamma', 'alpha beta']],
  ['and()', 'and(flag[eq]:true,rank[gte]:3)', ['Дом (корпус 2)', 'alpha beta']],
  ['a bare top-level list as and', 'flag[eq]:true,rank[gte]:3', ['Дом (корпус 2)', 'alpha beta']],
  ['or()', 'or(rank[lt]:2,rank[gt]:5)', ['Alpha', 'alpha beta', 'Квартира, 3 комн.']],
  ['not() with one child', 'not(flag[eq]:true)', ['beta, gamma', 'Gamma', 'Квартира, 3 комн.']],
  [
    'and/or/not nested',
    'and(or(status[eq]:OPEN,status[eq]:CLOSED),not(name[ilike]:%beta%),price.currencyCode[in]:[USD,RUB])',
    ['Alpha', 'Квартира, 3 комн.'],
  ],
  [
    'or() of and()s',
    'or(and(flag[eq]:true,rank[lt]:2),and(flag[eq]:false,rank[is]:NULL))',
    ['Alpha', 'Gamma'],
  ],
];

const REFUSES: [string, string, string | RegExp][] = [
  ['an unknown field', 'nope[eq]:1', 'nope'],
  ['an unknown comparator', 'name[equals]:Alpha', 'equals'],
  ['unbalanced parentheses', 'and(name[eq]:Alpha,rank[eq]:1', /bracket|parenthes/i],
  ['not() with two children', 'not(flag[eq]:true,rank[eq]:1)', /not/],
  ['a select value that is not an option', 'status[eq]:NOPE', 'NOPE'],
  ['in without brackets', 'status[in]:OPEN', /array/i],
  ['a predicate without a comparator', 'name:Alpha', /filter/i],
];

for (const target of await contractTargets()) {
  describe(target.name, { skip: target.skip }, () => {
    let obj: ScratchObject;
    const cleanup = recordCleanup(target);

    before(async () => {
      obj = await createScratchObject(target, 'ctFilter', [
        { type: 'NUMBER', name: 'rank' },
        { type: 'BOOLEAN', name: 'flag' },
        { type: 'SELECT', name: 'status', options: ['OPEN', 'CLOSED', 'DRAFT'].map(option) },
        { type: 'CURRENCY', name: 'price' },
        { type: 'FULL_NAME', name: 'contact' },
        { type: 'ARRAY', name: 'tags' },
        { type: 'MULTI_SELECT', name: 'kinds', options: ['FLAT', 'OFFICE', 'PARKING'].map(option) },
        { type: 'DATE_TIME', name: 'due' },
      ]);
      const res = await target.http('POST', `/rest/batch/${obj.namePlural}`, { body: ROWS });
      expectStatus(res, 201);
      assert.equal(recordsOf(res, `create${obj.capitalPlural}`).length, ROWS.length);
    });
    after(async () => {
      await cleanup.destroyAll();
      await obj?.remove();
    });

    const namesFor = async (filter: string) => {
      const res = await target.http('GET', `/rest/${obj.namePlural}`, { query: { filter, limit: 200 } });
      const list = listOf(res, obj.namePlural);
      assert.equal(list.totalCount, list.records.length, 'totalCount counts the filtered set');
      return list.records.map((r) => r.name as string).sort();
    };

    describe('C7 filters select exactly the matching records', () => {
      for (const [what, filter, names] of SELECTS) {
        it(`selects by ${what}: ${filter}`, async () => {
          assert.deepEqual(await namesFor(filter), [...names].sort());
        });
      }

      it('accepts containsExactly as a comparator', async () => {
        const res = await target.http('GET', `/rest/${obj.namePlural}`, {
          query: { filter: 'tags[containsExactly]:[a,b]' },
        });
        expectStatus(res, 200);
      });

      it('filters a standard object by name.firstName', async () => {
        const marker = uniqueName('ctFlt');
        const res = await target.http('POST', '/rest/people', {
          body: {
            name: { firstName: 'Ярослав', lastName: marker },
            emails: { primaryEmail: `${marker.toLowerCase()}@example.com`, additionalEmails: [] },
          },
        });
        expectStatus(res, 201);
        const id = cleanup.track('people', recordOf(res, 'createPerson').id as string);
        const found = listOf(
          await target.http('GET', '/rest/people', {
            query: { filter: `and(name.firstName[eq]:Ярослав,name.lastName[eq]:${marker})` },
          }),
          'people',
        );
        assert.deepEqual(
          found.records.map((r) => r.id),
          [id],
        );
      });
    });

    describe('C7 malformed filters are refused with 400 and a message', () => {
      for (const [what, filter, fragment] of REFUSES) {
        it(`refuses ${what}: ${filter}`, async () => {
          const res = await target.http('GET', `/rest/${obj.namePlural}`, { query: { filter } });
          expectTwentyError(res, 400, fragment);
        });
      }
    });
  });
}
