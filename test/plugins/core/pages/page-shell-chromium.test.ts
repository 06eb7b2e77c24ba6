/**
 * The page shell in Chromium: a page rendered by `renderPage` loads the
 * shared helpers from /assets/core, the browser formats values exactly as the
 * server does, and a failed `realty.fetchJson` shows the one error body in the
 * banner — message, field and row — the same way on every page; a screenshot
 * goes to test/artifacts/page-shell-error.png. The app's security headers are
 * on: the shell passes its Content-Security-Policy, and an inline script
 * injected into a page's content is refused by it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  createAssetServer,
  formatArea,
  formatDate,
  formatRubMicros,
  renderPage,
} from '../../../../plugins/core/pages/index';
import { registerSecurityHeaders } from '../../../../webhooks/security-headers';
import { type CspWatch, watchCspViolations } from '../../../support/csp-violations';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', '..', 'artifacts');
const executablePath =
  process.env.REALTY_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const skip =
  process.env.REALTY_BROWSER_SKIP ?? (executablePath ? false : 'no chromium (set REALTY_CHROMIUM)');

let app: FastifyInstance;
let url: string;
let browser: Browser;
let page: Page;
let csp: CspWatch;

describe('the page shell in Chromium', { skip }, () => {
  before(async () => {
    app = Fastify();
    await registerSecurityHeaders(app, { twentyUrl: 'http://127.0.0.1:1' });
    const assets = createAssetServer([]);
    app.get('/assets/:plugin/*', async (request, reply) => {
      const { plugin, '*': file } = request.params as { plugin: string; '*': string };
      const answer = await assets.answer(plugin, file, request.headers['if-none-match']);
      return reply
        .code(answer.status)
        .headers(answer.headers)
        .send(answer.body ?? null);
    });
    app.get('/import', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(
        renderPage({
          title: { ru: 'Импорт квартир', en: 'Unit import' },
          principal: {
            kind: 'staff',
            memberId: '6d0f8e2a-1f0b-4a53-9c1e-2f1b7a3c9d10',
            email: 'sales@realty.test',
            role: 'sales',
          },
          pages: [
            { path: '/chessboard', title: { ru: 'Шахматка', en: 'Chessboard' }, roles: ['sales'], order: 10 },
            {
              path: '/import',
              title: { ru: 'Импорт квартир', en: 'Unit import' },
              roles: ['sales'],
              order: 20,
            },
            { path: '/reports', title: { ru: 'Отчёты', en: 'Reports' }, roles: ['finance'], order: 30 },
          ],
          content: '<h1>Импорт квартир</h1><p>Загрузите файл.</p>',
        }),
      ),
    );
    // A route whose content carries an inline script, as a stored value that escaped escaping would.
    app.get('/injected', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(
        renderPage({
          title: { ru: 'Внедрение', en: 'Injected' },
          principal: { kind: 'anonymous' },
          pages: [],
          content:
            '<p>Описание</p><script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">',
        }),
      ),
    );
    app.post('/api/import/plans', async (_request, reply) =>
      reply.code(422).send({
        status: 422,
        code: 'import_bad_cell',
        message: 'Площадь — не число: «много»',
        field: 'totalArea',
        row: 12,
      }),
    );
    app.get('/api/crash', async (_request, reply) =>
      reply.code(502).type('text/html').send('<h1>Bad gateway</h1>'),
    );
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await (await browser.newContext({ viewport: { width: 1100, height: 500 } })).newPage();
    csp = await watchCspViolations(page);
    await page.goto(`${url}/import`);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the header: app name, the role’s pages with the current one marked, who is signed in', async () => {
    assert.equal(await page.locator('#app-name').textContent(), 'twenty-realty');
    assert.deepEqual(await page.locator('#nav a').allTextContents(), ['Шахматка', 'Импорт квартир']);
    assert.equal(await page.locator('#nav a[aria-current="page"]').textContent(), 'Импорт квартир');
    assert.equal(
      (await page.locator('#who').textContent())?.replace(/\s+/g, ' ').trim(),
      'sales@realty.test продажи Выйти',
    );
    assert.equal(await page.locator('#realty-error').isVisible(), false, 'no banner before a failure');
  });

  it('formats values in the browser exactly as the server does', async () => {
    const browserText = await page.evaluate(() => {
      const r = (globalThis as unknown as { realty: Record<string, (v: unknown) => string> }).realty;
      return [
        r.formatRubMicros({ amountMicros: 55_686_440_000_000 }),
        r.formatArea(173),
        r.formatDate('2026-09-30T22:30:00Z'),
      ];
    });
    assert.deepEqual(browserText, [
      formatRubMicros({ amountMicros: 55_686_440_000_000 }),
      formatArea(173),
      formatDate('2026-09-30T22:30:00Z'),
    ]);
    assert.equal(browserText[0].replace(/\u00a0/g, ' '), '55 686 440 ₽');
  });

  it('shows a failed request’s error body in the banner: message, field and row, and rejects with it', async () => {
    const rejected = await page.evaluate(async () => {
      const r = (globalThis as unknown as { realty: { fetchJson(u: string, o?: object): Promise<unknown> } })
        .realty;
      try {
        await r.fetchJson('/api/import/plans', { method: 'POST', body: { file: 'x' } });
        return null;
      } catch (error) {
        return (error as { body: unknown }).body;
      }
    });
    assert.deepEqual(rejected, {
      status: 422,
      code: 'import_bad_cell',
      message: 'Площадь — не число: «много»',
      field: 'totalArea',
      row: 12,
    });
    const banner = page.locator('#realty-error');
    assert.equal(await banner.isVisible(), true);
    assert.equal(await banner.locator('.realty-error-message').textContent(), 'Площадь — не число: «много»');
    // The banner names the row; the internal field name stays in the body for programs, not on the page.
    assert.equal(await banner.locator('.realty-error-where').textContent(), 'строка 12');
    assert.equal(await banner.locator('.realty-error-code').textContent(), '422 import_bad_cell');
    await page.screenshot({ path: path.join(ARTIFACTS, 'page-shell-error.png') });
    await banner.locator('.realty-error-close').click();
    assert.equal(await banner.isVisible(), false, 'the banner closes');
  });

  it('turns an answer that is not the error body (a proxy’s HTML page) into one, without markup', async () => {
    const body = await page.evaluate(async () => {
      const r = (globalThis as unknown as { realty: { fetchJson(u: string): Promise<unknown> } }).realty;
      return r.fetchJson('/api/crash').catch((error: { body: unknown }) => error.body);
    });
    assert.deepEqual(body, { status: 502, code: 'http_error', message: 'Сервер ответил 502: Bad gateway' });
    assert.equal(
      await page.locator('#realty-error .realty-error-message').textContent(),
      'Сервер ответил 502: Bad gateway',
    );
  });

  it('passed the Content-Security-Policy: no violation on the shell, its helpers and its banner', () => {
    assert.deepEqual(csp.violations(), []);
  });

  it('refuses an inline script and an inline event handler injected into a page', async () => {
    const other = await page.context().newPage();
    const injected = await watchCspViolations(other);
    await other.goto(`${url}/injected`);
    await other.waitForLoadState('load');
    assert.equal(await other.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    // The page still works: the shell's own script (served from the app) ran.
    assert.equal(
      await other.evaluate(() => typeof (globalThis as { realty?: unknown }).realty),
      'object',
      'the shell script from /assets ran',
    );
    await other.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    const refused = injected.violations();
    assert.ok(
      refused.some((line) => line.startsWith('script-src-elem inline')),
      `the inline script was reported: ${refused.join('; ')}`,
    );
    assert.ok(
      refused.some((line) => line.startsWith('script-src-attr inline')),
      `the onerror attribute was reported: ${refused.join('; ')}`,
    );
    await other.close();
  });
});
