/**
 * Contract C15: objects and fields through /rest/metadata — envelopes, default
 * fields, SELECT defaults, relations with their inverse, naming rules, update
 * and delete. Every object created here has a unique name and is removed after.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createScratchObject,
  label,
  objectMetadata,
  removeObject,
  type ScratchObject,
} from './scratch-object';
import { contractTargets } from './targets';
import {
  dataOf,
  expectStatus,
  expectTwentyError,
  isObject,
  type Json,
  listOf,
  recordOf,
  uniqueName,
} from './wire-assertions';

const DEFAULT_FIELDS = ['id', 'name', 'createdAt', 'updatedAt', 'deletedAt', 'createdBy', 'position'];

for (const target of await contractTargets()) {
  describe(target.name, { skip: target.skip }, () => {
    const scratch: ScratchObject[] = [];
    const scratchObject = async (prefix: string) => {
      const obj = await createScratchObject(target, prefix);
      scratch.push(obj);
      return obj;
    };
    const fieldNames = async (objectId: string) =>
      (await objectMetadata(target, objectId)).fields.map((f) => f.name);
    const postField = (body: Json) => target.http('POST', '/rest/metadata/fields', { body });
    after(async () => {
      for (const obj of scratch.reverse()) await obj.remove();
    });

    describe('C15 objects', () => {
      it('creates an object with 201 createOneObject, its default fields, usable at once', async () => {
        const nameSingular = uniqueName('ctMeta');
        const namePlural = `${nameSingular}s`;
        const res = await target.http('POST', '/rest/metadata/objects', {
          body: {
            nameSingular,
            namePlural,
            labelSingular: label(nameSingular),
            labelPlural: label(namePlural),
            description: 'contract test',
            icon: 'IconBuilding',
          },
        });
        expectStatus(res, 201);
        const created = recordOf(res, 'createOneObject');
        const id = created.id as string;
        scratch.push({ id, remove: () => removeObject(target, id) } as ScratchObject);
        assert.equal(created.nameSingular, nameSingular);
        assert.equal(created.namePlural, namePlural);

        const names = await fieldNames(id);
        for (const field of DEFAULT_FIELDS)
          assert.ok(names.includes(field), `default field ${field} missing`);

        const recordRes = await target.http('POST', `/rest/${namePlural}`, { body: { name: 'first' } });
        expectStatus(recordRes, 201);
        const record = recordOf(recordRes, `create${label(nameSingular)}`);
        assert.equal(record.name, 'first');
        const list = listOf(await target.http('GET', `/rest/${namePlural}`), namePlural);
        assert.deepEqual(
          list.records.map((r) => r.id),
          [record.id],
        );
      });

      it('lists objects as data.objects with their fields, pageInfo and totalCount', async () => {
        const obj = await scratchObject('ctList');
        const res = await target.http('GET', '/rest/metadata/objects', { query: { limit: 1000 } });
        expectStatus(res, 200);
        const objects = dataOf(res, 'objects');
        assert.ok(Array.isArray(objects));
        const body = res.body as Json;
        assert.equal(typeof body.totalCount, 'number');
        assert.ok(isObject(body.pageInfo));
        const mine = (objects as Json[]).find((o) => o.id === obj.id);
        assert.ok(mine, 'the new object is listed');
        assert.equal(mine.namePlural, obj.namePlural);
        assert.ok(Array.isArray(mine.fields), 'each object carries its fields');
        const people = (objects as Json[]).find((o) => o.nameSingular === 'person');
        assert.ok(people, 'standard object person is listed');
        assert.equal(people.namePlural, 'people');
      });

      it('updates an object with updateOneObject', async () => {
        const obj = await scratchObject('ctUpd');
        const res = await target.http('PATCH', `/rest/metadata/objects/${obj.id}`, {
          body: { labelPlural: 'Renamed things', description: 'changed' },
        });
        expectStatus(res, 200);
        const updated = recordOf(res, 'updateOneObject');
        assert.equal(updated.id, obj.id);
        assert.equal(updated.labelPlural, 'Renamed things');
      });

      it('deletes an object with deleteOneObject {id}, after which its path is unknown', async () => {
        const obj = await scratchObject('ctDel');
        await target.http('PATCH', `/rest/metadata/objects/${obj.id}`, { body: { isActive: false } });
        const res = await target.http('DELETE', `/rest/metadata/objects/${obj.id}`);
        expectStatus(res, 200);
        assert.equal(recordOf(res, 'deleteOneObject').id, obj.id);
        expectTwentyError(await target.http('GET', `/rest/${obj.namePlural}`), 400);
      });

      it('refuses a reserved object name with 400 and creates nothing', async () => {
        const res = await target.http('POST', '/rest/metadata/objects', {
          body: {
            nameSingular: 'relation',
            namePlural: 'relations',
            labelSingular: 'Rel',
            labelPlural: 'Rels',
          },
        });
        expectTwentyError(res, 400, 'The name "relation" is not available');
      });
    });

    describe('C15 fields', () => {
      let obj: ScratchObject;
      before(async () => {
        obj = await scratchObject('ctField');
      });

      it('creates a SELECT field whose quoted default applies to new records', async () => {
        const res = await postField({
          objectMetadataId: obj.id,
          type: 'SELECT',
          name: 'status',
          label: 'Status',
          defaultValue: "'FREE'",
          options: [
            { value: 'FREE', label: 'Free', color: 'green', position: 0 },
            { value: 'SOLD', label: 'Sold', color: 'red', position: 1 },
          ],
        });
        expectStatus(res, 201);
        const field = recordOf(res, 'createOneField');
        assert.equal(field.type, 'SELECT');
        assert.equal(field.name, 'status');
        assert.deepEqual(
          (field.options as Json[]).map((o) => o.value),
          ['FREE', 'SOLD'],
        );
        const record = await target.http('POST', `/rest/${obj.namePlural}`, {
          body: { name: 'no status given' },
        });
        expectStatus(record, 201);
        assert.equal(recordOf(record, `create${obj.capitalSingular}`).status, 'FREE');
      });

      it('updates a field with updateOneField', async () => {
        const field = await obj.addField({ type: 'TEXT', name: 'note' });
        const res = await target.http('PATCH', `/rest/metadata/fields/${field.id}`, {
          body: { label: 'Remark' },
        });
        expectStatus(res, 200);
        const updated = recordOf(res, 'updateOneField');
        assert.equal(updated.id, field.id);
        assert.equal(updated.label, 'Remark');
      });

      it('deletes a field with deleteOneField {id}; records stop carrying it', async () => {
        const field = await obj.addField({ type: 'NUMBER', name: 'doomed' });
        await target.http('PATCH', `/rest/metadata/fields/${field.id}`, { body: { isActive: false } });
        const res = await target.http('DELETE', `/rest/metadata/fields/${field.id}`);
        expectStatus(res, 200);
        assert.equal(recordOf(res, 'deleteOneField').id, field.id);
        assert.ok(!(await fieldNames(obj.id)).includes('doomed'));
        const record = await target.http('POST', `/rest/${obj.namePlural}`, {
          body: { name: 'after delete' },
        });
        expectStatus(record, 201);
        assert.ok(!('doomed' in recordOf(record, `create${obj.capitalSingular}`)));
      });

      for (const reserved of ['type', 'position']) {
        it(`refuses the reserved field name "${reserved}" with 400 and creates nothing`, async () => {
          const before = (await fieldNames(obj.id)).filter((n) => n === reserved).length;
          const res = await postField({
            objectMetadataId: obj.id,
            type: 'TEXT',
            name: reserved,
            label: 'Reserved',
          });
          expectTwentyError(res, 400, `The name "${reserved}" is not available`);
          assert.equal((await fieldNames(obj.id)).filter((n) => n === reserved).length, before);
        });
      }

      for (const bad of ['Bad_Name', 'has space', '9lives', `x${'a'.repeat(63)}`]) {
        it(`refuses the field name ${JSON.stringify(bad.slice(0, 20))} with 400 and creates nothing`, async () => {
          const res = await postField({ objectMetadataId: obj.id, type: 'TEXT', name: bad, label: 'Bad' });
          expectTwentyError(res, 400);
          assert.ok(!(await fieldNames(obj.id)).includes(bad));
        });
      }

      it('refuses a duplicate field name with 400 and keeps one field', async () => {
        await obj.addField({ type: 'TEXT', name: 'twice' });
        const res = await postField({
          objectMetadataId: obj.id,
          type: 'NUMBER',
          name: 'twice',
          label: 'Twice',
        });
        expectTwentyError(res, 400);
        assert.equal((await fieldNames(obj.id)).filter((n) => n === 'twice').length, 1);
      });
    });

    describe('C15 relations', () => {
      it('creates a MANY_TO_ONE relation with its inverse, written as <name>Id, both sides at depth 1', async () => {
        const block = await scratchObject('ctBlock');
        const lot = await scratchObject('ctLot');
        const res = await postField({
          objectMetadataId: lot.id,
          type: 'RELATION',
          name: 'block',
          label: 'Block',
          icon: 'IconBuilding',
          relationCreationPayload: {
            type: 'MANY_TO_ONE',
            targetObjectMetadataId: block.id,
            targetFieldLabel: 'Lots',
            targetFieldIcon: 'IconList',
          },
        });
        expectStatus(res, 201);
        assert.equal(recordOf(res, 'createOneField').type, 'RELATION');

        const inverse = (await objectMetadata(target, block.id)).fields.find((f) => f.label === 'Lots');
        assert.ok(inverse, 'the inverse field was created on the target object');
        assert.equal(inverse.type, 'RELATION');
        const inverseName = inverse.name as string;

        const blockRes = await target.http('POST', `/rest/${block.namePlural}`, {
          body: { name: 'Корпус 1' },
        });
        expectStatus(blockRes, 201);
        const blockRecord = recordOf(blockRes, `create${block.capitalSingular}`);
        const lotRes = await target.http('POST', `/rest/${lot.namePlural}`, {
          body: { name: 'Кв. 12', blockId: blockRecord.id },
        });
        expectStatus(lotRes, 201);
        const lotRecord = recordOf(lotRes, `create${lot.capitalSingular}`);
        assert.equal(lotRecord.blockId, blockRecord.id);

        const lotDeep = recordOf(
          await target.http('GET', `/rest/${lot.namePlural}/${lotRecord.id}`, { query: { depth: 1 } }),
          lot.nameSingular,
        );
        assert.ok(isObject(lotDeep.block), 'the many-to-one side is embedded as an object');
        assert.equal(lotDeep.block.id, blockRecord.id);

        const blockDeep = recordOf(
          await target.http('GET', `/rest/${block.namePlural}/${blockRecord.id}`, { query: { depth: 1 } }),
          block.nameSingular,
        );
        const lots = blockDeep[inverseName];
        assert.ok(Array.isArray(lots), `the one-to-many side ${inverseName} is an array`);
        assert.deepEqual(
          (lots as Json[]).map((l) => l.id),
          [lotRecord.id],
        );
      });
    });
  });
}
