import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runDevhost } from '../../devhost/main';
import { startDevhost } from '../../devhost/server';
import { call, pick } from './http-helper';

const dir = await mkdtemp(path.join(tmpdir(), 'devhost-persist-'));
after(() => rm(dir, { recursive: true, force: true }));

describe('persistence', () => {
  it('keeps records, custom objects and the API key across a restart on the same data directory', async () => {
    const dataDir = path.join(dir, 'pgdata');
    const first = await startDevhost({ port: 0, dataDir });
    let firstKey = '';
    let workspaceId = '';
    try {
      firstKey = first.apiKey;
      workspaceId = first.workspaceId;
      const object = await call(first, 'POST', '/rest/metadata/objects', {
        nameSingular: 'deal',
        namePlural: 'deals',
        labelSingular: 'Deal',
        labelPlural: 'Deals',
      });
      assert.equal(object.status, 201);
      assert.equal((await call(first, 'POST', '/rest/deals', { name: 'kept' })).status, 201);
      const restricted = await first.createApiKey({
        name: 'reader',
        role: { label: 'Reader', canReadAllObjectRecords: true },
      });
      await first.close();
      const second = await startDevhost({ port: 0, dataDir });
      try {
        assert.equal(second.apiKey, firstKey);
        assert.equal(second.workspaceId, workspaceId);
        const deals = await call(second, 'GET', '/rest/deals');
        assert.deepEqual(
          pick<{ name: string }[]>(deals.body, 'data.deals').map((d) => d.name),
          ['kept'],
        );
        assert.equal((await call(second, 'GET', '/rest/deals', undefined, restricted)).status, 200);
        assert.equal(
          (await call(second, 'POST', '/rest/deals', { name: 'no' }, restricted)).status,
          403,
          'the role survives too',
        );
        const members = await call(second, 'GET', '/rest/workspaceMembers');
        assert.equal(pick(members.body, 'totalCount'), 1, 'the admin member is seeded once');
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });

  it('accepts a fixed admin key', async () => {
    const devhost = await startDevhost({ port: 0, apiKey: 'fixed-dev-key' });
    try {
      assert.equal(devhost.apiKey, 'fixed-dev-key');
      assert.equal((await call(devhost, 'GET', '/rest/companies')).status, 200);
      assert.equal((await call(devhost, 'GET', '/rest/companies', undefined, 'fixed-dev-kez')).status, 401);
    } finally {
      await devhost.close();
    }
  });

  it('runDevhost keeps data under $REALTY_HOME/devhost and writes the key file once', async () => {
    const home = path.join(dir, 'home');
    const saved = process.env.REALTY_HOME;
    process.env.REALTY_HOME = home;
    try {
      const a = await runDevhost({ port: 0 });
      const key = (await readFile(path.join(home, 'devhost', 'api-key'), 'utf8')).trim();
      assert.equal(key, a.apiKey);
      await a.close();
      const b = await runDevhost({ port: 0 });
      assert.equal(b.apiKey, key);
      assert.equal((await call(b, 'GET', '/rest/companies')).status, 200);
      await b.close();
    } finally {
      if (saved === undefined) delete process.env.REALTY_HOME;
      else process.env.REALTY_HOME = saved;
    }
  });
});
