import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type ExcelJS from 'exceljs';
import { dataAccessOf } from '../../../../plugins/core/access/index';
import { IN_FLIGHT_CHUNKS, unitPayload } from '../../../../plugins/registry/import/import-apply';
import type { UnitWrite } from '../../../../plugins/registry/import/import-types';
import {
  applyImport,
  approvePending,
  buildImportTemplate,
  ImportAbortedError,
  loadRegistrySnapshot,
  parseUnitWorkbook,
  planImport,
} from '../../../../plugins/registry/import/index';
import { eq } from '../../../../sdk/index';
import { type ImportBench, startImportBench } from './import-devhost';
import { unitRow, workbookBuffer } from './workbook-fixtures';

let bench: ImportBench;
/** The batch that created RT-1 and RT-2. */
let firstBatchId = '';
before(async () => {
  bench = await startImportBench();
});
after(async () => {
  await bench?.close();
});

async function run(buffer: Buffer, opts: Parameters<typeof applyImport>[2] = {}) {
  const parsed = await parseUnitWorkbook(buffer, { fileName: 'units.xlsx' });
  const plan = planImport(parsed, {
    registry: await loadRegistrySnapshot(bench.access),
    actor: 'tester@realty.test',
  });
  return { plan, result: await applyImport(plan, bench.access, opts) };
}

async function unitByCode(code: string) {
  const list = await bench.ctx.twenty.records('unit').list({ filter: eq('externalCode', code) });
  assert.equal(list.records.length, 1, `one unit with code ${code}`);
  return list.records[0] as Record<string, unknown> & { id: string };
}

async function changesOf(filter: Parameters<typeof eq>) {
  const out: Record<string, unknown>[] = [];
  for await (const c of bench.ctx.twenty.records('unitChange').iterate({ filter: eq(...filter) }))
    out.push(c);
  return out;
}

describe('applyImport against devhost', () => {
  it('round-trips the template: filled rows become units with the right values', async () => {
    const wb = await buildImportTemplate({ validatedRows: 10 });
    const ws = wb.getWorksheet('Units') as ExcelJS.Worksheet;
    ws.addRow(unitRow({ externalCode: 'RT-1', number: '201', totalArea: '54,3', price: '12 500 000' }));
    ws.addRow(
      unitRow({
        externalCode: 'RT-2',
        number: 'М1',
        kind: 'Машиноместо',
        floor: -1,
        rooms: null,
        totalArea: 13.5,
        price: 2_400_000,
        status: 'Резерв',
      }),
    );
    const { plan, result } = await run(Buffer.from(await wb.xlsx.writeBuffer()));
    // New units carry their provenance (the importBatch relation) in the same create: no unitChange rows.
    assert.deepEqual([plan.counts.create, result.created, result.unitChanges], [2, 2, 0]);
    const flat = await unitByCode('RT-1');
    assert.equal(flat.kind, 'FLAT');
    assert.equal(flat.number, '201');
    assert.equal(flat.totalArea, 54.3);
    assert.deepEqual(flat.price, { amountMicros: 12_500_000_000_000, currencyCode: 'RUB' });
    assert.equal(
      (flat.pricePerSqm as { amountMicros: number }).amountMicros,
      Math.round((12_500_000 / 54.3) * 100) * 10_000,
    );
    const parking = await unitByCode('RT-2');
    assert.deepEqual([parking.kind, parking.floor, parking.status], ['PARKING', -1, 'RESERVED']);
    assert.deepEqual([flat.importBatchId, parking.importBatchId], [result.batchId, result.batchId]);
    firstBatchId = result.batchId;
    assert.deepEqual(await changesOf(['unitId', flat.id]), [], 'a new unit has no unitChange entry');
    assert.equal(result.requests, 3, 'the batch, the chunk of units (one create), the batch marked APPLIED');
    const batch = await bench.ctx.twenty.records('importBatch').get(result.batchId);
    assert.equal(batch.status, 'APPLIED');
    assert.equal((batch.counts as Record<string, number>).created, 2);
    assert.deepEqual(
      [batch.number, batch.uploadedBy, batch.fileName],
      [1, 'tester@realty.test', 'units.xlsx'],
    );
    assert.equal(batch.name, 'Импорт №1 · units.xlsx', "what Twenty shows on the unit's «Created by import»");
    // Twenty answers the relation both ways: the unit embeds its batch, the batch lists its units.
    const withBatch = await bench.ctx.twenty.records('unit').get(flat.id, { depth: 1 });
    assert.equal((withBatch.importBatch as { number?: number } | null)?.number, 1);
  });

  it('writes only the changed field as one unitChange, and a re-import of the same file changes nothing', async () => {
    const file = await workbookBuffer([
      unitRow({
        externalCode: 'RT-1',
        number: '201',
        totalArea: '54,3',
        price: '12 500 000',
        positionOnFloor: 4,
      }),
    ]);
    const first = await run(file);
    assert.deepEqual([first.plan.counts.update, first.plan.counts.unchanged], [1, 0]);
    assert.deepEqual(first.plan.rows[0]?.changes, [{ field: 'positionOnFloor', old: '1', new: '4' }]);
    const unit = await unitByCode('RT-1');
    const logged = await changesOf(['importBatchId', first.result.batchId]);
    assert.deepEqual(
      logged.map((c) => [c.unitId, c.fieldName, c.oldValue, c.newValue]),
      [[unit.id, 'positionOnFloor', '1', '4']],
    );
    assert.equal(first.plan.batchNumber, 2, 'the second import');
    assert.equal(unit.importBatchId, firstBatchId, "an update keeps the unit's creating import");
    const again = await run(file);
    assert.equal(again.plan.alreadyImported, true);
    assert.equal(again.plan.counts.unchanged, 1, 'and the diff is empty anyway');
    assert.equal(again.result.status, 'already-imported');
    assert.equal(again.result.requests, 0);
  });

  it('rejects a price change of a sold unit and holds a big price change until an admin approves it', async () => {
    const sold = await unitByCode('RT-2');
    await bench.ctx.twenty.records('unit').update(sold.id, { status: 'SOLD' });
    const file = await workbookBuffer([
      unitRow({
        externalCode: 'RT-2',
        number: 'М1',
        kind: 'Машиноместо',
        floor: -1,
        rooms: null,
        totalArea: 13.5,
        price: 2_500_000,
        status: 'Продана',
      }),
      unitRow({
        externalCode: 'RT-1',
        number: '201',
        totalArea: '54,3',
        price: '15 000 000',
        positionOnFloor: 4,
      }),
    ]);
    const { plan, result } = await run(file);
    assert.deepEqual(
      plan.rows.map((r) => r.kind),
      ['rejected', 'pending-approval'],
    );
    assert.match(plan.rows[0]?.problems[0]?.reason ?? '', /«Продана»/);
    assert.equal(
      ((await unitByCode('RT-2')).price as { amountMicros: number }).amountMicros,
      2_400_000_000_000,
    );
    const flat = await unitByCode('RT-1');
    assert.equal(
      (flat.price as { amountMicros: number }).amountMicros,
      12_500_000_000_000,
      'held, not written',
    );
    const pending = await changesOf(['importBatchId', result.batchId]);
    assert.deepEqual(
      pending.map((c) => [c.fieldName, c.status, c.oldValue, c.newValue]),
      [['price', 'PENDING', '12500000', '15000000']],
    );
    const outcome = await approvePending(result.batchId, 'all', dataAccessOf(bench.ctx, 'registry'), {
      approver: 'admin@realty.test',
    });
    assert.deepEqual([outcome.approved.length, outcome.conflicts.length], [1, 0]);
    assert.equal(
      ((await unitByCode('RT-1')).price as { amountMicros: number }).amountMicros,
      15_000_000_000_000,
    );
    const applied = await bench.ctx.twenty.records('unitChange').get(String(pending[0]?.id));
    assert.deepEqual([applied.status, applied.approvedBy], ['APPLIED', 'admin@realty.test']);
  });

  it('refuses to approve a held price when the unit moved since the import', async () => {
    const file = await workbookBuffer([
      unitRow({
        externalCode: 'RT-1',
        number: '201',
        totalArea: '54,3',
        price: '20 000 000',
        positionOnFloor: 4,
      }),
    ]);
    const { result } = await run(file);
    const unit = await unitByCode('RT-1');
    await bench.ctx.twenty
      .records('unit')
      .update(unit.id, { price: { amountMicros: 15_500_000_000_000, currencyCode: 'RUB' } });
    const outcome = await approvePending(result.batchId, 'all', dataAccessOf(bench.ctx, 'registry'), {
      approver: 'admin@realty.test',
    });
    assert.equal(outcome.approved.length, 0);
    assert.match(
      outcome.conflicts[0]?.reason ?? '',
      /цена изменилась после импорта \(была 15000000, сейчас 15500000\)/,
    );
  });

  it('resumes an aborted import from its checkpoint without duplicates', async () => {
    const rows = Array.from({ length: 150 }, (_, i) =>
      unitRow({
        externalCode: `RS-${i}`,
        number: `R${i}`,
        floor: 1 + (i % 10),
        positionOnFloor: 1 + (i % 15),
      }),
    );
    const file = await workbookBuffer(rows);
    const controller = new AbortController();
    let rowsDone = 0;
    // Chunks of 20 and an abort after the first: the chunks already on their way finish, no new one starts.
    await assert.rejects(
      run(file, { chunkSize: 20, signal: controller.signal, onProgress: () => controller.abort() }),
      (e) => {
        if (!(e instanceof ImportAbortedError)) return false;
        rowsDone = e.rowsDone;
        return true;
      },
    );
    assert.ok(rowsDone >= 20 && rowsDone <= 20 * IN_FLIGHT_CHUNKS, `stopped after ${rowsDone} rows`);
    const units = bench.ctx.twenty.records('unit');
    assert.equal(await units.count(eq('number', 'R0')), 1);
    const { plan, result } = await run(file);
    assert.equal(plan.resumes, true);
    assert.equal(result.created, 150 - rowsDone);
    let imported = 0;
    for await (const u of units.iterate({})) if (String(u.externalCode).startsWith('RS-')) imported++;
    assert.equal(imported, 150);
    assert.equal(await units.count(eq('importBatchId', result.batchId)), 150, 'every unit names its import');
    assert.equal(await bench.ctx.twenty.records('unitChange').count(eq('importBatchId', result.batchId)), 0);
    const batch = await bench.ctx.twenty.records('importBatch').get(result.batchId);
    assert.deepEqual([batch.status, (batch.counts as Record<string, number>).created], ['APPLIED', 150]);
    assert.equal(batch.number, plan.batchNumber, 'the resumed run keeps the number the batch started with');
  });
  it('finishes changed units whose protocol entries a run that died in between did not write', async () => {
    const rows = (position: number) =>
      Array.from({ length: 50 }, (_, i) =>
        unitRow({ externalCode: `IK-${i}`, number: `K${i}`, floor: 1 + (i % 10), positionOnFloor: position }),
      );
    await run(await workbookBuffer(rows(4)));
    const file = await workbookBuffer(rows(5));
    // The connection drops on every protocol write: the changed units of each chunk are in Twenty,
    // their old → new entries are not — what a kill between the two requests leaves.
    const real = bench.ctx.twenty;
    const broken = Object.create(real) as typeof real;
    broken.records = ((name: string) => {
      const records = real.records(name);
      if (name !== 'unitChange') return records;
      return Object.assign(Object.create(records), {
        createMany: () => Promise.reject(new Error('socket hang up')),
      });
    }) as typeof real.records;
    const parsed = await parseUnitWorkbook(file, { fileName: 'interrupted.xlsx' });
    const first = planImport(parsed, {
      registry: await loadRegistrySnapshot(dataAccessOf(bench.ctx, 'registry')),
      actor: 'tester@realty.test',
    });
    assert.equal(first.counts.update, 50);
    await assert.rejects(
      applyImport(first, dataAccessOf({ ...bench.ctx, twenty: broken }, 'registry'), { chunkSize: 20 }),
      /socket hang up/,
    );
    const units = bench.ctx.twenty.records('unit');
    assert.equal((await unitByCode('IK-0')).positionOnFloor, 5, 'the first chunk of units reached Twenty');
    assert.equal(await bench.ctx.twenty.records('unitChange').count(eq('importBatchId', first.batchId)), 0);

    // The resumed run's fresh plan sees those units as unchanged: only their recorded intent says otherwise.
    const again = planImport(parsed, {
      registry: await loadRegistrySnapshot(dataAccessOf(bench.ctx, 'registry')),
      actor: 'tester@realty.test',
    });
    assert.equal(again.resumes, true);
    assert.ok(again.counts.unchanged > 0, 'some rows look unchanged to the new plan');
    const result = await applyImport(again, dataAccessOf(bench.ctx, 'registry'), { chunkSize: 20 });
    const logged = await changesOf(['importBatchId', result.batchId]);
    assert.equal(logged.length, 50, 'every changed unit has its entry, none twice');
    assert.ok(
      logged.every((c) => c.fieldName === 'positionOnFloor' && c.oldValue === '4' && c.newValue === '5'),
    );
    assert.equal(new Set(logged.map((c) => c.unitId)).size, 50);
    let positioned = 0;
    for await (const u of units.iterate({ filter: eq('positionOnFloor', 5) }))
      if (String(u.externalCode).startsWith('IK-')) positioned++;
    assert.equal(positioned, 50);
    const batch = await bench.ctx.twenty.records('importBatch').get(result.batchId);
    assert.deepEqual([batch.status, (batch.counts as Record<string, number>).updated], ['APPLIED', 50]);
  });

  it('counts new units a run wrote but could not checkpoint before it died, once each', async () => {
    const rows = Array.from({ length: 50 }, (_, i) =>
      unitRow({
        externalCode: `CK-${i}`,
        number: `C${i}`,
        floor: 1 + (i % 10),
        positionOnFloor: 6 + (i % 5),
      }),
    );
    const parsed = await parseUnitWorkbook(await workbookBuffer(rows), { fileName: 'no-checkpoint.xlsx' });
    const first = planImport(parsed, { registry: await loadRegistrySnapshot(bench.access), actor: 'tester' });
    assert.equal(first.counts.create, 50);
    // The store goes away after the units' create: the units (with their importBatch) are in Twenty,
    // the checkpoint is not — what a kill between the create and the checkpoint leaves.
    const storage = Object.create(bench.access.storage) as typeof bench.access.storage;
    storage.query = ((sql: string, params?: unknown[]) =>
      sql.includes('insert into registry_import_checkpoints')
        ? Promise.reject(new Error('the process was killed'))
        : bench.access.storage.query(sql, params)) as typeof storage.query;
    await assert.rejects(applyImport(first, { ...bench.access, storage }, { chunkSize: 20 }), /killed/);
    const units = bench.ctx.twenty.records('unit');
    assert.ok((await units.count(eq('importBatchId', first.batchId))) >= 20, 'units reached Twenty');

    const again = planImport(parsed, { registry: await loadRegistrySnapshot(bench.access), actor: 'tester' });
    assert.equal(again.resumes, true);
    assert.ok(again.counts.unchanged > 0, 'the written units look unchanged to the new plan');
    const result = await applyImport(again, bench.access, { chunkSize: 20 });
    assert.equal(await units.count(eq('importBatchId', result.batchId)), 50);
    let imported = 0;
    for await (const u of units.iterate({})) if (String(u.externalCode).startsWith('CK-')) imported++;
    assert.equal(imported, 50, 'none twice');
    const batch = await bench.ctx.twenty.records('importBatch').get(result.batchId);
    const counts = batch.counts as Record<string, number>;
    assert.deepEqual([batch.status, counts.created, counts.unchanged], ['APPLIED', 50, 0]);
  });

  it('writes a fresh batch even when some of its new units exist already, without duplicating them', async () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      unitRow({
        externalCode: `FB-${i}`,
        number: `F${i}`,
        floor: 1 + (i % 10),
        positionOnFloor: 1 + (i % 3),
      }),
    );
    const parsed = await parseUnitWorkbook(await workbookBuffer(rows), { fileName: 'fallback.xlsx' });
    const plan = planImport(parsed, {
      registry: await loadRegistrySnapshot(dataAccessOf(bench.ctx, 'registry')),
      actor: 'tester@realty.test',
    });
    assert.equal(plan.counts.create, 30);
    // Another writer (a second import of the same file, planned before this one wrote) got there first:
    // a plain batch create of these ids is refused, and the chunk has to go again as an upsert.
    const early = plan.rows.slice(0, 10).map((r) => unitPayload(r.write as UnitWrite, r.label ?? ''));
    await bench.ctx.twenty.records('unit').createMany(early, { upsert: true });
    const result = await applyImport(plan, dataAccessOf(bench.ctx, 'registry'), { chunkSize: 20 });
    assert.equal(result.created, 30);
    let imported = 0;
    for await (const u of bench.ctx.twenty.records('unit').iterate({}))
      if (String(u.externalCode).startsWith('FB-')) imported++;
    assert.equal(imported, 30);
    assert.equal(await bench.ctx.twenty.records('unit').count(eq('importBatchId', result.batchId)), 30);
  });
});
