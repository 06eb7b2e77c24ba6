// Staff sessions tried the way an attacker or a careless colleague would: a replayed sign-in link, an
// expired one, a session used after sign-out or revocation, a member removed from the workspace, and
// a stream of guesses at the sign-in route.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { sha256 } from '../../plugins/core/auth/staff-sessions';
import { issueStaffToken } from '../../plugins/core/auth/staff-token';
import { createRecordingLogger } from '../../plugins/core/runtime/logger';
import { eq } from '../../sdk/filter';
import { createTwentyClient } from '../../sdk/index';
import { type AppStack, startAppStack } from '../support/app-stack';

const MEMBER_CACHE_MS = 300;
const log = createRecordingLogger();
let stack: AppStack;
let adminMemberId: string;

const errorBody = z.object({ status: z.number(), code: z.string(), message: z.string() });

before(async () => {
  stack = await startAppStack({
    name: 'staff-sessions',
    plugins: [],
    log,
    memberCheck: { ttlMs: MEMBER_CACHE_MS },
    signInAttempts: { limit: 1_000 },
  });
  const admin = await stack.runtime.twenty
    .records('workspaceMember')
    .list({ filter: eq('userEmail', 'admin@realty.local'), limit: 1 });
  adminMemberId = admin.records[0]?.id ?? '';
  assert.ok(adminMemberId, 'devhost has its admin member');
});

after(async () => {
  await stack?.close();
});

async function get(pathname: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.server.url}${pathname}`, { redirect: 'manual', headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}

const signIn = (role: 'admin' | 'sales' = 'sales', email = 'admin@realty.local') =>
  stack.signIn(role, { memberId: adminMemberId, email });

/** An admin bearer token for devhost's admin member (a real one: membership is checked). */
function adminBearer(): string {
  return `Bearer ${issueStaffToken(
    { memberId: adminMemberId, email: 'admin@realty.local', role: 'admin' },
    { secret: stack.staffSecret, ttl: '5m' },
  )}`;
}

async function sessionRow(cookie: string) {
  const id = decodeURIComponent(cookie.slice('realty_staff='.length));
  const found = await stack.runtime.store.sql.query<{ expires_at: string; last_seen_at: string }>(
    'select expires_at, last_seen_at from realty_staff_sessions where id_hash = $1',
    [sha256(id)],
  );
  return found.rows[0];
}

describe('one-time sign-in codes', () => {
  it('spends a code once: the replay is refused with the Russian 401 page and logged by fingerprint', async () => {
    const code = await stack.signInCode('sales', { memberId: adminMemberId, email: 'admin@realty.local' });
    const first = await get(`/auth/login?code=${code}`);
    assert.equal(first.status, 302);
    assert.match(first.headers.get('set-cookie') ?? '', /^realty_staff=/);
    const replay = await get(`/auth/login?code=${code}`);
    assert.equal(replay.status, 401);
    assert.equal(replay.headers.get('set-cookie'), null);
    assert.match(replay.text, /по этой ссылке уже входили/);
    const warned = log.lines.find((l) => l.level === 'warn' && /used again/.test(l.msg ?? ''));
    assert.ok(warned, 'the replay is logged as a warning');
    const line = JSON.stringify(warned);
    assert.ok(!line.includes(code), 'the log never holds the code');
    assert.match(line, new RegExp(sha256(code).slice(0, 10)));
  });

  it('stores only hashes of codes and sessions', async () => {
    const code = await stack.signInCode('sales', { memberId: adminMemberId });
    const rows = await stack.runtime.store.sql.query<{ code_hash: string }>(
      'select code_hash from realty_sign_in_codes',
    );
    assert.ok(rows.rows.some((r) => r.code_hash === sha256(code)));
    assert.ok(!rows.rows.some((r) => r.code_hash === code));
  });

  it('refuses a code past its ten minutes', async () => {
    const code = await stack.signInCode('sales', { memberId: adminMemberId });
    await stack.runtime.store.sql.query(
      `update realty_sign_in_codes set expires_at = now() - interval '1 second' where code_hash = $1`,
      [sha256(code)],
    );
    const late = await get(`/auth/login?code=${code}`);
    assert.equal(late.status, 401);
    assert.match(late.text, /срок действия кода истёк/);
  });
});

describe('sessions on the server', () => {
  it('ends the session on sign-out: the old cookie is refused afterwards', async () => {
    const cookie = await signIn();
    assert.equal((await get('/api/me', { cookie })).status, 200);
    const out = await get('/auth/logout', { cookie });
    assert.equal(out.status, 302);
    assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
    const again = await get('/api/me', { cookie });
    assert.equal(again.status, 401);
    assert.equal(errorBody.parse(again.json()).code, 'session_ended');
  });

  it('ends every session of a member on POST /api/admin/sessions/revoke, and refuses non-admins', async () => {
    const first = await signIn('sales', 'revoked@realty.test');
    const second = await signIn('sales', 'revoked@realty.test');
    const other = await signIn('sales', 'kept@realty.test');
    const refused = await fetch(`${stack.server.url}/api/admin/sessions/revoke`, {
      method: 'POST',
      headers: { cookie: first, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'revoked@realty.test' }),
    });
    assert.equal(refused.status, 403);
    const res = await fetch(`${stack.server.url}/api/admin/sessions/revoke`, {
      method: 'POST',
      headers: { authorization: adminBearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Revoked@realty.test' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { email: 'Revoked@realty.test', ended: 2 });
    for (const cookie of [first, second]) assert.equal((await get('/api/me', { cookie })).status, 401);
    assert.equal((await get('/api/me', { cookie: other })).status, 200, 'other members keep theirs');
  });

  it('lists open sessions on /admin/sessions and ends all sessions of a member from its form', async () => {
    const admin = await signIn('admin');
    const member = await signIn('sales', 'page-revoked@realty.test');
    assert.equal((await get('/admin/sessions', { cookie: member })).status, 403, 'admins only');
    const page = await get('/admin/sessions', { cookie: admin });
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Сеансы сотрудников<\/h1>/);
    assert.match(page.text, /<tr data-email="page-revoked@realty\.test">/);
    assert.doesNotMatch(page.text, /<script>/, 'no inline script: the form posts by itself');
    const posted = await fetch(`${stack.server.url}/admin/sessions`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'page-revoked@realty.test' }).toString(),
    });
    assert.equal(posted.status, 303);
    const back = await get(posted.headers.get('location') ?? '', { cookie: admin });
    assert.match(back.text, /Завершено сеансов page-revoked@realty\.test: 1\./);
    assert.doesNotMatch(back.text, /<tr data-email="page-revoked@realty\.test">/);
    assert.equal((await get('/api/me', { cookie: member })).status, 401);
  });

  it('renews a session while it is used, at most once a minute', async () => {
    const cookie = await signIn();
    const fresh = await sessionRow(cookie);
    assert.ok(fresh);
    assert.equal((await get('/api/me', { cookie })).status, 200);
    assert.deepEqual(await sessionRow(cookie), fresh, 'used within the minute: no write');
    const id = decodeURIComponent(cookie.slice('realty_staff='.length));
    await stack.runtime.store.sql.query(
      `update realty_staff_sessions set last_seen_at = now() - interval '2 hours',
         expires_at = now() + interval '5 minutes' where id_hash = $1`,
      [sha256(id)],
    );
    assert.equal((await get('/api/me', { cookie })).status, 200);
    const renewed = await sessionRow(cookie);
    assert.ok(renewed);
    const left = new Date(renewed.expires_at).getTime() - Date.now();
    assert.ok(left > 7 * 3_600_000, `renewed to the 8 h default, ${left} ms left`);
  });

  it('refuses a session whose expiry has passed', async () => {
    const cookie = await signIn();
    const id = decodeURIComponent(cookie.slice('realty_staff='.length));
    await stack.runtime.store.sql.query(
      `update realty_staff_sessions set expires_at = now() - interval '1 second' where id_hash = $1`,
      [sha256(id)],
    );
    assert.equal((await get('/api/me', { cookie })).status, 401);
  });
});

describe('workspace membership', () => {
  it('refuses a member removed from the workspace within the cache window, by cookie and by bearer', async () => {
    const twenty = createTwentyClient({
      url: stack.devhost.url,
      apiKey: stack.devhost.apiKey,
      limiter: false,
    });
    const leaver = await twenty.records('workspaceMember').create({
      name: { firstName: 'Lena', lastName: 'Leaver' },
      userEmail: 'leaver@realty.local',
    });
    const cookie = await stack.signIn('sales', { memberId: leaver.id, email: 'leaver@realty.local' });
    const bearer = stack.staffToken('sales');
    const asLeaver = `Bearer ${issueStaffToken(
      { memberId: leaver.id, email: 'leaver@realty.local', role: 'sales' },
      { secret: stack.staffSecret, ttl: '5m' },
    )}`;
    assert.equal((await get('/api/me', { cookie })).status, 200);
    assert.equal((await get('/api/me', { authorization: asLeaver })).status, 200);
    await twenty.records('workspaceMember').delete(leaver.id, { mode: 'soft' });
    await new Promise((resolve) => setTimeout(resolve, MEMBER_CACHE_MS + 50));
    for (const headers of [{ cookie }, { authorization: asLeaver }] as Record<string, string>[]) {
      const res = await get('/api/me', headers);
      assert.equal(res.status, 401);
      assert.deepEqual(errorBody.parse(res.json()), {
        status: 401,
        code: 'member_not_active',
        message: 'leaver@realty.local больше не участник рабочего пространства Twenty',
      });
    }
    // A token naming nobody in the workspace is refused the same way.
    assert.equal((await get('/api/me', { authorization: `Bearer ${bearer}` })).status, 401);
  });
});

describe('limits on sign-in', () => {
  let limited: AppStack;
  before(async () => {
    limited = await startAppStack({ name: 'sign-in-limits', plugins: [] });
  });
  after(async () => {
    await limited?.close();
  });

  it('answers the 11th attempt from one address in ten minutes with 429 and Retry-After', async () => {
    for (let i = 1; i <= 10; i++) {
      const res = await fetch(`${limited.server.url}/auth/login?code=guess-${i}`, { redirect: 'manual' });
      assert.equal(res.status, 401, `attempt ${i} is refused as a bad code`);
    }
    const code = await limited.signInCode('sales');
    const page = await fetch(`${limited.server.url}/auth/login?code=${code}`, { redirect: 'manual' });
    assert.equal(page.status, 429, 'even a good code waits');
    const retryAfter = Number(page.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 600, `Retry-After ${retryAfter}`);
    assert.match(await page.text(), /слишком много попыток входа/);
    const api = await fetch(`${limited.server.url}/auth/login?code=${code}`, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    assert.equal(api.status, 429);
    assert.equal(errorBody.parse(await api.json()).code, 'too_many_sign_in_attempts');
  });
});
