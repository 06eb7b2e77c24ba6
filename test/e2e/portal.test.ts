/**
 * The developer's website as a browser sees it: a page on another origin (a stand-in for the
 * corporate site, served here) calls the portal's site API from the browser — CORS allows its
 * origin — lists the available units, opens a unit's card and shows its floor plan (the SVG and the
 * PNG the API draws). Screenshots go to test/artifacts/.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { portalPlugin } from '../../plugins/portal/index';
import { registryPlugin } from '../../plugins/registry/index';
import { IDS, writeFixture } from '../plugins/portal/portal-fixture';
import { type AppStack, startAppStack, waitFor } from '../support/app-stack';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const executablePath =
  process.env.REALTY_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const skip =
  process.env.REALTY_BROWSER_SKIP ?? (executablePath ? false : 'no chromium (set REALTY_CHROMIUM)');

/** The website: its own script reads the API of the app named in ?api=. */
const SITE = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Новостройки</title>
<style>body{font-family:sans-serif;margin:16px} li{cursor:pointer;margin:4px 0} #plan img{border:1px solid #ccc;max-width:100%}</style>
</head><body><h1>Квартиры в продаже</h1><ul id="units"></ul><div id="card"></div><div id="plan"></div>
<script>
const api = new URLSearchParams(location.search).get('api');
const rub = (n) => new Intl.NumberFormat('ru-RU').format(n) + ' ₽';
// The API's links carry the app's PUBLIC_URL; in this test the app listens elsewhere.
const here = (u) => api + new URL(u).pathname;
async function show(id) {
  const u = await (await fetch(api + '/portal/v1/units/' + id)).json();
  document.getElementById('card').innerHTML = '<h2 id="card-title">№ ' + u.number + ', ' + u.complexName + '</h2>' +
    '<p>' + (u.rooms === 0 ? 'Студия' : u.rooms + '-комн.') + ', ' + u.totalArea + ' м², этаж ' + u.floor + ', ' + rub(u.price.amount) + '</p>';
  document.getElementById('plan').innerHTML = '<h3>Планировка этажа</h3><img id="plan-svg" src="' + here(u.floorPlanUrl) + '">' +
    '<img id="plan-png" width="300" src="' + here(u.floorPlanPngUrl) + '">';
}
(async () => {
  const r = await fetch(api + '/portal/v1/units?buildingId=${IDS.buildingA}&kind=FLAT&limit=50');
  const body = await r.json();
  const ul = document.getElementById('units');
  for (const u of body.items) {
    const li = document.createElement('li');
    li.dataset.number = u.number;
    li.textContent = '№ ' + u.number + ' — ' + (u.rooms === 0 ? 'студия' : u.rooms === null ? 'комнат: ?' : u.rooms + ' комн.') + ', ' + u.totalArea + ' м², ' + rub(u.price.amount);
    li.addEventListener('click', () => show(u.id));
    ul.appendChild(li);
  }
  document.body.dataset.loaded = String(body.items.length);
})().catch((e) => { document.body.dataset.error = String(e); });
</script></body></html>`;

let stack: AppStack;
let site: Server;
let siteUrl: string;
let browser: Browser;
let page: Page;

describe('the site API on a website, in Chromium', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    site = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SITE),
    );
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    process.env.PORTAL_CORS_ORIGINS = siteUrl;
    stack = await startAppStack({
      name: 'portal-e2e',
      plugins: [registryPlugin, portalPlugin],
      webhook: true,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    });
    const count = await writeFixture(stack.runtime.twenty);
    await waitFor('the fixture in the read model', async () =>
      (await stack.runtime.store.readModel.count('unit')) >= count ? true : undefined,
    );
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
    site?.close();
    delete process.env.PORTAL_CORS_ORIGINS;
  });

  it('lists units from the API across origins and shows a unit’s floor plan', async () => {
    // The API's links point at the app: the stack's own address here.
    const api = stack.server.url;
    await page.goto(`${siteUrl}/?api=${encodeURIComponent(api)}`);
    await page.waitForSelector('body[data-loaded], body[data-error]');
    assert.equal(await page.getAttribute('body', 'data-error'), null, 'the API answered the website (CORS)');
    const numbers = await page.$$eval('#units li', (lis) =>
      lis.map((li) => (li as HTMLElement).dataset.number),
    );
    assert.ok(numbers.includes('5'));
    assert.ok(!numbers.includes('51'), 'an unpublished unit is not on the site');
    await page.click('#units li[data-number="5"]');
    await page.waitForSelector('#card-title');
    assert.match((await page.textContent('#card-title')) ?? '', /№ 5, ЖК «Дом & Сад» <1>/);
    // Both drawings load and have a size (an image that failed to load has naturalWidth 0).
    for (const id of ['#plan-svg', '#plan-png']) {
      await page.waitForFunction((sel) => {
        const img = document.querySelector(sel) as HTMLImageElement | null;
        return img?.complete && img.naturalWidth > 0;
      }, id);
    }
    const src = (await page.getAttribute('#plan-svg', 'src')) ?? '';
    assert.match(src, new RegExp(`/portal/v1/sections/${IDS.sectionA1}/floors/3/floor-plan\\.svg$`));
    await page.screenshot({ path: path.join(ARTIFACTS, 'portal-site-floor-plan.png'), fullPage: true });
    // The drawing alone, as the API gives it.
    await page.goto(src);
    await page.screenshot({ path: path.join(ARTIFACTS, 'portal-floor-plan.png') });
    assert.match((await page.content()) ?? '', /№ 5/);
  });
});
