/**
 * The app server over real HTTP: devhost in this process, the runtime with
 * every plugin (worker on, scheduler off) on a temp store, and the server on
 * a free port. Staff sign-in and roles, the admin API, the webhook intake
 * feeding the read model, and /healthz when Twenty goes away.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import type { Devhost } from '../../devhost/server';
import { issueStaffToken, type StaffRole } from '../../plugins/core/auth/staff-token';
import { allPlugins } from '../../plugins/index';
import { signTwentyWebhook } from '../../sdk/index';
import type { AppServer } from '../../webhooks/local-server';
import { type AppStack, startAppStack } from '../support/app-stack';

const STAFF_SECRET = randomBytes(32).toString('hex');
const MEMBER_ID = randomUUID();

let stack: AppStack;
let devhost: Devhost;
let server: AppServer;

before(async () => {
  // A provisioned workspace, as `realty start` leaves it, so jobs that read the plugins' objects can run.
  stack = await startAppStack({ name: 'app-server', staffSecret: STAFF_SECRET });
  ({ devhost, server } = stack);
});

after(async () => {
  await stack?.close();
});

function token(role: StaffRole, options: { ttl?: string; now?: Date; secret?: string } = {}): string {
  return issueStaffToken(
    { memberId: MEMBER_ID, email: `${role}@realty.test`, role },
    {
      secret: options.secret ?? STAFF_SECRET,
      ttl: options.ttl ?? '5m',
      ...(options.now ? { now: options.now } : {}),
    },
  );
}

async function get(pathname: string, bearer?: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${pathname}`, {
    ...init,
    redirect: 'manual',
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(init.headers ?? {}) },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}

const refusal = z.object({
  statusCode: z.number(),
  code: z.string().optional(),
  messages: z.array(z.string()),
});

describe('staff routes', () => {
  it('answers 401 with code "missing" when no staff token is sent', async () => {
    const res = await get('/api/admin/queue');
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(refusal.parse(res.json()).code, 'missing');
  });

  it('answers 401 with code "expired" for a token past its lifetime', async () => {
    const expired = token('admin', { ttl: '1m', now: new Date(Date.now() - 2 * 60 * 60 * 1000) });
    const res = await get('/api/admin/queue', expired);
    assert.equal(res.status, 401);
    assert.equal(refusal.parse(res.json()).code, 'expired');
  });

  it('answers 401 with code "invalid" for a token signed with another secret', async () => {
    const forged = token('admin', { secret: randomBytes(32).toString('hex') });
    const res = await get('/api/admin/queue', forged);
    assert.equal(res.status, 401);
    assert.equal(refusal.parse(res.json()).code, 'invalid');
  });

  it('answers 403 naming the role when a sales token asks for an admin route', async () => {
    const res = await get('/api/admin/queue', token('sales'));
    assert.equal(res.status, 403);
    const body = refusal.parse(res.json());
    assert.match(body.messages.join(' '), /role "sales".*allowed: admin/);
  });

  it('lets an admin read the queue status', async () => {
    const res = await get('/api/admin/queue', token('admin'));
    assert.equal(res.status, 200);
    const body = z
      .object({
        stats: z.object({ pending: z.number(), dead: z.number() }),
        deadLetters: z.array(z.unknown()),
      })
      .parse(res.json());
    assert.equal(body.stats.dead, 0);
  });

  it('returns the caller identity from /api/me for any role', async () => {
    const res = await get('/api/me', token('finance'));
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { memberId: MEMBER_ID, email: 'finance@realty.test', role: 'finance' });
  });
});

describe('sign-in', () => {
  it('refuses a bad sign-in token with a 401 HTML page and sets no cookie', async () => {
    const res = await get('/auth/login?token=not-a-jwt');
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.text, /Sign-in failed: the staff token is not valid/);
    assert.equal(res.headers.get('set-cookie'), null);
  });

  it('keeps a good token in an HttpOnly cookie that then authenticates /api/me and the index', async () => {
    const login = await get(`/auth/login?token=${encodeURIComponent(token('legal'))}`);
    assert.equal(login.status, 302);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /^realty_staff=/);
    const me = await get('/api/me', undefined, { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.equal(z.object({ role: z.string() }).parse(me.json()).role, 'legal');
    const index = await get('/', undefined, { headers: { cookie } });
    assert.match(index.text, /Signed in as <b>legal@realty\.test<\/b>/);
  });
});

describe('admin API', () => {
  it('answers 404 with the reason for a job that does not exist', async () => {
    const res = await fetch(`${server.url}/api/admin/jobs/no-such-job/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token('admin')}` },
    });
    assert.equal(res.status, 404);
    assert.match(refusal.parse(await res.json()).messages.join(' '), /no-such-job/);
  });

  it('runs a declared job now and reports its outcome', async () => {
    const jobs = z
      .object({ jobs: z.array(z.object({ key: z.string() })) })
      .parse((await get('/api/admin/jobs', token('admin'))).json());
    assert.ok(jobs.jobs.length > 0, 'at least the reconciliation sweep is declared');
    const key = jobs.jobs[0].key;
    const res = await fetch(`${server.url}/api/admin/jobs/${encodeURIComponent(key)}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token('admin')}` },
    });
    assert.equal(res.status, 200);
    const run = z
      .object({ job: z.string(), status: z.string() })
      .passthrough()
      .parse(await res.json());
    assert.equal(run.job, key);
    assert.notEqual(run.status, 'failed', JSON.stringify(run));
  });

  it('tells apart an object outside the read model, a malformed id and a record it does not hold', async () => {
    const admin = token('admin');
    assert.equal((await get(`/api/admin/read-model/spaceship/${randomUUID()}`, admin)).status, 404);
    assert.equal((await get('/api/admin/read-model/unit/not-a-uuid', admin)).status, 400);
    const missing = await get(`/api/admin/read-model/unit/${randomUUID()}`, admin);
    assert.equal(missing.status, 404);
    assert.match(refusal.parse(missing.json()).messages.join(' '), /holds no unit/);
  });
});

describe('webhook intake', () => {
  function unitEvent(id: string, status: string) {
    return JSON.stringify({
      targetUrl: `${server.url}/webhooks/twenty`,
      eventName: 'unit.updated',
      objectMetadata: { id: randomUUID(), nameSingular: 'unit' },
      workspaceId: devhost.workspaceId,
      webhookId: randomUUID(),
      eventDate: new Date().toISOString(),
      record: { id, name: 'Квартира 1', status, updatedAt: new Date().toISOString() },
      updatedFields: ['status'],
    });
  }

  it('refuses an event signed with another secret (401) and does not queue it', async () => {
    const id = randomUUID();
    const body = unitEvent(id, 'FREE');
    const res = await fetch(`${server.url}/webhooks/twenty`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signTwentyWebhook({ secret: 'another-secret-0123456789', body }),
      },
      body,
    });
    assert.equal(res.status, 401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await get(`/api/admin/read-model/unit/${id}`, token('admin'))).status, 404);
  });

  it('accepts a signed event and the worker puts the record into the read model', async () => {
    const id = randomUUID();
    const body = unitEvent(id, 'BOOKED');
    const res = await fetch(`${server.url}/webhooks/twenty`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signTwentyWebhook({ secret: stack.webhookSecret, body }),
      },
      body,
    });
    assert.equal(res.status, 202, 'accepted for the queue, not handled inline');
    const admin = token('admin');
    const deadline = Date.now() + 5_000;
    let row: { status: number; text: string } | undefined;
    while (Date.now() < deadline) {
      row = await get(`/api/admin/read-model/unit/${id}`, admin);
      if (row.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(row?.status, 200, 'the replica row appeared within 5 s');
    const replica = z
      .object({ id: z.string(), data: z.object({ status: z.string() }) })
      .parse(JSON.parse(row.text));
    assert.deepEqual([replica.id, replica.data.status], [id, 'BOOKED']);
  });
});

describe('/healthz', () => {
  it('is 200 while the store and Twenty answer, and lists the installed plugins', async () => {
    const res = await get('/healthz');
    assert.equal(res.status, 200);
    const body = z
      .object({ ok: z.boolean(), twenty: z.object({ ok: z.boolean() }), plugins: z.array(z.string()) })
      .parse(res.json());
    assert.equal(body.ok, true);
    assert.deepEqual(
      body.plugins,
      allPlugins.map((p) => p.name),
    );
  });

  it('is 503 naming Twenty as the cause once Twenty is unreachable', async () => {
    await devhost.close();
    const res = await get('/healthz');
    assert.equal(res.status, 503);
    const body = z
      .object({
        ok: z.boolean(),
        store: z.object({ ok: z.boolean() }),
        twenty: z.object({ ok: z.boolean(), detail: z.string() }),
      })
      .parse(res.json());
    assert.equal(body.ok, false);
    assert.equal(body.store.ok, true);
    assert.equal(body.twenty.ok, false);
    assert.notEqual(body.twenty.detail, '');
  });
});
