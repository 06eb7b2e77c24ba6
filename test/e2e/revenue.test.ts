/**
 * The /revenue pages in headless Chromium on the demo data: sign in as
 * finance, the portfolio chart drawn by ECharts (served by the app itself —
 * bars received, lines planned per scenario kind, the weighted forecast),
 * the table behind it in ₽, a deal's scenarios side by side with their lines
 * and the rates used, allocations per department and person by month; no CSP
 * violation, no raw JSON or ids on the pages. Screenshots go to test/artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildDemoRevenue } from '../../plugins/revenue/demo-data';
import { revenuePlugin } from '../../plugins/revenue/index';
import { type AppStack, startAppStack } from '../support/app-stack';
import { browserSkip, launchChromium } from '../support/chromium';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const skip = browserSkip;

let app: AppStack;
let browser: Browser;
let page: Page;
let csp: CspWatch;

describe('the revenue pages in Chromium', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    app = await startAppStack({
      name: 'revenue-e2e',
      plugins: [revenuePlugin],
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    });
    const counts = await revenuePlugin.seed?.run(app.runtime.contextFor('revenue'), {});
    assert.ok((counts?.revenuePlanLine ?? 0) > 20);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    csp = await watchCspViolations(context);
    page = await context.newPage();
    await page.goto(`${app.server.url}/auth/login?code=${await app.signInCode('finance')}`);
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  it('draws the portfolio chart with ECharts: bars received, lines planned, in RUB', async () => {
    await page.goto(`${app.server.url}/revenue`);
    await page.waitForSelector('#revenue-chart[data-drawn]');
    const chart = await page.evaluate(() => {
      const holder = document.getElementById('revenue-chart') as HTMLElement;
      const canvas = holder.querySelector('canvas') as HTMLCanvasElement | null;
      const w = window as unknown as {
        echarts: {
          getInstanceByDom(el: HTMLElement): {
            getOption(): { series: { type: string; name: string; data: number[] }[] };
          };
        };
      };
      const option = w.echarts.getInstanceByDom(holder).getOption();
      // Count non-blank pixels: a chart that did not draw is an empty canvas.
      let inked = 0;
      if (canvas) {
        const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4 * 16) if ((data[i] as number) > 0) inked++;
      }
      return {
        series: option.series.map((s) => ({
          type: s.type,
          name: s.name,
          points: s.data.length,
          sum: s.data.reduce((a, b) => a + b, 0),
        })),
        inked,
      };
    });
    assert.ok(chart.inked > 1000, `the canvas is blank (${chart.inked} inked samples)`);
    const bars = chart.series.filter((s) => s.type === 'bar');
    assert.deepEqual(
      bars.map((s) => s.name),
      ['Получено'],
    );
    assert.ok((bars[0]?.sum ?? 0) > 0, 'something was received');
    const lines = chart.series.filter((s) => s.type === 'line').map((s) => s.name);
    assert.ok(lines.includes('План: базовый') && lines.includes('Взвешенный прогноз'), lines.join(', '));
    const received = await page.locator('#total-received').textContent();
    assert.match(received ?? '', /^\d{1,3}(\u00a0\d{3})*(,\d{2})?\u00a0₽$/);
    const text = (await page.locator('#content').textContent()) ?? '';
    assert.doesNotMatch(text, /amountMicros|[0-9a-f]{8}-[0-9a-f]{4}-/);
    assert.match(text, /Стратегия девелопмента башни «Сити-Север»/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'revenue-portfolio.png'), fullPage: true });
  });

  it('shows a deal’s scenarios side by side with their lines and the rates used', async () => {
    await page.click('text=Аудит торгового центра в Алматы');
    await page.waitForSelector('.scenario');
    assert.equal(await page.locator('.scenario').count(), 2);
    assert.equal(await page.locator('.scenario.primary').count(), 1);
    const text = (await page.locator('#revenue-deal').textContent()) ?? '';
    assert.match(text, /KZT за 100 /);
    assert.match(text, /18\u00a0500\u00a0000\u00a0KZT/);
    assert.match(text, /основной/);
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'revenue-deal.png'), fullPage: true });
  });

  it('shows allocations per department and person by month in RUB', async () => {
    await page.goto(`${app.server.url}/revenue/allocations`);
    const departments = await page.locator('#alloc-department tbody tr').count();
    assert.equal(departments, buildDemoRevenue().departments.length);
    const text = (await page.locator('#alloc-department').textContent()) ?? '';
    assert.match(text, /Консалтинг/);
    assert.match(text, /₽/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'revenue-allocations.png'), fullPage: true });
    assert.deepEqual(csp.violations(), []);
  });
});
