/**
 * The plan-fact through the whole app (devhost, runtime, app server, webhook): the template
 * downloaded and read back, filled in and imported as version 1 (a dry run first, writing nothing);
 * a workbook with bad rows refused with each row, column and reason and nothing written; the
 * calculator's recomputation (changed plan, price +5 % on the FREE stock) against hand arithmetic,
 * writing nothing; «save as a new version» writing version 2 and deactivating version 1; the page
 * in Russian with formatted values; roles; and `realty planfact import` refusing bad rows (exit 2).
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { auctionsPlugin } from '../../../plugins/auctions/index';
import { uuidV5 } from '../../../plugins/core/plugin/index';
import { paymentsPlugin } from '../../../plugins/payments/index';
import { planfactPlugin } from '../../../plugins/planfact/index';
import { addMonths, moscowMonth } from '../../../plugins/planfact/rules/months';
import { registryPlugin } from '../../../plugins/registry/index';
import { type AppStack, startAppStack, waitFor } from '../../support/app-stack';
import { runOperationCommandHere } from '../../support/operation-command';

const id = (name: string) => uuidV5(`planfact-app:${name}`);
const NORTH = id('north');
const RIVER = id('river');
const MONTH = moscowMonth(new Date());
const PREV = addMonths(MONTH, -1);

let app: AppStack;

async function api(method: string, url: string, body?: unknown, role = 'finance') {
  const res = await fetch(`${app.server.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${app.staffToken(role as 'finance')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const type = res.headers.get('content-type') ?? '';
  const answer = type.includes('json')
    ? await res.json()
    : type.includes('text')
      ? await res.text()
      : Buffer.from(await res.arrayBuffer());
  // biome-ignore lint/suspicious/noExplicitAny: the JSON answers are read loosely; each test asserts their shape
  return { status: res.status, body: answer as any };
}

const plans = async () => {
  const out: Record<string, unknown>[] = [];
  for await (const r of app.runtime.twenty.records('salesPlan').iterate({})) out.push(r);
  return out;
};

async function workbook(rows: unknown[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('План продаж');
  sheet.addRow(['Месяц', 'ЖК', 'Показатель', 'План']);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

describe('plan-fact through the app', () => {
  before(async () => {
    app = await startAppStack({
      name: 'planfact',
      plugins: [registryPlugin, auctionsPlugin, paymentsPlugin, planfactPlugin],
      webhook: true,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
      devhostRequestsPerMinute: 6000,
    });
    const twenty = app.runtime.twenty;
    await twenty.records('residentialComplex').createMany([
      { id: NORTH, name: 'ЖК «Северный»' },
      { id: RIVER, name: 'ЖК «Речной»' },
    ]);
    await twenty.records('building').createMany([
      { id: id('bn'), name: 'Северный, корпус 1', complexId: NORTH },
      { id: id('br'), name: 'Речной, корпус 1', complexId: RIVER },
    ]);
    const unit = (name: string, buildingId: string, area: number, rub: number, status: string) => ({
      id: id(name),
      buildingId,
      number: name,
      kind: 'FLAT',
      totalArea: area,
      price: { amountMicros: rub * 1_000_000, currencyCode: 'RUB' },
      status,
    });
    await twenty
      .records('unit')
      .createMany([
        unit('n1', id('bn'), 50, 10_000_000, 'SOLD'),
        unit('n2', id('bn'), 70, 14_000_000, 'SOLD'),
        unit('n3', id('bn'), 40, 8_000_000, 'FREE'),
        unit('r1', id('br'), 60, 12_000_000, 'SOLD'),
        unit('r2', id('br'), 45, 9_000_000, 'FREE'),
      ]);
    const signed = (name: string, unitId: string, rub: number, at: string, status = 'SIGNED') => ({
      id: id(name),
      unitId,
      number: name,
      status,
      signedAt: at,
      price: { amountMicros: rub * 1_000_000, currencyCode: 'RUB' },
    });
    await twenty
      .records('saleContract')
      .createMany([
        signed('k1', id('n1'), 10_500_000, `${MONTH}-02T10:00:00.000Z`),
        signed('k2', id('n2'), 14_200_000, `${PREV}-15T10:00:00.000Z`),
        signed('k3', id('r1'), 12_000_000, `${MONTH}-03T10:00:00.000Z`, 'AWAITING_SIGNATURE'),
      ]);
    await waitFor('the contracts and units in the read model', async () =>
      (await app.runtime.store.readModel.count('saleContract')) === 3 &&
      (await app.runtime.store.readModel.count('unit')) === 5
        ? true
        : undefined,
    );
  });
  after(async () => {
    await app?.close();
  });

  let template: ExcelJS.Workbook;

  it('downloads the template: every month × complex × metric, months as dates, a reference sheet', async () => {
    const res = await api('GET', `/planfact/template.xlsx?from=${PREV}&to=${MONTH}`);
    assert.equal(res.status, 200);
    template = new ExcelJS.Workbook();
    await template.xlsx.load(res.body);
    const sheet = template.getWorksheet('План продаж') as ExcelJS.Worksheet;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['Месяц', 'ЖК', 'Показатель', 'План']);
    assert.equal(sheet.rowCount, 1 + 2 * 2 * 4);
    assert.ok(sheet.getCell('A2').value instanceof Date);
    assert.equal(sheet.getColumn(1).numFmt, 'mm.yyyy');
    assert.ok(template.getWorksheet('Справочник'));
  });

  it('imports the filled-in template as plan version 1 (a dry run first writes nothing)', async () => {
    const sheet = template.getWorksheet('План продаж') as ExcelJS.Worksheet;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const metric = String(row.getCell(3).value);
      row.getCell(4).value = metric.includes('шт')
        ? 2
        : metric.includes('м²')
          ? 110
          : metric.startsWith('Выручка')
            ? 20_000_000
            : 5_000_000;
    });
    const file = Buffer.from(await template.xlsx.writeBuffer()).toString('base64');
    const dry = await api('POST', '/api/operations/planfact/import', {
      file,
      fileName: 'план.xlsx',
      dryRun: true,
    });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(
      [dry.body.dryRun, dry.body.version, dry.body.imported, dry.body.written],
      [true, 1, 16, 0],
    );
    assert.equal((await plans()).length, 0);
    const res = await api('POST', '/api/operations/planfact/import', { file, fileName: 'план.xlsx' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.version, res.body.written, res.body.deactivated], [1, 16, 0]);
    const stored = await plans();
    assert.equal(stored.length, 16);
    assert.ok(stored.every((p) => p.version === 1 && p.active === true));
    const one = stored.find(
      (p) => p.complexId === NORTH && p.metric === 'REVENUE' && String(p.periodMonth).startsWith(MONTH),
    );
    assert.equal(one?.planValue, 20_000_000);
    assert.match(String(one?.name), /^План \d\d\.\d{4} · ЖК «Северный» · Выручка \(договоры\), ₽ · v1$/);
  });

  it('refuses a workbook with bad rows — each row, column and reason — and writes nothing', async () => {
    const before = await plans();
    const file = await workbook([
      [new Date(`${MONTH}-01T00:00:00Z`), 'ЖК «Северный»', 'Выручка', 1_000_000],
      [new Date(`${MONTH}-01T00:00:00Z`), 'ЖК «Несуществующий»', 'Выручка', 1_000_000],
      ['13.2026', 'ЖК «Речной»', 'UNITS', 3],
      [MONTH, 'Речной', 'Прибыль', 3],
      [MONTH, '', 'RECEIPTS', 'много'],
    ]);
    const res = await api('POST', '/api/operations/planfact/import', { file, fileName: 'плохой.xlsx' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'planfact_bad_rows');
    assert.equal(res.body.row, 3);
    assert.match(res.body.message, /^План не загружен, ничего не записано/);
    assert.match(res.body.message, /строка 3, столбец B «ЖК»: ЖК «ЖК «Несуществующий»» нет в реестре/);
    assert.match(res.body.message, /строка 4, столбец A «Месяц»: «13\.2026» — не месяц/);
    assert.match(res.body.message, /строка 5, столбец C «Показатель»: «Прибыль» — не показатель/);
    assert.match(res.body.message, /строка 6, столбец D «План»: «много» — не число/);
    assert.doesNotMatch(res.body.message, /строка 2/);
    assert.deepEqual(await plans(), before);
    const notXlsx = await api('POST', '/api/operations/planfact/import', {
      file: Buffer.from('a;b').toString('base64'),
    });
    assert.equal(notXlsx.status, 400);
    assert.match(notXlsx.body.message, /не читается как книга Excel/);
  });

  it('the calculator recomputes a changed plan and price +5 % on the FREE stock, writing nothing', async () => {
    await waitFor('plan version 1 in the read model', async () =>
      (await app.runtime.store.readModel.count('salesPlan')) === 16 ? true : undefined,
    );
    const before = await plans();
    const res = await api('POST', '/api/planfact/calculate', {
      from: PREV,
      to: MONTH,
      overrides: [{ month: MONTH, complexId: NORTH, metric: 'REVENUE', plan: 30_000_000 }],
      pricePercent: 5,
      tempoPercent: 100,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const p = res.body.projection;
    // FREE: n3 (8 000 000) and r2 (9 000 000); fact: k1 + k2 (k3 is not signed). This month the
    // plan wants 2 − 1 more in the north and 2 in the river complex, which has one FREE flat.
    assert.deepEqual(p.stock, { units: 2, area: 85, value: 17_000_000, valueAdjusted: 17_850_000 });
    assert.deepEqual(p.toSell, { units: 2, area: 85, revenue: 17_850_000 });
    assert.equal(p.projected.area, 50 + 70 + 85);
    assert.equal(p.projected.revenue, 10_500_000 + 14_200_000 + 17_850_000);
    assert.equal(p.projected.units, 4);
    assert.equal(p.plan.revenue, 20_000_000 * 3 + 30_000_000);
    const revenue = res.body.totals.find((t: { metric: string }) => t.metric === 'REVENUE');
    assert.deepEqual(revenue, {
      metric: 'REVENUE',
      plan: 90_000_000,
      fact: 24_700_000,
      delta: 24_700_000 - 90_000_000,
      percent: 27.4,
    });
    const row = res.body.rows.find(
      (r: { month: string; complexId: string; metric: string }) =>
        r.month === MONTH && r.complexId === NORTH && r.metric === 'REVENUE',
    );
    assert.deepEqual([row.plan, row.fact, row.delta, row.percent], [30_000_000, 10_500_000, -19_500_000, 35]);
    assert.equal(res.body.changed, 1);
    assert.deepEqual(await plans(), before);
    const bad = await api('POST', '/api/planfact/calculate', { from: PREV, to: MONTH, tempoPercent: 400 });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /Темп продаж/);
  });

  it('saves the changed values as plan version 2 and deactivates version 1', async () => {
    const line = `${MONTH};${NORTH};REVENUE;30000000`;
    const refused = await api('POST', '/api/operations/planfact/save-version', {
      plans: [line, `${MONTH};${id('nope')};UNITS;1`],
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.row, 2);
    assert.match(refused.body.message, /«Значения плана», строка 2 .*такого ЖК нет в реестре/);
    const bySales = await api('POST', '/api/operations/planfact/save-version', { plans: [line] }, 'sales');
    assert.equal(bySales.status, 403);
    const res = await api('POST', '/api/operations/planfact/save-version', { plans: [line] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      [res.body.version, res.body.previousVersion, res.body.written, res.body.changed, res.body.deactivated],
      [2, 1, 16, 1, 16],
    );
    const stored = await plans();
    assert.equal(stored.filter((p) => p.version === 1 && p.active === false).length, 16);
    assert.equal(stored.filter((p) => p.version === 2 && p.active === true).length, 16);
    await waitFor('version 2 in the read model', async () => {
      const rows = await api(
        'GET',
        `/api/planfact/rows?from=${MONTH}&to=${MONTH}&metric=REVENUE&complexId=${NORTH}`,
      );
      return rows.body.rows?.[0]?.plan === 30_000_000 ? rows.body.rows : undefined;
    });
    const other = await api(
      'GET',
      `/api/planfact/rows?from=${PREV}&to=${PREV}&metric=REVENUE&complexId=${NORTH}`,
    );
    assert.deepEqual(
      other.body.rows.map((r: { plan: number; fact: number }) => [r.plan, r.fact]),
      [[20_000_000, 14_200_000]],
    );
  });

  it('counts a plan entered in Twenty by a person (replicated by the webhook)', async () => {
    await app.twentyRest('POST', '/rest/salesPlans', {
      name: 'План поступлений, введён вручную',
      periodMonth: `${MONTH}-01`,
      complexId: RIVER,
      metric: 'RECEIPTS',
      planValue: 7_500_000,
      version: 2,
      active: true,
    });
    const rows = await waitFor('the hand-entered plan in the rows', async () => {
      const res = await api(
        'GET',
        `/api/planfact/rows?from=${MONTH}&to=${MONTH}&metric=RECEIPTS&complexId=${RIVER}`,
      );
      return res.body.rows?.[0]?.plan === 5_000_000 + 7_500_000 ? res.body.rows : undefined;
    });
    // Same version as the saved plan: the two records of one key add up.
    assert.deepEqual([rows[0].complexName, rows[0].fact, rows[0].percent], ['ЖК «Речной»', 0, 0]);
  });

  it('shows the page in Russian with formatted values; a bad filter is the page’s banner; roles apply', async () => {
    const page = await api('GET', `/planfact?from=${PREV}&to=${MONTH}&metric=REVENUE`);
    assert.equal(page.status, 200);
    const html = String(page.body);
    assert.match(html, /<title>План-факт продаж/);
    assert.match(html, /ЖК «Северный»/);
    assert.match(html, /10\u00a0500\u00a0000\u00a0₽/);
    assert.match(html, /Действует версия плана 2/);
    assert.match(html, /\/assets\/planfact\/echarts\.min\.js/);
    const bad = await api('GET', '/planfact?from=2026-99');
    assert.equal(bad.status, 400);
    assert.match(String(bad.body), /«Период с»: «2026-99» — не месяц/);
    assert.equal((await api('GET', '/planfact', undefined, 'callcenter')).status, 403);
    const asSales = await api('GET', '/planfact', undefined, 'sales');
    assert.equal(asSales.status, 200);
    assert.doesNotMatch(String(asSales.body), /id="pf-save"/);
  });

  it('`realty planfact import FILE` refuses bad rows with exit 2 and writes nothing; `realty planfact template --out` writes the plan in force', async () => {
    const file = path.join(app.home, 'bad-plan.xlsx');
    await writeFile(file, Buffer.from(await workbook([[MONTH, 'ЖК «Нигде»', 'UNITS', 1]]), 'base64'));
    const before = (await plans()).length;
    const run = await runOperationCommandHere(app.runtime, 'planfact import', [file], {});
    assert.equal(run.code, 2, run.said.join('\n'));
    assert.match(run.said.join('\n'), /строка 2, столбец B «ЖК»: ЖК «ЖК «Нигде»» нет в реестре/);
    assert.equal((await plans()).length, before);
    const out = path.join(app.home, 'template.xlsx');
    const template = await runOperationCommandHere(app.runtime, 'planfact template', [], {
      from: MONTH,
      to: MONTH,
      out,
    });
    assert.equal(template.code, 0, template.said.join('\n'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    // Version 2 in force: the all-complexes rows are absent (no such plan), every complex × metric present.
    const sheet = book.getWorksheet('План продаж') as ExcelJS.Worksheet;
    assert.equal(sheet.rowCount, 1 + 2 * 4);
    const north = [2, 3, 4, 5, 6, 7, 8, 9]
      .map((n) => sheet.getRow(n))
      .find(
        (r) => r.getCell(2).value === 'ЖК «Северный»' && String(r.getCell(3).value).startsWith('Выручка'),
      );
    assert.equal(north?.getCell(4).value, 30_000_000);
  });
});
