/**
 * Embed tokens at the app server's door, over real HTTP (no browser): a page opened with the token
 * the Twenty app signed answers embedded (no header, the in-memory token handed over, never cached,
 * framable by the configured Twenty origin), and the handed-over token works as the member's bearer
 * — that member's role; a forged, expired or over-long token gets the 401 page in Russian, a member
 * with no role the 403 one; a frame with an opaque origin gets CORS for its header-carrying calls.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseEmbedRoles, signEmbedToken } from '../../../../plugins/core/auth/embed-token';
import { IMPORT_PAGE_PATH } from '../../../../plugins/registry/pages/import-page';
import { type AppServer, startAppServer } from '../../../../webhooks/local-server';
import { type AppStack, pluginsFor, startAppStack } from '../../../support/app-stack';

const APP_SECRET = 'the-secret-shared-with-the-twenty-app-route-test-01';
const TWENTY_UI = 'https://team.twenty.example';
let stack: AppStack;
let app: AppServer;
let salesId: string;
let guestId: string;

async function member(email: string): Promise<string> {
  const created = (await stack.twentyRest('POST', '/rest/workspaceMembers', {
    name: { firstName: 'Тест', lastName: 'Тестов' },
    userEmail: email,
    userId: crypto.randomUUID(),
  })) as { data: Record<string, { id: string }> };
  const id = Object.values(created.data)[0]?.id;
  assert.ok(id);
  return id;
}

const page = (path: string) => fetch(`${app.url}${path}`, { headers: { accept: 'text/html' } });

describe('embed tokens at the app server', () => {
  before(async () => {
    stack = await startAppStack({ name: 'embed-route', plugins: pluginsFor('registry'), worker: false });
    salesId = await member('sales.person@realty.test');
    guestId = await member('guest.person@realty.test');
    app = await startAppServer({
      runtime: stack.runtime,
      staffSecret: stack.staffSecret,
      twentyUrl: stack.devhost.url,
      port: 0,
      memberCheck: {},
      embed: {
        appSecret: APP_SECRET,
        roles: parseEmbedRoles('sales.person@realty.test=sales').roles,
        frameOrigins: [TWENTY_UI],
      },
    });
  });
  after(async () => {
    await app?.close();
    await stack?.close();
  });

  it('answers a page opened with a valid token embedded, and hands it a token that is the member as sales', async () => {
    const res = await page(`/embed${IMPORT_PAGE_PATH}?t=${signEmbedToken(salesId, { secret: APP_SECRET })}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(
      res.headers.get('content-security-policy') ?? '',
      new RegExp(`frame-ancestors 'self' [^;]*${TWENTY_UI}`),
    );
    assert.equal(res.headers.get('x-frame-options'), null);
    const html = await res.text();
    assert.doesNotMatch(html, /id="app-header"/);
    assert.match(html, /<body data-embed="1"/);
    assert.ok(
      html.indexOf('/assets/core/embed.js') < html.indexOf('/assets/core/realty.js'),
      'embed.js first',
    );
    const token = /id="realty-embed">\{"token":"([^"]+)"\}/.exec(html)?.[1];
    assert.ok(token, 'the in-memory token is handed over');
    const me = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), {
      memberId: salesId,
      email: 'sales.person@realty.test',
      role: 'sales',
    });
    // The handed-over token in a URL (a link inside the widget, a download) opens the next page embedded.
    const next = await page(`${IMPORT_PAGE_PATH}?t=${token}`);
    assert.equal(next.status, 200);
    assert.match(await next.text(), /data-embed="1"/);
  });

  it('shows a page asked with ?embed=1 but no token as the embedded sign-in refusal', async () => {
    const res = await page(`${IMPORT_PAGE_PATH}?embed=1`);
    assert.equal(res.status, 401);
    const html = await res.text();
    assert.match(html, /data-embed="1"/);
    assert.match(html, /Войдите, чтобы открыть эту страницу/);
  });

  it('refuses a forged token with the 401 page in Russian', async () => {
    const forged = signEmbedToken(salesId, { secret: 'an-attackers-guess-at-the-secret-0123456789' });
    const res = await page(`/embed${IMPORT_PAGE_PATH}?t=${forged}`);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    assert.match(html, /токен встраивания недействителен/);
    assert.match(html, /401 embed_invalid/);
    assert.doesNotMatch(html, /id="realty-embed">\{"token":"/);
  });

  it('refuses an expired token and one claiming a day of life, each saying why', async () => {
    const expired = signEmbedToken(salesId, { secret: APP_SECRET, now: new Date(Date.now() - 5 * 60_000) });
    const res = await page(`/embed${IMPORT_PAGE_PATH}?t=${expired}`);
    assert.equal(res.status, 401);
    assert.match(await res.text(), /срок действия токена встраивания истёк/);
    const long = signEmbedToken(salesId, { secret: APP_SECRET, ttlSeconds: 86_400 });
    const tooLong = await page(`/embed${IMPORT_PAGE_PATH}?t=${long}`);
    assert.equal(tooLong.status, 401);
    assert.match(await tooLong.text(), /embed_too_long/);
  });

  it('refuses a member with no role in REALTY_EMBED_ROLES (403) and a member who is not in the workspace (401)', async () => {
    const res = await page(`/embed${IMPORT_PAGE_PATH}?t=${signEmbedToken(guestId, { secret: APP_SECRET })}`);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /нет роли для страниц внутри Twenty/);
    const stranger = signEmbedToken(crypto.randomUUID(), { secret: APP_SECRET });
    const gone = await page(`/embed${IMPORT_PAGE_PATH}?t=${stranger}`);
    assert.equal(gone.status, 401);
    assert.match(await gone.text(), /нет в рабочем пространстве Twenty/);
  });

  it('answers an opaque-origin preflight with CORS for header-carrying calls, without credentials', async () => {
    const res = await fetch(`${app.url}/api/me`, {
      method: 'OPTIONS',
      headers: {
        origin: 'null',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /authorization/);
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
    const other = await fetch(`${app.url}/api/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});
