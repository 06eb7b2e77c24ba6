/**
 * Contract C11 (batch limits, all-or-nothing) and C12 (error statuses and the
 * `{ statusCode, error, messages: [] }` body) on a scratch object with a unique field.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createScratchObject, type ScratchObject } from './scratch-object';
import { contractTargets } from './targets';
import { expectStatus, expectTwentyError, type Json, listOf, recordOf, recordsOf } from './wire-assertions';

for (const target of await contractTargets()) {
  describe(target.name, { skip: target.skip }, () => {
    let obj: ScratchObject;
    let seq = 0;
    const row = (extra: Json = {}): Json => {
      seq += 1;
      return { name: `row ${seq}`, code: `code-${seq}-${randomUUID().slice(0, 8)}`, ...extra };
    };
    const count = async () =>
      listOf(await target.http('GET', `/rest/${obj.namePlural}`, { query: { limit: 1 } }), obj.namePlural)
        .totalCount;
    const create = async (body: Json) => {
      const res = await target.http('POST', `/rest/${obj.namePlural}`, { body });
      expectStatus(res, 201);
      return recordOf(res, `create${obj.capitalSingular}`);
    };

    before(async () => {
      obj = await createScratchObject(target, 'ctBatch', [
        { type: 'TEXT', name: 'code', isUnique: true },
        { type: 'NUMBER', name: 'size' },
      ]);
    });
    after(() => obj?.remove());

    describe('C11 batch', () => {
      it('refuses an empty batch with 400', async () => {
        const res = await target.http('POST', `/rest/batch/${obj.namePlural}`, { body: [] });
        expectTwentyError(res, 400);
      });

      it('refuses a body that is not an array with 400', async () => {
        const before = await count();
        const res = await target.http('POST', `/rest/batch/${obj.namePlural}`, { body: row() });
        expectTwentyError(res, 400);
        assert.equal(await count(), before);
      });

      it('refuses 201 records with 400 "Maximum number of records to upsert is 200." and writes none', async () => {
        const before = await count();
        const rows = Array.from({ length: 201 }, () => row());
        const res = await target.http('POST', `/rest/batch/${obj.namePlural}`, { body: rows });
        expectTwentyError(res, 400, 'Maximum number of records to upsert is 200.');
        assert.equal(await count(), before);
      });

      it('accepts exactly 200 records', async () => {
        const before = await count();
        const res = await target.http('POST', `/rest/batch/${obj.namePlural}`, {
          body: Array.from({ length: 200 }, () => row()),
        });
        expectStatus(res, 201);
        assert.equal(recordsOf(res, `create${obj.capitalPlural}`).length, 200);
        assert.equal(await count(), before + 200);
      });

      it('writes nothing when one record of a batch has an unknown field', async () => {
        const before = await count();
        const res = await target.http('POST', `/rest/batch/${obj.namePlural}`, {
          body: [row(), row(), row({ noSuchField: 1 }), row()],
        });
        expectTwentyError(res, 400);
        assert.equal(await count(), before);
      });

      it('writes nothing when one record of a batch violates a unique field', async () => {
        const taken = (await create(row())).code as string;
        const before = await count();
        const res = await target.http('POST', `/rest/batch/${obj.namePlural}`, {
          body: [row(), row({ code: taken }), row()],
        });
        expectTwentyError(res, 400);
        assert.equal(await count(), before);
      });
    });

    describe('C12 errors', () => {
      it('answers a missing record with 404 NotFoundException "Record not found"', async () => {
        const res = await target.http('GET', `/rest/${obj.namePlural}/${randomUUID()}`);
        expectTwentyError(res, 404, 'Record not found');
      });

      it('answers an update of a missing record with 404 "Record not found"', async () => {
        const res = await target.http('PATCH', `/rest/${obj.namePlural}/${randomUUID()}`, {
          body: { size: 1 },
        });
        expectTwentyError(res, 404, 'Record not found');
      });

      it('answers a create with an id that exists with 400 "Record already exists"', async () => {
        const existing = await create(row());
        const res = await target.http('POST', `/rest/${obj.namePlural}`, { body: row({ id: existing.id }) });
        expectTwentyError(res, 400, 'Record already exists');
      });

      it('answers a unique violation with 400 and leaves the first record alone', async () => {
        const first = await create(row({ size: 1 }));
        const res = await target.http('POST', `/rest/${obj.namePlural}`, {
          body: row({ code: first.code, size: 2 }),
        });
        expectTwentyError(res, 400);
        const got = recordOf(
          await target.http('GET', `/rest/${obj.namePlural}/${first.id}`),
          obj.nameSingular,
        );
        assert.equal(got.size, 1);
      });

      it('answers an update to a taken unique value with 400', async () => {
        const a = await create(row());
        const b = await create(row());
        const res = await target.http('PATCH', `/rest/${obj.namePlural}/${b.id}`, { body: { code: a.code } });
        expectTwentyError(res, 400);
      });

      it('answers an unknown field in a create body with 400 naming the field', async () => {
        const res = await target.http('POST', `/rest/${obj.namePlural}`, { body: row({ colour: 'red' }) });
        expectTwentyError(res, 400, 'colour');
      });

      it('answers a filter error with the same error body', async () => {
        const res = await target.http('GET', `/rest/${obj.namePlural}`, {
          query: { filter: 'size[between]:1' },
        });
        const messages = expectTwentyError(res, 400);
        assert.ok(messages.some((m) => m.includes('between')));
      });
    });
  });
}
