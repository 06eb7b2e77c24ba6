/**
 * Contract C8 (depth), C9 (upsert) and C10 (destroy, soft delete, restore,
 * bulk delete) on the standard person / company objects.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { recordCleanup } from './record-cleanup';
import { contractTargets } from './targets';
import {
  dataOf,
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
    const marker = uniqueName('ctDud');
    let n = 0;
    const email = () => `${marker.toLowerCase()}.${++n}@example.com`;
    const personBody = (extra: Json = {}): Json => ({
      name: { firstName: `P${n}`, lastName: marker },
      emails: { primaryEmail: email(), additionalEmails: [] },
      jobTitle: marker,
      ...extra,
    });
    const createPerson = async (extra: Json = {}) => {
      const res = await target.http('POST', '/rest/people', { body: personBody(extra) });
      expectStatus(res, 201);
      const person = recordOf(res, 'createPerson');
      cleanup.track('people', person.id as string);
      return person;
    };
    const visibleIds = async (filter: string) =>
      listOf(await target.http('GET', '/rest/people', { query: { filter } }), 'people').records.map(
        (r) => r.id,
      );
    after(() => cleanup.destroyAll());

    describe('C8 depth', () => {
      let company: Json;
      let person: Json;
      const setup = async () => {
        if (person) return;
        const res = await target.http('POST', '/rest/companies', { body: { name: `${marker} Depth` } });
        expectStatus(res, 201);
        company = recordOf(res, 'createCompany');
        cleanup.track('companies', company.id as string);
        person = await createPerson({ companyId: company.id });
      };

      it('returns only scalars and <field>Id by default', async () => {
        await setup();
        const got = recordOf(await target.http('GET', `/rest/people/${person.id}`), 'person');
        assert.equal(got.companyId, company.id);
        assert.equal(got.company, undefined, 'depth 0 must not include the related company');
      });

      it('embeds a many-to-one relation as an object at depth=1', async () => {
        await setup();
        const res = await target.http('GET', `/rest/people/${person.id}`, { query: { depth: 1 } });
        expectStatus(res, 200);
        const got = recordOf(res, 'person');
        assert.ok(isObject(got.company), `company is not embedded: ${JSON.stringify(got.company)}`);
        assert.equal(got.company.id, company.id);
        assert.equal(got.company.name, company.name);
      });

      it('embeds a one-to-many relation as an array at depth=1', async () => {
        await setup();
        const res = await target.http('GET', `/rest/companies/${company.id}`, { query: { depth: 1 } });
        expectStatus(res, 200);
        const got = recordOf(res, 'company');
        assert.ok(Array.isArray(got.people), `people is not an array: ${JSON.stringify(got.people)}`);
        assert.deepEqual(
          (got.people as Json[]).map((p) => p.id),
          [person.id],
        );
      });

      it('embeds relations in lists at depth=1 too', async () => {
        await setup();
        const res = await target.http('GET', '/rest/people', {
          query: { filter: `id[eq]:${person.id}`, depth: 1 },
        });
        const [got] = listOf(res, 'people').records;
        assert.ok(isObject(got.company));
        assert.equal(got.company.id, company.id);
      });

      for (const depth of [2, 3, -1]) {
        it(`refuses depth=${depth} with 400`, async () => {
          expectTwentyError(await target.http('GET', '/rest/people', { query: { depth } }), 400, 'depth');
        });
      }
    });

    describe('C9 upsert', () => {
      it('updates the record with the given id and answers under createPerson', async () => {
        const existing = await createPerson();
        const res = await target.http('POST', '/rest/people', {
          query: { upsert: 'true' },
          body: {
            id: existing.id,
            jobTitle: `${marker} upserted`,
            emails: existing.emails,
            name: existing.name,
          },
        });
        expectStatus(res, 201);
        const upserted = recordOf(res, 'createPerson');
        assert.equal(upserted.id, existing.id);
        assert.equal(upserted.jobTitle, `${marker} upserted`);
        assert.deepEqual(await visibleIds(`jobTitle[eq]:${marker} upserted`), [existing.id]);
      });

      it('updates only the fields it is given: the rest of the record stays as it was', async () => {
        const existing = await createPerson({ city: 'Тверь', jobTitle: `${marker} keeps` });
        const res = await target.http('POST', '/rest/batch/people', {
          query: { upsert: 'true' },
          body: [{ id: existing.id, jobTitle: `${marker} partial` }],
        });
        expectStatus(res, 201);
        const [upserted] = recordsOf(res, 'createPeople');
        assert.equal(upserted.jobTitle, `${marker} partial`);
        assert.equal(upserted.city, 'Тверь', 'a field the upsert does not name is kept');
        assert.deepEqual(upserted.name, existing.name);
        assert.deepEqual(upserted.emails, existing.emails);
      });

      it('matches a soft-deleted record by id too, and restores it with the given values', async () => {
        // Twenty: findExistingRecords reads withDeleted(); the update sets deletedAt: null.
        const existing = await createPerson();
        expectStatus(
          await target.http('DELETE', `/rest/people/${existing.id}`, { query: { soft_delete: 'true' } }),
          200,
        );
        const res = await target.http('POST', '/rest/people', {
          query: { upsert: 'true' },
          body: { id: existing.id, jobTitle: `${marker} restored` },
        });
        expectStatus(res, 201);
        const upserted = recordOf(res, 'createPerson');
        assert.equal(upserted.id, existing.id);
        assert.equal(upserted.deletedAt, null);
        assert.deepEqual(await visibleIds(`jobTitle[eq]:${marker} restored`), [existing.id]);
      });

      it('matches by the unique primary email when no id is given', async () => {
        const existing = await createPerson();
        const res = await target.http('POST', '/rest/people', {
          query: { upsert: 'true' },
          body: { emails: existing.emails, city: 'Самара' },
        });
        expectStatus(res, 201);
        const upserted = recordOf(res, 'createPerson');
        assert.equal(upserted.id, existing.id);
        assert.equal(upserted.city, 'Самара');
        const primary = (existing.emails as Json).primaryEmail as string;
        assert.deepEqual(await visibleIds(`emails.primaryEmail[eq]:${primary}`), [existing.id]);
      });

      it('creates when nothing matches', async () => {
        const body = personBody();
        const res = await target.http('POST', '/rest/people', { query: { upsert: 'true' }, body });
        expectStatus(res, 201);
        const created = recordOf(res, 'createPerson');
        cleanup.track('people', created.id as string);
        assert.deepEqual(created.emails, body.emails);
      });

      it('upserts a batch under createPeople, updating matches and creating the rest', async () => {
        const existing = await createPerson();
        const fresh = personBody();
        const res = await target.http('POST', '/rest/batch/people', {
          query: { upsert: 'true' },
          body: [{ emails: existing.emails, city: 'Псков' }, fresh],
        });
        expectStatus(res, 201);
        const [first, second] = recordsOf(res, 'createPeople');
        cleanup.track('people', second.id as string);
        assert.equal(first.id, existing.id);
        assert.equal(first.city, 'Псков');
        assert.notEqual(second.id, existing.id);
        assert.deepEqual(second.emails, fresh.emails);
      });

      it('refuses with 400 when the id and the unique email match two different records', async () => {
        const a = await createPerson();
        const b = await createPerson();
        const res = await target.http('POST', '/rest/people', {
          query: { upsert: 'true' },
          body: { id: a.id, emails: b.emails },
        });
        expectTwentyError(res, 400);
      });
    });

    describe('C10 delete', () => {
      it('destroys on DELETE without parameters: the record is gone even for a deletedAt filter', async () => {
        const p = await createPerson();
        expectStatus(await target.http('DELETE', `/rest/people/${p.id}`), 200);
        expectTwentyError(await target.http('GET', `/rest/people/${p.id}`), 404, 'Record not found');
        assert.deepEqual(await visibleIds(`and(id[eq]:${p.id},deletedAt[is]:NOT_NULL)`), []);
      });

      it('soft deletes with soft_delete=true: hidden from lists unless the filter names deletedAt', async () => {
        const p = await createPerson();
        const res = await target.http('DELETE', `/rest/people/${p.id}`, { query: { soft_delete: 'true' } });
        expectStatus(res, 200);
        assert.equal(recordOf(res, 'deletePerson').id, p.id);
        assert.deepEqual(await visibleIds(`id[eq]:${p.id}`), []);
        const listed = listOf(
          await target.http('GET', '/rest/people', {
            query: { filter: `and(id[eq]:${p.id},deletedAt[is]:NOT_NULL)` },
          }),
          'people',
        ).records;
        assert.deepEqual(
          listed.map((r) => r.id),
          [p.id],
        );
        assert.equal(typeof listed[0].deletedAt, 'string');
      });

      const restoreRoutes = target.isDevhost
        ? [
            [
              'the newer route PATCH /rest/people/{id}/restore',
              (id: string) => [`/rest/people/${id}/restore`],
            ],
            [
              'the older route PATCH /rest/restore/people/{id}',
              (id: string) => [`/rest/restore/people/${id}`],
            ],
          ]
        : [
            [
              'the newer route, falling back to the older one',
              (id: string) => [`/rest/people/${id}/restore`, `/rest/restore/people/${id}`],
            ],
          ];
      for (const [what, paths] of restoreRoutes as [string, (id: string) => string[]][]) {
        it(`restores a soft-deleted record through ${what}`, async () => {
          const p = await createPerson();
          expectStatus(
            await target.http('DELETE', `/rest/people/${p.id}`, { query: { soft_delete: 'true' } }),
            200,
          );
          let restored = false;
          for (const path of paths(p.id as string)) {
            const res = await target.http('PATCH', path);
            if (res.status === 200) {
              restored = true;
              assert.ok(isObject((res.body as Json).data), 'restore answers a data envelope');
              break;
            }
            assert.ok(
              [400, 404].includes(res.status),
              `unexpected restore answer HTTP ${res.status}: ${res.text}`,
            );
          }
          assert.ok(restored, 'no restore route answered 200');
          const got = recordOf(await target.http('GET', `/rest/people/${p.id}`), 'person');
          assert.equal(got.deletedAt, null);
          assert.deepEqual(await visibleIds(`id[eq]:${p.id}`), [p.id]);
        });
      }

      it('restores every soft-deleted record a filter selects', async () => {
        const tag = `${marker}-restore-${randomUUID().slice(0, 6)}`;
        const people = [await createPerson({ jobTitle: tag }), await createPerson({ jobTitle: tag })];
        for (const p of people) {
          expectStatus(
            await target.http('DELETE', `/rest/people/${p.id}`, { query: { soft_delete: 'true' } }),
            200,
          );
        }
        assert.deepEqual(await visibleIds(`jobTitle[eq]:${tag}`), []);
        const paths = target.isDevhost
          ? ['/rest/people/restore']
          : ['/rest/people/restore', '/rest/restore/people'];
        let status = 0;
        for (const path of paths) {
          status = (await target.http('PATCH', path, { query: { filter: `jobTitle[eq]:${tag}` } })).status;
          if (status === 200) break;
        }
        assert.equal(status, 200, 'no bulk restore route answered 200');
        assert.deepEqual(new Set(await visibleIds(`jobTitle[eq]:${tag}`)), new Set(people.map((p) => p.id)));
      });

      it('refuses a bulk DELETE without a filter with 400, soft delete and destroy each with its message', async () => {
        // rest-api-core-delete.integration-spec.ts (Delete Many / Destroy Many), twentyhq/twenty 02a1f88.
        const soft = await target.http('DELETE', '/rest/people', { query: { soft_delete: 'true' } });
        expectTwentyError(soft, 400, 'Filters are mandatory for bulk delete operations');
        for (const query of [{}, { soft_delete: 'false' }]) {
          const res = await target.http('DELETE', '/rest/people', { query });
          expectTwentyError(res, 400, 'Filters are mandatory for bulk destroy operations');
        }
      });

      it('bulk destroys exactly the records a filter selects', async () => {
        const tag = `${marker}-bulk-${randomUUID().slice(0, 6)}`;
        const doomed = [await createPerson({ jobTitle: tag }), await createPerson({ jobTitle: tag })];
        const kept = await createPerson();
        const res = await target.http('DELETE', '/rest/people', { query: { filter: `jobTitle[eq]:${tag}` } });
        expectStatus(res, 200);
        const deleted = dataOf(res, 'deletePeople');
        assert.ok(Array.isArray(deleted), 'deletePeople is an array of {id}');
        assert.deepEqual(new Set((deleted as Json[]).map((d) => d.id)), new Set(doomed.map((d) => d.id)));
        assert.deepEqual(await visibleIds(`jobTitle[eq]:${tag}`), []);
        expectStatus(await target.http('GET', `/rest/people/${kept.id}`), 200);
      });
    });
  });
}
