/**
 * The /reports page in headless Chromium over generated data: sign in as finance, pick a section
 * in the form (the page reloads with it), the accumulated receipts drawn by ECharts (served by the
 * app), the table in ₽ and dd.mm.yyyy with its totals row, the xlsx downloaded by the link and read
 * back; no CSP violation, no raw JSON or ids. Screenshots go to test/artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { auctionsPlugin } from '../../plugins/auctions/index';
import { paymentsPlugin } from '../../plugins/payments/index';
import { registryPlugin } from '../../plugins/registry/index';
import { reportsPlugin } from '../../plugins/reports/index';
import { generateReportData, loadIntoReadModel } from '../plugins/reports/report-data';
import { type AppStack, startAppStack } from '../support/app-stack';
import { browserSkip, launchChromium } from '../support/chromium';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const skip = browserSkip;

let app: AppStack;
let browser: Browser;
let page: Page;
let csp: CspWatch;

describe('the /reports page in Chromium', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    app = await startAppStack({
      name: 'reports-e2e',
      plugins: [registryPlugin, auctionsPlugin, paymentsPlugin, reportsPlugin],
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    });
    await loadIntoReadModel(
      app.runtime.store,
      generateReportData({ units: 60, auctions: 80 }),
      app.runtime.registry.readModel.map((e) => e.object),
    );
    // Date fields as Russian users see them (dd.mm.yyyy).
    browser = await launchChromium(['--lang=ru-RU']);
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      locale: 'ru-RU',
      acceptDownloads: true,
    });
    csp = await watchCspViolations(context);
    page = await context.newPage();
    await page.goto(`${app.server.url}/auth/login?code=${await app.signInCode('finance')}`);
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  it('picks a section, draws its chart and shows the table for people', async () => {
    await page.goto(`${app.server.url}/reports?from=2024-01-01&to=2026-06-15&date=2026-06-15`);
    await page.selectOption('#report-section', 'accumulated-by-year');
    await page.waitForSelector('#report-section-2');
    await page.waitForSelector('#report-chart[data-drawn]');
    const chart = await page.evaluate(() => {
      const holder = document.getElementById('report-chart') as HTMLElement;
      const canvas = holder.querySelector('canvas') as HTMLCanvasElement | null;
      const w = window as unknown as {
        echarts: {
          getInstanceByDom(el: HTMLElement): {
            getOption(): { xAxis: { data: string[] }[]; series: { name: string }[] };
          };
        };
      };
      const option = w.echarts.getInstanceByDom(holder).getOption();
      let inked = 0;
      if (canvas) {
        const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
          0,
          0,
          canvas.width,
          canvas.height,
        ).data;
        for (let i = 3; i < data.length; i += 4 * 16) if ((data[i] as number) > 0) inked++;
      }
      return { years: option.xAxis[0]?.data ?? [], series: option.series.map((s) => s.name), inked };
    });
    assert.ok(chart.inked > 1000, `the canvas is blank (${chart.inked})`);
    assert.deepEqual(chart.years, ['2024', '2025', '2026']);
    assert.deepEqual(chart.series, ['Поступило за год', 'Нарастающим итогом']);
    const head = await page.locator('#report-section-2 thead th').allTextContents();
    assert.deepEqual(head, ['ЖК', 'Корпус', 'Год', 'Платежей', 'Поступило за год', 'Нарастающим итогом']);
    const total = (await page.locator('#report-section-2 tfoot td').nth(4).textContent()) ?? '';
    assert.match(total, /^\d{1,3}(\u00a0\d{3})*(,\d{2})?\u00a0₽$/);
    const text = (await page.locator('#content').textContent()) ?? '';
    assert.doesNotMatch(text, /amountMicros|[0-9a-f]{8}-[0-9a-f]{4}-/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-accumulated.png'), fullPage: true });
  });

  it('downloads the section as xlsx from the page', async () => {
    await page.goto(`${app.server.url}/reports?section=sales&from=2025-01-01&to=2026-06-15`);
    const rows = await page.locator('#report-section-6 tbody tr').count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-download')]);
    assert.match(download.suggestedFilename(), /^report-06-sales-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(file as string)) as never);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    assert.equal(sheet.name, '6. Продажи (договоры) за период');
    assert.equal(sheet.getRow(1).getCell(1).value, 'Договор');
    assert.equal(sheet.rowCount, rows + 2, 'header, the rows the page shows, the totals');
    assert.equal(sheet.getRow(rows + 2).getCell(1).value, 'Итого');
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-sales.png'), fullPage: true });
    assert.deepEqual(csp.violations(), []);
  });
});
