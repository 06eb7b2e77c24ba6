/**
 * Bad input at scale: a file of thousands of rows with bad rows spread through
 * it — each bad row is reported with row, column and reason, the rest written,
 * nothing else changes (devhost with a high rate limit). The suite runs a fifth
 * of the seed-scale file (3,800 rows, 60 bad) from the same generator; the full
 * 19,000 rows with 300 bad ones are `npm run bench unit-import`'s.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  badRowNumbers,
  LARGE_FILE_FLOORS,
  largeFileParents,
  largeUnitFile,
} from '../../../../bench/unit-import.bench';
import { dataAccessOf } from '../../../../plugins/core/access/index';
import {
  applyImport,
  loadRegistrySnapshot,
  parseUnitWorkbook,
  planImport,
} from '../../../../plugins/registry/import/index';
import { eq } from '../../../../sdk/index';
import { type ImportBench, startImportBench } from './import-devhost';
import { BUILDING_ID } from './workbook-fixtures';

const ROWS = 3_800;
const BAD_ROWS = 60;

let bench: ImportBench;
before(async () => {
  bench = await startImportBench({ floors: LARGE_FILE_FLOORS });
  const t = bench.ctx.twenty;
  await t.records('residentialComplex').create(largeFileParents.complex);
  await t.records('building').create(largeFileParents.building);
  await t.records('section').create(largeFileParents.section);
});
after(async () => {
  await bench?.close();
});

describe('a 3,800-row file with 60 bad rows', () => {
  it('reports the 60 with row, column and reason, writes the 3,740 and changes nothing else', async () => {
    const t = bench.ctx.twenty;
    const bystander = await t.records('unit').create({
      buildingId: BUILDING_ID,
      externalCode: 'BYSTANDER',
      number: '1',
      kind: 'FLAT',
      status: 'FREE',
      price: { amountMicros: 7_000_000_000_000, currencyCode: 'RUB' },
    });
    const parsed = await parseUnitWorkbook(await largeUnitFile(ROWS, BAD_ROWS), { fileName: 'big.xlsx' });
    assert.equal(parsed.rows.length, ROWS);
    const plan = planImport(parsed, {
      registry: await loadRegistrySnapshot(dataAccessOf(bench.ctx, 'registry')),
      actor: 'scale-test',
    });
    const expected = badRowNumbers(ROWS, BAD_ROWS);
    const rejected = plan.rows.filter((r) => r.kind === 'rejected');
    assert.equal(rejected.length, BAD_ROWS);
    for (const r of rejected) {
      assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
      assert.equal(r.problems[0]?.column, expected.get(r.row), `row ${r.row}: ${r.problems[0]?.reason}`);
      assert.ok((r.problems[0]?.reason.length ?? 0) > 10);
    }
    assert.deepEqual(new Set(rejected.map((r) => r.row)), new Set(expected.keys()));
    const result = await applyImport(plan, dataAccessOf(bench.ctx, 'registry'));
    assert.equal(result.created, ROWS - BAD_ROWS);
    const units = t.records('unit');
    assert.equal(await units.count(), ROWS - BAD_ROWS + 1);
    // New units carry their importBatch; the protocol holds changes to existing units only.
    assert.equal(await t.records('unitChange').count(), 0);
    assert.equal(await units.count(eq('importBatchId', result.batchId)), ROWS - BAD_ROWS);
    const after = await units.get(bystander.id);
    assert.equal(after.updatedAt, bystander.updatedAt, 'the unit not in the file is untouched');
    const batch = await t.records('importBatch').get(result.batchId);
    assert.equal((batch.errors as unknown[]).length, BAD_ROWS);
  });
});
