/**
 * The /segments page in headless Chromium, as marketing (a real workspace member): the new
 * segment's filter shows its live count as it is typed and the problem of a bad one; «create»
 * opens the segment; «fill from the filter» brings its members; a member's status is changed in
 * place and kept; the stage moves to review and the log says who; the board shows it; a task is set for a colleague. No CSP
 * violation. Screenshot: test/artifacts/segments.png.
 * Then the segment is invited to an interaction planned through the API (segments page's «invite»),
 * the interaction is held (PLANNED → PREPARING → HELD) and one member marked attended; the contact's
 * `/people/:id/activity` page shows the event, its stage, the attendance and the segment, dated
 * dd.mm.yyyy, with no raw ids or values. Screenshot: test/artifacts/contact-activity.png.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readModelView } from '../../plugins/core/read-model/index';
import { type AppStack, pluginsFor, startAppStack, waitFor } from '../support/app-stack';
import { browserSkip, launchChromium } from '../support/chromium';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');
const skip = browserSkip;

let app: AppStack;
let browser: Browser;
let page: Page;
let csp: CspWatch;
let memberId: string;

const rm = async (sql: string) =>
  Number((await app.runtime.store.sql.query<{ n: number }>(sql)).rows[0]?.n ?? 0);

describe('the segments page in Chromium', { skip }, () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    app = await startAppStack({
      name: 'segments-e2e',
      plugins: pluginsFor('segments', 'activities'),
      webhook: true,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
      devhostRequestsPerMinute: 6000,
    });
    const twenty = app.runtime.twenty;
    const member = await twenty
      .records('workspaceMember')
      .create({ name: { firstName: 'Мария', lastName: 'Маркетова' }, userEmail: 'marketing@realty.test' });
    memberId = member.id;
    const company = await twenty
      .records('company')
      .create({ name: 'ООО «Девелопмент Плюс»', employees: 120 });
    const people = [
      ['Анна', 'Громова', 'Москва'],
      ['Борис', 'Дёмин', 'Москва'],
      ['Вера', 'Ершова', 'Москва'],
      ['Глеб', 'Жуков', 'Самара'],
    ] as const;
    await twenty.records('person').createMany(
      people.map(([firstName, lastName, city]) => ({
        name: { firstName, lastName },
        city,
        companyId: company.id,
        jobTitle: 'Директор',
      })),
    );
    await waitFor('people in the read model', async () =>
      (await rm(`select count(*)::int as n from ${readModelView('person')}`)) === 4 ? true : undefined,
    );
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1300, height: 1100 }, locale: 'ru-RU' });
    csp = await watchCspViolations(context);
    page = await context.newPage();
    await page.goto(
      `${app.server.url}/auth/login?code=${await app.signInCode('marketing', { memberId: member.id })}`,
    );
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  it('builds a segment from a filter with its live count, fills it, sets statuses and moves its stage', async () => {
    await page.goto(`${app.server.url}/segments`);
    assert.match(await page.locator('#segments-page').innerText(), /Сегментов пока нет/);
    const count = page.locator('.seg-count[data-for="seg-new-filter"]');

    await page.fill('#seg-new-filter', 'town[eq]:"Москва"');
    await page.waitForFunction(() =>
      /Неизвестное поле «town»/.test(
        document.querySelector('.seg-count[data-for="seg-new-filter"]')?.textContent ?? '',
      ),
    );
    assert.ok(await count.evaluate((el) => el.classList.contains('problem')));

    await page.fill('#seg-new-filter', 'and(city[eq]:"Москва",company.employees[gte]:100)');
    await page.waitForFunction(() => document.querySelector('.seg-count-value')?.textContent === '3');
    assert.match(await count.innerText(), /Найдено: 3 чел\. — Громова Анна, Дёмин Борис, Ершова Вера/);

    await page.fill('#seg-name', 'Презентация нового ЖК');
    await page.fill('#seg-purpose', 'приглашения на презентацию');
    await Promise.all([page.waitForURL(/\/segments\?id=/), page.click('#seg-create-submit')]);
    assert.equal(await page.locator('#seg-stage').innerText(), 'Черновик');
    assert.equal(await page.locator('#seg-member-count').innerText(), '0');
    await page.waitForFunction(() => document.querySelector('.seg-count-value')?.textContent === '3');

    await Promise.all([
      page.waitForFunction(() => document.getElementById('seg-member-count')?.textContent === '3'),
      page.click('#seg-fill'),
    ]);
    const rows = page.locator('table.seg-members tbody tr');
    assert.equal(await rows.count(), 3);
    assert.match(await rows.first().innerText(), /Громова Анна\s+ООО «Девелопмент Плюс»\s+Директор/);

    // Борис confirms: changed in place, kept after a reload.
    const boris = page.locator('tr', { hasText: 'Дёмин Борис' }).locator('select.seg-member-status');
    await boris.selectOption('CONFIRMED');
    await page.waitForFunction(
      () => document.querySelector('[data-status-count="CONFIRMED"]')?.textContent === '1',
    );
    await waitFor('the confirmation in the read model', async () =>
      (await rm(
        `select count(*)::int as n from ${readModelView('segmentMember')} where status = 'CONFIRMED'`,
      )) === 1
        ? true
        : undefined,
    );

    await page.fill('#seg-stage-comment', 'список готов');
    await Promise.all([
      page.waitForFunction(() => document.getElementById('seg-detail')?.dataset.stage === 'REVIEW'),
      page.click('button.seg-stage'),
    ]);
    assert.equal(await page.locator('#seg-stage').innerText(), 'На проверке');
    assert.match(
      await page.locator('table.seg-log tbody').innerText(),
      /\d\d\.\d\d\.\d{4}.*\s+Черновик → На проверке\s+marketing@realty\.test\s+список готов/,
    );
    assert.equal(
      await page.locator('tr', { hasText: 'Дёмин Борис' }).locator('select.seg-member-status').inputValue(),
      'CONFIRMED',
    );
    assert.match(
      await page.locator('.seg-column[data-stage="REVIEW"]').innerText(),
      /На проверке 1\s+Презентация нового ЖК\s+3 чел\./,
    );
    // A task for a colleague (a Twenty task targeting the segment), listed with the assignee.
    await page.fill('#seg-task-title', 'Обзвонить приглашённых');
    await page.locator('#seg-task-assignee').selectOption({ label: 'Мария Маркетова' });
    await Promise.all([page.waitForEvent('load'), page.click('#seg-task button[type="submit"]')]);
    assert.match(
      await page.locator('#seg-tasks').innerText(),
      /Обзвонить приглашённых к выполнению · Мария Маркетова/,
    );
    // Глеб (Самара) is added by hand: found by the start of his surname.
    await page.fill('#seg-add-search', 'Жук');
    await page.waitForFunction(
      () => (document.getElementById('seg-add-person') as HTMLSelectElement).options.length === 1,
    );
    await page.locator('#seg-add-person').selectOption({ label: 'Жуков Глеб (ООО «Девелопмент Плюс»)' });
    await Promise.all([
      page.waitForFunction(() => document.getElementById('seg-member-count')?.textContent === '4'),
      page.click('#seg-add button[type="submit"]'),
    ]);
    assert.match(await page.locator('tr', { hasText: 'Жуков Глеб' }).innerText(), /\(вручную\)/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'segments.png'), fullPage: true });
    assert.deepEqual(csp.violations(), []);
  });

  it('invites the segment to an interaction, holds it, and shows the contact’s history page', async () => {
    // As Мария (the browser's session): the app's API, then the pages.
    const api = async (method: string, url: string, data?: unknown) => {
      const r = await page.request.fetch(`${app.server.url}${url}`, {
        method,
        ...(data === undefined ? {} : { data }),
      });
      const body = await r.json();
      assert.ok(r.ok(), `${method} ${url}: ${r.status()} ${JSON.stringify(body)}`);
      return body;
    };
    const planned = await api('POST', '/api/activities/interactions', {
      subject: 'Презентация ЖК «Северный парк»',
      kind: 'EVENT',
      startsAt: '2026-12-15T11:00:00+03:00',
      location: 'офис продаж',
      participants: [{ workspaceMemberId: memberId, role: 'ORGANISER' }],
    });
    const interactionId = planned.id as string;
    assert.ok(interactionId, JSON.stringify(planned));
    await waitFor('the interaction in the read model', async () =>
      (await rm(
        `select count(*)::int as n from ${readModelView('interaction')} where id = '${interactionId}'`,
      )) === 1
        ? true
        : undefined,
    );
    // The segment's «invite to an interaction» (its four members, none declined).
    await page.reload();
    await page.locator('#seg-invite-interaction').selectOption(interactionId);
    await Promise.all([
      page.waitForFunction(() =>
        /Приглашено/.test(document.getElementById('seg-invite-result')?.textContent ?? ''),
      ),
      page.click('#seg-invite button[type="submit"]'),
    ]);
    assert.equal(
      await page.locator('#seg-invite-result').innerText(),
      'Приглашено: 4; уже были приглашены: 0.',
    );
    for (const stage of ['PREPARING', 'HELD'])
      await api('POST', `/api/activities/interactions/${interactionId}/stage`, { stage });
    const view = await waitFor('the invitations and the stage in the read model', async () => {
      const v = await api('GET', `/api/activities/interactions/${interactionId}`);
      return v.participants?.length === 5 && v.stage === 'HELD' ? v : undefined;
    });
    const boris = view.participants.find((p: { name: string }) => p.name === 'Борис Дёмин');
    assert.ok(boris, JSON.stringify(view.participants));
    await api('PATCH', `/api/activities/participants/${boris.id}`, { attended: true });
    await waitFor('the attendance in the history', async () => {
      const h = await api('GET', `/api/people/${boris.person_id}/activity`);
      return h.counts?.attended === 1 ? true : undefined;
    });

    await page.goto(`${app.server.url}/people/${boris.person_id}/activity`);
    const body = await page.locator('#activity-page').innerText();
    assert.match(body, /^История участия контакта\s+Борис Дёмин\s+ООО «Девелопмент Плюс»/);
    assert.match(body, /Приглашений: 1\s+Присутствовал\(а\): 1\s+Сегментов: 1\s+SMS получено: 0/);
    const event = await page.locator('tr.entry-interaction').innerText();
    assert.match(
      event,
      /15\.12\.2026 11:00\s+Мероприятие\s+Презентация ЖК «Северный парк»\s+присутствовал\(а\)/,
    );
    assert.match(event, /Участник; этап: Проведено; пригласил\(а\): сегмент «Презентация нового ЖК»/);
    const segment = await page.locator('tr.entry-segment').innerText();
    assert.match(segment, /^\d\d\.\d\d\.\d{4} \d\d:\d\d\s+Сегмент\s+Презентация нового ЖК\s+подтвердил\(а\)/);
    // Анна was invited, nothing more.
    const anna = view.participants.find((p: { name: string }) => p.name === 'Анна Громова');
    await page.goto(`${app.server.url}/people/${anna.person_id}/activity`);
    assert.match(await page.locator('tr.entry-interaction').innerText(), /приглашён\(а\)/);
    await page.goto(`${app.server.url}/people/${boris.person_id}/activity`);
    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/i, 'no raw ids');
    assert.doesNotMatch(text, /[{}[\]]|\bnull\b|undefined|\d{4}-\d\d-\d\dT/, 'no JSON or raw values');
    assert.doesNotMatch(text, /\b(PLANNED|PREPARING|HELD|EVENT|ATTENDEE|CONFIRMED|INVITED)\b/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'contact-activity.png'), fullPage: true });
    assert.deepEqual(csp.violations(), []);
  });
});
