/**
 * The partner portal in headless Chromium, on a phone-sized screen: sign in
 * with e-mail and password (a wrong one is refused in words), the agency's home
 * with its objects, the chessboard of its scope (the chessboard plugin's page),
 * a unit card at its level, a booking request and an auction application for a
 * client, and the requests page with their statuses; then the other agency
 * sees none of it. No CSP violation anywhere. Screenshots in test/artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type AgenciesApp, buildingId, startAgenciesApp, unitId } from '../plugins/agencies/agencies-app';
import { browserSkip, launchChromium } from '../support/chromium';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const skip = browserSkip;
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `agencies-portal-${name}.png`), fullPage: true });

let app: AgenciesApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let csp: CspWatch;

describe('the partner portal in Chromium', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    app = await startAgenciesApp({ name: 'agencies-portal' });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    csp = await watchCspViolations(context);
    page = await context.newPage();
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  it('refuses a wrong password in words and signs in with the right one', async () => {
    await page.goto(`${app.url}/partner`);
    assert.match(page.url(), /\/partner\/login\?next=/);
    await page.fill('input[name="email"]', 'anna@etazhi.demo');
    await page.fill('input[name="password"]', 'not-the-password');
    await page.click('main button[type="submit"]');
    await page.waitForFunction(() =>
      document.querySelector('#login-message')?.textContent?.includes('Неверный'),
    );
    await shot(page, '1-login-refused');
    await page.fill('input[name="password"]', 'demo-partner-2026');
    await Promise.all([page.waitForURL(/\/partner$/), page.click('main button[type="submit"]')]);
    const text = await page.locator('main').innerText();
    assert.match(text, /Этажи-Партнёр/);
    assert.match(text, /расширенный/);
    assert.match(text, /Корпус 1/);
    assert.doesNotMatch(text, /Речной/);
    await shot(page, '2-home');
  });

  it('opens the chessboard of its scope with only its units', async () => {
    await page.goto(`${app.url}/chessboard?building=${buildingId('SEVERNY', '1')}`);
    await page.waitForSelector('td[data-unit-id]');
    const statuses = await page
      .locator('td[data-unit-id]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')));
    assert.ok(statuses.length > 0);
    assert.ok(
      statuses.every((s) => s === 'FREE' || s === 'RESERVED'),
      statuses.join(','),
    );
    await shot(page, '3-chessboard');
  });

  it('shows a unit card at its level, formatted for people', async () => {
    await page.goto(`${app.url}/partner/units/${unitId('SEVERNY', '1', 1, 0)}`);
    const text = await page.locator('main').innerText();
    assert.match(text, /Квартира/);
    assert.match(text, /₽/);
    assert.match(text, /м²/);
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no ids on the page');
    await shot(page, '4-unit-card');
  });

  it('files a booking request for a client and sees it with its status', async () => {
    await page.click('text=Забронировать для клиента');
    await page.fill('input[name="clientName"]', 'Петров Пётр Петрович');
    await page.fill('input[name="clientPhone"]', '+7 900 111-22-33');
    await page.fill('textarea[name="comment"]', 'Клиент готов к сделке в марте');
    await shot(page, '5-booking-form');
    await Promise.all([page.waitForURL(/\/partner\/requests$/), page.click('main button[type="submit"]')]);
    for (let i = 0; i < 100 && !(await page.locator('main').innerText()).includes('Петров'); i++) {
      await page.waitForTimeout(300);
      await page.reload();
    }
    const text = await page.locator('main').innerText();
    assert.match(text, /Петров Пётр Петрович/);
    assert.match(text, /Запрошена/);
  });

  it('files an auction application for a client', async () => {
    await page.goto(`${app.url}/partner/apply`);
    const options = await page.locator('select[name="lotId"] option').allInnerTexts();
    assert.equal(options.length, 1, options.join(' | '));
    assert.match(options[0] as string, /Т-2026-01/);
    await page.fill('input[name="clientName"]', 'Сидорова Анна');
    await page.fill('input[name="clientEmail"]', 'sidorova@example.com');
    await shot(page, '6-application-form');
    await Promise.all([page.waitForURL(/\/partner\/requests$/), page.click('main button[type="submit"]')]);
    for (let i = 0; i < 100 && !(await page.locator('main').innerText()).includes('Сидорова'); i++) {
      await page.waitForTimeout(300);
      await page.reload();
    }
    const text = await page.locator('main').innerText();
    assert.match(text, /Сидорова Анна/);
    assert.match(text, /На рассмотрении/);
    await shot(page, '7-requests');
  });

  it('shows the other agency none of it, and refuses its probes on the pages', async () => {
    await page.goto(`${app.url}/partner`);
    await Promise.all([page.waitForURL(/\/partner\/login/), page.click('#sign-out')]);
    await page.fill('input[name="email"]', 'vera@gorod.demo');
    await page.fill('input[name="password"]', 'demo-partner-2026');
    await Promise.all([page.waitForURL(/\/partner$/), page.click('main button[type="submit"]')]);
    const home = await page.locator('main').innerText();
    assert.match(home, /Городской риелтор/);
    assert.match(home, /базовый/);
    assert.doesNotMatch(home, /Северный/);
    await page.goto(`${app.url}/partner/requests`);
    const requests = await page.locator('main').innerText();
    assert.doesNotMatch(requests, /Петров|Сидорова/);
    const probe = await page.goto(`${app.url}/partner/units/${unitId('SEVERNY', '1', 1, 0)}`);
    assert.equal(probe?.status(), 404);
    await page.goto(`${app.url}/partner/units/${unitId('RECHNOY', '1', 1, 0)}`);
    const card = await page.locator('main').innerText();
    assert.doesNotMatch(card, /₽/, 'BASIC: no prices');
    await shot(page, '8-basic-card');
    assert.deepEqual(csp.violations(), []);
  });
});
