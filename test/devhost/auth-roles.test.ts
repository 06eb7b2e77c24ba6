import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { call, pick, startTestDevhost } from './http-helper';

const devhost = await startTestDevhost();

describe('API keys', () => {
  it('answers 401 UnauthorizedException for a missing, malformed or foreign key', async () => {
    const missing = await call(devhost, 'GET', '/rest/companies', undefined, null);
    assert.equal(missing.status, 401);
    assert.equal(pick(missing.body, 'error'), 'UnauthorizedException');
    assert.equal(pick<string[]>(missing.body, 'messages').length, 1);
    assert.equal((await call(devhost, 'GET', '/rest/companies', undefined, 'garbage')).status, 401);
    const forged = jwt.sign(
      { sub: devhost.workspaceId, type: 'API_KEY', workspaceId: devhost.workspaceId, jti: 'x' },
      'another-secret',
    );
    assert.equal((await call(devhost, 'GET', '/rest/companies', undefined, forged)).status, 401);
    assert.equal((await call(devhost, 'GET', '/rest/metadata/objects', undefined, forged)).status, 401);
  });

  it('issues keys as HS256 JWTs naming the workspace and the key', async () => {
    const decoded = jwt.decode(devhost.apiKey, { complete: true });
    assert.equal(decoded?.header.alg, 'HS256');
    const payload = decoded?.payload as Record<string, unknown>;
    assert.equal(payload.type, 'API_KEY');
    assert.equal(payload.workspaceId, devhost.workspaceId);
    assert.equal(payload.sub, devhost.workspaceId);
    assert.equal(typeof payload.jti, 'string');
  });

  it('records the key name as the actor of writes', async () => {
    const key = await devhost.createApiKey({ name: 'Importer' });
    const reply = await call(devhost, 'POST', '/rest/companies', { name: 'By importer' }, key);
    assert.equal(pick(reply.body, 'data.createCompany.createdBy.name'), 'Importer');
  });
});

describe('roles', () => {
  it('lets a read-only role read but answers 403 ForbiddenException to writes and deletes', async () => {
    const created = await call(devhost, 'POST', '/rest/companies', { name: 'Guarded' });
    const id = pick<string>(created.body, 'data.createCompany.id');
    const key = await devhost.createApiKey({
      name: 'reader',
      role: { label: 'Reader', canReadAllObjectRecords: true },
    });
    assert.equal((await call(devhost, 'GET', `/rest/companies/${id}`, undefined, key)).status, 200);
    for (const [method, path, body] of [
      ['POST', '/rest/companies', { name: 'x' }],
      ['PATCH', `/rest/companies/${id}`, { name: 'x' }],
      ['DELETE', `/rest/companies/${id}?soft_delete=true`, undefined],
      ['DELETE', `/rest/companies/${id}`, undefined],
      [
        'POST',
        '/rest/metadata/objects',
        { nameSingular: 'zz', namePlural: 'zzs', labelSingular: 'Z', labelPlural: 'Z' },
      ],
      ['GET', '/rest/metadata/webhooks', undefined],
    ] as const) {
      const reply = await call(devhost, method, path, body, key);
      assert.equal(reply.status, 403, `${method} ${path}: ${reply.text}`);
      assert.equal(pick(reply.body, 'error'), 'ForbiddenException');
    }
    assert.equal((await call(devhost, 'GET', `/rest/companies/${id}`)).status, 200, 'nothing was deleted');
  });

  it('applies object permissions over the role-wide flags', async () => {
    const key = await devhost.createApiKey({
      name: 'no people',
      role: {
        label: 'No people',
        canReadAllObjectRecords: true,
        canUpdateAllObjectRecords: true,
        objectPermissions: [{ object: 'person', canReadObjectRecords: false, canUpdateObjectRecords: false }],
      },
    });
    assert.equal((await call(devhost, 'GET', '/rest/people', undefined, key)).status, 403);
    assert.equal((await call(devhost, 'GET', '/rest/companies', undefined, key)).status, 200);
    assert.equal((await call(devhost, 'POST', '/rest/companies', { name: 'ok' }, key)).status, 201);
    const company = await call(devhost, 'POST', '/rest/companies', { name: 'With people' });
    const id = pick<string>(company.body, 'data.createCompany.id');
    await call(devhost, 'POST', '/rest/people', { companyId: id });
    const deep = await call(devhost, 'GET', `/rest/companies/${id}?depth=1`, undefined, key);
    assert.equal(pick(deep.body, 'data.company.people'), undefined, 'an unreadable object is not embedded');
  });

  it('leaves unreadable fields out of responses and refuses writes of non-updatable fields', async () => {
    const key = await devhost.createApiKey({
      name: 'masked',
      role: {
        label: 'Masked',
        canReadAllObjectRecords: true,
        canUpdateAllObjectRecords: true,
        fieldPermissions: [
          {
            object: 'company',
            field: 'annualRecurringRevenue',
            canReadFieldValue: false,
            canUpdateFieldValue: false,
          },
          { object: 'company', field: 'employees', canUpdateFieldValue: false },
        ],
      },
    });
    const created = await call(devhost, 'POST', '/rest/companies', {
      name: 'Masked',
      annualRecurringRevenue: { amountMicros: 1, currencyCode: 'RUB' },
    });
    const id = pick<string>(created.body, 'data.createCompany.id');
    const read = await call(devhost, 'GET', `/rest/companies/${id}`, undefined, key);
    const record = pick<Record<string, unknown>>(read.body, 'data.company');
    assert.equal('annualRecurringRevenue' in record, false);
    assert.equal(record.name, 'Masked');
    const list = await call(devhost, 'GET', `/rest/companies?filter=id[eq]:${id}`, undefined, key);
    assert.equal(
      'annualRecurringRevenue' in pick<Record<string, unknown>[]>(list.body, 'data.companies')[0],
      false,
    );
    const write = await call(devhost, 'PATCH', `/rest/companies/${id}`, { employees: 5 }, key);
    assert.equal(write.status, 403);
    const allowed = await call(devhost, 'PATCH', `/rest/companies/${id}`, { name: 'Renamed' }, key);
    assert.equal(allowed.status, 200);
    assert.equal(
      'annualRecurringRevenue' in pick<Record<string, unknown>>(allowed.body, 'data.updateCompany'),
      false,
    );
  });

  it('denies everything a role does not grant', async () => {
    const key = await devhost.createApiKey({ name: 'nothing', role: { label: 'Nothing' } });
    assert.equal((await call(devhost, 'GET', '/rest/companies', undefined, key)).status, 403);
    assert.equal(
      (await call(devhost, 'GET', '/rest/metadata/objects', undefined, key)).status,
      200,
      'metadata stays readable',
    );
  });
});
