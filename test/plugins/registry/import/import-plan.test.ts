import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type PlannedRow,
  parseUnitWorkbook,
  planImport,
  type RegistrySnapshot,
} from '../../../../plugins/registry/import/index';
import { registry, snapshotUnit, unitRow, workbookBuffer } from './workbook-fixtures';

async function plan(rows: unknown[][], reg: RegistrySnapshot = registry()) {
  const parsed = await parseUnitWorkbook(await workbookBuffer(rows), { fileName: 'units.xlsx' });
  return planImport(parsed, { registry: reg, actor: 'tester@realty.test' });
}

async function onlyProblem(over: Record<string, unknown>) {
  const p = await plan([unitRow(over)]);
  const row = p.rows[0] as PlannedRow;
  assert.equal(row.kind, 'rejected', JSON.stringify(row));
  assert.equal(row.problems.length, 1, JSON.stringify(row.problems));
  return row.problems[0];
}

describe('planImport: row problems name row, column and reason', () => {
  it('reports a required cell left empty', async () => {
    const p = await onlyProblem({ number: null });
    assert.deepEqual(
      [p?.row, p?.column, p?.code, p?.reason],
      [2, 'E', 'required', 'не заполнено, а столбец обязательный'],
    );
    assert.equal(p?.caption, 'Номер / Number');
  });

  it('reads «45,6», «12 500 000» and «54,3 м²» but refuses «45,6 м» with the reason', async () => {
    const ok = await plan([unitRow({ totalArea: '54,3 м²', price: '12\u00a0500\u00a0000' })]);
    assert.equal(ok.rows[0]?.kind, 'create');
    assert.equal(ok.rows[0]?.write?.values.totalArea, 54.3);
    assert.equal(ok.rows[0]?.write?.values.price, '12500000');
    const p = await onlyProblem({ totalArea: '45,6 м' });
    assert.equal(p?.column, 'J');
    assert.equal(p?.code, 'unit_suffix');
    assert.match(
      p?.reason ?? '',
      /«45,6 м»: после числа стоит «м»; в этом столбце после числа допускается только «м²»/,
    );
  });

  it('refuses text where a number belongs', async () => {
    const p = await onlyProblem({ floor: 'третий' });
    assert.deepEqual([p?.column, p?.code], ['G', 'not_a_number']);
    assert.match(p?.reason ?? '', /«третий» — не число/);
  });

  it('refuses a fractional floor', async () => {
    const p = await onlyProblem({ floor: 3.5 });
    assert.deepEqual([p?.column, p?.code], ['G', 'not_an_integer']);
  });

  it('refuses a floor above the building and a negative floor for a flat, but allows it for parking', async () => {
    const high = await onlyProblem({ floor: 11 });
    assert.equal(high?.code, 'out_of_range');
    assert.match(high?.reason ?? '', /этаж \d+ выше этажности корпуса: 10 эт\./);
    const low = await onlyProblem({ floor: -1 });
    assert.match(low?.reason ?? '', /ниже первого этажа только машиноместа и кладовые/);
    const parking = await plan([unitRow({ kind: 'Машиноместо', floor: -1, rooms: null, totalArea: 13.5 })]);
    assert.equal(parking.rows[0]?.kind, 'create', JSON.stringify(parking.rows[0]?.problems));
  });

  it('refuses an area of zero', async () => {
    const p = await onlyProblem({ totalArea: 0 });
    assert.deepEqual([p?.column, p?.code], ['J', 'out_of_range']);
    assert.match(p?.reason ?? '', /^«Общая площадь, м²» 0 м² — вне допустимого: больше 0/);
  });

  it('says a floor out of range in Russian, naming the column by its caption', async () => {
    const p = await onlyProblem({ floor: 999 });
    assert.deepEqual([p?.column, p?.code, p?.field], ['G', 'out_of_range', 'floor']);
    assert.equal(p?.reason, '«Этаж» 999 — вне допустимого: от -10 до 200');
    assert.doesNotMatch(p?.reason ?? '', /out of range|floor/);
  });

  it('refuses rooms for a parking space and accepts a studio with 0 rooms', async () => {
    const p = await onlyProblem({ kind: 'Машиноместо', rooms: 1 });
    assert.deepEqual([p?.column, p?.code], ['I', 'rooms_for_kind']);
    const studio = await plan([unitRow({ rooms: 0 })]);
    assert.equal(studio.rows[0]?.kind, 'create');
  });

  it('accepts Russian captions and English values and refuses an unknown kind', async () => {
    const p = await plan([
      unitRow({ externalCode: 'A', number: '1', kind: 'Офис', rooms: null, status: 'На аукционе' }),
      unitRow({ externalCode: 'B', number: '2', kind: 'STORAGE', rooms: 0, status: 'NOT_FOR_SALE' }),
    ]);
    assert.deepEqual(
      p.rows.map((r) => [r.write?.values.kind, r.write?.values.status]),
      [
        ['OFFICE', 'IN_AUCTION'],
        ['STORAGE', 'NOT_FOR_SALE'],
      ],
    );
    const bad = await onlyProblem({ kind: 'Пентхаус' });
    assert.deepEqual([bad?.column, bad?.code], ['F', 'unknown_value']);
    assert.match(bad?.reason ?? '', /«Пентхаус» — нет в списке: Квартира, Офис, Машиноместо, Кладовая/);
  });

  it('refuses a reference to a building or section that does not exist', async () => {
    const b = await onlyProblem({ building: '7' });
    assert.deepEqual([b?.column, b?.code], ['C', 'unknown_reference']);
    assert.match(b?.reason ?? '', /в «ЖК «Тестовый»» нет корпуса «7»/);
    const s = await onlyProblem({ section: 4 });
    assert.deepEqual([s?.column, s?.code], ['D', 'unknown_reference']);
    const c = await onlyProblem({ complex: 'Нет такого' });
    assert.deepEqual([c?.column, c?.code], ['B', 'unknown_reference']);
  });

  it('rejects every row of a unit that appears twice in the file, naming the other row', async () => {
    const p = await plan([
      unitRow({ externalCode: 'X' }),
      unitRow({ externalCode: 'Y', number: '102' }),
      unitRow({ externalCode: 'X', number: '103' }),
    ]);
    assert.deepEqual(
      p.rows.map((r) => r.kind),
      ['rejected', 'create', 'rejected'],
    );
    assert.match(p.rows[0]?.problems[0]?.reason ?? '', /есть и в строке\(ах\) 4/);
    assert.equal(p.rows[0]?.problems[0]?.column, 'A');
    const place = await plan([unitRow({ externalCode: null }), unitRow({ externalCode: null })]);
    assert.deepEqual(
      place.rows.map((r) => r.problems[0]?.code),
      ['duplicate_in_file', 'duplicate_in_file'],
    );
  });
});

describe('planImport: diff and protection', () => {
  it('writes only the changed fields and keeps an unchanged row out of the writes', async () => {
    const reg = registry([snapshotUnit()]);
    const same = await plan([unitRow()], reg);
    assert.equal(same.rows[0]?.kind, 'unchanged');
    assert.equal(same.rows[0]?.write, undefined);
    const changed = await plan([unitRow({ positionOnFloor: 2, price: '10 500 000' })], reg);
    assert.equal(changed.rows[0]?.kind, 'update');
    assert.deepEqual(changed.rows[0]?.changes, [
      { field: 'positionOnFloor', old: '1', new: '2' },
      { field: 'price', old: '10000000', new: '10500000' },
    ]);
    assert.deepEqual(Object.keys(changed.rows[0]?.write?.values ?? {}), ['positionOnFloor', 'price']);
  });

  it('rejects the whole row when a sold unit would get a new price or status', async () => {
    const reg = registry([snapshotUnit({ status: 'SOLD' })]);
    const p = await plan([unitRow({ price: '10 100 000', status: 'Продана', positionOnFloor: 2 })], reg);
    const row = p.rows[0];
    assert.equal(row?.kind, 'rejected');
    assert.equal(row?.problems[0]?.code, 'protected_unit');
    assert.equal(row?.problems[0]?.column, 'L');
    assert.match(row?.problems[0]?.reason ?? '', /в статусе «Продана»: импорт не меняет его цену и статус/);
    const other = await plan([unitRow({ status: 'Продана', positionOnFloor: 2 })], reg);
    assert.equal(other.rows[0]?.kind, 'update', 'other fields of a protected unit may change');
  });

  it('holds a price change beyond the limit and writes the rest of the row', async () => {
    const reg = registry([snapshotUnit()]);
    const p = await plan([unitRow({ price: '12 000 000', positionOnFloor: 2 })], reg);
    const row = p.rows[0];
    assert.equal(row?.kind, 'pending-approval');
    assert.deepEqual(
      row?.changes.find((c) => c.field === 'price'),
      { field: 'price', old: '10000000', new: '12000000', held: true },
    );
    assert.deepEqual(Object.keys(row?.write?.values ?? {}), ['positionOnFloor']);
    assert.equal(p.counts.pendingApproval, 1);
    const withinLimit = await plan([unitRow({ price: '11 500 000' })], reg);
    assert.equal(withinLimit.rows[0]?.kind, 'update', '15 % exactly is allowed');
  });

  it('marks a file whose checksum was applied before as already imported', async () => {
    const buffer = await workbookBuffer([unitRow()]);
    const parsed = await parseUnitWorkbook(buffer);
    const reg = registry();
    reg.importBatches.push({ id: 'x', checksum: parsed.checksum, status: 'APPLIED', fileName: 'a.xlsx' });
    assert.equal(planImport(parsed, { registry: reg, actor: 'a' }).alreadyImported, true);
  });
});
