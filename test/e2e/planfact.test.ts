/**
 * The /planfact page in headless Chromium on the demo registry and the demo plan (the seeds of
 * `npm start`) with contracts signed this month and last: the chart of plan against fact drawn by
 * ECharts (served by the app), the table and totals in ₽; the calculator — price +5 % on the FREE
 * stock and a changed plan value — recomputing the totals without saving (the stored plan is the
 * same), then «save as a new plan version» writing version 2. No CSP violation. Screenshot:
 * test/artifacts/planfact.png.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { auctionsPlugin } from '../../plugins/auctions/index';
import { uuidV5 } from '../../plugins/core/plugin/index';
import { paymentsPlugin } from '../../plugins/payments/index';
import { planfactPlugin } from '../../plugins/planfact/index';
import { addMonths, moscowMonth } from '../../plugins/planfact/rules/months';
import { buildDemoRegistry, registryPlugin } from '../../plugins/registry/index';
import { type AppStack, startAppStack, waitFor } from '../support/app-stack';
import { browserSkip, launchChromium } from '../support/chromium';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const skip = browserSkip;

let app: AppStack;
let browser: Browser;
let page: Page;
let csp: CspWatch;
const MONTH = moscowMonth(new Date());

/** «1 234 567,5 ₽» → 1234567.5 */
const rubles = (text: string) => Number(text.replace(/[^\d,-]/g, '').replace(',', '.'));

describe('the plan-fact page in Chromium', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    app = await startAppStack({
      name: 'planfact-e2e',
      plugins: [registryPlugin, auctionsPlugin, paymentsPlugin, planfactPlugin],
      webhook: true,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
      devhostRequestsPerMinute: 6000,
    });
    await registryPlugin.seed?.run(app.runtime.contextFor('registry'), {});
    const counts = await planfactPlugin.seed?.run(app.runtime.contextFor('planfact'), {});
    assert.equal(counts?.salesPlan, 3 * 6 * 4);
    assert.deepEqual(await planfactPlugin.seed?.run(app.runtime.contextFor('planfact'), {}), {});
    // Contracts signed this month and last on sold demo flats: the fact.
    const sold = buildDemoRegistry()
      .units.filter((u) => u.status === 'SOLD' && u.kind === 'FLAT')
      .slice(0, 6);
    await app.runtime.twenty.records('saleContract').createMany(
      sold.map((u, i) => ({
        id: uuidV5(`planfact-e2e:contract:${i}`),
        unitId: String(u.id),
        number: `ДКП-E2E-${i + 1}`,
        status: 'SIGNED',
        signedAt: `${i % 2 === 0 ? MONTH : addMonths(MONTH, -1)}-0${2 + i}T09:00:00.000Z`,
        price: u.price,
      })),
    );
    await waitFor('the demo in the read model', async () =>
      (await app.runtime.store.readModel.count('saleContract')) === 6 &&
      (await app.runtime.store.readModel.count('salesPlan')) === 72
        ? true
        : undefined,
    );
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ru-RU' });
    csp = await watchCspViolations(context);
    page = await context.newPage();
    await page.goto(`${app.server.url}/auth/login?code=${await app.signInCode('finance')}`);
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  it('shows plan against fact, and the calculator recomputes the totals without saving, then saves a version', async () => {
    await page.goto(`${app.server.url}/planfact?metric=REVENUE`);
    await page.waitForSelector('#pf-chart[data-drawn]');
    const inked = await page.evaluate(() => {
      const canvas = document.querySelector('#pf-chart canvas') as HTMLCanvasElement;
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
        0,
        0,
        canvas.width,
        canvas.height,
      ).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) n++;
      return n;
    });
    assert.ok(inked > 1000, `the chart drew (${inked} pixels)`);
    assert.equal(await page.locator('#pf-table tbody tr').count(), 3 * 6);
    const card = page.locator('#pf-totals [data-total="REVENUE"]');
    const planBefore = rubles(await card.locator('.t-plan').innerText());
    const factText = await card.locator('.t-fact').innerText();
    assert.ok(rubles(factText) > 0, factText);
    assert.match(factText, /₽$/);
    const projected = async () => rubles(await page.locator('#pf-proj-revenue').innerText());
    const toSell = rubles(await page.locator('#pf-sell-revenue').innerText());
    assert.ok(toSell > 0, 'the plan still wants units this month and next');
    const before = await projected();

    // What-if: the remaining FREE stock 5 % dearer.
    await page.fill('#pf-price', '5');
    await page.waitForSelector('#planfact-page[data-recalculated="1"]');
    const after = await projected();
    assert.ok(Math.abs(after - before - toSell * 0.05) < 1, `${after} − ${before} ≈ 5 % of ${toSell}`);
    assert.ok(Math.abs(rubles(await page.locator('#pf-sell-revenue').innerText()) - toSell * 1.05) < 1);

    // A changed plan value: the totals follow, the row is marked.
    const first = page.locator('#pf-table tbody tr').first();
    const old = rubles(await first.locator('input.pf-plan').inputValue());
    await first.locator('input.pf-plan').fill(String(old + 10_000_000));
    await page.waitForSelector('#planfact-page[data-recalculated="2"]');
    assert.equal(rubles(await card.locator('.t-plan').innerText()), planBefore + 10_000_000);
    assert.equal(await page.locator('#pf-changed').innerText(), '1');
    assert.ok(await first.evaluate((tr) => tr.classList.contains('changed')));
    await page.screenshot({ path: path.join(ARTIFACTS, 'planfact.png'), fullPage: true });
    // Nothing saved yet: version 1 only.
    const versions = async () => {
      const out = new Set<number>();
      for await (const r of app.runtime.twenty.records('salesPlan').iterate({ filter: 'active[eq]:true' }))
        out.add(Number(r.version));
      return [...out];
    };
    assert.deepEqual(await versions(), [1]);

    await page.click('#pf-save');
    await page.waitForFunction(() =>
      /Сохранена версия плана 2/.test(document.getElementById('pf-save-result')?.textContent ?? ''),
    );
    assert.deepEqual(await versions(), [2]);

    // The import on the page: a workbook with an unknown complex is refused in the banner, row and column named.
    const book = new ExcelJS.Workbook();
    book.addWorksheet('План продаж').addRows([
      ['Месяц', 'ЖК', 'Показатель', 'План'],
      [`${MONTH}`, 'ЖК «Нигде»', 'Выручка', 1_000_000],
    ]);
    await page.setInputFiles('#pf-file', {
      name: 'план.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    await page.click('#pf-check');
    await page.waitForSelector('#realty-error:not([hidden])');
    assert.match(
      await page.locator('#realty-error').innerText(),
      /План не загружен, ничего не записано.*строка 2, столбец B «ЖК»: ЖК «ЖК «Нигде»» нет в реестре/s,
    );
    assert.deepEqual(await versions(), [2]);
    assert.deepEqual(csp.violations(), []);
  });
});
