/**
 * The /import page in headless Chromium against a real app server, devhost
 * and the demo registry: sign in through the sign-in link, fill the template
 * the page offers, upload it, see each problem at its cell, confirm, watch
 * the result, check the units in devhost; then a price change beyond the
 * limit is held and an admin approves it on the same page. Screenshots of
 * every step go to test/artifacts/.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { issueStaffToken } from '../../plugins/core/auth/staff-token';
import { UNITS_SHEET } from '../../plugins/registry/import/import-template';
import { COLUMNS, type ColumnKey } from '../../plugins/registry/import/index';
import { seedDemoRegistry } from '../../plugins/registry/seed';
import { and, createTwentyClient, eq, type TwentyClient, type TwentyRecord } from '../../sdk/index';
import type { AppServer } from '../../webhooks/local-server';
import { type AppStack, pluginsFor, startAppStack } from '../support/app-stack';
import { type CspWatch, watchCspViolations } from '../support/csp-violations';

const SKIP =
  process.env.REALTY_BROWSER_SKIP ??
  (process.env.REALTY_CHROMIUM ? undefined : 'REALTY_CHROMIUM is not set (scripts/run-tests.mjs sets it)');
const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts', 'import-page');
const STAFF_SECRET = randomBytes(32).toString('hex');
const MICROS = 1_000_000;

let stack: AppStack;
let home: string;
let server: AppServer;
let direct: TwentyClient;
let browser: Browser;
let page: Page;
let csp: CspWatch;

type Row = Partial<Record<ColumnKey, string | number | null>>;

before(async () => {
  if (SKIP) return;
  await mkdir(ARTIFACTS, { recursive: true });
  stack = await startAppStack({
    name: 'import-page',
    plugins: pluginsFor('registry'),
    webhook: true,
    staffSecret: STAFF_SECRET,
    rateLimit: { requestsPerMinute: 6_000, requestsPerSecond: 100 },
  });
  ({ home, server } = stack);
  const { devhost, runtime } = stack;
  await seedDemoRegistry(runtime.twenty, { chessboardBaseUrl: server.url });
  direct = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey, limiter: false });
  browser = await chromium.launch({
    executablePath: process.env.REALTY_CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  csp = await watchCspViolations(context);
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** A demo unit as a file row: what the registry holds, so the row is "unchanged" until edited. */
async function rowOf(unit: TwentyRecord): Promise<Row> {
  const building = await direct.records('building').get(unit.buildingId as string);
  const section = unit.sectionId ? await direct.records('section').get(unit.sectionId as string) : undefined;
  const complex = await direct.records('residentialComplex').get(building.complexId as string);
  return {
    externalCode: unit.externalCode as string,
    complex: complex.name as string,
    building: building.number as string,
    section: (section?.number as number | undefined) ?? null,
    number: unit.number as string,
    kind: unit.kind as string,
    floor: unit.floor as number,
    positionOnFloor: (unit.positionOnFloor as number | null) ?? null,
    rooms: (unit.rooms as number | null) ?? null,
    totalArea: unit.totalArea as number,
    livingArea: (unit.livingArea as number | null) ?? null,
    price: (unit.price as { amountMicros: number }).amountMicros / MICROS,
    status: unit.status as string,
    cadastralNumber: (unit.cadastralNumber as string | null) ?? null,
  };
}

/** Fills the template the page offers (downloaded with the signed-in cookie) — the round trip a person makes. */
async function fillTemplate(rows: Row[], name: string): Promise<string> {
  const cookies = await page.context().cookies();
  const res = await fetch(`${server.url}/api/import/template.xlsx`, {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  assert.equal(res.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(UNITS_SHEET);
  assert.ok(sheet, 'the template has a Units sheet');
  rows.forEach((row, i) => {
    const excelRow = sheet.getRow(2 + i);
    COLUMNS.forEach((c, col) => {
      const value = row[c.key];
      excelRow.getCell(col + 1).value = value === undefined ? null : value;
    });
    excelRow.commit();
  });
  const file = path.join(home, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function freeFlats(count: number, skip = 0): Promise<TwentyRecord[]> {
  const list = await direct.records('unit').list({
    filter: and(eq('status', 'FREE'), eq('kind', 'FLAT')),
    orderBy: 'externalCode',
    limit: count + skip,
  });
  return list.records.slice(skip);
}

async function upload(file: string): Promise<void> {
  await page.setInputFiles('#file', file);
  await page.click('#upload');
  try {
    await page.waitForSelector('#preview tbody tr', { timeout: 30_000 });
  } catch (error) {
    // Say what the page showed instead: the error banner, the status line, the preview's state.
    await page
      .screenshot({ path: path.join(ARTIFACTS, 'upload-timeout.png'), fullPage: true })
      .catch(() => {});
    const seen = await page.evaluate(() => ({
      banner: document.querySelector('#realty-error')?.textContent?.trim() ?? '',
      body: (document.body.textContent ?? '').replace(/\s+/g, ' ').slice(0, 1500),
    }));
    throw new Error(`the preview did not appear: ${JSON.stringify(seen)}`, { cause: error });
  }
}

const count = async (kind: string) => Number(await page.textContent(`#counts [data-count="${kind}"] b`));

describe('the /import page', { skip: SKIP }, () => {
  it('previews a file with problems at their cells, imports the good rows and shows the result', async () => {
    const code = await stack.signInCode('admin', {
      memberId: (await adminMember()).id,
      email: 'admin@realty.local',
    });
    await page.goto(`${server.url}/auth/login?code=${encodeURIComponent(code)}`);
    await page.goto(`${server.url}/import`);
    await page.waitForSelector('#upload-form');
    assert.equal(await page.getAttribute('#template-link', 'href'), '/api/import/template.xlsx');
    await shot('1-empty');

    const [a, b, c] = await freeFlats(3);
    const rowA = await rowOf(a as TwentyRecord);
    const rowB = await rowOf(b as TwentyRecord);
    const rowC = await rowOf(c as TwentyRecord);
    const newPrice = Math.round((rowA.price as number) * 1.05);
    const good: Row[] = [
      { ...rowA, price: newPrice },
      { ...rowB, totalArea: String(rowB.totalArea).replace('.', ',') },
      { ...rowA, externalCode: 'E2E-NEW-1', number: '9001', positionOnFloor: null, cadastralNumber: null },
    ];
    const bad: Row[] = [
      { ...rowC, floor: 999 },
      { ...rowC, externalCode: 'E2E-BAD-2', number: '9002', kind: 'Дворец' },
      { ...rowC, externalCode: 'E2E-BAD-3', number: '9003', totalArea: 'abc' },
    ];
    const file = await fillTemplate([...good, ...bad], 'e2e-mixed.xlsx');
    await upload(file);
    await page.selectOption('#row-filter', 'all');
    await page.waitForFunction(() => document.querySelectorAll('#preview tbody tr').length >= 6);
    await shot('2-preview');

    assert.equal(await count('create'), 1);
    assert.equal(await count('update'), 1);
    assert.equal(await count('rejected'), 3);
    const letter = async (key: ColumnKey) => {
      const idx = COLUMNS.findIndex((c) => c.key === key);
      return (await page.getAttribute(`#preview thead th:nth-child(${idx + 3})`, 'data-col')) as string;
    };
    // Data starts on Excel row 2: the bad rows are rows 5, 6 and 7.
    for (const [row, key] of [
      [5, 'floor'],
      [6, 'kind'],
      [7, 'totalArea'],
    ] as const) {
      const cell = page.locator(`#preview tbody tr[data-row="${row}"] td[data-col="${await letter(key)}"]`);
      assert.equal(await cell.getAttribute('class'), 'problem', `row ${row} ${key} is highlighted`);
      assert.ok(((await cell.getAttribute('title')) ?? '').length > 0, 'the reason is in the tooltip');
      assert.equal((await page.locator(`#problems li[data-row="${row}"]`).count()) > 0, true);
    }
    assert.equal(await page.getAttribute(`#preview tbody tr[data-row="2"]`, 'data-kind'), 'update');
    const changes = (await page.textContent('#preview tbody tr[data-row="2"] td.changes')) ?? '';
    assert.match(changes, /Цена, ₽:/, 'a change names the column’s caption');
    assert.doesNotMatch(changes, /price/, 'not the internal field name');
    // The floor out of range is said in Russian, with the column's caption.
    assert.match(
      (await page.textContent('#problems li[data-row="5"]')) ?? '',
      /«Этаж» 999 — вне допустимого: от -10 до 200/,
    );

    const cookie = (await page.context().cookies()).map((k) => `${k.name}=${k.value}`).join('; ');
    const report = await fetch(
      new URL((await page.getAttribute('#report-link', 'href')) as string, server.url),
      {
        headers: { cookie },
      },
    );
    assert.equal(report.status, 200);
    assert.match(report.headers.get('content-type') ?? '', /spreadsheetml/);

    await page.click('#confirm');
    await page.waitForSelector('#progress-section:not([hidden])');
    await shot('3-progress');
    await page.waitForSelector('#result-section:not([hidden])', { timeout: 60_000 });
    await shot('4-result');
    assert.equal(await page.textContent('#result [data-result="created"] b'), '1');
    assert.equal(await page.textContent('#result [data-result="updated"] b'), '1');
    assert.match((await page.getAttribute('#batch-link', 'href')) ?? '', /\/object\/importBatch\//);

    const updated = await direct.records('unit').get((a as TwentyRecord).id);
    assert.equal((updated.price as { amountMicros: number }).amountMicros, newPrice * MICROS);
    const created = await direct.records('unit').list({ filter: eq('externalCode', 'E2E-NEW-1') });
    assert.equal(created.records.length, 1);
    const rejected = await direct.records('unit').list({ filter: eq('externalCode', 'E2E-BAD-2') });
    assert.equal(rejected.records.length, 0);
  });

  it('holds a price change beyond the limit and applies it when an admin approves it', async () => {
    const [d] = await freeFlats(1, 10);
    const rowD = await rowOf(d as TwentyRecord);
    const oldPrice = rowD.price as number;
    const newPrice = Math.round(oldPrice * 1.25);
    const file = await fillTemplate([{ ...rowD, price: newPrice }], 'e2e-held.xlsx');
    await page.goto(`${server.url}/import`);
    await upload(file);
    assert.equal(await count('pending-approval'), 1);
    await shot('5-held-preview');
    await page.click('#confirm');
    await page.waitForSelector('#result-section:not([hidden])', { timeout: 60_000 });
    const stillOld = await direct.records('unit').get((d as TwentyRecord).id);
    assert.equal(
      (stillOld.price as { amountMicros: number }).amountMicros,
      oldPrice * MICROS,
      'held, not written',
    );

    const approvalRow = page.locator(`#approvals tbody tr[data-unit="${(d as TwentyRecord).id}"]`);
    await approvalRow.waitFor({ timeout: 15_000 });
    assert.match((await approvalRow.textContent()) ?? '', /\+25/);
    await shot('6-approvals');
    await approvalRow.locator('button.approve').click();
    await approvalRow.waitFor({ state: 'detached', timeout: 15_000 });
    await shot('7-approved');
    const approved = await direct.records('unit').get((d as TwentyRecord).id);
    assert.equal((approved.price as { amountMicros: number }).amountMicros, newPrice * MICROS);
  });

  it('met the Content-Security-Policy throughout', () => {
    assert.deepEqual(csp.violations(), []);
  });
});

describe('the /import API', { skip: SKIP }, () => {
  const bearer = (memberId: string, role: 'admin' | 'sales' | 'finance') => ({
    authorization: `Bearer ${issueStaffToken({ memberId, email: `${role}@realty.test`, role }, { secret: STAFF_SECRET, ttl: '5m' })}`,
  });
  const SALES_A = '00000000-0000-4000-8000-00000000000a';
  const SALES_B = '00000000-0000-4000-8000-00000000000b';

  it('lets sales staff upload but keeps approvals to admins, plans to their uploader and the page from other roles', async () => {
    const [unit] = await freeFlats(1, 20);
    const file = await fillTemplate([await rowOf(unit as TwentyRecord)], 'api-roles.xlsx');
    const bytes = await readFile(file);
    const up = await fetch(`${server.url}/api/import/plans?fileName=api-roles.xlsx`, {
      method: 'POST',
      headers: { ...bearer(SALES_A, 'sales'), 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    assert.equal(up.status, 201);
    const plan = (await up.json()) as { planId: string; counts: { unchanged: number } };
    assert.equal(plan.counts.unchanged, 1);
    const other = await fetch(`${server.url}/api/import/plans/${plan.planId}`, {
      headers: bearer(SALES_B, 'sales'),
    });
    assert.equal(other.status, 403);
    assert.deepEqual(await other.json(), {
      status: 403,
      code: 'plan_not_yours',
      message: 'этот план загрузил другой сотрудник',
    });
    const mine = await fetch(`${server.url}/api/import/plans/${plan.planId}/rows?kind=all`, {
      headers: bearer(SALES_A, 'sales'),
    });
    assert.equal(mine.status, 200);
    assert.equal(((await mine.json()) as { total: number }).total, 1);
    const approvals = await fetch(`${server.url}/api/import/approvals`, {
      headers: bearer(SALES_A, 'sales'),
    });
    assert.equal(approvals.status, 403);
    assert.equal(((await approvals.json()) as { status: number }).status, 403, 'the one error body');
    const pageForFinance = await fetch(`${server.url}/import`, { headers: bearer(SALES_A, 'finance') });
    assert.equal(pageForFinance.status, 403);
    const notAFile = await fetch(`${server.url}/api/import/plans`, {
      method: 'POST',
      headers: { ...bearer(SALES_A, 'sales'), 'content-type': 'application/octet-stream' },
      body: Buffer.from('not a spreadsheet'),
    });
    assert.equal(notAFile.status, 201, 'a bad file is a plan with a file problem, not an error');
    const bad = (await notAFile.json()) as {
      usable: boolean;
      fileProblems: { code: string }[];
      planId: string;
    };
    assert.equal(bad.usable, false);
    const apply = await fetch(`${server.url}/api/import/plans/${bad.planId}/apply`, {
      method: 'POST',
      headers: { ...bearer(SALES_A, 'sales'), 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(apply.status, 400);
    const refused = (await apply.json()) as { status: number; code: string; message: string };
    assert.equal(refused.status, 400);
    assert.equal(refused.code, 'import_unusable_file');
    assert.match(refused.message, /ошибки файла/);
    const badPage = await fetch(`${server.url}/api/import/plans/${plan.planId}/rows?kind=nonsense`, {
      headers: bearer(SALES_A, 'sales'),
    });
    assert.equal(badPage.status, 400);
    assert.equal(((await badPage.json()) as { field?: string }).field, 'kind');
  });
});

async function adminMember(): Promise<TwentyRecord> {
  const list = await direct
    .records('workspaceMember')
    .list({ filter: eq('userEmail', 'admin@realty.local') });
  return list.records[0] as TwentyRecord;
}
