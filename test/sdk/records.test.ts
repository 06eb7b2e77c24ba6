import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTwentyClient } from '../../sdk/client';
import { TwentyNotFoundError } from '../../sdk/errors';
import { eq } from '../../sdk/filter';
import { pluralize } from '../../sdk/object-names';
import { desc } from '../../sdk/order-by';
import type { RecordWritten } from '../../sdk/types';
import {
  type FakeTwenty,
  type Reply,
  type SeenRequest,
  startFakeTwenty,
  twentyError,
} from './fake-twenty-server';

let server: FakeTwenty;
before(async () => {
  server = await startFakeTwenty();
});
after(async () => {
  await server.close();
});

const unitRef = { nameSingular: 'unit', namePlural: 'units' };
const client = (written?: RecordWritten[]) =>
  createTwentyClient({
    url: server.url,
    apiKey: 'k',
    limiter: false,
    retryBaseMs: 1,
    retryCapMs: 5,
    onRecordWritten: written ? (w) => written.push(w) : undefined,
  });

describe('records', () => {
  it('iterates every page by following endCursor while hasNextPage', async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ id: `id-${i}`, n: i }));
    server.handle((req) => {
      const after = req.query.get('starting_after');
      const limit = Number(req.query.get('limit'));
      const start = after ? Number(after) + 1 : 0;
      const page = all.slice(start, start + limit);
      const end = start + page.length - 1;
      return {
        body: {
          data: { units: page },
          totalCount: all.length,
          pageInfo: { hasNextPage: end < all.length - 1, startCursor: String(start), endCursor: String(end) },
        },
      };
    });
    const seen: number[] = [];
    for await (const unit of client()
      .records(unitRef)
      .iterate({ pageSize: 3, filter: eq('status', 'FREE'), orderBy: desc('n') })) {
      seen.push(unit.n as number);
    }
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(server.requests.length, 3);
    assert.deepEqual(
      server.requests.map((r) => r.query.get('starting_after')),
      [null, '2', '5'],
    );
    assert.equal(server.requests[0].query.get('filter'), 'status[eq]:"FREE"');
    assert.equal(server.requests[0].query.get('order_by'), 'n[DescNullsLast]');
  });

  it('chunks createMany at 60 records, reports progress and returns every record in order', async () => {
    server.handle((req) => {
      const rows = req.body as Array<Record<string, unknown>>;
      return { status: 201, body: { data: { createUnits: rows.map((r) => ({ id: randomUUID(), ...r })) } } };
    });
    const rows = Array.from({ length: 130 }, (_, i) => ({ number: i }));
    const progress: Array<[number, number]> = [];
    const written: RecordWritten[] = [];
    const created = await client(written)
      .records(unitRef)
      .createMany(rows, { onProgress: (d, t) => progress.push([d, t]) });
    assert.deepEqual(
      server.requests.map((r) => [r.path, (r.body as unknown[]).length]),
      [
        ['/rest/batch/units', 60],
        ['/rest/batch/units', 60],
        ['/rest/batch/units', 10],
      ],
    );
    assert.deepEqual(progress, [
      [60, 130],
      [120, 130],
      [130, 130],
    ]);
    assert.deepEqual(
      created.map((r) => r.number),
      rows.map((r) => r.number),
    );
    assert.equal(written.length, 130);
    assert.equal(written[0].operation, 'create');
  });

  it('reads create<Singular> with only the first letter capitalised, and sends upsert=true', async () => {
    server.handle(() => ({
      status: 201,
      body: { data: { createUnitChange: { id: 'c-1', field: 'status' } } },
    }));
    const change = await client()
      .records({ nameSingular: 'unitChange', namePlural: 'unitChanges' })
      .upsert({ field: 'status' });
    assert.equal(change.id, 'c-1');
    assert.equal(server.requests[0].query.get('upsert'), 'true');
  });

  it('soft-deletes with ?soft_delete=true and destroys with a plain DELETE', async () => {
    server.handle((req) => ({ body: { data: { deleteUnit: { id: req.path.split('/').at(-1) } } } }));
    const units = client().records(unitRef);
    assert.deepEqual(await units.delete('u-1', { mode: 'soft' }), { id: 'u-1' });
    assert.deepEqual(await units.delete('u-2', { mode: 'destroy' }), { id: 'u-2' });
    assert.equal(server.requests[0].query.get('soft_delete'), 'true');
    assert.equal(server.requests[1].query.get('soft_delete'), null);
    assert.equal(server.requests[1].method, 'DELETE');
    // @ts-expect-error the mode is required
    await assert.rejects(units.delete('u-3'), /say which delete you mean/);
  });

  it('restores through /rest/{plural}/{id}/restore, falling back to /rest/restore/{plural}/{id} on older Twenty', async () => {
    const handler = (req: SeenRequest): Reply =>
      req.path.startsWith('/rest/restore/')
        ? { body: { data: { restoreUnit: { id: 'u-1', deletedAt: null } } } }
        : twentyError(400, 'BadRequestException', "Query path '/rest/units/u-1/restore' invalid");
    server.handle(handler);
    const units = client().records(unitRef);
    const restored = await units.restore('u-1');
    assert.equal(restored.deletedAt, null);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      ['PATCH /rest/units/u-1/restore', 'PATCH /rest/restore/units/u-1'],
    );
    server.handle(handler);
    await units.restore('u-1');
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/rest/restore/units/u-1'],
      'the working route is remembered',
    );
  });

  it('does not fall back when the newer route says the record is not there', async () => {
    server.handle(() => twentyError(404, 'NotFoundException', 'Record not found'));
    await assert.rejects(client().records(unitRef).restore('u-9'), TwentyNotFoundError);
    assert.equal(server.requests.length, 1);
  });

  it('get() throws TwentyNotFoundError on 404', async () => {
    server.handle(() => twentyError(404, 'NotFoundException', 'Record not found'));
    await assert.rejects(client().records(unitRef).get('u-1'), TwentyNotFoundError);
  });

  it('counts with the filtered totalCount', async () => {
    server.handle(() => ({
      body: {
        data: { units: [{ id: 'a' }] },
        totalCount: 42,
        pageInfo: { hasNextPage: true, endCursor: 'a' },
      },
    }));
    assert.equal(await client().records(unitRef).count(eq('status', 'FREE')), 42);
    assert.equal(server.requests[0].query.get('limit'), '1');
  });
});

describe('plural resolution', () => {
  const objects = [
    { id: 'o1', nameSingular: 'person', namePlural: 'people', fields: [] },
    { id: 'o2', nameSingular: 'unit', namePlural: 'unitsRegistry', fields: [] },
  ];

  it('reads every metadata page once and uses the workspace plural', async () => {
    server.handle((req) => {
      if (req.path === '/rest/metadata/objects') {
        const after = req.query.get('starting_after');
        const page = after ? [objects[1]] : [objects[0]];
        return {
          body: {
            data: { objects: page },
            pageInfo: { hasNextPage: !after, endCursor: page[0].id },
            totalCount: 2,
          },
        };
      }
      return {
        body: { data: { [req.path.split('/')[2]]: [] }, totalCount: 0, pageInfo: { hasNextPage: false } },
      };
    });
    const c = client();
    await c.records('unit').list();
    await c.records('person').list();
    await c.records('unit').list();
    const paths = server.requests.map((r) => r.path);
    assert.deepEqual(paths, [
      '/rest/metadata/objects',
      '/rest/metadata/objects',
      '/rest/unitsRegistry',
      '/rest/people',
      '/rest/unitsRegistry',
    ]);
  });

  it('falls back to the English pluraliser when the metadata cannot be read', async () => {
    server.handle((req) =>
      req.path.startsWith('/rest/metadata')
        ? twentyError(403, 'ForbiddenException', 'Permission denied: DATA_MODEL')
        : {
            body: { data: { [req.path.split('/')[2]]: [] }, totalCount: 0, pageInfo: { hasNextPage: false } },
          },
    );
    const c = client();
    await c.records('opportunity').list();
    await c.records('company').list();
    assert.deepEqual(
      server.requests.filter((r) => !r.path.startsWith('/rest/metadata')).map((r) => r.path),
      ['/rest/opportunities', '/rest/companies'],
    );
  });

  it('pluralises like Twenty names its standard objects', () => {
    assert.deepEqual(
      [
        'person',
        'company',
        'opportunity',
        'unit',
        'address',
        'workspaceMember',
        'taskTarget',
        'contactPerson',
        'day',
      ].map(pluralize),
      [
        'people',
        'companies',
        'opportunities',
        'units',
        'addresses',
        'workspaceMembers',
        'taskTargets',
        'contactPeople',
        'days',
      ],
    );
  });
});
