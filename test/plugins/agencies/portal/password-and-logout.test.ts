/**
 * The portal's own account actions, over real HTTP against devhost: a password
 * set by a one-time link ends every session of the user, lifts a lock-out and
 * records when it was set (as the admin's set-password does); signing out is
 * a JSON POST that another site cannot send — a GET or a plain form leaves the
 * session alive — and the pages offer it as a button, not a link.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issuePasswordLink, systemStorage } from '../../../../plugins/agencies/gateway/store';
import {
  type AgenciesApp,
  DEMO_AGENCY_USERS,
  DEMO_PARTNER_PASSWORD,
  startAgenciesApp,
} from '../agencies-app';

let app: AgenciesApp;

const userOf = (email: string) => {
  const user = DEMO_AGENCY_USERS.find((u) => u.email === email);
  assert.ok(user, email);
  return user;
};

/** Signs in through the portal's form route; the session cookie as the browser would send it back. */
async function signIn(email: string, password: string): Promise<string> {
  const r = await app.partner('/partner/login', { body: { email, password } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  assert.match(cookie, /=.+/);
  return cookie;
}

/** Whether a session cookie still opens the portal (a page, not the redirect to sign-in). */
async function signedIn(cookie: string): Promise<boolean> {
  const r = await app.partner('/partner', { cookie });
  if (r.status === 200) return true;
  assert.equal(r.status, 302);
  assert.match(String(r.headers.get('location')), /^\/partner\/login/);
  return false;
}

describe('the partner portal: password by link and sign-out', () => {
  before(async () => {
    app = await startAgenciesApp({ name: 'agencies-portal-account' });
  });
  after(async () => {
    await app?.close();
  });

  it('a password set by the link ends the user’s sessions, lifts the lock-out and records when', async () => {
    const email = 'anna@etazhi.demo';
    const user = userOf(email);
    const first = await signIn(email, DEMO_PARTNER_PASSWORD);
    const second = await signIn(email, DEMO_PARTNER_PASSWORD);
    assert.ok(await signedIn(first));
    assert.ok(await signedIn(second));
    // Someone guesses until the user is locked out.
    let locked = false;
    for (let i = 0; i < 10 && !locked; i++) {
      const r = await app.partner('/partner/login', { body: { email, password: `wrong-${i}-password` } });
      locked = r.status === 429 && r.body?.code === 'partner_locked_out';
    }
    assert.ok(locked, 'wrong passwords lock the user out');

    const ctx = app.runtime.contextFor('agencies');
    const startedAt = Date.now();
    const { token } = await issuePasswordLink(systemStorage(ctx), user.id, { hours: 1, now: new Date() });
    const set = await app.partner('/partner/password', { body: { token, password: 'anna-new-strong-pass' } });
    assert.equal(set.status, 200, JSON.stringify(set.body));

    assert.equal(await signedIn(first), false, 'the sessions opened with the old password ended');
    assert.equal(await signedIn(second), false);
    const old = await app.partner('/partner/login', { body: { email, password: DEMO_PARTNER_PASSWORD } });
    assert.equal(old.status, 401, 'the old password no longer works');
    assert.ok(await signedIn(await signIn(email, 'anna-new-strong-pass')), 'no lock-out after the reset');
    const record = await app.runtime.twenty.records('agencyUser').get(user.id);
    const setAt = Date.parse(String(record?.passwordSetAt));
    assert.ok(setAt >= startedAt - 1000, `passwordSetAt says when: ${String(record?.passwordSetAt)}`);
  });

  it('signs out only by a JSON POST: a GET or a form another site could send leaves the session', async () => {
    const cookie = await signIn('boris@etazhi.demo', DEMO_PARTNER_PASSWORD);
    const get = await fetch(`${app.url}/partner/logout`, { headers: { cookie }, redirect: 'manual' });
    assert.ok(get.status >= 400, `GET /partner/logout answered ${get.status}`);
    assert.ok(await signedIn(cookie), 'a link cannot sign a partner out');
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', ''],
      ['text/plain', ''],
      ['multipart/form-data; boundary=x', '--x--\r\n'],
    ] as const) {
      const forged = await fetch(`${app.url}/partner/logout`, {
        method: 'POST',
        headers: { cookie, 'content-type': type },
        body,
        redirect: 'manual',
      });
      assert.ok(forged.status >= 400, `a ${type} POST answered ${forged.status}`);
      assert.ok(await signedIn(cookie), `a ${type} form cannot sign a partner out`);
    }
    const out = await app.partner('/partner/logout', { cookie, body: {} });
    assert.equal(out.status, 200, JSON.stringify(out.body));
    assert.equal(out.body.next, '/partner/login');
    assert.match(String(out.headers.get('set-cookie')), /Max-Age=0/);
    assert.equal(await signedIn(cookie), false, 'the session ended on the server');
  });

  it('offers sign-out on the portal pages as a button posting to /partner/logout', async () => {
    const cookie = await signIn('boris@etazhi.demo', DEMO_PARTNER_PASSWORD);
    const home = await app.partner('/partner', { cookie });
    assert.equal(home.status, 200);
    const html = String(home.body);
    assert.match(
      html,
      /<form id="sign-out-form" method="post" action="\/partner\/logout" data-post-json><button id="sign-out" type="submit">Выйти<\/button><\/form>/,
    );
    assert.doesNotMatch(html, /href="\/partner\/logout"/);
  });
});
