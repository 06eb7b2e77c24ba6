/**
 * The auctions' pages in Chromium, on the demo data (`realty seed-demo`): the registry with its
 * filters and counts, an auction's console (lots, admission, bids, protocol, journal, deadlines),
 * a bid entered on the console, the payment wizard pre-filled from the participant (and a
 * duplicate bank reference refused in the error banner), an auction created from FREE units on
 * the registry page, and the unit card's current auction. Screenshots in test/artifacts/; the
 * pages run under the app's CSP with no violation.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { checkUnitsInAuction, demoAuctionUnits } from '../../plugins/auctions/index';
import { allPlugins } from '../../plugins/index';
import { type AppStack, pluginsFor, startAppStack } from '../support/app-stack';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';
import { queueDrained, waitFor } from '../support/wait';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const executablePath =
  process.env.REALTY_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const skip =
  process.env.REALTY_BROWSER_SKIP ?? (executablePath ? false : 'no chromium (set REALTY_CHROMIUM)');

let stack: AppStack;
let browser: Browser;
let page: Page;
let csp: CspWatch;
const shot = (name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `auctions-${name}.png`), fullPage: true });

async function drained(): Promise<void> {
  await queueDrained(stack.runtime.store.queue, 60_000);
}

describe('the auctions pages in Chromium', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    stack = await startAppStack({
      name: 'auctions-pages',
      plugins: pluginsFor('payments', 'chessboard'),
      webhook: true,
      rateLimit: { requestsPerMinute: 100_000, requestsPerSecond: 10_000 },
      devhostRequestsPerMinute: 100_000,
    });
    for (const name of ['registry', 'auctions', 'payments']) {
      const plugin = allPlugins.find((p) => p.name === name);
      await plugin?.seed?.run(stack.runtime.contextFor(name), {});
    }
    await drained();
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    csp = await watchCspViolations(context);
    page = await context.newPage();
    await page.goto(`${stack.server.url}/auth/login?code=${await stack.signInCode('sales')}`);
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  it('holds IN_AUCTION exactly the units of the running demo auctions (the consistency job finds nothing)', async () => {
    const result = await checkUnitsInAuction(stack.runtime.contextFor('auctions'));
    assert.deepEqual(result, { flagged: 0, cleared: 0 });
  });

  it('lists the demo auctions with counts per status and filters them', async () => {
    await page.goto(`${stack.server.url}/auctions`);
    assert.equal(await page.locator('#auctions tbody tr').count(), 12);
    const chips = await page.locator('.chips').textContent();
    assert.match(String(chips), /Все 12/);
    assert.match(String(chips), /завершён 3/);
    assert.match(String(await page.locator('#auctions').textContent()), /РТС-тендер/);
    assert.doesNotMatch(
      String(await page.locator('#auctions').textContent()),
      /amountMicros|[0-9a-f]{8}-[0-9a-f]{4}-/,
    );
    await shot('1-registry');
    await page.selectOption('select[name=status]', 'FAILED');
    await page.click('.filters button[type=submit]');
    await page.waitForURL(/status=FAILED/);
    assert.equal(await page.locator('#auctions tbody tr').count(), 2);
  });

  it('shows a sold auction’s console: lots, admission, bids, protocol, a balanced journal, the contract', async () => {
    await page.goto(`${stack.server.url}/auctions?q=${encodeURIComponent('А-ДЕМО-01')}`);
    await page.click('#auctions tbody a');
    await page.waitForSelector('#console-money[data-loaded] #journal');
    const text = String(await page.locator('#auction-console').textContent());
    assert.match(text, /Аукцион А-ДЕМО-01/);
    assert.match(text, /завершён/);
    assert.match(text, /Протокол итогов/);
    assert.match(text, /сходится/);
    assert.match(text, /Задаток зачтён в цену/);
    assert.match(text, /ДКП-А-ДЕМО-01-1/);
    assert.match(text, /Волкова Екатерина/);
    assert.doesNotMatch(text, /amountMicros|undefined|NaN/);
    await shot('2-console-sold');
  });

  it('records a bid on a running auction from the console', async () => {
    await page.goto(`${stack.server.url}/auctions?q=${encodeURIComponent('А-ДЕМО-06')}`);
    await page.click('#auctions tbody a');
    await page.waitForSelector('#bid-form');
    const option = await page.locator('#bid-form select option').first().textContent();
    const minimum = String(option)
      .match(/мин\. ([\d\s\u00a0]+)/)?.[1]
      ?.replace(/\D/g, '');
    assert.ok(minimum);
    await page.fill('#bid-form input[name=amount]', '100');
    await page.click('#bid-form button[type=submit]');
    await page.waitForSelector('#realty-error:not([hidden])');
    assert.match(String(await page.locator('#realty-error').textContent()), /не меньше/);
    await page.fill('#bid-form input[name=amount]', String(Number(minimum) + 1));
    await Promise.all([page.waitForEvent('load'), page.click('#bid-form button[type=submit]')]);
    await waitFor('the bid on the console', async () => {
      await page.reload();
      const bids = await page.locator('#bids tbody tr').count();
      return bids >= 2 ? bids : undefined;
    });
    await shot('3-console-bidding');
  });

  it('pre-fills the payment wizard and refuses a duplicate bank reference', async () => {
    await page.goto(`${stack.server.url}/auctions?q=${encodeURIComponent('А-ДЕМО-08')}`);
    await page.click('#auctions tbody a');
    await page.waitForSelector('#console-money[data-loaded]');
    await page.click('#payments-link');
    await page.waitForSelector('#payment-form');
    await page.selectOption('#participant', { index: 1 });
    const amount = await page.inputValue('#amount');
    assert.match(amount, /^\d+,\d{2}$/);
    assert.notEqual(amount, '0,00');
    assert.match(String(await page.locator('#prefill').textContent()), /Лот 1/);
    await page.fill('#bank-reference', 'ПП-А-ДЕМО-08-1');
    await page.click('#payment-form button[type=submit]');
    await page.waitForSelector('#realty-error:not([hidden])');
    assert.match(String(await page.locator('#realty-error').textContent()), /уже записано/);
    await page.fill('#bank-reference', 'ПП-ТЕСТ-777');
    await page.click('#payment-form button[type=submit]');
    await page.waitForFunction(() =>
      /записан/.test(document.getElementById('payment-message')?.textContent ?? ''),
    );
    await shot('4-payment-wizard');
  });

  it('creates an auction from FREE units on the registry page', async () => {
    await page.goto(`${stack.server.url}/auctions`);
    await page.click('#create-auction summary');
    await page.fill('input[name=number]', 'А-2027-100');
    await page.fill('input[name=platform]', 'Сбербанк-АСТ');
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    await page.fill('input[name=applicationStart]', `${day(1)}T10:00`);
    await page.fill('input[name=applicationEnd]', `${day(20)}T18:00`);
    await page.fill('input[name=biddingStart]', `${day(40)}T10:00`);
    await page.fill('input[name=biddingEnd]', `${day(40)}T14:00`);
    await page.locator('#free-units input[name=unit]').nth(0).check();
    await page.locator('#free-units input[name=unit]').nth(1).check();
    await shot('5-create-form');
    await Promise.all([
      page.waitForURL(/\/auctions\/[0-9a-f-]{36}$/),
      page.click('#create-form button[type=submit]'),
    ]);
    const text = String(await page.locator('#auction-console').textContent());
    assert.match(text, /А-2027-100/);
    assert.match(text, /объявлен/);
    await shot('6-console-new');
  });

  it('signs the winner’s contract from the console: the money section shows it signed within seconds', async () => {
    await page.goto(`${stack.server.url}/auctions?q=${encodeURIComponent('А-ДЕМО-01')}`);
    await page.click('#auctions tbody a');
    await page.waitForSelector('#console-money[data-loaded] #contracts');
    assert.match(String(await page.locator('#contracts').textContent()), /ждёт подписания/);
    await Promise.all([
      page.waitForEvent('load'),
      page.click('button.lot-action[data-action=contractSigned]'),
    ]);
    // Payments books the signature when the lot changes (its handler), not at the next minute.
    await waitFor(
      'the contract signed in the money section',
      async () => {
        await page.reload();
        await page.waitForSelector('#console-money[data-loaded] #contracts');
        return /подписан(?!ия)/.test(String(await page.locator('#contracts').textContent()))
          ? true
          : undefined;
      },
      20_000,
    );
    assert.doesNotMatch(String(await page.locator('#lots').textContent()), /Договор подписан/);
    await shot('7-console-signed');
  });

  it('shows the unit’s current auction on the chessboard card', async () => {
    const units = demoAuctionUnits();
    // The 6th demo auction (BIDDING) holds the 6th unit.
    const card = await page.evaluate(
      async (id) => (await fetch(`/api/chessboard/units/${id}`)).json(),
      units[5]?.id,
    );
    assert.match(card.currentAuction.name, /А-ДЕМО-06/);
    assert.match(card.currentAuction.url, /\/auctions\//);
    assert.match(card.currentAuction.dates, /торги \d\d\.\d\d\.\d{4}/);
    assert.deepEqual(csp.violations(), []);
  });
});
