/**
 * The bad-input figure: a 19,000-row file with 300 bad rows — the 300
 * are reported with row, column and reason, the 18,700 written, nothing else
 * changes. One test (≈ a minute): devhost with a high rate limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  badRowNumbers,
  LARGE_FILE_BAD_ROWS,
  LARGE_FILE_FLOORS,
  LARGE_FILE_ROWS,
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

describe('a 19,000-row file with 300 bad rows', () => {
  it('reports the 300 with row, column and reason, writes the 18,700 and changes nothing else', async () => {
    const t = bench.ctx.twenty;
    const bystander = await t.records('unit').create({
      buildingId: BUILDING_ID,
      externalCode: 'BYSTANDER',
      number: '1',
      kind: 'FLAT',
      status: 'FREE',
      price: { amountMicros: 7_000_000_000_000, currencyCode: 'RUB' },
    });
    const parsed = await parseUnitWorkbook(await largeUnitFile(), { fileName: 'big.xlsx' });
    assert.equal(parsed.rows.length, LARGE_FILE_ROWS);
    const plan = planImport(parsed, {
      registry: await loadRegistrySnapshot(dataAccessOf(bench.ctx, 'registry')),
      actor: 'scale-test',
    });
    const expected = badRowNumbers();
    const rejected = plan.rows.filter((r) => r.kind === 'rejected');
    assert.equal(rejected.length, LARGE_FILE_BAD_ROWS);
    for (const r of rejected) {
      assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
      assert.equal(r.problems[0]?.column, expected.get(r.row), `row ${r.row}: ${r.problems[0]?.reason}`);
      assert.ok((r.problems[0]?.reason.length ?? 0) > 10);
    }
    assert.deepEqual(new Set(rejected.map((r) => r.row)), new Set(expected.keys()));
    const result = await applyImport(plan, dataAccessOf(bench.ctx, 'registry'));
    assert.equal(result.created, LARGE_FILE_ROWS - LARGE_FILE_BAD_ROWS);
    const units = t.records('unit');
    assert.equal(await units.count(), LARGE_FILE_ROWS - LARGE_FILE_BAD_ROWS + 1);
    // New units carry their importBatch; the protocol holds changes to existing units only.
    assert.equal(await t.records('unitChange').count(), 0);
    assert.equal(
      await units.count(eq('importBatchId', result.batchId)),
      LARGE_FILE_ROWS - LARGE_FILE_BAD_ROWS,
    );
    const after = await units.get(bystander.id);
    assert.equal(after.updatedAt, bystander.updatedAt, 'the unit not in the file is untouched');
    const batch = await t.records('importBatch').get(result.batchId);
    assert.equal((batch.errors as unknown[]).length, LARGE_FILE_BAD_ROWS);
  });
});
