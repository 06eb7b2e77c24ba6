/**
 * `realty migrate dynamics DIR`: the old developer CRM's export (one CSV per
 * entity, units as an "Export to Excel" xlsx) into the registry, auctions,
 * payments and core objects — the same engine and guarantees as Salesforce:
 * deterministic ids from the CRM's GUIDs, a unique dynamicsId, relations in
 * dependency order with the lot ↔ winning application cycle closed in the
 * second pass, Russian option labels translated, a re-run with 0 changes and
 * bad rows in the errors CSV.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { type Devhost, startDevhost } from '../../devhost/server';
import { uuidV5 } from '../../plugins/core/index';
import { provision, provisionSucceeded } from '../../plugins/core/provisioning/provision';
import { createTwentyClient, in_, type TwentyClient, type TwentyRecord } from '../../sdk/index';
import { newInstall, REPO_ROOT, type RealtyInstall } from '../scripts/realty-process';
import {
  dynamicsExport,
  exportFiles,
  type GeneratedExport,
  type Row,
  writeFolder,
} from '../support/crm-exports';

let install: RealtyInstall;
let devhost: Devhost | undefined;
let twenty: TwentyClient;
let exp: GeneratedExport;
let dir: string;
const CHILD = path.join(import.meta.dirname, 'migrate-child.ts');
const idOf = (guid: string) => uuidV5(`dynamics:record:${guid.replace(/[{}]/g, '').toLowerCase()}`);
const rows = (t: string): Row[] => exp.tables.get(t) ?? [];

function migrate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CHILD,
      'dynamics',
      dir,
      '--checkpoint',
      path.join(install.home, 'dyn.json'),
      '--rate-limit',
      '100000',
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      env: install.env,
      stdio: 'pipe',
    },
  );
  let stdout = '';
  let stderr = '';
  p.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  p.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  return new Promise((resolve) => p.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function records(object: string, ids: string[]): Promise<Map<string, TwentyRecord>> {
  const page = await twenty.records(object).list({ filter: in_('id', ids), limit: 200 });
  return new Map(page.records.map((r) => [r.id, r]));
}

before(async () => {
  install = await newInstall('realty-migrate-dyn-');
  devhost = await startDevhost({
    port: 0,
    rateLimit: { shortLimit: 10_000, shortTtlMs: 1000, longLimit: 1_000_000, longTtlMs: 60_000 },
  });
  Object.assign(install.env, {
    TWENTY_URL: devhost.url,
    TWENTY_API_KEY: devhost.apiKey,
    TWENTY_WEBHOOK_SECRET: 'migration-test-webhook-secret',
    STAFF_JWT_SECRET: 'migration-test-staff-secret-0123456789abcdef',
  });
  twenty = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey, limiter: false });
  const plugins = [(await import('../../plugins/registry/index')).registryPlugin];
  try {
    plugins.push(
      (await import('../../plugins/auctions/index')).auctionsPlugin,
      (await import('../../plugins/payments/index')).paymentsPlugin,
    );
  } catch {
    // auctions/payments not loadable: their entities become custom objects
  }
  const report = await provision({ client: twenty, plugins });
  assert.ok(provisionSucceeded(report), JSON.stringify(report.conflicts));
  exp = dynamicsExport({ complexes: 2, buildingsPerComplex: 2, unitsPerSection: 4, nasty: true });
  dir = mkdtempSync(path.join(install.home, 'dyn-'));
  const files = exportFiles(exp);
  files.delete('units.csv');
  writeFolder(dir, files);
  // Units as Dynamics' "Export to Excel": an xlsx with the id in a hidden first column.
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Помещения');
  const columns = Object.keys(rows('units')[0]);
  sheet.addRow(columns);
  for (const r of rows('units'))
    sheet.addRow(columns.map((c) => (c === 'new_floor' || c === 'new_rooms' ? Number(r[c]) : r[c])));
  await book.xlsx.writeFile(path.join(dir, 'units.xlsx'));
});

after(async () => {
  await devhost?.close();
  if (install) await rm(install.home, { recursive: true, force: true });
});

describe('realty migrate dynamics (the old developer CRM into the registry, auctions and payments)', () => {
  it('migrates every entity and verifies every relation', async () => {
    const errors = path.join(install.home, 'dyn-errors.csv');
    const r = await migrate(['--json', '--errors', errors]);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as {
      status: string;
      check: { missing: number; different: number; relations: number };
      tables: { table: string; target: string; counts: Record<string, number> }[];
    };
    assert.equal(s.status, 'done');
    assert.equal(s.check.missing, 0);
    assert.equal(s.check.different, 0);
    const target = Object.fromEntries(s.tables.map((t) => [t.table, t.target]));
    assert.equal(target.units, 'unit');
    assert.equal(target.complexes, 'residentialComplex');
    assert.equal(target.contacts, 'person');
    // Registry chain.
    const buildings = await records(
      'building',
      rows('buildings').map((b) => idOf(b.new_buildingid)),
    );
    for (const b of rows('buildings'))
      assert.equal(buildings.get(idOf(b.new_buildingid))?.complexId, idOf(b.new_complexid));
    const units = await records(
      'unit',
      rows('units').map((u) => idOf(u.new_unitid)),
    );
    assert.equal(units.size, rows('units').length - 1, 'the duplicate row is not a second unit');
    for (const u of rows('units').slice(0, -1)) {
      const unit = units.get(idOf(u.new_unitid));
      assert.equal(unit?.buildingId, idOf(u.new_buildingid));
      assert.equal(unit?.sectionId, idOf(u.new_sectionid));
      assert.equal(unit?.dynamicsId, u.new_unitid);
    }
    const first = units.get(idOf(rows('units')[0].new_unitid));
    assert.equal(first?.kind, 'FLAT');
    assert.equal(first?.status, 'FREE');
    assert.equal((first?.price as { amountMicros?: number } | undefined)?.amountMicros, 5_000_000_000_000);
    // Auctions: lots ↔ applications (a cycle: the winner is written in the second pass).
    if (target.lots === 'auctionLot') {
      const lots = await records(
        'auctionLot',
        rows('lots').map((l) => idOf(l.new_lotid)),
      );
      for (const l of rows('lots')) {
        const lot = lots.get(idOf(l.new_lotid));
        assert.equal(lot?.auctionId, idOf(l.new_auctionid));
        assert.equal(lot?.unitId, idOf(l.new_unitid));
        assert.equal(lot?.winnerId, idOf(l.new_winnerid));
        assert.equal(lot?.status, 'SOLD');
      }
      const apps = await records(
        'auctionApplication',
        rows('applications').map((a) => idOf(a.new_applicationid)),
      );
      for (const a of rows('applications')) {
        assert.equal(apps.get(idOf(a.new_applicationid))?.lotId, idOf(a.new_lotid));
        assert.equal(apps.get(idOf(a.new_applicationid))?.applicantId, idOf(a.new_contactid));
        assert.equal(apps.get(idOf(a.new_applicationid))?.admission, 'ADMITTED');
      }
      const payments = await records(
        'payment',
        rows('payments').map((p) => idOf(p.new_paymentid)),
      );
      for (const p of rows('payments').slice(0, -1)) {
        const pay = payments.get(idOf(p.new_paymentid));
        assert.equal(pay?.payerId, idOf(p.new_contactid));
        assert.equal(pay?.contractId, idOf(p.new_contractid));
        assert.equal(pay?.purpose, 'DEPOSIT');
      }
    }
    // The contact written as {GUID} in upper case is the same record its children point at.
    const people = await records('person', [idOf(rows('contacts')[0].contactid)]);
    assert.equal(people.size, 1);
    const csv = readFileSync(errors, 'utf8');
    assert.match(csv, /units,[^,]+,\d+,,duplicate id/);
    if (target.payments === 'payment') {
      assert.match(csv, /payments,[^,]+,\d+,new_amount,"""сто рублей"" is not an amount"/);
      assert.match(csv, /payments,[^,]+,\d+,new_paidon,"""2025-13-45"" is not a valid date-time/);
      assert.match(
        csv,
        /payments,[^,]+,\d+,new_contactid,relation payer left empty: [^,]+ is not in the export/,
      );
    } else {
      // Without the payments plugin, payments are a custom object whose lookups are still relations.
      const pay = await records('payments', [idOf(rows('payments')[0].new_paymentid)]);
      assert.equal([...pay.values()][0]?.newLotId, idOf(rows('payments')[0].new_lotid));
    }
  });

  it('runs again with 0 changes', async () => {
    const r = await migrate(['--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { tables: { table: string; counts: Record<string, number> }[] };
    for (const t of s.tables) {
      assert.equal(t.counts.created, 0, `${t.table} created`);
      assert.equal(t.counts.updated, 0, `${t.table} updated`);
    }
  });
});
