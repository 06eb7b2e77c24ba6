/**
 * The app server over real HTTP: devhost in this process, the runtime with
 * every plugin (worker on, scheduler off) on a temp store, and the server on
 * a free port. Staff sign-in and roles, the pages index in the page shell
 * (navigation by role), page assets with ETags, the admin API (the one error
 * body), the webhook intake feeding the read model, and /healthz when Twenty
 * goes away.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import type { Devhost } from '../../devhost/server';
import { issueStaffToken, type StaffRole } from '../../plugins/core/auth/staff-token';
import { allPlugins } from '../../plugins/index';
import { signTwentyWebhook } from '../../sdk/index';
import { type AppServer, DEFAULT_BODY_LIMIT_BYTES } from '../../webhooks/local-server';
import { type AppStack, startAppStack } from '../support/app-stack';
import { queueDrained } from '../support/wait';

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

/** The one error body every route answers with. */
const errorBody = z.object({
  status: z.number(),
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  row: z.number().optional(),
});

/** The navigation's links of a page in the shell. */
function navLinks(html: string): string[] {
  const block = /<nav id="nav"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? '';
  return [...block.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
}

describe('staff routes', () => {
  it('answers 401 with code "missing" when no staff token is sent', async () => {
    const res = await get('/api/admin/queue');
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(errorBody.parse(res.json()).code, 'missing');
  });

  it('answers 401 with code "expired" for a token past its lifetime', async () => {
    const expired = token('admin', { ttl: '1m', now: new Date(Date.now() - 2 * 60 * 60 * 1000) });
    const res = await get('/api/admin/queue', expired);
    assert.equal(res.status, 401);
    assert.equal(errorBody.parse(res.json()).code, 'expired');
  });

  it('answers 401 with code "invalid" for a token signed with another secret', async () => {
    const forged = token('admin', { secret: randomBytes(32).toString('hex') });
    const res = await get('/api/admin/queue', forged);
    assert.equal(res.status, 401);
    assert.equal(errorBody.parse(res.json()).code, 'invalid');
  });

  it('answers 403 naming the role when a sales token asks for an admin route', async () => {
    const res = await get('/api/admin/queue', token('sales'));
    assert.equal(res.status, 403);
    const body = errorBody.parse(res.json());
    assert.equal(body.code, 'role_not_allowed');
    assert.equal(body.message, 'Роль «продажи» не открывает это; доступно: администратор');
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
  it('refuses an unknown sign-in code with a 401 page in the shell, in Russian, and sets no cookie', async () => {
    const res = await get('/auth/login?code=not-a-code');
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.text, /<html lang="ru">/);
    assert.match(res.text, /<h1>Вход не выполнен<\/h1>/);
    assert.match(res.text, /Ссылка для входа не подошла: код входа неизвестен/);
    assert.match(res.text, /realty staff-token --member EMAIL --role РОЛЬ/);
    assert.equal(res.headers.get('set-cookie'), null);
    // The old links carried a bearer token in the query string: refused, whatever the token.
    const old = await get(`/auth/login?token=${encodeURIComponent(token('sales'))}`);
    assert.equal(old.status, 401);
    assert.match(old.text, /ссылки с токеном больше не принимаются/);
  });

  it('keeps a session id (not a token) in an HttpOnly cookie that then authenticates /api/me and the index', async () => {
    const code = await stack.signInCode('legal', { memberId: MEMBER_ID });
    const login = await get(`/auth/login?code=${encodeURIComponent(code)}`);
    assert.equal(login.status, 302);
    const setCookie = login.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /HttpOnly; SameSite=Lax/);
    assert.doesNotMatch(setCookie, /Secure/, 'http PUBLIC_URL: no Secure flag');
    const cookie = setCookie.split(';')[0] ?? '';
    assert.match(cookie, /^realty_staff=/);
    assert.ok(
      !cookie.includes(code) && !cookie.includes('eyJ'),
      'the cookie holds neither the code nor a JWT',
    );
    const me = await get('/api/me', undefined, { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.equal(z.object({ role: z.string() }).parse(me.json()).role, 'legal');
    const index = await get('/', undefined, { headers: { cookie } });
    assert.match(
      index.text,
      /<span class="who-email">legal@realty\.test<\/span> <span class="who-role">юристы<\/span>/,
    );
    assert.match(index.text, /<a id="sign-out" href="\/auth\/logout">Выйти<\/a>/);
  });
});

describe('the pages index in the page shell', () => {
  it('shows each role only the pages it may use: an admin every staff page, a call-centre operator fewer, no partner page', async () => {
    const pages = stack.runtime.registry.pages;
    assert.ok(pages.length > 0, 'the installed plugins declare pages');
    const admin = await get('/', token('admin'));
    const callcenter = await get('/', token('callcenter'));
    assert.equal(admin.status, 200);
    const staffPages = pages.filter((p) => p.roles.some((role) => role !== 'partner'));
    assert.ok(staffPages.length < pages.length, 'the partner portal declares pages of its own');
    assert.deepEqual(navLinks(admin.text).sort(), staffPages.map((p) => p.path).sort());
    assert.equal(
      navLinks(admin.text).some((path) => path.startsWith('/partner')),
      false,
      'the admin is offered none of the partner portal’s pages',
    );
    const allowed = pages.filter((p) => p.roles.includes('callcenter') || p.roles.includes('public'));
    assert.deepEqual(navLinks(callcenter.text).sort(), allowed.map((p) => p.path).sort());
    assert.ok(navLinks(callcenter.text).length < navLinks(admin.text).length, 'the menus differ');
    for (const p of staffPages)
      assert.match(admin.text, new RegExp(`<li><a href="${p.path}">${p.title.ru}</a>`));
  });

  it('tells a visitor who is not signed in how to sign in, and lists no staff page', async () => {
    const res = await get('/');
    assert.match(res.text, /Вход не выполнен: откройте ссылку/);
    assert.deepEqual(
      navLinks(res.text),
      stack.runtime.registry.pages.filter((p) => p.roles.includes('public')).map((p) => p.path),
    );
  });
});

describe('page assets', () => {
  it('serves the shared helpers with an ETag and Cache-Control, and 304 for an unchanged copy', async () => {
    const first = await get('/assets/core/realty.js');
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(first.headers.get('cache-control'), 'public, max-age=0, must-revalidate');
    const etag = first.headers.get('etag');
    assert.ok(etag, 'an ETag');
    assert.match(first.text, /fetchJson/);
    const again = await get('/assets/core/realty.js', undefined, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    assert.equal((await get('/assets/core/realty.css')).status, 200);
  });

  it("serves every plugin's declared assets, and 404 in the one error body for anything else", async () => {
    for (const plugin of stack.runtime.registry.plugins) {
      for (const file of plugin.assets?.files ?? []) {
        const res = await get(`/assets/${plugin.name}/${file}`);
        assert.equal(res.status, 200, `/assets/${plugin.name}/${file}`);
        assert.ok(res.headers.get('etag'));
      }
    }
    const missing = await get('/assets/core/nothing.js');
    assert.equal(missing.status, 404);
    const body = errorBody.parse(missing.json());
    assert.equal(body.code, 'asset_not_found');
    assert.match(body.message, /отдаёт realty\.js, realty\.css/);
    assert.equal((await get('/assets/core/..%2Fformat.ts')).status, 404);
  });
});

describe('admin API', () => {
  it('answers 404 with the reason for a job that does not exist', async () => {
    const res = await fetch(`${server.url}/api/admin/jobs/no-such-job/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token('admin')}` },
    });
    assert.equal(res.status, 404);
    const body = errorBody.parse(await res.json());
    assert.deepEqual([body.status, body.code, body.field], [404, 'job_not_found', 'name']);
    assert.match(body.message, /no-such-job/);
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
    const object = await get(`/api/admin/read-model/spaceship/${randomUUID()}`, admin);
    assert.deepEqual([object.status, errorBody.parse(object.json()).field], [404, 'object']);
    const malformed = await get('/api/admin/read-model/unit/not-a-uuid', admin);
    assert.deepEqual(
      [malformed.status, errorBody.parse(malformed.json()).code, errorBody.parse(malformed.json()).field],
      [400, 'invalid_id', 'id'],
    );
    const missing = await get(`/api/admin/read-model/unit/${randomUUID()}`, admin);
    assert.equal(missing.status, 404);
    assert.match(errorBody.parse(missing.json()).message, /в реплике нет записи unit/);
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
    const refusal = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(refusal).sort(), ['code', 'message', 'status'], 'the one error body');
    assert.equal(refusal.code, 'signature_mismatch');
    assert.match(String(refusal.message), /^Подпись не сходится/);
    const tooLarge = await fetch(`${server.url}/webhooks/twenty`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    assert.deepEqual(
      { status: tooLarge.status, code: ((await tooLarge.json()) as { code?: string }).code },
      { status: 413, code: 'body_too_large' },
    );
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

describe('security headers', () => {
  it('sends the CSP, nosniff and the referrer policy on pages, API answers and refusals alike', async () => {
    const twentyOrigin = new URL(devhost.url).origin;
    for (const path of ['/', '/healthz', '/api/me', '/api/chessboard/buildings', '/assets/core/realty.js']) {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, `${path}: scripts only from the app`);
      assert.match(csp, /style-src 'self'(;|$)/, `${path}: styles only from the app, none inline`);
      assert.match(csp, /connect-src 'self'/, path);
      assert.ok(
        csp.includes(`frame-ancestors 'self' ${twentyOrigin}`),
        `${path}: framed only by the app and Twenty`,
      );
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
    }
  });
});

describe('body limits', () => {
  /** A route path with its parameters filled in. */
  const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, () => randomUUID());

  it('refuses a body over the limit on every route that takes one with 413 body_too_large, and writes nothing', async () => {
    const routes = stack.runtime.registry.routes
      .filter((r) => r.body !== undefined || ['POST', 'PUT', 'PATCH'].includes(r.method))
      .map((r) => ({
        method: r.method,
        path: concrete(r.path),
        limit: r.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES,
        type: r.body === 'raw' ? 'application/octet-stream' : 'application/json',
      }));
    assert.ok(
      routes.some((r) => r.path === '/api/import/plans'),
      'the import upload is among them',
    );
    const targets = [
      ...routes,
      { method: 'POST', path: '/webhooks/twenty', limit: DEFAULT_BODY_LIMIT_BYTES, type: 'application/json' },
      ...[
        `/api/admin/queue/${randomUUID()}/retry`,
        '/api/admin/jobs/realty:sweep/run',
        '/api/admin/seed',
        '/api/admin/sessions/revoke',
        '/api/admin/sessions/sign-in-code',
      ].map((path) => ({ method: 'POST', path, limit: DEFAULT_BODY_LIMIT_BYTES, type: 'application/json' })),
      {
        method: 'POST',
        path: '/api/admin/resync',
        limit: DEFAULT_BODY_LIMIT_BYTES,
        type: 'application/json',
      },
    ];
    // Earlier tests' events may still be running: compare from a quiet queue.
    await queueDrained(stack.runtime.store.queue);
    const before = [await stack.runtime.store.queue.stats(), stack.runtime.intake.stats()];
    for (const target of targets) {
      const body = Buffer.alloc(target.limit + 1, 0x20);
      const res = await get(target.path, token('admin'), {
        method: target.method,
        body,
        headers: { 'content-type': target.type },
      });
      assert.equal(res.status, 413, `${target.method} ${target.path}`);
      const refusal = errorBody.parse(res.json());
      assert.equal(refusal.code, 'body_too_large', `${target.method} ${target.path}`);
    }
    assert.deepEqual(
      [await stack.runtime.store.queue.stats(), stack.runtime.intake.stats()],
      before,
      'no job queued, no delivery taken',
    );
  });

  it('lets the import upload take more than the 1 MB default', async () => {
    const res = await get('/api/import/plans', token('admin'), {
      method: 'POST',
      body: Buffer.alloc(DEFAULT_BODY_LIMIT_BYTES + 1, 0x20),
      headers: { 'content-type': 'application/octet-stream' },
    });
    assert.notEqual(res.status, 413, 'not refused for its size (the bytes are no workbook, so 4xx)');
  });
});

describe('/healthz', () => {
  it('tells a stranger only whether the app is up: 200 {"ok":true}', async () => {
    const res = await get('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { ok: true });
  });

  it('gives the details (store, Twenty, queue, plugins) to admins at /api/admin/health only', async () => {
    assert.equal((await get('/api/admin/health')).status, 401);
    assert.equal((await get('/api/admin/health', token('sales'))).status, 403);
    const res = await get('/api/admin/health', token('admin'));
    assert.equal(res.status, 200);
    const body = z
      .object({ ok: z.boolean(), twenty: z.object({ ok: z.boolean() }), plugins: z.array(z.string()) })
      .parse(res.json());
    assert.equal(body.ok, true);
    // Every installed plugin, in the registry's order (dependencies and `uses` first).
    assert.deepEqual([...body.plugins].sort(), allPlugins.map((p) => p.name).sort());
  });

  it('removes a database password from a dead letter error before showing it to an admin', async () => {
    const password = 'Sup3r-s3cret-pw';
    const leaked = `connect ECONNREFUSED: postgres://realty:${password}@db.internal:5432/realty (password=${password})`;
    await stack.runtime.store.sql.query(
      `insert into realty_queue (kind, payload, status, attempts, last_error, finished_at)
       values ('test.leak', '{}'::jsonb, 'dead', 5, $1, now())`,
      [leaked],
    );
    for (const path of ['/api/admin/health', '/api/admin/queue']) {
      const res = await get(path, token('admin'));
      assert.ok(!res.text.includes(password), `${path} does not show the password`);
      assert.match(
        res.text,
        /postgres:\/\/realty:\*\*\*@db\.internal:5432\/realty/,
        `${path} keeps the rest`,
      );
    }
    const stranger = await get('/healthz');
    assert.ok(!stranger.text.includes('test.leak'), '/healthz names no job');
  });

  it('is 503 {"ok":false} once Twenty is unreachable, and names Twenty as the cause to admins', async () => {
    await devhost.close();
    const stranger = await get('/healthz');
    assert.equal(stranger.status, 503);
    assert.deepEqual(stranger.json(), { ok: false });
    const res = await get('/api/admin/health', token('admin'));
    assert.equal(res.status, 200, 'the report itself is served; its ok says what fails');
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
