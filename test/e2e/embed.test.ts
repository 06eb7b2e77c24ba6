/**
 * Embed mode in Chromium, framed the way Twenty frames it: a test host page on another site
 * (localhost vs 127.0.0.1) holds the app's pages in an <iframe> with exactly the sandbox flags of
 * Twenty's iFrame widget (IframeWidget.tsx: allow-scripts allow-forms allow-popups
 * allow-same-origin), and — as a Twenty app's front component re-sandboxes its nested frames —
 * the same flags without allow-same-origin. The exported app's record tab opens
 * `/embed/chessboard?building=<id>&t=<token its logic function signed>`: the page exchanges the
 * token, draws the chessboard without the app's header, filters, opens a unit card, offers the
 * export as a plain link, and never touches cookies or storage. A forged or expired token gets the
 * 401 page in Russian; a member without a role the 403 one.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Frame, type Page } from 'playwright-core';
import { parseEmbedRoles, signEmbedToken } from '../../plugins/core/auth/embed-token';
import { allPlugins } from '../../plugins/index';
import { buildDemoRegistry } from '../../plugins/registry/demo-data';
import { seedDemoRegistry } from '../../plugins/registry/seed';
import { embedPageUrl, signEmbedToken as signInApp } from '../../twenty-app/src/logic-functions/embed-token';
import { type AppServer, startAppServer } from '../../webhooks/local-server';
import { type AppStack, pluginsFor, startAppStack, waitFor } from '../support/app-stack';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const executablePath =
  process.env.REALTY_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const skip =
  process.env.REALTY_BROWSER_SKIP ?? (executablePath ? false : 'no chromium (set REALTY_CHROMIUM)');

/** Twenty's iFrame widget (packages/twenty-front/.../IframeWidget.tsx). */
const TWENTY_WIDGET_SANDBOX = 'allow-scripts allow-forms allow-popups allow-same-origin';
/** A frame nested in a Twenty app's front component: re-sandboxed without allow-same-origin. */
const FRONT_COMPONENT_SANDBOX = 'allow-scripts allow-forms allow-popups';

const APP_SECRET = 'the-secret-shared-with-the-twenty-app-for-tests-0123';
const SALES_EMAIL = 'anna.sales@realty.test';
const NO_ROLE_EMAIL = 'guest@realty.test';

const demo = buildDemoRegistry();
const building = demo.buildings[0] as { id: string };

let stack: AppStack;
let app: AppServer;
let host: Server;
let hostUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let csp: CspWatch;
let salesMemberId: string;
let guestMemberId: string;
let auctionId: string;
let ownDealId: string;
let otherDealId: string;

/** The URL the exported app's front component frames for a place, with the token its logic function signs. */
const appUrl = (place: 'building' | 'auction' | 'opportunity' | 'auctions', recordId: string) =>
  embedPageUrl(app.url, place, recordId, signInApp(salesMemberId, APP_SECRET, Math.floor(Date.now() / 1000)));

/** The host page: Twenty's UI as far as the frame can tell — another site, one sandboxed iframe. */
function hostPage(src: string, sandbox: string): string {
  return `${hostUrl}/record?sandbox=${encodeURIComponent(sandbox)}&src=${encodeURIComponent(src)}`;
}

async function frameOf(p: Page): Promise<Frame> {
  const frame = p.frame({ name: 'widget' });
  assert.ok(frame, 'the widget frame');
  return frame;
}

async function openFramed(
  src: string,
  sandbox = TWENTY_WIDGET_SANDBOX,
): Promise<{ frame: Frame; status: number }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(app.url) && r.request().resourceType() === 'document'),
    page.goto(hostPage(src, sandbox)),
  ]);
  const frame = await frameOf(page);
  await frame.waitForLoadState('domcontentloaded');
  return { frame, status: response.status() };
}

async function createMember(email: string, firstName: string): Promise<string> {
  const created = (await stack.twentyRest('POST', '/rest/workspaceMembers', {
    name: { firstName, lastName: 'Тестова' },
    userEmail: email,
    userId: crypto.randomUUID(),
  })) as { data: Record<string, { id: string }> };
  const record = Object.values(created.data)[0];
  assert.ok(record?.id, 'the workspace member was created');
  return record.id;
}

describe('embed mode inside a sandboxed iframe, as Twenty frames it', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    host = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const src = url.searchParams.get('src') ?? '';
      const sandbox = url.searchParams.get('sandbox') ?? TWENTY_WIDGET_SANDBOX;
      const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html><head><meta charset="utf-8"><title>Twenty</title></head><body>
<h1>Корпус — запись в Twenty</h1>
<iframe name="widget" src="${attr(src)}" sandbox="${attr(sandbox)}" width="1200" height="800"></iframe>
</body></html>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
    stack = await startAppStack({
      name: 'embed',
      plugins: pluginsFor('chessboard', 'auctions', 'teams'),
      webhook: true,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    });
    const summary = await seedDemoRegistry(stack.runtime.twenty, {});
    await waitFor('the demo units in the read model', async () =>
      (await stack.runtime.store.readModel.count('unit')) >= summary.units ? true : undefined,
    );
    salesMemberId = await createMember(SALES_EMAIL, 'Анна');
    guestMemberId = await createMember(NO_ROLE_EMAIL, 'Гость');
    await allPlugins.find((p) => p.name === 'auctions')?.seed?.run(stack.runtime.contextFor('auctions'), {});
    const auctions = await stack.runtime.twenty.records('auction').list({ limit: 1 });
    auctionId = String(auctions.records[0]?.id);
    const deal = async (name: string, ownerId: string) => {
      const created = (await stack.twentyRest('POST', '/rest/opportunities', { name, ownerId })) as {
        data: Record<string, { id: string }>;
      };
      return String(Object.values(created.data)[0]?.id);
    };
    ownDealId = await deal('ЖК Северный — корпус 2, опт', salesMemberId);
    otherDealId = await deal('Чужая сделка', guestMemberId);
    await waitFor('the deals and the auctions in the read model', async () =>
      (await stack.runtime.store.readModel.count('opportunity')) >= 2 &&
      (await stack.runtime.store.readModel.count('auction')) >= 1
        ? true
        : undefined,
    );
    // The app server as a deployment configured for Twenty: the shared secret, roles by e-mail, the
    // host page's origin allowed to frame it (REALTY_EMBED_ORIGINS), members checked in the workspace.
    app = await startAppServer({
      runtime: stack.runtime,
      staffSecret: stack.staffSecret,
      twentyUrl: stack.devhost.url,
      port: 0,
      memberCheck: { ttlMs: 1_000 },
      embed: {
        appSecret: APP_SECRET,
        roles: parseEmbedRoles(`${SALES_EMAIL}=sales`).roles,
        // The host page's two names: another site (localhost) and the same site as the app (127.0.0.1).
        frameOrigins: [hostUrl, hostUrl.replace('localhost', '127.0.0.1')],
      },
    });
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1300, height: 900 } });
    csp = await watchCspViolations(context);
    page = await context.newPage();
    page.on('dialog', (dialog) => assert.fail(`a modal dialog opened: ${dialog.message()}`));
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await stack?.close();
    host?.close();
  });

  it('shows the chessboard without the app header, signed in as the member, with the token gone from the URL', async () => {
    // The building tab of the exported app: its URL and token, as its logic function makes them.
    const { frame, status } = await openFramed(appUrl('building', building.id));
    assert.equal(status, 200);
    await frame.waitForSelector('td[data-unit-id]');
    assert.equal(await frame.locator('#app-header').count(), 0, 'no header inside the widget');
    assert.equal(await frame.locator('body[data-embed]').count(), 1);
    assert.equal(await frame.locator('#realty-embed').count(), 0, 'the token block is gone from the DOM');
    const search = await frame.evaluate(() => location.search);
    assert.doesNotMatch(search, /[?&]t=/, 'the token left the address bar');
    const cells = await frame.locator('td[data-unit-id]').count();
    assert.equal(cells, demo.units.filter((u) => u.buildingId === building.id).length);
    await page.screenshot({ path: path.join(ARTIFACTS, 'embed-1-chessboard.png') });
  });

  it('filters through the API with the in-memory token, opens a unit card, no cookie or storage used', async () => {
    const frame = await frameOf(page);
    const matching = async () =>
      Number(await frame.locator('#legend [data-status="all"] .matching').textContent());
    const before = await matching();
    await frame.check('input[name="status"][value="FREE"]');
    await frame.waitForFunction(
      (n) => Number(document.querySelector('#legend [data-status="all"] .matching')?.textContent) !== n,
      before,
    );
    // The demo auctions took some FREE units: the count is what the board itself shows as FREE.
    const free = await frame.locator('td[data-unit-id][data-status="FREE"]').count();
    assert.ok(free > 0);
    assert.equal(await matching(), free);
    await frame.locator('td[data-unit-id]').first().click();
    await frame.waitForSelector('#card .fields');
    // biome-ignore lint/performance/useDomNodeTextContent: what the user sees is the point
    const card = (await frame.locator('#card').innerText()).replace(/\u00a0/g, ' ');
    assert.match(card, /Цена\s+\d{1,3}( \d{3})+ ₽/);
    assert.doesNotMatch(card, /\{"/);
    // A third-party sandboxed frame may not even reach storage: the page works all the same.
    const storage = (await frame.evaluate(`(() => {
      const size = (get) => { try { return get().length; } catch { return 'denied'; } };
      return { cookie: document.cookie, local: size(() => localStorage), session: size(() => sessionStorage) };
    })()`)) as { cookie: string; local: number | string; session: number | string };
    assert.equal(storage.cookie, '');
    assert.ok(
      [0, 'denied'].includes(storage.local) && [0, 'denied'].includes(storage.session),
      JSON.stringify(storage),
    );
    assert.deepEqual(await context.cookies(), [], 'the browser holds no cookie of the app');
  });

  it('offers the export as a plain link opening in a new tab with the token, which answers the xlsx', async () => {
    const frame = await frameOf(page);
    const link = frame.locator('#export');
    await frame.waitForFunction(
      () => !document.querySelector('#export')?.getAttribute('href')?.startsWith('#'),
    );
    // The link opens a new tab (allow-popups); Chromium still refuses the file there, since a popup
    // inherits the frame's sandbox (no allow-downloads): the Twenty app's record tab offers the page
    // in a tab of its own for that (docs/readme/embed.md).
    const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(
      await link.getAttribute('download'),
      null,
      'no download attribute: the sandbox refuses those',
    );
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, /^\/api\/chessboard\/[0-9a-f-]+\/export\.xlsx\?.*t=/);
    await popup.close();
    // What the new tab asks for is the file, with no cookie: the link carries the token.
    const res = await fetch(new URL(href, app.url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
    assert.equal((await res.arrayBuffer()).byteLength > 1000, true);
  });

  it('shows what alert/confirm would ask in the banner instead of a modal, and confirm answers no', async () => {
    const frame = await frameOf(page);
    const answer = await frame.evaluate(() => confirm('Отменить рассылку?'));
    assert.equal(answer, false);
    const banner = (await frame.locator('#realty-error').textContent()) ?? '';
    assert.match(banner, /Отменить рассылку\? — подтверждение недоступно внутри Twenty/);
  });

  it('works inside a front component frame too (no allow-same-origin: requests leave an opaque origin)', async () => {
    const token = signEmbedToken(salesMemberId, { secret: APP_SECRET });
    const { frame, status } = await openFramed(
      `${app.url}/chessboard?embed=1&building=${building.id}&t=${token}`,
      FRONT_COMPONENT_SANDBOX,
    );
    assert.equal(status, 200);
    await frame.waitForSelector('td[data-unit-id]');
    const before = Number(await frame.locator('#legend [data-status="all"] .matching').textContent());
    await frame.check('input[name="status"][value="FREE"]');
    await frame.waitForFunction(
      (n) => Number(document.querySelector('#legend [data-status="all"] .matching')?.textContent) !== n,
      before,
    );
    await frame.locator('td[data-unit-id]').first().click();
    await frame.waitForSelector('#card .fields');
  });

  it('shows the auction tab (its console) and the dashboard (the auctions registry) embedded', async () => {
    const console = await openFramed(appUrl('auction', auctionId));
    assert.equal(console.status, 200);
    assert.equal(await console.frame.locator('#app-header').count(), 0);
    await console.frame.waitForSelector('#auction-console');
    const { frame, status } = await openFramed(appUrl('auctions', ''));
    assert.equal(status, 200);
    assert.equal(await frame.locator('#app-header').count(), 0);
    assert.match(await frame.title(), /Аукцион|Торги/i);
    assert.equal(await frame.locator('#content').count(), 1);
  });

  it('shows the opportunity tab (the deal’s team) for a deal the member holds, and refuses one they do not', async () => {
    const own = await openFramed(appUrl('opportunity', ownDealId));
    assert.equal(own.status, 200);
    assert.equal(await own.frame.locator('#app-header').count(), 0);
    assert.match((await own.frame.locator('#content').textContent()) ?? '', /ЖК Северный — корпус 2, опт/);
    // The member's grants apply: another member's deal, which no team shares with them, is not theirs to see.
    const other = await openFramed(appUrl('opportunity', otherDealId));
    assert.ok([403, 404].includes(other.status), `status ${other.status}`);
    assert.doesNotMatch((await other.frame.locator('#content').textContent()) ?? '', /Чужая сделка/);
  });

  it('refuses a forged token and an expired one with the 401 page in Russian, inside the widget', async () => {
    const forged = signEmbedToken(salesMemberId, { secret: 'not-the-shared-secret-0123456789abcdef' });
    const first = await openFramed(`${app.url}/embed/chessboard?t=${forged}`);
    assert.equal(first.status, 401);
    assert.equal(await first.frame.locator('#app-header').count(), 0);
    assert.match(
      (await first.frame.locator('#realty-error').textContent()) ?? '',
      /токен встраивания недействителен/,
    );
    const expired = signEmbedToken(salesMemberId, {
      secret: APP_SECRET,
      now: new Date(Date.now() - 10 * 60_000),
    });
    const second = await openFramed(`${app.url}/embed/chessboard?t=${expired}`);
    assert.equal(second.status, 401);
    assert.match(
      (await second.frame.locator('#realty-error').textContent()) ?? '',
      /срок действия токена встраивания истёк/,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'embed-2-expired.png') });
  });

  it('refuses a member who has no role for embedded pages (403), naming the setting', async () => {
    const token = signEmbedToken(guestMemberId, { secret: APP_SECRET });
    const { frame, status } = await openFramed(`${app.url}/embed/chessboard?t=${token}`);
    assert.equal(status, 403);
    assert.match((await frame.locator('#realty-error').textContent()) ?? '', /нет роли .*REALTY_EMBED_ROLES/);
  });

  it('serves the iFrame widget route (a fixed URL, no token) from the browser’s own session on the same site', async () => {
    // realty setup's dashboard widget opens `/embed/auctions`: nothing is passed, the page relies on
    // the session the person opened in a tab of the same browser (Twenty and the app on one site).
    const other = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    try {
      const tab = await other.newPage();
      const signIn = await tab.goto(
        `${app.url}/auth/login?code=${await stack.signInCode('sales', { memberId: salesMemberId, email: SALES_EMAIL })}`,
      );
      assert.equal(signIn?.status(), 200);
      const sameSiteHost = hostUrl.replace('localhost', '127.0.0.1');
      const widget = `${sameSiteHost}/record?sandbox=${encodeURIComponent(TWENTY_WIDGET_SANDBOX)}&src=${encodeURIComponent(`${app.url}/embed/auctions`)}`;
      const [response] = await Promise.all([
        tab.waitForResponse((r) => r.url().startsWith(`${app.url}/embed/auctions`)),
        tab.goto(widget),
      ]);
      assert.equal(response.status(), 200);
      const frame = tab.frame({ name: 'widget' });
      assert.ok(frame);
      await frame.waitForLoadState('domcontentloaded');
      assert.equal(await frame.locator('#app-header').count(), 0);
      assert.match(await frame.title(), /Аукцион|Торги/i);
      // Cross-site (the host on localhost), the same widget gets no session: the sign-in refusal.
      const [refused] = await Promise.all([
        tab.waitForResponse((r) => r.url().startsWith(`${app.url}/embed/auctions`)),
        tab.goto(widget.replace(sameSiteHost, hostUrl)),
      ]);
      assert.equal(refused.status(), 401);
    } finally {
      await other.close();
    }
  });

  it('broke no Content-Security-Policy rule', () => {
    assert.deepEqual(csp.violations(), []);
  });
});
