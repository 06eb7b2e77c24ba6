/**
 * Twenty's own REST integration suites for the metadata API, ported
 * (`packages/twenty-server/test/integration/rest/suites/{object-metadata,field-metadata,
 * metadata-list-contract}.integration-spec.ts` in twentyhq/twenty; each `describe` names the file
 * and the commit it was read from). Those suites run as a signed-in admin (Jane's access token);
 * nothing they check depends on it, so they run here with the admin API key. They test two
 * envelopes behind the feature flag IS_REST_METADATA_API_NEW_FORMAT_DIRECT; only the default one
 * (flag off: `data.objects`, `data.object`, `data.createOneObject` …) is ported — the contract
 * (C15) names it. Cursors of metadata lists are the items' ids.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createField, createScratchObject, label, removeObject, type ScratchObject } from './scratch-object';
import { type ContractTarget, contractTargets, type HttpResponse } from './targets';
import {
  describeResponse,
  expectStatus,
  expectTwentyError,
  isObject,
  type Json,
  type PageInfo,
  recordOf,
  uniqueName,
} from './wire-assertions';

/** `<spec file> (twentyhq/twenty <commit>) — <contract points>`: where each expectation comes from. */
const SPEC = (file: string, commit: string, points: string) =>
  `${file} (twentyhq/twenty ${commit}) — ${points}`;

/** A legacy-format metadata list page: `data.<key>`, the four pageInfo keys, a numeric totalCount. */
function metadataPage(
  res: HttpResponse,
  key: string,
): { items: Json[]; pageInfo: PageInfo; totalCount: number } {
  expectStatus(res, 200);
  const body = res.body as Json;
  assert.ok(isObject(body.data), `no data object: ${describeResponse(res)}`);
  const items = (body.data as Json)[key];
  assert.ok(Array.isArray(items), `data.${key} is not an array: ${describeResponse(res)}`);
  const pageInfo = body.pageInfo as Json;
  assert.ok(isObject(pageInfo), `pageInfo missing: ${describeResponse(res)}`);
  for (const flag of ['hasNextPage', 'hasPreviousPage'])
    assert.equal(typeof pageInfo[flag], 'boolean', `pageInfo.${flag}: ${describeResponse(res)}`);
  for (const cursor of ['startCursor', 'endCursor']) {
    const value = pageInfo[cursor];
    if (items.length > 0)
      assert.equal(typeof value, 'string', `pageInfo.${cursor}: ${describeResponse(res)}`);
    else assert.equal(value, null, `pageInfo.${cursor} of an empty page: ${describeResponse(res)}`);
  }
  assert.equal(typeof body.totalCount, 'number', `totalCount: ${describeResponse(res)}`);
  return {
    items: items as Json[],
    pageInfo: pageInfo as unknown as PageInfo,
    totalCount: body.totalCount as number,
  };
}

/** The paging expectations the object and field suites share, for `/rest/metadata/<key>`. */
function pagingSuite(target: ContractTarget, key: 'objects' | 'fields') {
  const path = `/rest/metadata/${key}`;
  const page = async (query: Record<string, string | number> = {}) =>
    metadataPage(await target.http('GET', path, { query }), key);

  it('returns the envelope: data.<list>, pageInfo (both flags, both cursors), totalCount', async () => {
    const { totalCount } = await page();
    assert.ok(totalCount >= 3);
  });

  it('respects limit and surfaces hasNextPage; the cursors are the item ids', async () => {
    const { items, pageInfo } = await page({ limit: 1 });
    assert.equal(items.length, 1);
    assert.deepEqual([pageInfo.hasNextPage, pageInfo.hasPreviousPage], [true, false]);
    assert.deepEqual([pageInfo.startCursor, pageInfo.endCursor], [items[0]?.id, items[0]?.id]);
  });

  it('pages forward with starting_after without overlap', async () => {
    const first = await page({ limit: 2 });
    const second = await page({ limit: 2, starting_after: first.pageInfo.endCursor ?? '' });
    const firstIds = first.items.map((i) => i.id);
    assert.equal(second.items.length, 2);
    assert.ok(!second.items.some((i) => firstIds.includes(i.id)), 'no item on both pages');
    assert.equal(second.pageInfo.hasPreviousPage, true);
  });

  it('pages backward with ending_before: back to the first page, hasNextPage true', async () => {
    const first = await page({ limit: 2 });
    const second = await page({ limit: 2, starting_after: first.pageInfo.endCursor ?? '' });
    const back = await page({ limit: 2, ending_before: second.pageInfo.startCursor ?? '' });
    const firstIds = first.items.map((i) => i.id);
    assert.ok(back.items.length > 0 && back.items.every((i) => firstIds.includes(i.id)));
    assert.equal(back.pageInfo.hasNextPage, true);
  });

  it('refuses starting_after together with ending_before with 400', async () => {
    const id = randomUUID();
    expectTwentyError(
      await target.http('GET', path, { query: { starting_after: id, ending_before: id } }),
      400,
    );
  });

  it('refuses a malformed cursor id with 400', async () => {
    expectTwentyError(await target.http('GET', path, { query: { starting_after: 'not-a-uuid' } }), 400);
  });

  it('keeps totalCount stable across pages', async () => {
    const first = await page({ limit: 2 });
    const second = await page({ limit: 2, starting_after: first.pageInfo.endCursor ?? '' });
    assert.equal(first.totalCount, second.totalCount);
  });

  if (key === 'objects') {
    it('reports hasNextPage=false when the page covers all results (limit=200)', async () => {
      const { items, pageInfo, totalCount } = await page({ limit: 200 });
      assert.equal(items.length, totalCount);
      assert.equal(pageInfo.hasNextPage, false);
    });

    it('inlines fields[] on each object', async () => {
      for (const object of (await page({ limit: 5 })).items) assert.ok(Array.isArray(object.fields));
    });
  }
}

for (const target of await contractTargets()) {
  describe(target.name, { skip: target.skip }, () => {
    const scratch: ScratchObject[] = [];
    const scratchObject = async () => {
      const obj = await createScratchObject(target, 'ctSuiteMeta');
      scratch.push(obj);
      return obj;
    };
    after(async () => {
      for (const obj of scratch.reverse()) await obj.remove();
    });

    describe(SPEC('object-metadata.integration-spec.ts', '0d4d9aa', 'C15'), () => {
      describe('GET /metadata/objects', () => {
        before(async () => {
          for (let i = 0; i < 3; i++) await scratchObject();
        });
        pagingSuite(target, 'objects');
      });

      describe('GET /metadata/objects/:id', () => {
        it('returns the object under data.object with fields[] populated', async () => {
          const obj = await scratchObject();
          const object = recordOf(await target.http('GET', `/rest/metadata/objects/${obj.id}`), 'object');
          assert.equal(object.id, obj.id);
          assert.ok(Array.isArray(object.fields) && object.fields.length > 0);
        });

        it('resolves an uppercase id', async () => {
          const obj = await scratchObject();
          const res = await target.http('GET', `/rest/metadata/objects/${obj.id.toUpperCase()}`);
          assert.equal(recordOf(res, 'object').id, obj.id);
        });

        it('returns 400 on a malformed UUID and 404 for an unknown id', async () => {
          expectStatus(await target.http('GET', '/rest/metadata/objects/not-a-uuid'), 400);
          const res = await target.http('GET', `/rest/metadata/objects/${randomUUID()}`);
          expectStatus(res, 404);
          assert.equal((res.body as Json).statusCode, 404);
        });
      });

      describe('POST /metadata/objects', () => {
        it('creates an object: 201 createOneObject with its default fields[]', async () => {
          const nameSingular = uniqueName('ctSuitePost');
          const res = await target.http('POST', '/rest/metadata/objects', {
            body: {
              nameSingular,
              namePlural: `${nameSingular}s`,
              labelSingular: label(nameSingular),
              labelPlural: label(`${nameSingular}s`),
              icon: 'IconTestPipe',
              isLabelSyncedWithName: false,
            },
          });
          const object = res.status === 201 ? recordOf(res, 'createOneObject') : undefined;
          try {
            expectStatus(res, 201);
            assert.equal(object?.nameSingular, nameSingular);
            assert.ok(Array.isArray(object?.fields) && object.fields.length > 0);
          } finally {
            if (object?.id) await removeObject(target, object.id as string);
          }
        });

        it('returns 400 on a duplicate nameSingular', async () => {
          const obj = await scratchObject();
          const res = await target.http('POST', '/rest/metadata/objects', {
            body: {
              nameSingular: obj.nameSingular,
              namePlural: obj.namePlural,
              labelSingular: label(obj.nameSingular),
              labelPlural: label(obj.namePlural),
            },
          });
          expectStatus(res, 400);
        });

        it('returns 400 on invalid input', async () => {
          expectStatus(
            await target.http('POST', '/rest/metadata/objects', { body: { nameSingular: '' } }),
            400,
          );
        });
      });

      for (const method of ['PATCH', 'PUT'] as const) {
        describe(`${method} /metadata/objects/:id`, () => {
          it('updates the label and answers updateOneObject with fields[]', async () => {
            const obj = await scratchObject();
            const newLabel = `Updated ${uniqueName('x')}`;
            const res = await target.http(method, `/rest/metadata/objects/${obj.id}`, {
              body: { labelSingular: newLabel, description: 'changed by the contract suite' },
            });
            expectStatus(res, 200);
            const object = recordOf(res, 'updateOneObject');
            assert.deepEqual(
              [object.id, object.labelSingular, object.description],
              [obj.id, newLabel, 'changed by the contract suite'],
            );
            assert.ok(Array.isArray(object.fields));
            const reread = recordOf(await target.http('GET', `/rest/metadata/objects/${obj.id}`), 'object');
            assert.equal(reread.labelSingular, newLabel);
          });
        });
      }

      it('PATCH returns 404 for an unknown id', async () => {
        const res = await target.http('PATCH', `/rest/metadata/objects/${randomUUID()}`, {
          body: { labelSingular: 'Whatever' },
        });
        expectStatus(res, 404);
        assert.equal((res.body as Json).statusCode, 404);
      });

      describe('DELETE /metadata/objects/:id', () => {
        it('deactivates, deletes (deleteOneObject {id}), after which the object is 404', async () => {
          const obj = await createScratchObject(target, 'ctSuiteDel');
          expectStatus(
            await target.http('PATCH', `/rest/metadata/objects/${obj.id}`, { body: { isActive: false } }),
            200,
          );
          const res = await target.http('DELETE', `/rest/metadata/objects/${obj.id}`);
          expectStatus(res, 200);
          assert.equal(recordOf(res, 'deleteOneObject').id, obj.id);
          expectStatus(await target.http('GET', `/rest/metadata/objects/${obj.id}`), 404);
        });

        it('returns 404 for an unknown id', async () => {
          expectStatus(await target.http('DELETE', `/rest/metadata/objects/${randomUUID()}`), 404);
        });
      });
    });

    describe(SPEC('field-metadata.integration-spec.ts', '0d4d9aa', 'C15'), () => {
      let parent: ScratchObject;
      let n = 0;
      const textField = async () => {
        n += 1;
        return createField(target, parent.id, { type: 'TEXT', name: `suiteField${n}${uniqueName('f')}` });
      };
      before(async () => {
        parent = await scratchObject();
        for (let i = 0; i < 3; i++) await textField();
      });

      describe('GET /metadata/fields', () => {
        pagingSuite(target, 'fields');
      });

      describe('GET /metadata/fields/:id', () => {
        it('returns the field under data.field with its objectMetadataId', async () => {
          const field = await textField();
          const got = recordOf(await target.http('GET', `/rest/metadata/fields/${field.id}`), 'field');
          assert.deepEqual([got.id, got.objectMetadataId], [field.id, parent.id]);
        });

        it('resolves an uppercase id', async () => {
          const field = await textField();
          const res = await target.http('GET', `/rest/metadata/fields/${String(field.id).toUpperCase()}`);
          assert.equal(recordOf(res, 'field').id, field.id);
        });

        it('returns 400 on a malformed UUID and 404 for an unknown id', async () => {
          expectStatus(await target.http('GET', '/rest/metadata/fields/not-a-uuid'), 400);
          const res = await target.http('GET', `/rest/metadata/fields/${randomUUID()}`);
          expectStatus(res, 404);
          assert.equal((res.body as Json).statusCode, 404);
        });
      });

      describe('POST /metadata/fields', () => {
        it('creates a field: 201 createOneField with its name and objectMetadataId', async () => {
          const name = uniqueName('postField');
          const res = await target.http('POST', '/rest/metadata/fields', {
            body: {
              objectMetadataId: parent.id,
              type: 'TEXT',
              name,
              label: label(name),
              isLabelSyncedWithName: false,
            },
          });
          expectStatus(res, 201);
          const field = recordOf(res, 'createOneField');
          assert.deepEqual([field.name, field.objectMetadataId], [name, parent.id]);
        });

        it('returns 400 on a duplicate name within an object', async () => {
          const field = await textField();
          const res = await target.http('POST', '/rest/metadata/fields', {
            body: { objectMetadataId: parent.id, type: 'TEXT', name: field.name, label: 'Again' },
          });
          expectStatus(res, 400);
        });

        it('returns 400 on invalid input', async () => {
          expectStatus(await target.http('POST', '/rest/metadata/fields', { body: { name: '' } }), 400);
        });
      });

      for (const method of ['PATCH', 'PUT'] as const) {
        describe(`${method} /metadata/fields/:id`, () => {
          it('updates the label (and description) and answers updateOneField', async () => {
            const field = await textField();
            const newLabel = `Updated Field ${uniqueName('x')}`;
            const res = await target.http(method, `/rest/metadata/fields/${field.id}`, {
              body: { label: newLabel, description: 'changed by the contract suite' },
            });
            expectStatus(res, 200);
            const updated = recordOf(res, 'updateOneField');
            assert.deepEqual(
              [updated.id, updated.label, updated.description],
              [field.id, newLabel, 'changed by the contract suite'],
            );
          });
        });
      }

      it('PATCH returns 400 for an unknown id (fields answer 400 here, objects 404)', async () => {
        const res = await target.http('PATCH', `/rest/metadata/fields/${randomUUID()}`, {
          body: { label: 'Whatever' },
        });
        expectStatus(res, 400);
      });

      describe('DELETE /metadata/fields/:id', () => {
        it('deletes the field (deleteOneField {id}), after which it is 404', async () => {
          const field = await textField();
          if (!target.isDevhost)
            await target.http('PATCH', `/rest/metadata/fields/${field.id}`, { body: { isActive: false } });
          const res = await target.http('DELETE', `/rest/metadata/fields/${field.id}`);
          expectStatus(res, 200);
          assert.equal(recordOf(res, 'deleteOneField').id, field.id);
          expectStatus(await target.http('GET', `/rest/metadata/fields/${field.id}`), 404);
        });

        it('returns 404 for an unknown id', async () => {
          expectStatus(await target.http('DELETE', `/rest/metadata/fields/${randomUUID()}`), 404);
        });
      });
    });

    describe(SPEC('metadata-list-contract.integration-spec.ts', '163788b', 'C15 C16'), () => {
      for (const path of ['/rest/metadata/webhooks', '/rest/metadata/apiKeys']) {
        it(`GET ${path} answers the unified page envelope (data[], pageInfo, totalCount)`, async () => {
          const res = await target.http('GET', path);
          expectStatus(res, 200);
          const body = res.body as Json;
          assert.ok(Array.isArray(body.data), describeResponse(res));
          const pageInfo = body.pageInfo as Json;
          const empty = (body.data as unknown[]).length === 0;
          assert.equal(typeof pageInfo.hasNextPage, 'boolean');
          assert.equal(typeof pageInfo.hasPreviousPage, 'boolean');
          for (const cursor of ['startCursor', 'endCursor'])
            assert.ok(empty ? pageInfo[cursor] === null : typeof pageInfo[cursor] === 'string');
          assert.equal(typeof body.totalCount, 'number');
        });
      }

      it('GET /metadata/objects and /metadata/fields carry the same pageInfo and totalCount (C15: under data.objects / data.fields)', async () => {
        // SUITE_VS_CONTRACT: at 163788b these lists answer `data: [...]` (the "new format");
        // twenty-contract.md C15 keeps `data: { objects }` / `data: { fields }`, the default of the
        // Twenty versions it follows. The page keys are the same in both.
        metadataPage(await target.http('GET', '/rest/metadata/objects'), 'objects');
        metadataPage(await target.http('GET', '/rest/metadata/fields'), 'fields');
      });

      for (const path of ['/rest/webhooks', '/rest/apiKeys']) {
        it(`keeps the deprecated alias GET ${path} as a raw array`, async () => {
          const res = await target.http('GET', path);
          expectStatus(res, 200);
          assert.ok(Array.isArray(res.body), describeResponse(res));
        });
      }
    });
  });
}
