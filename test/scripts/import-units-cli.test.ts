/**
 * `realty import-units` as an operator runs it: a real `realty devhost` in a
 * temp REALTY_HOME, the workspace provisioned with one complex → building →
 * section, and the CLI run as a child process against it.
 */
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { provision, provisionSucceeded } from '../../plugins/core/provisioning/provision';
import { allPlugins } from '../../plugins/index';
import { parseUnitWorkbook } from '../../plugins/registry/import/index';
import { createTwentyClient, eq, type TwentyClient } from '../../sdk/index';
import {
  BUILDING_ID,
  COMPLEX_ID,
  SECTION_ID,
  unitRow,
  workbookBuffer,
} from '../plugins/registry/import/workbook-fixtures';
import {
  type LaunchedRealty,
  launchRealty,
  newInstall,
  type RealtyInstall,
  runRealty,
} from './realty-process';

let install: RealtyInstall;
let devhost: LaunchedRealty | undefined;
let twenty: TwentyClient;

before(async () => {
  install = await newInstall('realty-import-cli-');
  // The CLI's client paces itself to Twenty's default 100/min; the host may be generous with the test.
  Object.assign(install.env, {
    API_RATE_LIMITING_LONG_LIMIT: '100000',
    API_RATE_LIMITING_SHORT_LIMIT: '10000',
  });
  devhost = await launchRealty(['devhost'], install.env, { readyWhen: /listening on/ });
  const apiKey = (await readFile(path.join(install.home, 'devhost', 'api-key'), 'utf8')).trim();
  twenty = createTwentyClient({ url: install.devhostUrl, apiKey, limiter: false });
  const report = await provision({ client: twenty, plugins: allPlugins });
  assert.ok(provisionSucceeded(report), JSON.stringify(report.conflicts));
  await twenty.records('residentialComplex').create({ id: COMPLEX_ID, name: 'ЖК «Тестовый»' });
  await twenty.records('building').create({
    id: BUILDING_ID,
    complexId: COMPLEX_ID,
    name: 'ЖК «Тестовый», корпус 1',
    number: '1',
    floors: 10,
  });
  await twenty.records('section').create({ id: SECTION_ID, buildingId: BUILDING_ID, number: 1, floors: 10 });
});

after(async () => {
  await devhost?.stop();
  if (install) await rm(install.home, { recursive: true, force: true });
});

const importUnits = (...args: string[]) =>
  runRealty(['import-units', ...args], install.env, { timeoutMs: 90_000 });

/** Five good rows with codes `${prefix}-0..4`, and one whose floor the building does not have. */
async function unitFile(prefix: string): Promise<string> {
  const rows = Array.from({ length: 5 }, (_, i) =>
    unitRow({ externalCode: `${prefix}-${i}`, number: `${prefix}${i}`, floor: 1 + i, positionOnFloor: 1 }),
  );
  rows.push(unitRow({ externalCode: `${prefix}-bad`, number: `${prefix}X`, floor: 99 }));
  const file = path.join(install.home, `${prefix}.xlsx`);
  await writeFile(file, await workbookBuffer(rows));
  return file;
}

async function unitsWithPrefix(prefix: string): Promise<number> {
  let n = 0;
  for await (const u of twenty.records('unit').iterate({}))
    if (String(u.externalCode).startsWith(`${prefix}-`)) n++;
  return n;
}

interface Summary {
  counts: { rows: number; create: number; rejected: number };
  problems: { row: number; column?: string }[];
  alreadyImported: boolean;
  batchId: string;
  result: { status: string; created: number; unitChanges: number; rejected: number } | null;
}

function summaryOf(stdout: string): Summary {
  return JSON.parse(stdout) as Summary;
}

describe('realty import-units against a running devhost', () => {
  it('writes a template that the importer itself reads back as a usable, empty file', async () => {
    const out = path.join(install.home, 'template.xlsx');
    const run = await importUnits('--template', out, '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { template: out });
    const parsed = await parseUnitWorkbook(await readFile(out), { fileName: 'template.xlsx' });
    assert.equal(parsed.usable, true, JSON.stringify(parsed.fileProblems));
    assert.equal(parsed.rows.length, 0);
  });

  it('with --dry-run reports what it would do and writes nothing', async () => {
    const file = await unitFile('DRY');
    const run = await importUnits(file, '--dry-run', '--json');
    assert.equal(run.code, 0, run.stderr);
    const summary = summaryOf(run.stdout);
    assert.equal(summary.counts.rows, 6);
    assert.equal(summary.counts.create, 5);
    assert.equal(summary.counts.rejected, 1);
    assert.equal(summary.result, null);
    assert.equal(await unitsWithPrefix('DRY'), 0);
    const batches = await twenty.records('importBatch').list({ filter: eq('id', summary.batchId) });
    assert.equal(batches.records.length, 0, 'no importBatch either');
  });

  it('imports the valid rows with one protocol row each, reports the bad one, and a second run changes nothing', async () => {
    const file = await unitFile('CLI');
    const run = await importUnits(file, '--json');
    assert.equal(run.code, 0, run.stderr);
    const summary = summaryOf(run.stdout);
    assert.equal(summary.result?.status, 'applied');
    assert.equal(summary.result?.created, 5);
    assert.equal(summary.result?.unitChanges, 0, 'new units carry their importBatch, no unitChange rows');
    assert.equal(summary.result?.rejected, 1);
    assert.deepEqual(
      summary.problems.map((p) => [p.row, p.column]),
      [[7, 'G']],
    );
    assert.equal(await unitsWithPrefix('CLI'), 5);
    const created = await twenty.records('unit').count(eq('importBatchId', summary.batchId));
    assert.equal(created, 5);

    const again = await importUnits(file, '--json');
    assert.equal(again.code, 0, again.stderr);
    const second = summaryOf(again.stdout);
    assert.equal(second.alreadyImported, true);
    assert.equal(second.result?.status, 'already-imported');
    assert.equal(await unitsWithPrefix('CLI'), 5);
  });

  it('refuses a file that is not an xlsx workbook with exit code 2 and says why', async () => {
    const file = path.join(install.home, 'units.csv');
    await writeFile(file, 'externalCode;complex;building\nA-1;Тестовый;1\n');
    const run = await importUnits(file, '--json');
    assert.equal(run.code, 2, `${run.stdout}\n${run.stderr}`);
    assert.match(`${run.stdout}\n${run.stderr}`, /xlsx/i);
    assert.match(run.stderr, /units\.csv/);
    assert.equal(await unitsWithPrefix('A'), 0);
  });
});
