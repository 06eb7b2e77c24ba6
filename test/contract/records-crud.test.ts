/**
 * Contract C1 (auth), C2 (paths), C3 (envelopes), C4 (request bodies) on the
 * standard `person` / `company` objects, which every workspace has.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { recordCleanup } from './record-cleanup';
import { contractTargets } from './targets';
import {
  expectStatus,
  expectTwentyError,
  isObject,
  type Json,
  listOf,
  recordOf,
  recordsOf,
  uniqueName,
} from './wire-assertions';

for (const target of await contractTargets()) {
  describe(target.name, { skip: target.skip }, () => {
    const cleanup = recordCleanup(target);
    const marker = uniqueName('ctCrud');
    let n = 0;
    const personBody = (extra: Json = {}): Json => {
      n += 1;
      return {
        name: { firstName: `First${n}`, lastName: marker },
        emails: { primaryEmail: `${marker.toLowerCase()}.${n}@example.com`, additionalEmails: [] },
        jobTitle: marker,
        ...extra,
      };
    };
    const createPerson = async (extra: Json = {}): Promise<Json> => {
      const res = await target.http('POST', '/rest/people', { body: personBody(extra) });
      expectStatus(res, 201);
      const person = recordOf(res, 'createPerson');
      cleanup.track('people', person.id as string);
      return person;
    };
    after(() => cleanup.destroyAll());

    describe('C1 auth', () => {
      const authStatuses = target.isDevhost ? [401] : [401, 403];

      it('refuses a request without an Authorization header', async () => {
        const res = await target.http('GET', '/rest/people', { apiKey: null });
        expectStatus(res, authStatuses);
        if (target.isDevhost) expectTwentyError(res, 401);
      });

      it('refuses a request with a key that is not a valid token', async () => {
        const res = await target.http('GET', '/rest/people', { apiKey: 'not-a-real-key' });
        expectStatus(res, authStatuses);
        if (target.isDevhost) expectTwentyError(res, 401);
      });

      it('refuses a well-formed API-key JWT signed with a foreign secret', async () => {
        const forged = jwt.sign(
          { sub: randomUUID(), type: 'API_KEY', workspaceId: randomUUID(), jti: randomUUID() },
          'a-secret-this-server-never-saw',
          { algorithm: 'HS256', expiresIn: '1h' },
        );
        const res = await target.http('GET', '/rest/people', { apiKey: forged });
        expectStatus(res, authStatuses);
      });

      it('answers 200 with the workspace key', async () => {
        const res = await target.http('GET', '/rest/people', { query: { limit: 1 } });
        expectStatus(res, 200);
      });
    });

    describe('C2 paths', () => {
      it('serves objects under their plural name', async () => {
        for (const plural of ['people', 'companies', 'opportunities']) {
          const res = await target.http('GET', `/rest/${plural}`, { query: { limit: 1 } });
          listOf(res, plural);
        }
      });

      it("answers a singular name with 400 and Did you mean 'people'?", async () => {
        const res = await target.http('GET', '/rest/person');
        expectTwentyError(res, 400, "object 'person' not found. Did you mean 'people'?");
      });

      it('answers an unknown object with 400 naming it', async () => {
        const res = await target.http('GET', '/rest/flyingSaucers');
        expectTwentyError(res, 400, 'flyingSaucers');
      });

      it('answers a non-UUID id with 400 quoting it', async () => {
        const res = await target.http('GET', '/rest/people/not-a-uuid');
        expectTwentyError(res, 400, "'not-a-uuid' is not a valid UUID");
      });

      it('finds duplicates at POST /rest/people/duplicates, one entry per id asked', async () => {
        const a = await createPerson();
        const res = await target.http('POST', '/rest/people/duplicates', { body: { ids: [a.id] } });
        expectStatus(res, 200);
        const data = (res.body as Json).data;
        assert.ok(Array.isArray(data), `data is not an array: ${res.text}`);
        assert.equal(data.length, 1);
        assert.ok(Array.isArray((data[0] as Json).personDuplicates), `no personDuplicates: ${res.text}`);
      });

      it('answers a non-UUID id on PATCH and DELETE with 400 too', async () => {
        expectTwentyError(
          await target.http('PATCH', '/rest/people/12345', { body: {} }),
          400,
          'not a valid UUID',
        );
        expectTwentyError(await target.http('DELETE', '/rest/people/12345'), 400, 'not a valid UUID');
      });
    });

    describe('C3 envelopes', () => {
      it('wraps a created record in data.createPerson with status 201', async () => {
        const body = personBody();
        const res = await target.http('POST', '/rest/people', { body });
        expectStatus(res, 201);
        const person = recordOf(res, 'createPerson');
        cleanup.track('people', person.id as string);
        assert.match(person.id as string, /^[0-9a-f-]{36}$/);
        assert.deepEqual(person.name, body.name);
        assert.equal(person.jobTitle, marker);
        for (const key of ['createdAt', 'updatedAt', 'deletedAt']) assert.ok(key in person, `missing ${key}`);
        assert.equal(person.deletedAt, null);
      });

      it('wraps one record in data.person', async () => {
        const created = await createPerson();
        const res = await target.http('GET', `/rest/people/${created.id}`);
        expectStatus(res, 200);
        const person = recordOf(res, 'person');
        assert.equal(person.id, created.id);
        assert.deepEqual(person.name, created.name);
      });

      it('wraps a list in data.people with totalCount of the filtered set and pageInfo', async () => {
        const mine = [await createPerson(), await createPerson(), await createPerson()];
        const res = await target.http('GET', '/rest/people', {
          query: { filter: `jobTitle[eq]:${marker}`, limit: 2 },
        });
        const list = listOf(res, 'people');
        assert.equal(list.records.length, 2);
        const total = (
          await target.http('GET', '/rest/people', { query: { filter: `jobTitle[eq]:${marker}` } })
        ).body as Json;
        assert.equal(list.totalCount, total.totalCount, 'totalCount must not depend on the page size');
        assert.ok(list.totalCount >= mine.length);
        assert.equal(list.pageInfo.hasNextPage, true);
        assert.equal(typeof list.pageInfo.startCursor, 'string');
        assert.equal(typeof list.pageInfo.endCursor, 'string');
      });

      it('wraps a batch in data.createPeople with status 201, in input order', async () => {
        const bodies = [personBody(), personBody()];
        const res = await target.http('POST', '/rest/batch/people', { body: bodies });
        expectStatus(res, 201);
        const people = recordsOf(res, 'createPeople');
        for (const p of people) cleanup.track('people', p.id as string);
        assert.equal(people.length, 2);
        assert.deepEqual(
          people.map((p) => (p.emails as Json).primaryEmail),
          bodies.map((b) => (b.emails as Json).primaryEmail),
        );
      });

      it('wraps an update in data.updatePerson with the new value and the rest kept', async () => {
        const created = await createPerson();
        const res = await target.http('PATCH', `/rest/people/${created.id}`, { body: { city: 'Казань' } });
        expectStatus(res, 200);
        const updated = recordOf(res, 'updatePerson');
        assert.equal(updated.id, created.id);
        assert.equal(updated.city, 'Казань');
        assert.deepEqual(updated.name, created.name);
        assert.ok(Date.parse(updated.updatedAt as string) >= Date.parse(created.updatedAt as string));
      });

      it('treats PUT like PATCH', async () => {
        const created = await createPerson();
        const res = await target.http('PUT', `/rest/people/${created.id}`, { body: { city: 'Тверь' } });
        expectStatus(res, 200);
        assert.equal(recordOf(res, 'updatePerson').city, 'Тверь');
        assert.deepEqual(recordOf(res, 'updatePerson').name, created.name);
      });

      it('wraps a delete in data.deletePerson with the id', async () => {
        const created = await createPerson();
        const res = await target.http('DELETE', `/rest/people/${created.id}`);
        expectStatus(res, 200);
        const deleted = recordOf(res, 'deletePerson');
        assert.equal(deleted.id, created.id);
      });
    });

    describe('C4 request bodies', () => {
      it('writes a relation as <field>Id and reads it back the same way', async () => {
        const companyRes = await target.http('POST', '/rest/companies', { body: { name: `${marker} Ltd` } });
        expectStatus(companyRes, 201);
        const company = recordOf(companyRes, 'createCompany');
        cleanup.track('companies', company.id as string);
        const person = await createPerson({ companyId: company.id });
        assert.equal(person.companyId, company.id);
        const got = recordOf(await target.http('GET', `/rest/people/${person.id}`), 'person');
        assert.equal(got.companyId, company.id);
        assert.ok(!isObject(got.company), 'depth 0 must not embed the company');
      });

      it('nests composite fields as objects', async () => {
        const body = personBody({
          emails: {
            primaryEmail: `${marker.toLowerCase()}.nested@example.com`,
            additionalEmails: ['b@example.com'],
          },
        });
        const res = await target.http('POST', '/rest/people', { body });
        expectStatus(res, 201);
        const person = recordOf(res, 'createPerson');
        cleanup.track('people', person.id as string);
        assert.deepEqual(person.name, body.name);
        assert.deepEqual(person.emails, body.emails);
      });

      it('keeps an id the client supplied', async () => {
        const id = randomUUID();
        const res = await target.http('POST', '/rest/people', { body: personBody({ id }) });
        expectStatus(res, 201);
        cleanup.track('people', id);
        assert.equal(recordOf(res, 'createPerson').id, id);
        const got = await target.http('GET', `/rest/people/${id}`);
        expectStatus(got, 200);
        assert.equal(recordOf(got, 'person').id, id);
      });

      it('refuses a client id that is not a UUID with 400', async () => {
        const res = await target.http('POST', '/rest/people', { body: personBody({ id: 'abc' }) });
        expectTwentyError(res, 400);
      });
    });
  });
}
