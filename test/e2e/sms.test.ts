/**
 * The /sms page in headless Chromium, as marketing: the part counter and the live preview (who
 * receives it, parts, cost, who is skipped and why) while the text and the filter are edited;
 * «create and send» creates the campaign and sends it; after the send job's run (the log
 * provider) the list shows it finished with its delivered count. No CSP violation. Screenshot:
 * test/artifacts/sms.png.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { auctionsPlugin } from '../../plugins/auctions/index';
import { readModelView } from '../../plugins/core/read-model/index';
import { paymentsPlugin } from '../../plugins/payments/index';
import { registryPlugin } from '../../plugins/registry/index';
import { runDueCampaigns, smsPlugin } from '../../plugins/sms/index';
import { type AppStack, startAppStack, waitFor } from '../support/app-stack';
import { browserSkip, launchChromium } from '../support/chromium';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const skip = browserSkip;

let app: AppStack;
let browser: Browser;
let page: Page;
let csp: CspWatch;

describe('the SMS campaigns page in Chromium', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    process.env.SMS_PROVIDER = 'log';
    process.env.SMS_QUIET_HOURS = '00:00-00:00';
    app = await startAppStack({
      name: 'sms-e2e',
      plugins: [registryPlugin, auctionsPlugin, paymentsPlugin, smsPlugin],
      webhook: true,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
      devhostRequestsPerMinute: 6000,
    });
    const twenty = app.runtime.twenty;
    const complex = await twenty
      .records('residentialComplex')
      .create({ name: 'ЖК Сосновый', district: 'Раменки' });
    const building = await twenty
      .records('building')
      .create({ name: 'Корпус 3', number: '3', complexId: complex.id });
    const people = [
      ['Анна', '9162220001', true],
      ['Борис', '9162220002', true],
      ['Вера', '9162220003', true],
      ['Глеб', '9162220004', false],
    ] as const;
    for (const [i, [first, phone, consent]] of people.entries()) {
      const person = await twenty.records('person').create({
        name: { firstName: first, lastName: 'Соснова' },
        phones: { primaryPhoneNumber: phone, primaryPhoneCallingCode: '+7', primaryPhoneCountryCode: 'RU' },
        smsConsent: consent,
      });
      const unit = await twenty
        .records('unit')
        .create({ number: String(30 + i), buildingId: building.id, kind: 'FLAT', status: 'SOLD', floor: 3 });
      await twenty
        .records('saleContract')
        .create({ number: `ДКП-С-${i}`, unitId: unit.id, buyerId: person.id, status: 'SIGNED' });
    }
    await waitFor('the contracts and people in the read model', async () =>
      (await app.runtime.store.readModel.count('saleContract')) === 4 &&
      (await app.runtime.store.readModel.count('person')) === 4
        ? true
        : undefined,
    );
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1300, height: 1100 }, locale: 'ru-RU' });
    csp = await watchCspViolations(context);
    page = await context.newPage();
    await page.goto(`${app.server.url}/auth/login?code=${await app.signInCode('marketing')}`);
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  it('counts parts, previews the audience and cost, sends, and shows the campaign finished', async () => {
    await page.goto(`${app.server.url}/sms`);
    await page.fill('#sms-name', 'Паркинг в Сосновом');
    await page.fill('#sms-text', '{firstName}, в корпусе {building} открылся паркинг.');
    await page.waitForSelector('#sms-page[data-previews]');
    await page.waitForFunction(() =>
      /получателей/.test(document.getElementById('sms-preview')?.textContent ?? ''),
    );
    const counter = await page.locator('#sms-counter').innerText();
    assert.match(counter, /1 часть · кириллица \(70\/67 в части\)/);
    assert.equal(await page.locator('#sms-recipients').innerText(), '3');
    assert.match(await page.locator('#sms-cost').innerText(), /^13,50\s₽$/);
    assert.equal(
      await page.locator('label[data-for="auction"]').first().isVisible(),
      false,
      'only the owners filter shows',
    );
    const preview = await page.locator('#sms-preview').innerText();
    assert.match(preview, /Пропущено 1: нет согласия на рекламу — 1/);
    assert.match(preview, /Пример для «Соснова [АБВ][а-я]+»: [АБВ][а-я]+, в корпусе 3 открылся паркинг\./);

    // A text over the limit: the counter says so and the preview names the problem.
    await page.fill('#sms-text', 'Очень длинное сообщение. '.repeat(20));
    await page.waitForFunction(() =>
      /Текст слишком длинный/.test(document.getElementById('sms-preview')?.textContent ?? ''),
    );
    assert.ok(await page.locator('#sms-counter.over').count());

    await page.fill('#sms-text', '{firstName}, в корпусе {building} открылся паркинг.');
    await page.waitForFunction(
      () => !/Текст слишком длинный/.test(document.getElementById('sms-preview')?.textContent ?? ''),
    );
    await Promise.all([page.waitForEvent('load'), page.click('#sms-submit')]);
    await page.waitForSelector('tr[data-campaign] .status-sending');

    await runDueCampaigns(app.runtime.contextFor('sms'));
    await waitFor('the read model to show the campaign done', async () => {
      const r = await app.runtime.store.sql.query<{ n: number }>(
        `select count(*)::int as n from ${readModelView('smsCampaign')} where status = 'DONE'`,
      );
      return Number(r.rows[0]?.n) === 1 ? true : undefined;
    });
    await page.reload();
    const row = page.locator('tr[data-campaign]').first();
    assert.match(
      await row.innerText(),
      /Паркинг в Сосновом[\s\S]*завершена[\s\S]*владельцы и покупатели помещений/,
    );
    assert.deepEqual(
      await row.locator('td.num').allInnerTexts(),
      ['3', '3', '3', '0 (пропущено 1)', '13,50 ₽'].map((t) => t.replace(' ₽', '\u00a0₽')),
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'sms.png'), fullPage: true });
    assert.deepEqual(csp.violations(), []);
  });
});
