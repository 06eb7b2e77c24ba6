/**
 * The chessboard through the access layer (issue 10, "Done when"): a partner
 * restricted to one complex sees only it — on the board, in the building
 * list, in the unit card, in the card's history and in the xlsx export — and
 * a BASIC field level hides the price everywhere. Principals are built
 * directly (with a scope the agencies plugin makes from one grant) and the
 * routes called through the runtime's route-context factory; the data is the demo registry,
 * seeded through devhost and replicated by webhooks.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { scopeFromGrants, toPartnerScope } from '../../../plugins/agencies/index';
import type { PartnerPrincipal, StaffPrincipal } from '../../../plugins/core/access/index';
import { buildDemoRegistry } from '../../../plugins/registry/demo-data';
import { callRoute, chessboardRoute } from './call-route';
import { type ChessboardApp, startChessboardApp, waitFor } from './chessboard-app';

const demo = buildDemoRegistry();
const [complexA, complexB] = demo.complexes as [{ id: string }, { id: string }];
const buildingsOf = (complexId: string) => demo.buildings.filter((b) => b.complexId === complexId);
const buildingA = buildingsOf(complexA.id)[0] as { id: string };
const buildingB = buildingsOf(complexB.id)[0] as { id: string };
const unitsOf = (buildingId: string) => demo.units.filter((u) => u.buildingId === buildingId);
const unitB = unitsOf(buildingB.id).find((u) => u.kind === 'FLAT' && u.status === 'FREE') as { id: string };
/** The demo seed writes status history for the first SOLD units, all in complex A. */
const unitAWithHistory = demo.units.find((u) => u.status === 'SOLD') as { id: string; buildingId: string };

const staff: StaffPrincipal = {
  kind: 'staff',
  memberId: randomUUID(),
  email: 'sales@realty.test',
  role: 'sales',
};
const partner = (fieldLevel: 'BASIC' | 'EXTENDED'): PartnerPrincipal => ({
  kind: 'partner',
  agencyId: randomUUID(),
  userId: randomUUID(),
  email: 'agent@agency.test',
  // An agency granted complex B (the agencies plugin's scope; its restrictions apply it).
  scope: toPartnerScope(
    scopeFromGrants(
      [
        {
          complexId: complexB.id,
          buildingId: null,
          sectionId: null,
          kinds: null,
          statuses: null,
          validFrom: null,
          validTo: null,
          fieldLevel,
        },
      ],
      '2026-12-01',
    ),
  ),
});
const extended = partner('EXTENDED');
const basic = partner('BASIC');

interface Card {
  title: string;
  rows: { label: string; value: string }[];
  history: { text: string; change: string; by: string }[];
  twentyUrl?: string;
}
interface BoardUnit {
  id: string;
  price: unknown;
  display: { price: string; status: string };
}
interface Board {
  building: { id: string; twentyUrl?: string };
  counts: { total: { all: number } };
  sections: { floors: { cells: { unit?: BoardUnit }[] }[] }[];
  levels: { sections: { cells: { unit?: BoardUnit }[] }[] }[];
}
const unitsOnBoard = (b: Board) =>
  [
    ...b.sections.flatMap((s) => s.floors.flatMap((f) => f.cells)),
    ...b.levels.flatMap((l) => l.sections.flatMap((s) => s.cells)),
  ].flatMap((c) => (c.unit ? [c.unit] : []));

let app: ChessboardApp;
const board = chessboardRoute('GET', '/api/chessboard/:buildingId');
const card = chessboardRoute('GET', '/api/chessboard/units/:unitId');
const buildings = chessboardRoute('GET', '/api/chessboard/buildings');
const xlsx = chessboardRoute('GET', '/api/chessboard/:buildingId/export.xlsx');
const page = chessboardRoute('GET', '/chessboard');

before(async () => {
  app = await startChessboardApp();
  // Complex B's unit gets a price change and a status change, as an import and a person would write them.
  const at = (day: number) => new Date(Date.UTC(2026, 2, day, 9, 0, 0)).toISOString();
  for (const change of [
    { fieldName: 'price', oldValue: '5000000', newValue: '5500000', source: 'IMPORT', changedAt: at(12) },
    { fieldName: 'status', oldValue: 'RESERVED', newValue: 'FREE', source: 'MANUAL', changedAt: at(14) },
  ])
    await app.twentyRest('POST', '/rest/unitChanges', {
      ...change,
      unitId: unitB.id,
      changedBy: 'ivanov@realty.local',
      status: 'APPLIED',
    });
  await waitFor('the new changes in the read model', async () =>
    (await app.runtime.store.readModel.count('unitChange')) >= 7 ? true : undefined,
  );
});
after(async () => {
  await app?.close();
});

describe('a partner restricted to one complex', () => {
  it('lists only that complex’s buildings, while staff see every one', async () => {
    const mine = (await callRoute(app.runtime, buildings, extended)).body as {
      buildings: { id: string; complexId: string }[];
    };
    assert.deepEqual(
      mine.buildings.map((b) => b.id).sort(),
      buildingsOf(complexB.id)
        .map((b) => String(b.id))
        .sort(),
    );
    const all = (await callRoute(app.runtime, buildings, staff)).body as { buildings: unknown[] };
    assert.equal(all.buildings.length, demo.buildings.length);
    // The page's chooser too: another complex's buildings are not even in its HTML.
    const html = String(
      (await callRoute(app.runtime, page, extended, { query: { building: buildingB.id } })).body,
    );
    for (const b of buildingsOf(complexB.id)) assert.ok(html.includes(String(b.id)));
    for (const b of buildingsOf(complexA.id))
      assert.ok(!html.includes(String(b.id)), `building ${String(b.id)} leaked`);
    assert.match(html, /агентство/, 'the shell says who is signed in');
  });

  it('sees its complex’s board whole, and another complex’s building is not found', async () => {
    const res = await callRoute(app.runtime, board, extended, { params: { buildingId: buildingB.id } });
    assert.equal(res.status, 200);
    const b = res.body as Board;
    assert.equal(unitsOnBoard(b).length, unitsOf(buildingB.id).length);
    assert.equal(b.building.twentyUrl, undefined, 'partners get no links into Twenty');
    const other = await callRoute(app.runtime, board, extended, { params: { buildingId: buildingA.id } });
    assert.equal(other.status, 404);
    assert.equal((other.body as { code: string }).code, 'chessboard_building_not_found');
    const stream = await callRoute(app.runtime, chessboardRoute('GET', '/api/chessboard/stream'), extended, {
      query: { buildingId: buildingA.id },
    });
    assert.equal(stream.status, 404, 'nor can it follow that building live');
  });

  it('opens cards of its complex only: another complex’s unit is not found', async () => {
    const mine = await callRoute(app.runtime, card, extended, { params: { unitId: unitB.id } });
    assert.equal(mine.status, 200);
    const other = await callRoute(app.runtime, card, extended, { params: { unitId: unitAWithHistory.id } });
    assert.equal(other.status, 404);
    assert.equal((other.body as { code: string }).code, 'chessboard_unit_not_found');
    assert.equal(
      (await callRoute(app.runtime, card, staff, { params: { unitId: unitAWithHistory.id } })).status,
      200,
    );
  });

  it('reads the history of its complex’s units only, without who in the developer’s office changed them', async () => {
    const c = (await callRoute(app.runtime, card, extended, { params: { unitId: unitB.id } })).body as Card;
    assert.deepEqual(
      c.history.map((h) => h.change),
      ['Статус: Резерв → Свободна', 'Цена: 5\u00a0000\u00a0000\u00a0₽ → 5\u00a0500\u00a0000\u00a0₽'],
    );
    assert.ok(
      c.history.every((h) => !h.text.includes('ivanov')),
      'changedBy is staff-only',
    );
    assert.deepEqual(
      c.history.map((h) => h.by),
      ['вручную', 'импорт'],
    );
    const staffCard = (await callRoute(app.runtime, card, staff, { params: { unitId: unitB.id } }))
      .body as Card;
    assert.equal(
      staffCard.history[1]?.text,
      '12.03.2026 · Цена: 5\u00a0000\u00a0000\u00a0₽ → 5\u00a0500\u00a0000\u00a0₽ · импорт, ivanov@realty.local',
    );
    // The reader itself: of all the protocol, the partner's view holds complex B's entries only.
    const ctx = app.runtime.access.routeContext({ plugin: 'chessboard', objects: ['unitChange'] }, extended);
    const rows = await ctx.reader.query<{ unit_id: string }>(
      'select unit_id::text as unit_id from {unitChange}',
    );
    assert.deepEqual([...new Set(rows.map((r) => r.unit_id))], [unitB.id]);
  });

  it('exports only what it may see: its building whole, another complex’s building not at all', async () => {
    const res = await callRoute(app.runtime, xlsx, extended, { params: { buildingId: buildingB.id } });
    assert.equal(res.status, 200);
    const cells = await exportedCells(res.body as Buffer);
    assert.equal(cells.length, unitsOf(buildingB.id).length);
    assert.ok(
      cells.some((c) => c.includes('₽')),
      'EXTENDED shows prices',
    );
    const other = await callRoute(app.runtime, xlsx, extended, { params: { buildingId: buildingA.id } });
    assert.equal(other.status, 404);
  });
});

describe('the BASIC field level hides the price', () => {
  it('on the board (and refuses to filter by it)', async () => {
    const b = (await callRoute(app.runtime, board, basic, { params: { buildingId: buildingB.id } }))
      .body as Board;
    const units = unitsOnBoard(b);
    assert.equal(units.length, unitsOf(buildingB.id).length);
    assert.ok(units.every((u) => u.price === null && u.display.price === ''));
    assert.ok(
      units.some((u) => u.display.status === 'Свободна'),
      'the status still shows',
    );
    const filtered = await callRoute(app.runtime, board, basic, {
      params: { buildingId: buildingB.id },
      query: { priceMin: '1000000' },
    });
    assert.equal(filtered.status, 400);
    assert.deepEqual(
      { code: (filtered.body as { code: string }).code, field: (filtered.body as { field: string }).field },
      { code: 'chessboard_filter_on_hidden_field', field: 'priceMin' },
    );
  });

  it('in the card and its history', async () => {
    const c = (await callRoute(app.runtime, card, basic, { params: { unitId: unitB.id } })).body as Card;
    const labels = c.rows.map((r) => r.label);
    assert.ok(labels.includes('Площадь') && labels.includes('Статус'), labels.join(', '));
    assert.ok(
      !labels.includes('Цена') && !labels.includes('Цена за м²') && !labels.includes('Кадастровый номер'),
    );
    assert.ok(c.rows.every((r) => !r.value.includes('₽')));
    assert.deepEqual(
      c.history.map((h) => h.change),
      ['Статус: Резерв → Свободна'],
    );
  });

  it('in the export', async () => {
    const res = await callRoute(app.runtime, xlsx, basic, { params: { buildingId: buildingB.id } });
    const cells = await exportedCells(res.body as Buffer);
    assert.equal(cells.length, unitsOf(buildingB.id).length);
    assert.ok(
      cells.every((c) => !c.includes('₽') && !c.includes('млн')),
      cells.slice(0, 3).join(' | '),
    );
  });
});

async function exportedCells(body: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Шахматка');
  assert.ok(sheet);
  const cells: string[] = [];
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const value = String(cell.value ?? '');
      if (value.startsWith('№')) cells.push(value);
    }),
  );
  return cells;
}
