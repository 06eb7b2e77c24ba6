/**
 * Contract C14: the REST JSON shape of every field type, written and read back
 * through a scratch object that has one field of each type.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScratchObject, type ScratchObject } from './scratch-object';
import { contractTargets } from './targets';
import { expectStatus, isObject, type Json, recordOf } from './wire-assertions';

const option = (value: string, position: number) => ({ value, label: value, color: 'green', position });

/** Values whose REST JSON must come back exactly as sent. */
const ROUND_TRIP: Json = {
  price: { amountMicros: 12_345_670_000, currencyCode: 'RUB' },
  contact: { firstName: 'Анна', lastName: 'Ахматова' },
  mail: { primaryEmail: 'anna@example.com', additionalEmails: ['a2@example.com', 'a3@example.com'] },
  phone: {
    primaryPhoneNumber: '9161234567',
    primaryPhoneCountryCode: 'RU',
    primaryPhoneCallingCode: '+7',
    additionalPhones: [{ number: '9160000000', countryCode: 'RU', callingCode: '+7' }],
  },
  addr: {
    addressStreet1: 'ул. Ленина, 1',
    addressStreet2: 'кв. 5',
    addressCity: 'Москва',
    addressState: 'Москва',
    addressCountry: 'Russia',
    addressPostcode: '101000',
    addressLat: 55.7558,
    addressLng: 37.6173,
  },
  status: 'SOLD',
  kinds: ['FLAT', 'PARKING'],
  tags: ['угловая', 'вид на парк'],
  day: '2025-03-08',
  flag: true,
  num: 42.5,
  extra: { nested: { list: [1, 'two', null], ok: true } },
};

const SHAPES: [string, string, string[]][] = [
  ['CURRENCY', 'price', ['amountMicros', 'currencyCode']],
  ['FULL_NAME', 'contact', ['firstName', 'lastName']],
  ['EMAILS', 'mail', ['primaryEmail', 'additionalEmails']],
  [
    'PHONES',
    'phone',
    ['primaryPhoneNumber', 'primaryPhoneCountryCode', 'primaryPhoneCallingCode', 'additionalPhones'],
  ],
  [
    'ADDRESS',
    'addr',
    [
      'addressStreet1',
      'addressStreet2',
      'addressCity',
      'addressState',
      'addressCountry',
      'addressPostcode',
      'addressLat',
      'addressLng',
    ],
  ],
];

for (const target of await contractTargets()) {
  describe(target.name, { skip: target.skip }, () => {
    let obj: ScratchObject;
    let created: Json;
    let fetched: Json;
    const at = '2025-03-08T09:15:30.000Z';

    before(async () => {
      obj = await createScratchObject(target, 'ctTypes', [
        { type: 'CURRENCY', name: 'price' },
        { type: 'FULL_NAME', name: 'contact' },
        { type: 'EMAILS', name: 'mail' },
        { type: 'PHONES', name: 'phone' },
        { type: 'LINKS', name: 'site' },
        { type: 'ADDRESS', name: 'addr' },
        { type: 'SELECT', name: 'status', options: ['FREE', 'SOLD'].map(option) },
        { type: 'MULTI_SELECT', name: 'kinds', options: ['FLAT', 'OFFICE', 'PARKING'].map(option) },
        { type: 'ARRAY', name: 'tags' },
        { type: 'DATE', name: 'day' },
        { type: 'DATE_TIME', name: 'at' },
        { type: 'BOOLEAN', name: 'flag' },
        { type: 'NUMBER', name: 'num' },
        { type: 'RAW_JSON', name: 'extra' },
      ]);
      const res = await target.http('POST', `/rest/${obj.namePlural}`, {
        body: {
          name: 'Лот 1',
          ...ROUND_TRIP,
          at,
          site: {
            primaryLinkUrl: 'https://example.com/lots/1/',
            primaryLinkLabel: 'Лот',
            secondaryLinks: [{ url: 'https://example.org/plan', label: 'План' }],
          },
        },
      });
      expectStatus(res, 201);
      created = recordOf(res, `create${obj.capitalSingular}`);
      fetched = recordOf(await target.http('GET', `/rest/${obj.namePlural}/${created.id}`), obj.nameSingular);
    });
    after(() => obj?.remove());

    describe('C14 field types', () => {
      for (const [field, value] of Object.entries(ROUND_TRIP)) {
        it(`round-trips ${field} as ${JSON.stringify(value).slice(0, 60)}`, () => {
          assert.deepEqual(created[field], value, 'in the create response');
          assert.deepEqual(fetched[field], value, 'in the get response');
        });
      }

      for (const [type, field, keys] of SHAPES) {
        it(`shapes ${type} as an object with exactly Twenty's sub-field names`, () => {
          const value = fetched[field];
          assert.ok(isObject(value), `${field} is not an object`);
          for (const key of keys) assert.ok(key in value, `${type} lacks ${key}`);
        });
      }

      it('stores CURRENCY in micros, so 12 345.67 RUB is 12345670000', () => {
        assert.equal((fetched.price as Json).amountMicros, 12_345_670_000);
      });

      it('returns DATE_TIME as ISO 8601 of the same instant', () => {
        assert.equal(typeof fetched.at, 'string');
        assert.match(
          fetched.at as string,
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
        );
        assert.equal(Date.parse(fetched.at as string), Date.parse(at));
      });

      it('strips one trailing slash from a LINKS url and keeps label and secondary links', () => {
        const site = fetched.site as Json;
        assert.equal(site.primaryLinkUrl, 'https://example.com/lots/1');
        assert.equal(site.primaryLinkLabel, 'Лот');
        assert.ok(Array.isArray(site.secondaryLinks));
        const [secondary] = site.secondaryLinks as Json[];
        assert.equal(secondary.url, 'https://example.org/plan');
        assert.equal(secondary.label, 'План');
      });

      it('fills createdBy as an ACTOR with source API and no workspace member', () => {
        const actor = fetched.createdBy;
        assert.ok(isObject(actor), 'createdBy is not an object');
        for (const key of ['source', 'workspaceMemberId', 'name', 'context'])
          assert.ok(key in actor, `ACTOR lacks ${key}`);
        assert.equal(actor.source, 'API');
        assert.equal(actor.workspaceMemberId, null);
      });

      it('lets the client set createdBy.source', async () => {
        const res = await target.http('POST', `/rest/${obj.namePlural}`, {
          body: { name: 'Импорт', createdBy: { source: 'IMPORT' } },
        });
        expectStatus(res, 201);
        const actor = recordOf(res, `create${obj.capitalSingular}`).createdBy as Json;
        assert.equal(actor.source, 'IMPORT');
        assert.equal(actor.workspaceMemberId, null);
      });

      it('updates typed fields in place and leaves the others unchanged', async () => {
        const res = await target.http('PATCH', `/rest/${obj.namePlural}/${created.id}`, {
          body: { price: { amountMicros: 1_000_000, currencyCode: 'RUB' }, flag: false, tags: [] },
        });
        expectStatus(res, 200);
        const updated = recordOf(res, `update${obj.capitalSingular}`);
        assert.deepEqual(updated.price, { amountMicros: 1_000_000, currencyCode: 'RUB' });
        assert.equal(updated.flag, false);
        assert.deepEqual(updated.tags, []);
        assert.deepEqual(updated.contact, ROUND_TRIP.contact);
      });

      it('refuses a SELECT value that is not an option with 400', async () => {
        const res = await target.http('POST', `/rest/${obj.namePlural}`, {
          body: { name: 'bad', status: 'LOST' },
        });
        expectStatus(res, 400);
      });
    });
  });
}
