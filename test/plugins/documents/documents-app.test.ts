/**
 * The documents from demo data, end to end through devhost with the webhook on: the registry's
 * demo places and the units the demo auctions use, then the auctions', payments' and documents'
 * own seeds — so the demo contracts, the auctions whose results are fixed and the deposit refunds
 * reach the documents' handlers as events between plugins. Every template is downloaded through
 * the access layer and read back as Word would; a change of a substituted field makes a new
 * version; bad input gets a Russian refusal; the page, the operation and the passport layout.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { auctionsPlugin, demoAuctionUnits } from '../../../plugins/auctions/index';
import { chessboardPlugin } from '../../../plugins/chessboard/index';
import { attachPending, systemStorage } from '../../../plugins/documents/attach';
import { generateDocument } from '../../../plugins/documents/generate';
import { documentsPlugin } from '../../../plugins/documents/index';
import { refreshIncomplete } from '../../../plugins/documents/jobs';
import { DEMO_BANK } from '../../../plugins/documents/seed';
import { DEFAULT_PASSPORT_LAYOUT } from '../../../plugins/documents/templates/passport-layout';
import { systemViewQuery } from '../../../plugins/documents/view-query';
import { paymentsPlugin } from '../../../plugins/payments/index';
import {
  buildDemoRegistry,
  building,
  registryPlugin,
  residentialComplex,
  section,
  unit,
} from '../../../plugins/registry/index';
import { handlersSettled, replicaCaughtUp, runSeeds } from '../../../scripts/seeds';
import { type AppStack, startAppStack } from '../../support/app-stack';
import { watchCspViolations } from '../../support/csp-violations';
import { runOperationCommandHere } from '../../support/operation-command';
import { waitFor } from '../../support/wait';
import { readDocx } from './docx-read';

type Row = Record<string, unknown>;

// The page in Chromium shares this file's stack (one stack per file); it runs when a browser is there.
const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'artifacts');
const executablePath =
  process.env.REALTY_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const noBrowser =
  process.env.REALTY_BROWSER_SKIP ?? (executablePath ? false : 'no chromium (set REALTY_CHROMIUM)');

function ownFields(object: { fields: Record<string, { type: string }> }) {
  const keys = new Set(['id', 'name']);
  for (const [name, field] of Object.entries(object.fields)) {
    keys.add(name);
    if (field.type === 'RELATION') keys.add(`${name}Id`);
  }
  return (row: Row) => Object.fromEntries(Object.entries(row).filter(([k]) => keys.has(k)));
}

/** The demo registry's places, the units the demo auctions take and a few more of their building. */
function demoSubset() {
  const demo = buildDemoRegistry();
  const auctionUnits = new Set(demoAuctionUnits().map((u) => u.id));
  const first = demo.units.find((u) => auctionUnits.has(String(u.id)));
  const buildingId = String(first?.buildingId);
  const units = demo.units.filter(
    (u) =>
      auctionUnits.has(String(u.id)) ||
      (u.buildingId === buildingId && demo.units.indexOf(u) % 9 === 0) ||
      (u.buildingId === buildingId && u.kind === 'PARKING' && demo.units.indexOf(u) % 5 === 0),
  );
  return { demo, units, buildingId };
}

describe('documents from the demo data', () => {
  let stack: AppStack;
  let legal: string;
  const subset = demoSubset();

  const get = async (url: string, token = legal) => {
    const res = await fetch(`${stack.server.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const ids = async (sql: string, params: unknown[] = []) =>
    (await systemViewQuery(stack.runtime.contextFor('documents'))<{ id: string }>(sql, params)).map(
      (r) => r.id,
    );
  /** Kept versions not attached to their Twenty record yet. */
  const unattached = async () =>
    (
      await stack.runtime.store.sql.query<{ n: number }>(
        'select count(*)::int as n from documents_versions where attachment_id is null',
      )
    ).rows[0]?.n ?? 0;
  const versions = async () =>
    (
      await stack.runtime.store.sql.query<{
        template: string;
        record_id: string;
        version: number;
        missing: unknown;
      }>(
        'select template, record_id, version, missing from documents_versions order by template, record_id, version',
      )
    ).rows;

  before(async () => {
    stack = await startAppStack({
      name: 'documents',
      plugins: [registryPlugin, chessboardPlugin, auctionsPlugin, paymentsPlugin, documentsPlugin],
      webhook: true,
      rateLimit: { requestsPerMinute: 100_000, requestsPerSecond: 2_000 },
      devhostRequestsPerMinute: 100_000,
    });
    legal = stack.staffToken('legal');
    const twenty = stack.runtime.twenty;
    await twenty
      .records('residentialComplex')
      .createMany(subset.demo.complexes.map(ownFields(residentialComplex)), { upsert: true });
    await twenty
      .records('building')
      .createMany(subset.demo.buildings.map(ownFields(building)), { upsert: true });
    await twenty
      .records('section')
      .createMany(subset.demo.sections.map(ownFields(section)), { upsert: true });
    await twenty.records('unit').createMany(subset.units.map(ownFields(unit)), { upsert: true });
    const outcomes = await runSeeds(stack.runtime.registry, stack.runtime.contextFor, {
      only: ['auctions', 'payments', 'documents'],
    });
    assert.ok(await replicaCaughtUp(stack.runtime.store.readModel, outcomes, { timeoutMs: 30_000 }));
    assert.ok(await handlersSettled(stack.runtime, { timeoutMs: 60_000 }), 'the handlers settled');
  });
  after(async () => {
    await stack?.close();
  });

  it('made the demo’s contracts, results protocols and refund statements on their events', async () => {
    const contracts = await ids(
      `select k.id::text as id from {saleContract} k where k.mortgage_bank is null`,
    );
    const mortgage = await ids(
      `select k.id::text as id from {saleContract} k where k.mortgage_bank is not null`,
    );
    const fixed = await ids(
      `select a.id::text as id from {auction} a where a.status in ('COMPLETED', 'FAILED')`,
    );
    const refunds = await ids(
      `select o.id::text as id from {financialOperation} o where o.kind = 'DEPOSIT_REFUNDED'`,
    );
    assert.ok(contracts.length >= 1 && mortgage.length === 1 && fixed.length >= 1 && refunds.length >= 1);
    // A record's event may reach the documents before a related record reached the read model: the
    // refresh job (every minute; no scheduler here) makes such a document again with the values now there.
    await refreshIncomplete(stack.runtime.contextFor('documents'));
    const kept = await versions();
    // Each record once (a record whose related records replicated a moment later may have a second version).
    const of = (t: string) =>
      [...new Set(kept.filter((v) => v.template === t).map((v) => v.record_id))].sort();
    assert.deepEqual(
      of('sale-contract'),
      [...contracts, ...mortgage].sort(),
      'a contract for every demo contract',
    );
    assert.deepEqual(
      of('mortgage-sale-contract'),
      mortgage,
      'the mortgage variant for the one with credit funds',
    );
    assert.deepEqual(of('auction-protocol'), fixed.sort());
    assert.deepEqual(of('deposit-refund'), refunds.sort());
    const latest = new Map(kept.map((v) => [`${v.template} ${v.record_id}`, v]));
    for (const [key, v] of latest)
      assert.deepEqual(v.missing, [], `${key}: the demo carries every field the template needs`);
  });

  it('links the documents from the auction console and its money section', async () => {
    const [fixed] = await ids(`select a.id::text as id from {auction} a where a.status = 'COMPLETED'`);
    const [contract] = await ids(`select k.id::text as id from {saleContract} k limit 1`);
    const [refund] = await ids(
      `select o.id::text as id from {financialOperation} o where o.kind = 'DEPOSIT_REFUNDED' limit 1`,
    );
    const sales = stack.staffToken('sales');
    const console = (await get(`/auctions/${fixed}`, sales)).bytes.toString('utf8');
    assert.ok(console.includes(`href="/api/documents/auction-protocol/${fixed}"`), 'the protocol download');
    const moneyOfAll = await Promise.all(
      (await ids(`select a.id::text as id from {auction} a`)).map(async (id) =>
        (await get(`/auctions/${id}/money`, sales)).bytes.toString('utf8'),
      ),
    );
    assert.ok(
      moneyOfAll.some((html) => html.includes(`href="/api/documents/sale-contract/${contract}"`)),
      'a contract row links its contract',
    );
    assert.ok(
      moneyOfAll.some((html) => html.includes(`href="/api/documents/deposit-refund/${refund}"`)),
      'a refund in the journal links its statement',
    );
  });

  it('links a unit’s and a building’s documents from the chessboard, for roles that may use them', async () => {
    const unitId = subset.units[0]?.id as string;
    const card = async (token: string) =>
      JSON.parse((await get(`/api/chessboard/units/${unitId}`, token)).bytes.toString('utf8')) as {
        documents: { label: string; url: string }[];
      };
    assert.deepEqual(
      (await card(stack.staffToken('sales'))).documents.map((d) => d.url),
      [`/api/documents/passport/${unitId}`, `/api/documents/booking-agreement/${unitId}`],
    );
    assert.deepEqual(
      (await card(stack.staffToken('callcenter'))).documents,
      [],
      'the call centre makes no documents',
    );
    const page = (await get(`/chessboard`, stack.staffToken('sales'))).bytes.toString('utf8');
    assert.match(page, /"documents":true/, 'the board page offers the building passport');
  });

  it('attaches every document made on an event to its Twenty record (C22); the demo’s by the attach job', async () => {
    assert.ok((await unattached()) > 0, 'the seeds’ documents wait for the job');
    await attachPending(stack.runtime.contextFor('documents'), 100);
    assert.equal(await unattached(), 0);
    const rows = (
      await stack.runtime.store.sql.query<{
        template: string;
        record_object: string;
        record_id: string;
        attachment_id: string | null;
        attach_error: string | null;
      }>(`select template, record_object, record_id, attachment_id, attach_error from documents_versions`)
    ).rows;
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.ok(row.attachment_id, `${row.template} ${row.record_id}: not attached (${row.attach_error})`);
      const got = (await stack.twentyRest('GET', `/rest/attachments/${row.attachment_id}`)) as {
        data?: { attachment?: Record<string, unknown> };
      };
      const attachment = got.data?.attachment ?? {};
      const target = `target${row.record_object[0]?.toUpperCase()}${row.record_object.slice(1)}Id`;
      assert.equal(
        attachment[target] ?? attachment[`${row.record_object}Id`],
        row.record_id,
        JSON.stringify(attachment),
      );
      assert.match(String(attachment.name), /-v\d+\.docx$/);
    }
  });

  it('keeps a new version when a substituted field changes in Twenty, and none when nothing printed changed', async () => {
    const [contract] = await ids(
      `select k.id::text as id from {saleContract} k where k.mortgage_bank is not null`,
    );
    assert.ok(contract);
    await stack.twentyRest('PATCH', `/rest/saleContracts/${contract}`, { mortgageBank: 'АО «Другой банк»' });
    const second = await waitFor('version 2 of the mortgage contract', async () => {
      const v = (await versions()).filter(
        (x) => x.template === 'mortgage-sale-contract' && x.record_id === contract,
      );
      return v.length >= 2 ? v : undefined;
    });
    assert.deepEqual(
      second.map((v) => v.version),
      [1, 2],
      'version 1 is kept, never overwritten',
    );
    // A person's change in Twenty: the handler attaches the new version itself, no job needed.
    await waitFor('version 2 attached by the handler', async () => {
      const r = await stack.runtime.store.sql.query<{ attachment_id: string | null }>(
        `select attachment_id from documents_versions
          where template = 'mortgage-sale-contract' and record_id = $1 and version = 2`,
        [contract],
      );
      return r.rows[0]?.attachment_id ?? undefined;
    });
    await stack.twentyRest('PATCH', `/rest/saleContracts/${contract}`, { status: 'SIGNED' });
    assert.ok(await handlersSettled(stack.runtime, { timeoutMs: 30_000 }));
    const after = (await versions()).filter(
      (x) => x.template === 'mortgage-sale-contract' && x.record_id === contract,
    );
    assert.equal(after.length, 2, 'the status is not printed: no new version');
    const doc = await readDocx((await get(`/api/documents/mortgage-sale-contract/${contract}`)).bytes);
    assert.ok(doc.runs.some((r) => r.text === 'АО «Другой банк»' && r.color === 'FF0000'));
    assert.ok(!doc.text.includes(DEMO_BANK));
  });

  it('downloads every template from demo records: fields red and only those, filled or reported, Word-valid', async () => {
    const [unitId] = subset.units.filter((u) => u.kind === 'FLAT').map((u) => String(u.id));
    const [contract] = await ids(
      `select k.id::text as id from {saleContract} k where k.mortgage_bank is null limit 1`,
    );
    const [mortgage] = await ids(
      `select k.id::text as id from {saleContract} k where k.mortgage_bank is not null`,
    );
    const [auction] = await ids(
      `select a.id::text as id from {auction} a where a.status = 'COMPLETED' order by a.number limit 1`,
    );
    const [refund] = await ids(
      `select o.id::text as id from {financialOperation} o where o.kind = 'DEPOSIT_REFUNDED' limit 1`,
    );
    const cases: [string, string | undefined][] = [
      ['passport', unitId],
      ['passport', subset.buildingId],
      ['booking-agreement', unitId],
      ['sale-contract', contract],
      ['mortgage-sale-contract', mortgage],
      ['auction-protocol', auction],
      ['deposit-refund', refund],
    ];
    const deps = {
      query: systemViewQuery(stack.runtime.contextFor('documents')),
      storage: systemStorage(stack.runtime.contextFor('documents')),
    };
    const out = process.env.DOCUMENTS_TEST_OUT;
    for (const [template, id] of cases) {
      assert.ok(id, `a demo record for ${template}`);
      const res = await get(`/api/documents/${template}/${id}`);
      assert.equal(res.status, 200, `${template}: ${res.bytes.toString().slice(0, 300)}`);
      assert.match(res.headers.get('content-type') ?? '', /wordprocessingml/);
      if (out) await writeFile(path.join(out, `${template}-${id.slice(0, 8)}.docx`), res.bytes);
      const doc = await readDocx(res.bytes);
      const expected = await generateDocument(template, id, deps);
      const red = doc.runs.filter((r) => r.color === 'FF0000');
      assert.deepEqual(
        red.map((r) => r.text),
        expected.fields.map((f) => f.value ?? `[${f.label}: не заполнено]`),
        `${template}: the red runs are exactly the substituted fields, in order`,
      );
      for (const r of doc.runs.filter((x) => x.color !== 'FF0000'))
        assert.equal(r.color, '000000', `${template}: fixed text «${r.text}» is black`);
      for (const r of red.filter((x) => x.highlight))
        assert.match(r.text, /не заполнено\]$/, 'only blanks are highlighted');
      assert.equal(
        red.filter((r) => r.highlight === 'yellow').length,
        expected.missing.length > 0 ? expected.fields.filter((f) => f.value === null).length : 0,
      );
      assert.doesNotMatch(
        doc.text,
        /\{\{|\}\}|undefined|null|NaN|\[object/,
        `${template}: no placeholder left`,
      );
      assert.equal(doc.custom.template, template);
      assert.equal(doc.custom.templateVersion, String(expected.templateVersion));
      assert.match(String(doc.core['dc:subject']), new RegExp(`^${template} v\\d+$`));
      assert.ok(String(doc.core['dc:title']).length > 5);
      for (const t of doc.tables) assert.ok(t.headerRows <= 1);
    }
  });

  it('prints money in words, long dates, areas with two decimals and cadastral numbers verbatim in the contract', async () => {
    const [contract] = await ids(
      `select k.id::text as id from {saleContract} k where k.mortgage_bank is null limit 1`,
    );
    const doc = await readDocx((await get(`/api/documents/sale-contract/${contract}`)).bytes);
    const red = doc.runs.filter((r) => r.color === 'FF0000').map((r) => r.text);
    assert.ok(
      red.some((t) => /^\d{1,3}(\u00a0\d{3})* \([а-яё ]+\) рубл(ь|я|ей) \d{2} копе(йка|йки|ек)$/.test(t)),
      red.join(' | '),
    );
    assert.ok(
      red.some((t) =>
        /^\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4} г\.$/.test(
          t,
        ),
      ),
    );
    assert.ok(red.some((t) => /^\d+,\d{2} м²$/.test(t)));
    const [cadastral] = (
      await systemViewQuery(stack.runtime.contextFor('documents'))<{ c: string }>(
        `select u.cadastral_number as c from {saleContract} k join {unit} u on u.id = k.unit_id where k.id = $1::uuid`,
        [contract],
      )
    ).map((r) => r.c);
    assert.ok(cadastral && red.includes(cadastral), 'the cadastral number verbatim');
  });

  it('paginates a building passport’s unit table under a repeated header row', async () => {
    const res = await get(`/api/documents/passport/${subset.buildingId}`);
    const doc = await readDocx(res.bytes);
    const units = doc.tables.at(-1);
    assert.ok(units);
    assert.equal(units.headerRows, 1, 'the header row repeats on each page (w:tblHeader)');
    assert.equal(units.rows, 1 + subset.units.filter((u) => u.buildingId === subset.buildingId).length);
    assert.ok(
      doc.runs.filter((r) => r.header).every((r) => r.color === '000000'),
      'the header is fixed text',
    );
  });

  it('names a missing field in a highlighted blank and reports it (a parking space has no cadastral number)', async () => {
    const parking = subset.units.find((u) => u.kind === 'PARKING' && !u.cadastralNumber);
    assert.ok(parking);
    const res = await get(`/api/documents/passport/${String(parking.id)}`);
    assert.equal(res.status, 200);
    assert.ok(Number(res.headers.get('x-documents-missing')) >= 1);
    const doc = await readDocx(res.bytes);
    assert.ok(
      doc.runs.some(
        (r) =>
          r.text === '[Кадастровый номер помещения: не заполнено]' &&
          r.highlight === 'yellow' &&
          r.color === 'FF0000',
      ),
    );
    const run = await runOperationCommandHere(stack.runtime, 'document', ['passport'], {
      record: String(parking.id),
      dryRun: true,
    });
    assert.equal(run.code, 0, run.said.join('\n'));
    const labels = run.result.missing.map((m: { label: string }) => m.label);
    assert.ok(labels.includes('Кадастровый номер помещения'), labels.join(', '));
    assert.equal(Number(res.headers.get('x-documents-missing')), labels.length);
  });

  it('refuses bad input with a clear Russian message', async () => {
    const json = async (url: string) => {
      const r = await get(url);
      return { status: r.status, body: JSON.parse(r.bytes.toString()) as { code: string; message: string } };
    };
    const unitId = String(subset.units[0]?.id);
    const unknown = await json(`/api/documents/lease/${unitId}`);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /Шаблона «lease» нет; есть: passport, booking-agreement/);
    const wrong = await json(`/api/documents/sale-contract/${unitId}`);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'documents_wrong_object');
    assert.match(
      wrong.body.message,
      /— помещение, а «Договор купли-продажи» составляется по записи: договор купли-продажи \(saleContract\)/,
    );
    const missing = await json('/api/documents/passport/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.match(missing.body.message, /Записи 00000000-0000-4000-8000-000000000000 нет в CRM/);
    const notId = await json('/api/documents/passport/кв-12');
    assert.equal(notId.status, 400);
    assert.match(notId.body.message, /«кв-12» — не идентификатор записи/);
    const [received] = await ids(
      `select o.id::text as id from {financialOperation} o where o.kind = 'DEPOSIT_RECEIVED' limit 1`,
    );
    const notRefund = await json(`/api/documents/deposit-refund/${received}`);
    assert.equal(notRefund.status, 400);
    assert.match(notRefund.body.message, /не возврат задатка/);
    const callcenter = await get(`/api/documents/passport/${unitId}`, stack.staffToken('callcenter'));
    assert.equal(callcenter.status, 403);
    const cli = await runOperationCommandHere(stack.runtime, 'document', ['lease'], { record: unitId });
    assert.equal(cli.code, 2);
    assert.match(cli.said.join('\n'), /ошибка: Шаблона «lease» нет/);
  });

  it('writes the file from the command line and lists the versions on the /documents page', async () => {
    const [contract] = await ids(
      `select k.id::text as id from {saleContract} k where k.mortgage_bank is null limit 1`,
    );
    const file = path.join(stack.home, 'contract.docx');
    const run = await runOperationCommandHere(stack.runtime, 'document', ['sale-contract'], {
      record: contract,
      out: file,
    });
    assert.equal(run.code, 0, run.said.join('\n'));
    const doc = await readDocx(await readFile(file));
    assert.equal(doc.custom.template, 'sale-contract');
    const page = await get(`/documents?template=sale-contract`);
    assert.equal(page.status, 200);
    const html = page.bytes.toString();
    assert.match(html, /Договор купли-продажи/);
    assert.match(html, /href="\/api\/document-versions\/[0-9a-f-]{36}"/);
    assert.doesNotMatch(html, /Протокол о результатах торгов №/);
    const version = /href="(\/api\/document-versions\/[0-9a-f-]{36})"/.exec(html)?.[1] ?? '';
    const kept = await get(version);
    assert.equal(kept.status, 200);
    assert.equal((await readDocx(kept.bytes)).custom.template, 'sale-contract');
    const bad = await get('/documents?template=lease');
    assert.equal(bad.status, 400);
    assert.match(bad.bytes.toString(), /Шаблона «lease» нет/);
    assert.match(bad.bytes.toString(), /<header id="app-header">/, 'the refusal is a page in the shell');
  });

  it('builds passports by the layout an admin stores, as its next version; a bad layout names the field', async () => {
    const badFile = path.join(stack.home, 'bad-layout.json');
    const goodFile = path.join(stack.home, 'layout.json');
    await writeFile(
      badFile,
      JSON.stringify({
        ...DEFAULT_PASSPORT_LAYOUT,
        unit: { sections: [{ title: 'X', layout: 'text', fields: ['unit.colour'] }] },
      }),
    );
    const bad = await runOperationCommandHere(stack.runtime, 'documents passport-layout-set', [], {
      file: badFile,
    });
    assert.equal(bad.code, 2);
    assert.match(
      bad.said.join('\n'),
      /unit\.sections\[0\]\.fields\[0\]: поле «unit\.colour» паспорту неизвестно/,
    );
    const layout = {
      ...DEFAULT_PASSPORT_LAYOUT,
      unit: {
        sections: [
          { title: 'Кратко', layout: 'text', fields: ['unit.number', 'unit.totalArea', 'unit.price'] },
        ],
      },
    };
    await writeFile(goodFile, JSON.stringify(layout));
    const ok = await runOperationCommandHere(stack.runtime, 'documents passport-layout-set', [], {
      file: goodFile,
    });
    assert.equal(ok.code, 0, ok.said.join('\n'));
    assert.equal(ok.result.version, 2);
    const unitId = String(subset.units.find((u) => u.kind === 'FLAT')?.id);
    const doc = await readDocx((await get(`/api/documents/passport/${unitId}`)).bytes);
    assert.equal(doc.custom.templateVersion, '2');
    assert.match(doc.text, /Кратко/);
    assert.doesNotMatch(doc.text, /Кадастровый номер/);
  });
  it('the attach job attaches the versions made through the app to their Twenty records', async () => {
    assert.ok((await unattached()) > 0, 'downloads above kept versions not attached yet');
    await attachPending(stack.runtime.contextFor('documents'), 100);
    assert.equal(await unattached(), 0);
  });

  it('shows the kept versions on the /documents page in Chromium, filters them and downloads one', {
    skip: noBrowser,
  }, async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    const browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const context = await browser.newContext({
        viewport: { width: 1300, height: 900 },
        locale: 'ru-RU',
        acceptDownloads: true,
      });
      const csp = await watchCspViolations(context);
      const page = await context.newPage();
      await page.goto(`${stack.server.url}/auth/login?code=${await stack.signInCode('legal')}`);
      await page.goto(`${stack.server.url}/documents`);
      const rows = page.locator('#versions tbody tr');
      assert.ok((await rows.count()) >= 5);
      const text = (await page.locator('#versions').textContent()) ?? '';
      assert.match(text, /Договор купли-продажи с использованием кредитных средств/);
      assert.match(text, /Протокол о результатах торгов/);
      assert.match(text, /\d{2}\.\d{2}\.\d{4}/, 'dates as dd.mm.yyyy');
      assert.match(text, /прикреплён/);
      assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-|\{"|amountMicros/, 'no ids or JSON on the page');
      await page.screenshot({ path: path.join(ARTIFACTS, 'documents.png'), fullPage: true });
      await page.selectOption('form.filters select[name="template"]', 'deposit-refund');
      await page.click('form.filters button[type="submit"]');
      await page.waitForURL(/template=deposit-refund/);
      const filtered = await page.locator('#versions tbody tr td:nth-child(2)').allInnerTexts();
      assert.ok(
        filtered.length >= 1 && filtered.every((t) => t.startsWith('Заявление о возврате задатка')),
        filtered.join(' | '),
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#versions a.download').first().click(),
      ]);
      assert.match(download.suggestedFilename(), /^возврат-задатка-[0-9a-f]{8}-v\d+\.docx$/);
      const saved = path.join(stack.home, 'downloaded.docx');
      await download.saveAs(saved);
      assert.equal((await readDocx(await readFile(saved))).custom.template, 'deposit-refund');
      assert.deepEqual(csp.violations(), []);
    } finally {
      await browser.close();
    }
  });
});
