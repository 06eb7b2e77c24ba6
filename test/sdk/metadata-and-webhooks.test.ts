import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTwentyClient } from '../../sdk/client';
import { TwentyResponseShapeError } from '../../sdk/errors';
import { type FakeTwenty, startFakeTwenty } from './fake-twenty-server';

let server: FakeTwenty;
before(async () => {
  server = await startFakeTwenty();
});
after(async () => {
  await server.close();
});
const client = () => createTwentyClient({ url: server.url, apiKey: 'k', limiter: false });
const hook = { id: 'w-1', targetUrl: 'http://x/hook/', operations: ['*.*'] };

describe('metadata', () => {
  it('creates objects and fields through createOneObject / createOneField envelopes', async () => {
    server.handle((req) =>
      req.path.endsWith('/objects')
        ? {
            status: 201,
            body: { data: { createOneObject: { id: 'o-1', nameSingular: 'unit', namePlural: 'units' } } },
          }
        : { status: 201, body: { data: { createOneField: { id: 'f-1', name: 'floor', type: 'NUMBER' } } } },
    );
    const c = client();
    const object = await c.metadata.objects.create({
      nameSingular: 'unit',
      namePlural: 'units',
      labelSingular: 'Unit',
      labelPlural: 'Units',
    });
    const field = await c.metadata.fields.create({
      objectMetadataId: object.id,
      type: 'NUMBER',
      name: 'floor',
      label: 'Floor',
    });
    assert.equal(field.id, 'f-1');
    assert.deepEqual(server.requests[1].body, {
      objectMetadataId: 'o-1',
      type: 'NUMBER',
      name: 'floor',
      label: 'Floor',
    });
  });

  it('reads updateOne… and deleteOne… envelopes', async () => {
    server.handle((req) =>
      req.method === 'PATCH'
        ? { body: { data: { updateOneField: { id: 'f-1', name: 'floor', type: 'NUMBER', label: 'Этаж' } } } }
        : { body: { data: { deleteOneObject: { id: 'o-1' } } } },
    );
    const c = client();
    assert.equal((await c.metadata.fields.update('f-1', { label: 'Этаж' })).label, 'Этаж');
    assert.deepEqual(await c.metadata.objects.delete('o-1'), { id: 'o-1' });
  });
});

describe('webhooks', () => {
  it('lists the newest { data: [...] } envelope across pages', async () => {
    server.handle((req) =>
      req.query.get('starting_after')
        ? {
            body: {
              data: [{ ...hook, id: 'w-2' }],
              pageInfo: { hasNextPage: false, endCursor: 'w-2' },
              totalCount: 2,
            },
          }
        : { body: { data: [hook], pageInfo: { hasNextPage: true, endCursor: 'w-1' }, totalCount: 2 } },
    );
    assert.deepEqual(
      (await client().webhooks.list()).map((w) => w.id),
      ['w-1', 'w-2'],
    );
  });

  it('accepts the older { data: { webhooks: [...] } } envelope', async () => {
    server.handle(() => ({ body: { data: { webhooks: [hook] } } }));
    assert.equal((await client().webhooks.list())[0].targetUrl, 'http://x/hook/');
  });

  it('reads bare and wrapped single entities, and DELETE answering true', async () => {
    server.handle((req) => {
      if (req.method === 'POST') return { status: 201, body: hook };
      if (req.method === 'GET') return { body: { data: { webhook: hook } } };
      if (req.method === 'DELETE') return { body: true };
      return { body: { id: 'w-1' } };
    });
    const c = client();
    assert.equal(
      (await c.webhooks.create({ targetUrl: 'http://x/hook', operations: ['*.*'], secret: 's' })).id,
      'w-1',
    );
    assert.equal((await c.webhooks.get('w-1')).id, 'w-1');
    await c.webhooks.delete('w-1');
    await assert.rejects(c.webhooks.update('w-1', { description: 'x' }), TwentyResponseShapeError);
  });
});

describe('the rate limit (C13) meters record traffic only', () => {
  it('sends metadata and webhook calls without a token from the limiter, records with one', async () => {
    server.handle((req) =>
      req.path.startsWith('/rest/metadata/objects')
        ? { body: { data: { objects: [] }, pageInfo: { hasNextPage: false }, totalCount: 0 } }
        : req.path.startsWith('/rest/metadata/webhooks')
          ? { body: { data: [], pageInfo: { hasNextPage: false } } }
          : { body: { data: { people: [] }, pageInfo: { hasNextPage: false }, totalCount: 0 } },
    );
    let tokens = 0;
    const c = createTwentyClient({
      url: server.url,
      apiKey: 'k',
      limiter: {
        acquire: async () => {
          tokens += 1;
        },
        penalize: () => {},
      },
    });
    await c.metadata.objects.list();
    await c.webhooks.list();
    assert.equal(tokens, 0, 'provisioning dozens of fields must not wait for the per-minute budget');
    await c.records({ nameSingular: 'person', namePlural: 'people' }).list();
    assert.equal(tokens, 1);
  });
});
