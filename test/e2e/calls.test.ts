/**
 * The call center's /calls page in headless Chromium (issue 24): an operator signs in, the page
 * lists the demo calls, and when the PBX reports a call from a demo client (a signed Mango event
 * posted to the webhook) the screen pop appears with the client's name — no reload; a call from an
 * unknown number pops the new-client form, prefilled with the number. No CSP violations.
 * Screenshots in test/artifacts/.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readModelView } from '../../plugins/core/read-model/index';
import { phoneCallId, telephonyPlugin } from '../../plugins/telephony/index';
import { mangoSign } from '../../plugins/telephony/rules/mango';
import { DEMO_CLIENTS, telephonySeed } from '../../plugins/telephony/seed';
import { type AppStack, startAppStack } from '../support/app-stack';
import { browserSkip, launchChromium } from '../support/chromium';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';
import { waitFor } from '../support/wait';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const skip = browserSkip;
const KEY = 'e2e-vpbx-key';
const SALT = 'e2e-vpbx-salt';
const OPERATOR = randomUUID();

let stack: AppStack;
let browser: Browser;
let page: Page;
let csp: CspWatch;

async function mangoEvent(entry: string, from: string, seq: number, state: string) {
  const json = JSON.stringify({
    entry_id: entry,
    call_id: `${entry}:1`,
    timestamp: Math.floor(Date.now() / 1000),
    seq,
    call_state: state,
    location: 'abonent',
    from: { number: from },
    to: { extension: '101', line_number: '74951234567' },
  });
  const res = await fetch(`${stack.server.url}/webhooks/telephony/mango/events/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ vpbx_api_key: KEY, sign: mangoSign(KEY, json, SALT), json }).toString(),
  });
  assert.equal(res.status, 200);
}

describe('the /calls page in Chromium', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    Object.assign(process.env, {
      TELEPHONY_MANGO_API_KEY: KEY,
      TELEPHONY_MANGO_API_SALT: SALT,
      TELEPHONY_OPERATORS: `101=${OPERATOR}`,
    });
    stack = await startAppStack({
      name: 'calls-e2e',
      plugins: [telephonyPlugin],
      webhook: true,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
      devhostRequestsPerMinute: 6000,
    });
    await telephonySeed.run(stack.runtime.contextFor('telephony'), {});
    await waitFor('the demo in the read model', async () => {
      const r = await stack.runtime.store.sql.query(
        `select (select count(*)::int from ${readModelView('phoneCall')}) as calls,
                (select count(*)::int from ${readModelView('person')} where phones_primary_phone_number is not null) as people`,
      );
      const row = r.rows[0] as { calls: number; people: number } | undefined;
      return row && row.calls >= 4 && row.people >= 3 ? true : undefined;
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    csp = await watchCspViolations(context);
    page = await context.newPage();
    await page.goto(
      `${stack.server.url}/auth/login?code=${await stack.signInCode('callcenter', { memberId: OPERATOR })}`,
    );
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  it('pops the caller’s card the moment the PBX reports the call', async () => {
    await page.goto(`${stack.server.url}/calls`);
    await page.waitForSelector('body[data-live="ready"]');
    const rows = await page.locator('#calls tbody tr').allInnerTexts();
    assert.ok(
      rows.some((r) => /Волкова Екатерина/.test(r) && /Пропущен/.test(r)),
      rows.join('\n'),
    );
    assert.ok(
      rows.some((r) => /Консультация/.test(r)),
      rows.join('\n'),
    );
    const [smirnov] = DEMO_CLIENTS;
    await mangoEvent('e2e-call-1', smirnov.phone.slice(1), 1, 'Appeared');
    await page.waitForSelector('#pop:not([hidden]) .client-name');
    assert.equal(await page.locator('#pop .client-name').innerText(), 'Смирнов Алексей');
    assert.match(await page.locator('#pop .call-line').innerText(), /\+7 916 123-45-01[\s\S]*Звонит/);
    assert.equal(await page.locator('#pop .dial').count(), 1, 'the operator with an extension can call back');
    await page.screenshot({ path: path.join(ARTIFACTS, 'calls-pop.png'), fullPage: true });
    await mangoEvent('e2e-call-1', smirnov.phone.slice(1), 2, 'Connected');
    await page.waitForFunction(() => document.querySelector('#pop .phase')?.textContent === 'Разговор');
    // The operator opens the call card and writes down how the call went.
    await page.locator('#pop .open-call').click();
    await page.waitForSelector('#call-card:not([hidden]) form.call-notes');
    await page.locator('#call-card select[name="outcome"]').selectOption('BOOKING');
    await page.locator('#call-card textarea[name="notes"]').fill('Хочет забронировать кв. 105');
    await page.locator('#call-card form.call-notes button[type="submit"]').click();
    await page.waitForSelector('#call-card .saved:not([hidden])');
    const card = await stack.runtime.twenty.records('phoneCall').get(phoneCallId('mango', 'e2e-call-1'));
    assert.equal(card.outcome, 'BOOKING');
    assert.equal(card.notes, 'Хочет забронировать кв. 105');
    await page.screenshot({ path: path.join(ARTIFACTS, 'calls-card.png'), fullPage: true });
  });

  it('pops the new-client form, prefilled, for an unknown number', async () => {
    await mangoEvent('e2e-call-2', '79035550077', 1, 'Appeared');
    await page.waitForSelector('#pop form.new-client');
    assert.equal(
      await page.locator('#pop form.new-client input[name="phone"]').inputValue(),
      '+7 903 555-00-77',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'calls-new-client.png'), fullPage: true });
    assert.deepEqual(csp.violations(), []);
  });
});
