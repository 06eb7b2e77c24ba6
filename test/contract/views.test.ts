/**
 * Views through Twenty's metadata REST API (engine/metadata-modules/view*: `rest/metadata/views`,
 * `viewFields`, `viewSorts`, `viewGroups`), which `realty setup` uses for the starting views: bare
 * entities and arrays (no envelope), a view on an object, its columns, sorts and groups by view,
 * view names checked like metadata names (IsValidMetadataName), creation refused to a key without
 * the Views permission (view-access.service.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScratchObject, type ScratchObject } from './scratch-object';
import { contractTargets } from './targets';
import { expectStatus, expectTwentyError, isObject, type Json } from './wire-assertions';

for (const target of await contractTargets()) {
  describe(target.name, { skip: target.skip }, () => {
    let lot: ScratchObject;
    const views: string[] = [];
    before(async () => {
      lot = await createScratchObject(target, 'ctView', [
        { type: 'TEXT', name: 'code', label: 'Код' },
        {
          type: 'SELECT',
          name: 'stage',
          label: 'Этап',
          options: [
            { value: 'OPEN', label: 'Открыт', color: 'green', position: 0 },
            { value: 'CLOSED', label: 'Закрыт', color: 'gray', position: 1 },
          ],
        },
      ]);
    });
    after(async () => {
      for (const id of views) await target.http('DELETE', `/rest/metadata/views/${id}`);
      await lot?.remove();
    });

    const createView = async (name: string) => {
      const res = await target.http('POST', '/rest/metadata/views', {
        body: { name, objectMetadataId: lot.id, icon: 'IconList', type: 'TABLE', visibility: 'WORKSPACE' },
      });
      expectStatus(res, [200, 201]);
      assert.ok(isObject(res.body) && typeof res.body.id === 'string', res.text);
      views.push(res.body.id as string);
      return res.body as Json;
    };

    it('creates a view on an object and answers the bare entity; the list is a bare array', async () => {
      const view = await createView('Лоты по этапам');
      assert.equal(view.name, 'Лоты по этапам');
      assert.equal(view.objectMetadataId, lot.id);
      const list = await target.http('GET', '/rest/metadata/views', { query: { objectMetadataId: lot.id } });
      expectStatus(list, 200);
      assert.ok(Array.isArray(list.body), list.text);
      assert.ok((list.body as Json[]).some((v) => v.id === view.id));
    });

    it('adds columns in order, a sort and groups, each listed by view', async () => {
      const view = await createView('Лоты с колонками');
      for (const [position, name] of ['stage', 'code'].entries()) {
        const res = await target.http('POST', '/rest/metadata/viewFields', {
          body: {
            viewId: view.id,
            fieldMetadataId: lot.fieldIds[name],
            position,
            isVisible: true,
            size: 150,
          },
        });
        expectStatus(res, [200, 201]);
      }
      const sort = await target.http('POST', '/rest/metadata/viewSorts', {
        body: { viewId: view.id, fieldMetadataId: lot.fieldIds.code, direction: 'asc' },
      });
      expectStatus(sort, [200, 201]);
      for (const [position, fieldValue] of ['OPEN', 'CLOSED'].entries()) {
        const res = await target.http('POST', '/rest/metadata/viewGroups', {
          body: {
            viewId: view.id,
            fieldMetadataId: lot.fieldIds.stage,
            fieldValue,
            isVisible: true,
            position,
          },
        });
        expectStatus(res, [200, 201]);
      }
      const fields = await target.http('GET', '/rest/metadata/viewFields', {
        query: { viewId: String(view.id) },
      });
      expectStatus(fields, 200);
      assert.deepEqual(
        (fields.body as Json[])
          .sort((a, b) => Number(a.position) - Number(b.position))
          .map((f) => f.fieldMetadataId),
        [lot.fieldIds.stage, lot.fieldIds.code],
      );
      const sorts = await target.http('GET', '/rest/metadata/viewSorts', {
        query: { viewId: String(view.id) },
      });
      assert.deepEqual(
        (sorts.body as Json[]).map((s) => [s.fieldMetadataId, s.direction]),
        [[lot.fieldIds.code, 'asc']],
      );
      const groups = await target.http('GET', '/rest/metadata/viewGroups', {
        query: { viewId: String(view.id) },
      });
      assert.deepEqual((groups.body as Json[]).map((g) => g.fieldValue).sort(), ['CLOSED', 'OPEN']);
    });

    it('refuses a view name with a dot, a quote or a slash', async () => {
      const res = await target.http('POST', '/rest/metadata/views', {
        body: { name: 'Лоты / этапы', objectMetadataId: lot.id, icon: 'IconList', type: 'TABLE' },
      });
      expectTwentyError(res, 400);
    });

    it('refuses to create a workspace view with a key whose role lacks the Views permission', async (t) => {
      if (!target.restrictedKey) return t.skip('no restricted key for this target');
      const apiKey = await target.restrictedKey({ label: 'Reader', canReadAllObjectRecords: true });
      const res = await target.http('POST', '/rest/metadata/views', {
        apiKey,
        body: { name: 'Чужой вид', objectMetadataId: lot.id, icon: 'IconList', type: 'TABLE' },
      });
      expectTwentyError(res, 403);
    });
  });
}
