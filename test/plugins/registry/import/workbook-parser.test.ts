import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { parseUnitWorkbook, writeImportTemplate } from '../../../../plugins/registry/import/index';
import { HEADER, unitRow, workbookBuffer } from './workbook-fixtures';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('parseUnitWorkbook: problems of the file itself', () => {
  it('says a CSV or an old .xls is not an xlsx, and nothing is usable', async () => {
    const csv = await parseUnitWorkbook(Buffer.from('Корпус;Номер\n1;101\n'), { fileName: 'units.csv' });
    assert.equal(csv.usable, false);
    assert.equal(csv.fileProblems[0]?.code, 'not_xlsx');
    assert.match(csv.fileProblems[0]?.message ?? '', /CSV/);
    const xls = await parseUnitWorkbook(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]));
    assert.match(xls.fileProblems[0]?.message ?? '', /\.xls.*сохраните как \.xlsx/);
    const zip = await parseUnitWorkbook(
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]),
    );
    assert.equal(zip.fileProblems[0]?.code, 'not_xlsx');
  });

  it('names the missing columns', async () => {
    const header = HEADER.filter((h) => !h.startsWith('Этаж') && !h.startsWith('Цена'));
    const parsed = await parseUnitWorkbook(await workbookBuffer([], { header }));
    assert.equal(parsed.usable, false);
    const problem = parsed.fileProblems.find((p) => p.code === 'missing_columns');
    assert.deepEqual(problem?.columns, ['floor', 'price']);
    assert.match(problem?.message ?? '', /«Этаж \/ Floor», «Цена, ₽ \/ Price, RUB»/);
  });

  it('skips a repeated header row and reports it', async () => {
    const parsed = await parseUnitWorkbook(
      await workbookBuffer([unitRow(), HEADER, unitRow({ externalCode: 'T-2' })]),
    );
    assert.equal(parsed.usable, true);
    assert.deepEqual(
      parsed.rows.map((r) => r.row),
      [2, 4],
    );
    assert.deepEqual(parsed.fileProblems.find((p) => p.code === 'second_header')?.rows, [3]);
  });

  it('refuses merged cells, naming the range', async () => {
    const parsed = await parseUnitWorkbook(
      await workbookBuffer([unitRow(), unitRow({ externalCode: 'T-2', building: null })], {
        merges: ['C2:C3'],
      }),
    );
    assert.equal(parsed.usable, false);
    const problem = parsed.fileProblems.find((p) => p.code === 'merged_cells');
    assert.deepEqual(problem?.ranges, ['C2:C3']);
    assert.equal(problem?.severity, 'error');
  });

  it('imports the cached value of a formula', async () => {
    const row = unitRow({ price: null });
    const parsed = await parseUnitWorkbook(
      await workbookBuffer([row], {
        build: (ws) => {
          ws.getCell('L2').value = { formula: '45.6*250000', result: 11400000 };
        },
      }),
    );
    assert.equal(parsed.rows[0]?.cells.price, 11400000);
    assert.equal(parsed.fileProblems.find((p) => p.code === 'formulas')?.rows?.[0], 2);
  });

  it('skips blank rows between data rows and reports how many', async () => {
    const parsed = await parseUnitWorkbook(
      await workbookBuffer([unitRow(), [null, '  '], [], unitRow({ externalCode: 'T-2' })]),
    );
    assert.deepEqual(
      parsed.rows.map((r) => r.row),
      [2, 5],
    );
    const blank = parsed.fileProblems.find((p) => p.code === 'blank_rows');
    assert.match(blank?.message ?? '', /^пропущено пустых строк: \d/);
    assert.ok(blank?.rows?.includes(3));
  });
});

describe('parseUnitWorkbook: text', () => {
  it('keeps Cyrillic intact across the zip chunks of shared strings and inline strings', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) =>
      unitRow({ externalCode: `Ёлочка-Щука-${i}`, number: `Кв-${i}` }),
    );
    const shared = await parseUnitWorkbook(await workbookBuffer(rows));
    const codes = shared.rows.map((r) => r.cells.externalCode);
    assert.deepEqual(
      codes,
      rows.map((r) => r[0]),
    );
    assert.ok(shared.rows.every((r) => r.cells.kind === 'Квартира' && r.cells.status === 'Свободна'));
  });
});

describe('writeImportTemplate', () => {
  it('writes a header with both captions, kind/status drop-downs and an instructions sheet', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'realty-template-'));
    dirs.push(dir);
    const file = path.join(dir, 'template.xlsx');
    await writeImportTemplate(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const units = wb.getWorksheet('Units');
    assert.equal(units?.getCell('F1').value, 'Тип / Kind *');
    const validation = units?.getCell('F2').dataValidation;
    assert.equal(validation?.type, 'list');
    assert.match(String(validation?.formulae?.[0]), /Квартира,Офис,Машиноместо,Кладовая/);
    assert.match(
      String(units?.getCell('M500').dataValidation?.formulae?.[0]),
      /Свободна,Резерв,На торгах,Забронирована/,
    );
    assert.ok((wb.getWorksheet('Instructions')?.rowCount ?? 0) > 10);
    const parsed = await parseUnitWorkbook(file);
    assert.equal(parsed.usable, true);
    assert.equal(parsed.columns.length, 14);
  });
});
