import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { verifyTwentyWebhook } from '../../sdk/webhook-signature';
import { sleep } from '../support/wait';
import { call, objectId, pick, startTestDevhost } from './http-helper';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}

const received: Received[] = [];
let respondSlowly = false;
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
    if (respondSlowly) setTimeout(() => res.end('late'), 2000);
    else res.end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const devhost = await startTestDevhost({ webhookTimeoutMs: 300 });
const SECRET = 'whsec-test';

async function waitFor(count: number, timeoutMs = 3000): Promise<Received[]> {
  const deadline = Date.now() + timeoutMs;
  while (received.length < count && Date.now() < deadline) await sleep(10);
  return received.splice(0);
}

async function quiet(ms = 150): Promise<Received[]> {
  await sleep(ms);
  return received.splice(0);
}

describe('webhooks', () => {
  let webhookId = '';

  it('registers a webhook with a normalised URL and the direct envelope', async () => {
    const reply = await call(devhost, 'POST', '/rest/metadata/webhooks', {
      targetUrl: receiverUrl,
      operations: ['company.*', '*.destroyed', 'person.updated'],
      secret: SECRET,
    });
    assert.equal(reply.status, 201, reply.text);
    webhookId = pick<string>(reply.body, 'id');
    assert.equal(pick(reply.body, 'targetUrl'), receiverUrl);
    const list = await call(devhost, 'GET', '/rest/metadata/webhooks');
    assert.equal(pick(list.body, 'totalCount'), 1);
    assert.equal(pick<unknown[]>(list.body, 'data').length, 1);
    const normalised = await call(devhost, 'POST', '/rest/metadata/webhooks', {
      targetUrl: 'https://example.com',
    });
    assert.equal(pick(normalised.body, 'targetUrl'), 'https://example.com/');
    assert.deepEqual(pick(normalised.body, 'operations'), ['*.*']);
    const deleted = await call(
      devhost,
      'DELETE',
      `/rest/metadata/webhooks/${pick<string>(normalised.body, 'id')}`,
    );
    assert.equal(deleted.text, 'true');
    const ftp = await call(devhost, 'POST', '/rest/metadata/webhooks', { targetUrl: 'ftp://example.com' });
    assert.deepEqual(pick(ftp.body, 'messages'), ['Invalid target URL provided']);
  });

  it('serves the legacy /rest/webhooks with Deprecation and Link headers', async () => {
    const reply = await call(devhost, 'GET', '/rest/webhooks');
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('deprecation'), '@1786320000');
    assert.equal(reply.headers.get('link'), '</rest/metadata/webhooks>; rel="successor-version"');
  });

  it('sends one signed POST per record of a batch, with Twenty payload keys in order', async () => {
    const batch = await call(devhost, 'POST', '/rest/batch/companies', [
      { name: 'W1' },
      { name: 'W2' },
      { name: 'W3' },
    ]);
    const ids = pick<{ id: string }[]>(batch.body, 'data.createCompanies').map((r) => r.id);
    const calls = await waitFor(3);
    assert.equal(calls.length, 3);
    const companyObject = await objectId(devhost, 'company');
    for (const c of calls) {
      const event = verifyTwentyWebhook({ secret: SECRET, rawBody: c.raw, headers: c.headers });
      assert.equal(event.eventName, 'company.created');
      assert.deepEqual(Object.keys(c.body), [
        'targetUrl',
        'eventName',
        'objectMetadata',
        'workspaceId',
        'webhookId',
        'eventDate',
        'record',
      ]);
      assert.deepEqual(c.body.objectMetadata, { id: companyObject, nameSingular: 'company' });
      assert.equal(c.body.workspaceId, devhost.workspaceId);
      assert.equal(c.body.webhookId, webhookId);
      assert.match(String(c.headers['x-twenty-webhook-nonce']), /^[0-9a-f]{32}$/);
    }
    assert.deepEqual(calls.map((c) => (c.body.record as { id: string }).id).sort(), [...ids].sort());
  });

  it('sends nothing for a batch that was rolled back', async () => {
    const reply = await call(devhost, 'POST', '/rest/batch/companies', [
      { name: 'ok' },
      { name: 'bad', employees: 'x' },
    ]);
    assert.equal(reply.status, 400);
    const id = crypto.randomUUID();
    const conflict = await call(devhost, 'POST', '/rest/batch/companies', [
      { id, name: 'a' },
      { id, name: 'b' },
    ]);
    assert.equal(conflict.status, 400);
    assert.deepEqual(await quiet(), []);
  });

  it('sends updatedFields with the state after an update, and only for matching operations', async () => {
    const person = await call(devhost, 'POST', '/rest/people', { jobTitle: 'agent' });
    const personId = pick<string>(person.body, 'data.createPerson.id');
    assert.deepEqual(await quiet(), [], 'person.created does not match');
    await call(devhost, 'PATCH', `/rest/people/${personId}`, { jobTitle: 'broker', city: 'Omsk' });
    const [update] = await waitFor(1);
    assert.equal(update.body.eventName, 'person.updated');
    assert.deepEqual(update.body.updatedFields, ['jobTitle', 'city']);
    assert.equal((update.body.record as { jobTitle: string }).jobTitle, 'broker');
    assert.deepEqual(Object.keys(update.body).slice(-2), ['record', 'updatedFields']);
  });

  it('sends deleted, restored and destroyed events; deleted and destroyed carry the record as it was', async () => {
    const created = await call(devhost, 'POST', '/rest/companies', { name: 'Life' });
    const id = pick<string>(created.body, 'data.createCompany.id');
    await waitFor(1);
    await call(devhost, 'DELETE', `/rest/companies/${id}?soft_delete=true`);
    const [deleted] = await waitFor(1);
    assert.equal(deleted.body.eventName, 'company.deleted');
    assert.equal((deleted.body.record as { deletedAt: unknown }).deletedAt, null);
    await call(devhost, 'PATCH', `/rest/restore/companies/${id}`);
    assert.equal((await waitFor(1))[0].body.eventName, 'company.restored');
    await call(devhost, 'DELETE', `/rest/companies/${id}`);
    const [destroyed] = await waitFor(1);
    assert.equal(destroyed.body.eventName, 'company.destroyed');
    assert.equal((destroyed.body.record as { name: string }).name, 'Life');
  });

  it('reports an upsert that updates as updated', async () => {
    const first = await call(devhost, 'POST', '/rest/companies?upsert=true', { name: 'Up' });
    const id = pick<string>(first.body, 'data.createCompany.id');
    assert.equal((await waitFor(1))[0].body.eventName, 'company.created');
    await call(devhost, 'POST', '/rest/companies?upsert=true', { id, employees: 9 });
    const [update] = await waitFor(1);
    assert.equal(update.body.eventName, 'company.updated');
    assert.deepEqual(update.body.updatedFields, ['employees']);
  });

  it('does not hold the API response for a slow receiver, and does not retry a timed-out call', async () => {
    respondSlowly = true;
    try {
      const started = performance.now();
      const reply = await call(devhost, 'POST', '/rest/companies', { name: 'Slow' });
      assert.equal(reply.status, 201);
      assert.ok(performance.now() - started < 1000);
      await waitFor(1);
      assert.deepEqual(await quiet(600), [], 'no retry after the 300 ms timeout');
    } finally {
      respondSlowly = false;
    }
  });

  it('stops sending after the webhook is deleted', async () => {
    await call(devhost, 'DELETE', `/rest/metadata/webhooks/${webhookId}`);
    await call(devhost, 'POST', '/rest/companies', { name: 'Silent' });
    assert.deepEqual(await quiet(), []);
  });
});
