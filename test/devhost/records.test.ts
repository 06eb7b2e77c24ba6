import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { call, pick, startTestDevhost } from './http-helper';

const devhost = await startTestDevhost();

type Rec = Record<string, unknown> & { id: string };

async function createCompany(body: Record<string, unknown>): Promise<Rec> {
  const reply = await call(devhost, 'POST', '/rest/companies', body);
  assert.equal(reply.status, 201, reply.text);
  return pick<Rec>(reply.body, 'data.createCompany');
}

describe('records API', () => {
  it('fills id, timestamps, position and the API actor on create; the client may set only createdBy.source', async () => {
    const c = await createCompany({
      name: 'Actor Co',
      createdBy: { source: 'IMPORT', name: 'spoof', workspaceMemberId: randomUUID() },
    });
    assert.match(c.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(c.createdBy, { source: 'IMPORT', workspaceMemberId: null, name: 'Admin', context: {} });
    assert.deepEqual(c.updatedBy, { source: 'API', workspaceMemberId: null, name: 'Admin', context: {} });
    assert.equal(typeof c.position, 'number');
    assert.ok(Date.parse(String(c.createdAt)) > 0);
  });

  it('merges a partial composite update into the stored sub-fields and strips one trailing slash of a link', async () => {
    const c = await createCompany({
      name: 'Merge',
      domainName: { primaryLinkUrl: 'https://merge.example//', primaryLinkLabel: 'site' },
    });
    assert.equal((c.domainName as Rec).primaryLinkUrl, 'https://merge.example/');
    const updated = await call(devhost, 'PATCH', `/rest/companies/${c.id}`, {
      domainName: { primaryLinkLabel: 'home' },
    });
    assert.deepEqual(pick(updated.body, 'data.updateCompany.domainName'), {
      primaryLinkUrl: 'https://merge.example/',
      primaryLinkLabel: 'home',
      secondaryLinks: null,
    });
  });

  it('treats PUT like PATCH', async () => {
    const c = await createCompany({ name: 'Put' });
    const reply = await call(devhost, 'PUT', `/rest/companies/${c.id}`, { employees: 7 });
    assert.equal(pick(reply.body, 'data.updateCompany.employees'), 7);
  });

  it('names the field and the reason for every invalid value, and unknown fields', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ employees: 'many' }, /'employees'.*a number/],
      [{ idealCustomerProfile: 'yes' }, /'idealCustomerProfile'.*true or false/],
      [{ annualRecurringRevenue: { amountMicros: 1.5 } }, /annualRecurringRevenue\.amountMicros.*integer/],
      [{ accountOwnerId: 'x' }, /'accountOwnerId'.*UUID/],
      [{ wat: 1 }, /field 'wat' does not exist in 'company' object/],
      [{ address: { nope: 1 } }, /sub-field 'nope'/],
      [{ people: [] }, /relation/],
    ];
    for (const [body, pattern] of cases) {
      const reply = await call(devhost, 'POST', '/rest/companies', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(pick(reply.body, 'error'), 'BadRequestException');
      assert.match(pick<string[]>(reply.body, 'messages')[0], pattern);
    }
    const stage = await call(devhost, 'POST', '/rest/opportunities', { stage: 'WON' });
    assert.match(pick<string[]>(stage.body, 'messages')[0], /'stage'.*NEW/);
    const closeDate = await call(devhost, 'POST', '/rest/opportunities', { closeDate: 'tomorrow' });
    assert.match(pick<string[]>(closeDate.body, 'messages')[0], /'closeDate'/);
  });

  it('answers path errors with Twenty messages', async () => {
    assert.deepEqual((await call(devhost, 'GET', '/rest/company')).body, {
      statusCode: 400,
      error: 'BadRequestException',
      messages: ["object 'company' not found. Did you mean 'companies'?"],
    });
    assert.deepEqual(pick((await call(devhost, 'GET', '/rest/flats')).body, 'messages'), [
      "object 'flats' not found. eg: companies",
    ]);
    assert.deepEqual(pick((await call(devhost, 'GET', '/rest/companies/123')).body, 'messages'), [
      "'123' is not a valid UUID",
    ]);
    const missing = await call(devhost, 'GET', `/rest/companies/${randomUUID()}`);
    assert.deepEqual(missing.body, {
      statusCode: 404,
      error: 'NotFoundException',
      messages: ['Record not found'],
    });
  });

  it('shapes Fastify errors (malformed JSON, unknown route) like Twenty', async () => {
    const bad = await call(devhost, 'POST', '/rest/companies', '{"name":');
    assert.equal(bad.status, 400);
    assert.equal(pick(bad.body, 'error'), 'BadRequestException');
    assert.ok(Array.isArray(pick(bad.body, 'messages')));
    const route = await call(devhost, 'GET', '/nowhere');
    assert.deepEqual(route.body, {
      statusCode: 404,
      error: 'NotFoundException',
      messages: ['Cannot GET /nowhere'],
    });
  });

  it('answers 400 Record already exists for a duplicate id and the database message for a unique violation', async () => {
    const c = await createCompany({ name: 'Dup' });
    const dup = await call(devhost, 'POST', '/rest/companies', { id: c.id, name: 'Again' });
    assert.deepEqual(pick(dup.body, 'messages'), ['Record already exists']);
    await call(devhost, 'POST', '/rest/people', { emails: { primaryEmail: 'u@x.ru' } });
    const unique = await call(devhost, 'POST', '/rest/people', { emails: { primaryEmail: 'u@x.ru' } });
    assert.equal(unique.status, 400);
    assert.match(
      pick<string[]>(unique.body, 'messages')[0],
      /duplicate key value violates unique constraint/,
    );
  });

  it('writes no record of a batch when one record is invalid, and none when the database refuses one', async () => {
    const marker = `batch-${randomUUID()}`;
    const invalid = await call(devhost, 'POST', '/rest/batch/companies', [
      { name: marker },
      { name: marker, employees: 'x' },
    ]);
    assert.equal(invalid.status, 400);
    const id = randomUUID();
    const conflict = await call(devhost, 'POST', '/rest/batch/companies', [
      { name: marker },
      { id, name: marker },
      { id, name: marker },
    ]);
    assert.equal(conflict.status, 400);
    const list = await call(devhost, 'GET', `/rest/companies?filter=name[eq]:${marker}`);
    assert.equal(pick(list.body, 'totalCount'), 0);
  });

  it('enforces the batch limits', async () => {
    assert.deepEqual(
      pick((await call(devhost, 'POST', '/rest/batch/companies', [])).body, 'statusCode'),
      400,
    );
    assert.equal((await call(devhost, 'POST', '/rest/batch/companies', { name: 'x' })).status, 400);
    const tooMany = await call(
      devhost,
      'POST',
      '/rest/batch/companies',
      Array.from({ length: 201 }, () => ({})),
    );
    assert.deepEqual(pick(tooMany.body, 'messages'), ['Maximum number of records to upsert is 200.']);
  });

  it('upserts by id and by a unique field, and refuses a body matching two records', async () => {
    const a = await call(devhost, 'POST', '/rest/people?upsert=true', {
      emails: { primaryEmail: 'ups@x.ru' },
      jobTitle: 'one',
    });
    const b = await call(devhost, 'POST', '/rest/people?upsert=true', {
      emails: { primaryEmail: 'ups@x.ru' },
      jobTitle: 'two',
    });
    assert.equal(pick(a.body, 'data.createPerson.id'), pick(b.body, 'data.createPerson.id'));
    assert.equal(pick(b.body, 'data.createPerson.jobTitle'), 'two');
    const other = await call(devhost, 'POST', '/rest/people', { emails: { primaryEmail: 'other@x.ru' } });
    const both = await call(devhost, 'POST', '/rest/people?upsert=true', {
      id: pick(other.body, 'data.createPerson.id'),
      emails: { primaryEmail: 'ups@x.ru' },
    });
    assert.equal(both.status, 400);
    const batch = await call(devhost, 'POST', '/rest/batch/people?upsert=true', [
      { emails: { primaryEmail: 'ups@x.ru' }, city: 'Kazan' },
      { emails: { primaryEmail: 'new@x.ru' } },
    ]);
    assert.equal(batch.status, 201);
    const [first, second] = pick<Rec[]>(batch.body, 'data.createPeople');
    assert.equal(first.id, pick(a.body, 'data.createPerson.id'));
    assert.equal(first.city, 'Kazan');
    assert.notEqual(second.id, first.id);
  });

  it('soft deletes, hides, shows with a deletedAt filter, restores on both routes, and destroys', async () => {
    const c = await createCompany({ name: 'Lifecycle' });
    const soft = await call(devhost, 'DELETE', `/rest/companies/${c.id}?soft_delete=true`);
    assert.deepEqual(soft.body, { data: { deleteCompany: { id: c.id } } });
    assert.equal((await call(devhost, 'GET', `/rest/companies/${c.id}`)).status, 404);
    const hidden = await call(devhost, 'GET', '/rest/companies?filter=name[eq]:Lifecycle');
    assert.equal(pick(hidden.body, 'totalCount'), 0);
    const shown = await call(
      devhost,
      'GET',
      '/rest/companies?filter=and(name[eq]:Lifecycle,deletedAt[is]:NOT_NULL)',
    );
    assert.equal(pick(shown.body, 'totalCount'), 1);
    const restored = await call(devhost, 'PATCH', `/rest/restore/companies/${c.id}`);
    assert.equal(pick(restored.body, 'data.restoreCompany.deletedAt'), null);
    await call(devhost, 'DELETE', `/rest/companies/${c.id}?soft_delete=true`);
    const newer = await call(devhost, 'PATCH', `/rest/companies/${c.id}/restore`);
    assert.equal(pick(newer.body, 'data.restoreCompany.id'), c.id);
    const destroyed = await call(devhost, 'DELETE', `/rest/companies/${c.id}`);
    assert.deepEqual(destroyed.body, { data: { deleteCompany: { id: c.id } } });
    const after = await call(
      devhost,
      'GET',
      '/rest/companies?filter=and(name[eq]:Lifecycle,deletedAt[is]:NOT_NULL)',
    );
    assert.equal(pick(after.body, 'totalCount'), 0);
  });

  it('requires a filter for bulk delete and bulk update, and applies them to the filtered set', async () => {
    const none = await call(devhost, 'DELETE', '/rest/companies');
    assert.deepEqual(pick(none.body, 'messages'), ['Filters are mandatory for bulk destroy operations']);
    await call(devhost, 'POST', '/rest/batch/companies', [
      { name: 'Bulk' },
      { name: 'Bulk' },
      { name: 'Keep' },
    ]);
    const updated = await call(devhost, 'PATCH', '/rest/companies?filter=name[eq]:Bulk', { employees: 3 });
    assert.deepEqual(
      pick<Rec[]>(updated.body, 'data.updateCompanies').map((r) => r.employees),
      [3, 3],
    );
    const deleted = await call(devhost, 'DELETE', '/rest/companies?filter=name[eq]:Bulk&soft_delete=true');
    assert.equal(pick<unknown[]>(deleted.body, 'data.deleteCompanies').length, 2);
    assert.equal(
      pick(
        await call(devhost, 'GET', '/rest/companies?filter=name[eq]:Keep').then((r) => r.body),
        'totalCount',
      ),
      1,
    );
  });

  it('embeds many-to-one objects and one-to-many arrays at depth 1 only', async () => {
    const c = await createCompany({ name: 'Depth' });
    await call(devhost, 'POST', '/rest/batch/people', [
      { name: { firstName: 'D1', lastName: 'x' }, companyId: c.id },
      { name: { firstName: 'D2', lastName: 'x' }, companyId: c.id },
    ]);
    const flat = await call(devhost, 'GET', `/rest/people?filter=companyId[eq]:${c.id}`);
    const flatPeople = pick<Rec[]>(flat.body, 'data.people');
    assert.equal(flatPeople[0].companyId, c.id);
    assert.equal(flatPeople[0].company, undefined);
    const deep = await call(devhost, 'GET', `/rest/people?filter=companyId[eq]:${c.id}&depth=1`);
    for (const p of pick<Rec[]>(deep.body, 'data.people')) assert.equal((p.company as Rec).name, 'Depth');
    const company = await call(devhost, 'GET', `/rest/companies/${c.id}?depth=1`);
    assert.equal(pick<Rec[]>(company.body, 'data.company.people').length, 2);
    assert.deepEqual(pick(company.body, 'data.company.opportunities'), []);
    const bad = await call(devhost, 'GET', '/rest/people?depth=3');
    assert.deepEqual(pick(bad.body, 'messages'), ["'depth=3' parameter invalid. Allowed values are 0, 1"]);
  });

  it('pages backwards with ending_before and reports hasPreviousPage', async () => {
    await call(
      devhost,
      'POST',
      '/rest/batch/notes',
      Array.from({ length: 5 }, (_, i) => ({ title: `page-${i}` })),
    );
    const filter = 'filter=title[startsWith]:page-&order_by=title';
    const first = await call(devhost, 'GET', `/rest/notes?${filter}&limit=2`);
    const second = await call(
      devhost,
      'GET',
      `/rest/notes?${filter}&limit=2&starting_after=${pick(first.body, 'pageInfo.endCursor')}`,
    );
    assert.deepEqual(
      pick<Rec[]>(second.body, 'data.notes').map((n) => n.title),
      ['page-2', 'page-3'],
    );
    const back = await call(
      devhost,
      'GET',
      `/rest/notes?${filter}&limit=1&ending_before=${pick(second.body, 'pageInfo.startCursor')}`,
    );
    assert.deepEqual(
      pick<Rec[]>(back.body, 'data.notes').map((n) => n.title),
      ['page-1'],
    );
    assert.equal(pick(back.body, 'pageInfo.hasPreviousPage'), true);
    assert.equal(pick(back.body, 'totalCount'), 5);
    const badLimit = await call(devhost, 'GET', '/rest/notes?limit=-1');
    assert.deepEqual(pick(badLimit.body, 'messages'), ["limit '-1' is invalid. Should be an integer"]);
  });

  it('pages by createdAt without losing or repeating rows, including rows that share a timestamp', async () => {
    const first = await call(
      devhost,
      'POST',
      '/rest/batch/tasks',
      Array.from({ length: 4 }, (_, i) => ({ title: `ts-${i}` })),
    );
    const second = await call(
      devhost,
      'POST',
      '/rest/batch/tasks',
      Array.from({ length: 3 }, (_, i) => ({ title: `ts-${i + 4}` })),
    );
    const expected = [
      ...pick<Rec[]>(first.body, 'data.createTasks'),
      ...pick<Rec[]>(second.body, 'data.createTasks'),
    ].map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&starting_after=${cursor}` : '';
      const page = await call(
        devhost,
        'GET',
        `/rest/tasks?filter=title[startsWith]:ts-&order_by=createdAt[DescNullsLast]&limit=2${after}`,
      );
      seen.push(...pick<Rec[]>(page.body, 'data.tasks').map((r) => r.id));
      cursor = pick<boolean>(page.body, 'pageInfo.hasNextPage')
        ? pick<string>(page.body, 'pageInfo.endCursor')
        : null;
    } while (cursor);
    assert.equal(seen.length, expected.length);
    assert.deepEqual([...seen].sort(), [...expected].sort());
  });

  it('finds duplicates by name', async () => {
    await createCompany({ name: 'Twin' });
    await createCompany({ name: 'Twin' });
    const reply = await call(devhost, 'POST', '/rest/companies/duplicates', { data: [{ name: 'Twin' }] });
    const [entry] = pick<Rec[]>(reply.body, 'data');
    assert.equal((entry.companyDuplicates as Rec[]).length, 2);
    assert.equal(entry.totalCount, 2);
  });

  it('creates a batch of 60 records quickly', async () => {
    const body = Array.from({ length: 60 }, (_, i) => ({
      name: `fast-${i}`,
      employees: i,
      domainName: { primaryLinkUrl: `https://f${i}.ru` },
    }));
    await call(devhost, 'POST', '/rest/batch/companies', body);
    const started = performance.now();
    const reply = await call(devhost, 'POST', '/rest/batch/companies', body);
    const elapsed = performance.now() - started;
    assert.equal(reply.status, 201);
    // Target is ≪ 100 ms; the bound leaves room for a loaded CI machine.
    assert.ok(elapsed < 400, `batch of 60 took ${elapsed.toFixed(1)} ms`);
  });

  it('serves /healthz without a key', async () => {
    assert.deepEqual((await call(devhost, 'GET', '/healthz', undefined, null)).body, { ok: true });
  });
});
