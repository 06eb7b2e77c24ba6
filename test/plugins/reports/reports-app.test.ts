/**
 * The reports through the whole app (devhost, runtime, app server): the JSON and xlsx routes as
 * staff roles call them, «all sections» as one workbook, the /reports page formatted for people,
 * refusals in Russian (bad date, unknown section, a role's forbidden section, a page's banner),
 * `realty report` writing the file, and the daily report — stored once per day, attached to a
 * note in Twenty, listed on /reports/history and downloadable there; section 10 in the partner
 * portal through the real gateway (an agency's own line only). The generated records are
 * written straight into the app's read model (the replication path is the runtime's, tested there).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { uuidV5 } from '../../../plugins/core/plugin/index';
import { reportCommand } from '../../../plugins/reports/commands';
import { dueNow, runDailyReport } from '../../../plugins/reports/daily';
import { reportsPlugin } from '../../../plugins/reports/index';
import type { CliContext } from '../../../scripts/cli-runtime';
import type { OpenedCommandContext } from '../../../scripts/command-context';
import { operationFromCommand } from '../../../scripts/operation-commands';
import {
  type AgenciesApp,
  DEMO_AGENCIES,
  PARTNER_PLUGINS,
  startAgenciesApp,
  waitFor,
} from '../agencies/agencies-app';
import { type Dataset, generateReportData, loadIntoReadModel, type Rec, TODAY } from './report-data';

let app: AgenciesApp;
let vera: string;
let data: Dataset;
const Q = `from=2026-01-01&to=${TODAY}&date=${TODAY}`;

async function get(pathAndQuery: string, role = 'finance', headers: Record<string, string> = {}) {
  const res = await fetch(`${app.server.url}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${app.staffToken(role as 'finance')}`, ...headers },
  });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json')
    ? await res.json()
    : type.includes('spreadsheet')
      ? Buffer.from(await res.arrayBuffer())
      : await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely; each test asserts their shape
  return { status: res.status, type, headers: res.headers, body: body as any };
}

const partnerContract = (n: number, agencyId: string): Rec => ({
  id: uuidV5(`reports-partner-test:contract:${n}`),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  number: `ДП-${n}`,
  agencyId,
  status: 'SIGNED',
  signedAt: `2026-03-${String(10 + n).padStart(2, '0')}T09:00:00.000Z`,
  price: { amountMicros: (5_000_000 + n) * 1_000_000, currencyCode: 'RUB' },
});

before(async () => {
  // The agencies' app (its demo agencies and users, the partner gateway) with reports: the sections of
  // revenue, holdings, plan-fact, telephony and SMS are tested in sections.test.ts.
  app = await startAgenciesApp({ name: 'reports', plugins: [...PARTNER_PLUGINS, reportsPlugin] });
  await waitFor('the demo agencies in the read model', async () =>
    (await app.runtime.store.readModel.count('agency')) >= 3 ? true : undefined,
  );
  data = generateReportData({ units: 60, auctions: 60 });
  data.saleContract = [
    ...(data.saleContract ?? []),
    partnerContract(1, DEMO_AGENCIES.gorod),
    partnerContract(2, DEMO_AGENCIES.gorod),
    partnerContract(3, DEMO_AGENCIES.etazhi),
    partnerContract(4, DEMO_AGENCIES.etazhi),
    partnerContract(5, DEMO_AGENCIES.etazhi),
  ];
  await loadIntoReadModel(
    app.runtime.store,
    data,
    app.runtime.registry.readModel.map((e) => e.object),
  );
  vera = await app.token('vera@gorod.demo');
});
after(() => app?.close());

describe('reports through the app', () => {
  it('answers a section as JSON with Russian headings, and the sections a role may see', async () => {
    const complex = data.residentialComplex?.[0] as Rec;
    const buildings = new Set(
      (data.building ?? []).filter((b) => b.complexId === complex.id).map((b) => b.id),
    );
    const free = (data.unit ?? []).filter((u) => u.status === 'FREE' && buildings.has(String(u.buildingId)));
    const res = await get(`/api/reports/13?${Q}&complexId=${complex.id}`, 'sales');
    assert.equal(res.status, 200);
    assert.equal(res.body.rows.length, free.length);
    assert.deepEqual(
      res.body.columns.slice(0, 3).map((c: { label: string }) => c.label),
      ['ЖК', 'Корпус', 'Секция'],
    );
    const list = await get('/api/reports', 'callcenter');
    const ids = list.body.sections.map((s: { id: number }) => s.id);
    assert.ok(ids.includes(13) && !ids.includes(1));
    const off = list.body.sections.find((s: { id: number }) => s.id === 11);
    assert.equal(off.available, false);
  });

  it('answers a disabled plugin’s section as an empty, correctly headed table that says why', async () => {
    const calls = await get(`/api/reports/11?${Q}`, 'callcenter');
    assert.equal(calls.status, 200);
    assert.deepEqual([calls.body.available, calls.body.rows], [false, []]);
    assert.deepEqual(
      calls.body.columns.slice(0, 3).map((c: { label: string }) => c.label),
      ['Дата', 'Направление', 'Звонков'],
    );
    assert.match(calls.body.note, /плагин «telephony» не включён/);
    const sheet = await get(`/api/reports/sms-campaigns/xlsx?${Q}`, 'marketing');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.body);
    const ws = book.worksheets[0] as ExcelJS.Worksheet;
    assert.equal(ws.getRow(1).getCell(1).value, 'Рассылка');
    assert.match(String(ws.getRow(2).getCell(1).value), /«sms» не включён/);
  });

  it('refuses a bad date, an unknown section and a forbidden one in Russian', async () => {
    const bad = await get('/api/reports/1?from=2026-02-30', 'finance');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'reports_bad_date');
    assert.match(bad.body.message, /«Период с»: «2026-02-30» — не дата/);
    const unknown = await get('/api/reports/nope', 'finance');
    assert.deepEqual([unknown.status, unknown.body.code], [404, 'reports_unknown_section']);
    assert.match(unknown.body.message, /Раздела отчёта «nope» нет/);
    const forbidden = await get(`/api/reports/8?${Q}`, 'callcenter');
    assert.deepEqual([forbidden.status, forbidden.body.code], [403, 'reports_section_forbidden']);
    const anonymous = await fetch(`${app.server.url}/api/reports/1`);
    assert.equal(anonymous.status, 401);
  });

  it('downloads one section and all sections as workbooks', async () => {
    const one = await get(`/api/reports/receipts-by-unit/xlsx?${Q}`);
    assert.equal(one.status, 200);
    assert.match(one.headers.get('content-disposition') ?? '', /report-01-receipts-by-unit-2026-06-15\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(one.body);
    assert.equal(book.worksheets[0]?.name, '1. Поступления по помещениям');
    const all = await get(`/api/reports/all/xlsx?${Q}`, 'admin');
    const whole = new ExcelJS.Workbook();
    await whole.xlsx.load(all.body);
    // Without revenue, holdings, plan-fact, telephony and SMS: their sections are left out and listed.
    assert.deepEqual(
      whole.worksheets.map((w) => w.name.split('.')[0]),
      ['Содержание', '1', '2', '3', '4', '5', '6', '8', '9', '10', '13', '14', '15', '16'],
    );
    const contents: string[] = [];
    whole.getWorksheet('Содержание')?.eachRow((row) => contents.push(String(row.getCell(2).value ?? '')));
    assert.ok(contents.some((line) => /«telephony» не включён/.test(line)));
    assert.ok(contents.some((line) => /«planfact» не включён/.test(line)));
  });

  it('shows the /reports page: the table in ₽ and dd.mm.yyyy, the chart’s data, the download link', async () => {
    const page = await get(`/reports?section=sales&${Q}`, 'sales');
    assert.equal(page.status, 200);
    assert.match(page.body, /<h2>6\. Продажи \(договоры\) за период<\/h2>/);
    assert.match(page.body, /\d{2}\.\d{2}\.2026/);
    assert.match(page.body, /\u00a0₽/);
    assert.match(page.body, /<script id="report-chart-data" type="application\/json">/);
    assert.match(page.body, /href="\/api\/reports\/sales\/xlsx\?from=2026-01-01&(amp|#38);to=2026-06-15"/);
    assert.doesNotMatch(
      page.body,
      /amountMicros|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/td>/,
    );
    const bad = await get('/reports?section=sales&to=31.13.2026', 'sales');
    assert.equal(bad.status, 400);
    assert.match(bad.type, /text\/html/);
    assert.match(bad.body, /«Период по»: «31\.13\.2026» — не дата/);
  });

  it('realty report writes the section’s file into the directory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'reports-cli-'));
    try {
      const runtime = app.runtime;
      const said: string[] = [];
      const config = runtime.contextFor('reports').config;
      const cli = {
        config: { ...config, databaseUrl: undefined, port: 1 },
        secrets: { staffSecret: 'unused', webhookSecret: 'unused' },
        registry: runtime.registry,
      } as unknown as CliContext;
      const ctx = {
        config,
        log: runtime.contextFor('reports').log,
        jsonOutput: false,
        say: (text: string) => said.push(text),
        json: () => undefined,
        progress: () => ({ update() {}, stop() {} }),
        open: async () => runtime.contextFor('reports'),
        runtime: async () => runtime,
        app: async () => undefined,
        signal: new AbortController().signal,
        close: async () => undefined,
      } as OpenedCommandContext;
      const withOperation = {
        ...ctx,
        operation: (name: string, input: Record<string, unknown>) =>
          operationFromCommand(cli, ctx, name, input, false),
      };
      const code = await reportCommand.run(
        { args: ['5'], options: { out: dir, format: 'xlsx', date: TODAY } },
        withOperation,
      );
      assert.equal(code, 0, said.join('\n'));
      const files = await readdir(dir);
      assert.deepEqual(files, ['report-05-unit-stock-2026-06-15.xlsx']);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await readFile(path.join(dir, files[0] as string))) as never);
      assert.equal(book.worksheets[0]?.getRow(1).getCell(4).value, 'Помещений');
      const refused = await reportCommand.run(
        { args: ['42'], options: { out: dir, format: 'xlsx' } },
        withOperation,
      );
      assert.equal(refused, 2);
      assert.match(said.join('\n'), /Раздела отчёта «42» нет/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds the daily report once, attaches it to a note for management, lists it in the history', async () => {
    const ctx = app.runtime.contextFor('reports');
    const first = await runDailyReport(ctx, { date: TODAY });
    assert.equal(first.built, true);
    assert.equal(first.attachError, undefined, first.attachError);
    assert.ok(first.noteId && first.attachmentId);
    const again = await runDailyReport(ctx, { date: TODAY });
    assert.equal(again.built, false, 'a day’s report is built once');
    const note = (await app.twentyRest('GET', `/rest/notes/${first.noteId}`)) as {
      data: { note: { title: string } };
    };
    assert.equal(note.data.note.title, 'Ежедневный отчёт за 15.06.2026');
    const attachment = (await app.twentyRest('GET', `/rest/attachments/${first.attachmentId}`)) as {
      data: { attachment: { name: string; targetNoteId: string } };
    };
    assert.deepEqual(
      [attachment.data.attachment.name, attachment.data.attachment.targetNoteId],
      ['daily-report-2026-06-15.xlsx', first.noteId],
    );
    const history = await get('/reports/history', 'finance');
    assert.equal(history.status, 200);
    assert.match(history.body, /15\.06\.2026/);
    assert.match(history.body, /прикреплён к <a href="[^"]*\/object\/note\//);
    const file = await get('/reports/history/2026-06-15/xlsx', 'finance');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body);
    assert.equal(book.worksheets[0]?.name, 'Содержание');
    assert.ok(book.worksheets.some((w) => w.name.startsWith('4. ')));
    const missing = await get('/reports/history/2026-06-14/xlsx', 'finance');
    assert.equal(missing.status, 404);
  });

  it('is due at the configured Moscow time', () => {
    assert.equal(dueNow(new Date('2026-06-15T03:59:00Z'), '07:00'), false);
    assert.equal(dueNow(new Date('2026-06-15T04:00:00Z'), '07:00'), true);
    assert.equal(dueNow(new Date('2026-06-15T20:00:00Z'), '23:30'), false);
  });

  it('shows an agency its own line of section 10 in the partner portal, page and workbook', async () => {
    const page = await app.partner(`/partner/reports?${Q}`, { token: vera });
    assert.equal(page.status, 200, String(page.body).slice(0, 400));
    const html = String(page.body);
    assert.match(html, /10\. Эффективность агентств/);
    assert.match(html, /Городской риелтор/);
    assert.doesNotMatch(html, /Этажи-Партнёр|Агентство 0/);
    const file = await fetch(`${app.url}/partner/reports/xlsx?${Q}`, {
      headers: { authorization: `Bearer ${vera}` },
    });
    assert.equal(file.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const contractsCol = (sheet.getRow(1).values as unknown[]).indexOf('Договоров');
    assert.deepEqual(
      [sheet.getRow(2).getCell(1).value, sheet.getRow(2).getCell(contractsCol).value],
      ['Городской риелтор', 2],
    );
    assert.equal(sheet.getRow(3).getCell(1).value, 'Итого', 'one agency, then the totals');
  });

  it('shows staff every agency in section 10, and keeps the staff routes from the partner', async () => {
    const res = await get(`/api/reports/10?${Q}`, 'sales');
    const of = (name: string) => res.body.rows.find((r: { agency: string }) => r.agency === name)?.contracts;
    assert.deepEqual([of('Городской риелтор'), of('Этажи-Партнёр')], [2, 3]);
    const refused = await app.partner(`/api/reports/10?${Q}`, { token: vera });
    assert.ok([401, 403].includes(refused.status), String(refused.status));
  });
});
