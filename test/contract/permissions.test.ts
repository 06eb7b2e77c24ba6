/**
 * Contract C20: an API key carries one role; forbidden operations answer 403
 * and unreadable fields are left out of responses.
 *
 * Devhost mints restricted keys per test. A real Twenty cannot be given a role
 * from here: set TWENTY_RESTRICTED_API_KEY to a key whose role may read but not
 * update TWENTY_RESTRICTED_OBJECT (default `person`, plural from
 * TWENTY_RESTRICTED_OBJECT_PLURAL, default `people`) and may not read its field
 * TWENTY_RESTRICTED_FIELD (default `jobTitle`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DevhostRole } from '../../devhost/server';
import { recordCleanup } from './record-cleanup';
import { createScratchObject, type ScratchObject } from './scratch-object';
import { type ContractTarget, contractTargets } from './targets';
import { expectStatus, expectTwentyError, type Json, listOf, recordOf, uniqueName } from './wire-assertions';

const ALL_ALLOWED = {
  canReadAllObjectRecords: true,
  canUpdateAllObjectRecords: true,
  canSoftDeleteAllObjectRecords: true,
  canDestroyAllObjectRecords: true,
};

interface Subject {
  singular: string;
  plural: string;
  hiddenField: string;
  /** A harmless update of a readable field, for the forbidden-update test. */
  patch: Json;
  /** Creates a record with the admin key; the hidden field gets a value. */
  create(): Promise<Json>;
}

async function devhostSubject(target: ContractTarget, obj: ScratchObject): Promise<Subject> {
  return {
    singular: obj.nameSingular,
    plural: obj.namePlural,
    hiddenField: 'secretNote',
    patch: { price: 5 },
    async create() {
      const res = await target.http('POST', `/rest/${obj.namePlural}`, {
        body: { name: uniqueName('lot'), secretNote: 'только для своих', price: 100 },
      });
      expectStatus(res, 201);
      return recordOf(res, `create${obj.capitalSingular}`);
    },
  };
}

function realSubject(target: ContractTarget, cleanup: ReturnType<typeof recordCleanup>): Subject {
  const singular = process.env.TWENTY_RESTRICTED_OBJECT ?? 'person';
  const plural = process.env.TWENTY_RESTRICTED_OBJECT_PLURAL ?? 'people';
  const hiddenField = process.env.TWENTY_RESTRICTED_FIELD ?? 'jobTitle';
  return {
    singular,
    plural,
    hiddenField,
    patch: singular === 'person' ? { city: 'Overwritten' } : { [hiddenField]: 'overwritten' },
    async create() {
      const marker = uniqueName('ctPerm');
      const body: Json = { [hiddenField]: marker };
      if (singular === 'person') {
        body.name = { firstName: 'Perm', lastName: marker };
        body.emails = { primaryEmail: `${marker.toLowerCase()}@example.com`, additionalEmails: [] };
      }
      const res = await target.http('POST', `/rest/${plural}`, { body });
      expectStatus(res, 201);
      const key = `create${singular.charAt(0).toUpperCase()}${singular.slice(1)}`;
      const record = recordOf(res, key);
      cleanup.track(plural, record.id as string);
      return record;
    },
  };
}

for (const target of await contractTargets()) {
  const skip =
    target.skip ??
    (target.restrictedKey
      ? undefined
      : 'TWENTY_RESTRICTED_API_KEY not set: a real Twenty role cannot be created from the REST API');
  describe(target.name, { skip }, () => {
    const cleanup = recordCleanup(target);
    let obj: ScratchObject | undefined;
    let subject: Subject;
    let restricted: string;
    const keyFor = (role: DevhostRole) => (target.restrictedKey as (r: DevhostRole) => Promise<string>)(role);

    before(async () => {
      if (target.isDevhost) {
        obj = await createScratchObject(target, 'ctPerm', [
          { type: 'TEXT', name: 'secretNote' },
          { type: 'NUMBER', name: 'price' },
        ]);
        subject = await devhostSubject(target, obj);
      } else {
        subject = realSubject(target, cleanup);
      }
      restricted = await keyFor({
        label: 'contract read-only, secret hidden',
        ...ALL_ALLOWED,
        objectPermissions: [
          { object: subject.singular, canReadObjectRecords: true, canUpdateObjectRecords: false },
        ],
        fieldPermissions: [
          { object: subject.singular, field: subject.hiddenField, canReadFieldValue: false },
        ],
      });
    });
    after(async () => {
      await cleanup.destroyAll();
      await obj?.remove();
    });

    describe('C20 roles', () => {
      it('answers an update the role forbids with 403 and leaves the record unchanged', async () => {
        const record = await subject.create();
        const res = await target.http('PATCH', `/rest/${subject.plural}/${record.id}`, {
          apiKey: restricted,
          body: subject.patch,
        });
        expectTwentyError(res, 403);
        const got = recordOf(
          await target.http('GET', `/rest/${subject.plural}/${record.id}`),
          subject.singular,
        );
        for (const field of Object.keys(subject.patch)) assert.deepEqual(got[field], record[field]);
      });

      it('leaves an unreadable field out of a single record', async () => {
        const record = await subject.create();
        const res = await target.http('GET', `/rest/${subject.plural}/${record.id}`, { apiKey: restricted });
        expectStatus(res, 200);
        const got = recordOf(res, subject.singular);
        assert.equal(got.id, record.id);
        assert.ok(
          !(subject.hiddenField in got),
          `${subject.hiddenField} was returned to a role that may not read it`,
        );
        const admin = recordOf(
          await target.http('GET', `/rest/${subject.plural}/${record.id}`),
          subject.singular,
        );
        assert.ok(subject.hiddenField in admin, 'the admin key still reads the field');
      });

      it('leaves an unreadable field out of every record of a list', async () => {
        const record = await subject.create();
        const res = await target.http('GET', `/rest/${subject.plural}`, {
          apiKey: restricted,
          query: { filter: `id[eq]:${record.id}` },
        });
        const { records } = listOf(res, subject.plural);
        assert.equal(records.length, 1);
        for (const r of records) assert.ok(!(subject.hiddenField in r));
      });

      if (target.isDevhost) {
        it('answers a list of an object the role may not read with 403', async () => {
          const key = await keyFor({
            label: 'contract no read',
            ...ALL_ALLOWED,
            objectPermissions: [{ object: subject.singular, canReadObjectRecords: false }],
          });
          expectTwentyError(await target.http('GET', `/rest/${subject.plural}`, { apiKey: key }), 403);
          const other = await target.http('GET', '/rest/companies', { apiKey: key, query: { limit: 1 } });
          expectStatus(other, 200);
        });

        it('answers a write to a field the role may not update with 403, other fields stay writable', async () => {
          const key = await keyFor({
            label: 'contract price locked',
            ...ALL_ALLOWED,
            fieldPermissions: [{ object: subject.singular, field: 'price', canUpdateFieldValue: false }],
          });
          const record = await subject.create();
          const path = `/rest/${subject.plural}/${record.id}`;
          expectTwentyError(await target.http('PATCH', path, { apiKey: key, body: { price: 1 } }), 403);
          expectStatus(await target.http('PATCH', path, { apiKey: key, body: { name: 'renamed' } }), 200);
        });

        it('answers a soft delete the role forbids with 403 and keeps the record', async () => {
          const key = await keyFor({
            label: 'contract no delete',
            ...ALL_ALLOWED,
            objectPermissions: [{ object: subject.singular, canSoftDeleteObjectRecords: false }],
          });
          const record = await subject.create();
          const res = await target.http('DELETE', `/rest/${subject.plural}/${record.id}`, {
            apiKey: key,
            query: { soft_delete: 'true' },
          });
          expectTwentyError(res, 403);
          expectStatus(await target.http('GET', `/rest/${subject.plural}/${record.id}`), 200);
        });
      }
    });
  });
}
