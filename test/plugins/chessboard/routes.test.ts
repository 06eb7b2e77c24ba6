/**
 * The chessboard over real HTTP on the demo registry (seeded through devhost,
 * replicated by webhooks), as a staff member: errors in the one body, filters
 * and counts, dimmed cells, the duplex, the unit card as a salesperson reads
 * it, the page in the shell, live updates over SSE and the xlsx export.
 * (What a partner sees: scope.test.ts.)
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { argbOf } from '../../../plugins/chessboard/export-xlsx';
import { fadedColor, legendOf } from '../../../plugins/chessboard/rules/board-text';
import { FILTER_LABELS } from '../../../plugins/chessboard/rules/filters';
import { issueStaffToken } from '../../../plugins/core/auth/index';
import { formatRubMicros } from '../../../plugins/core/pages/index';
import { buildDemoRegistry } from '../../../plugins/registry/demo-data';
import { UNIT_KIND_RU, type UnitKind } from '../../../plugins/registry/index';
import { type ChessboardApp, startChessboardApp, waitFor } from './chessboard-app';

let app: ChessboardApp;
const demo = buildDemoRegistry();
const building = demo.buildings[0] as { id: string; floors: number };
const unitsOf = demo.units.filter((u) => u.buildingId === building.id);

before(async () => {
  app = await startChessboardApp();
});
after(async () => {
  await app?.close();
});

interface BoardUnit {
  id: string;
  number: string;
  status: string;
  floor: number;
  matches: boolean;
}
interface BoardCell {
  position: number;
  unit?: BoardUnit;
  rowSpan?: number;
  coveredBy?: string;
}
interface Board {
  counts: { total: Record<string, number>; matching: Record<string, number> };
  sections: { id: string; floors: { floor: number; cells: BoardCell[] }[] }[];
  levels: { kind: string; floor: number; sections: { cells: BoardCell[] }[] }[];
}

async function get(
  pathname: string,
  role: Parameters<ChessboardApp['token']>[0] | null = 'sales',
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${app.server.url}${pathname}`, {
    headers: { ...headers, ...(role ? { authorization: `Bearer ${app.token(role)}` } : {}) },
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
async function board(query = ''): Promise<Board> {
  const res = await get(`/api/chessboard/${building.id}${query}`);
  assert.equal(res.status, 200, res.body.toString());
  return JSON.parse(res.body.toString()) as Board;
}
const allUnits = (b: Board) =>
  [
    ...b.sections.flatMap((s) => s.floors.flatMap((f) => f.cells)),
    ...b.levels.flatMap((l) => l.sections.flatMap((s) => s.cells)),
  ].flatMap((c) => (c.unit ? [c.unit] : []));

describe('GET /api/chessboard/:buildingId', () => {
  it('answers 404 naming the building when it is not in the registry', async () => {
    const res = await get('/api/chessboard/00000000-0000-4000-8000-000000000000');
    assert.equal(res.status, 404);
    const body = JSON.parse(res.body.toString()) as { status: number; code: string; message: string };
    assert.equal(body.status, 404);
    assert.equal(body.code, 'chessboard_building_not_found');
    assert.match(body.message, /^Корпуса 00000000-0000-4000-8000-000000000000 нет в реестре/);
    const english = await get('/api/chessboard/00000000-0000-4000-8000-000000000000', 'sales', {
      'accept-language': 'en',
    });
    assert.match(
      (JSON.parse(english.body.toString()) as { message: string }).message,
      /building 00000000-0000-4000-8000-000000000000 is not in the registry/,
    );
  });

  for (const [query, parameter] of [
    ['floorMin=abc', 'floorMin'],
    ['floorMax=2.5', 'floorMax'],
    ['floorMin=9&floorMax=3', 'floorMin'],
    ['kind=HOUSE', 'kind'],
    ['status=FREE,GONE', 'status'],
    ['areaMin=-3', 'areaMin'],
    ['areaMax=big', 'areaMax'],
    ['rooms=two', 'rooms'],
    ['priceMin=1e6', 'priceMin'],
    ['priceMax=10%25', 'priceMax'],
    ['agencyId=acme', 'agencyId'],
    ['flor=3', 'flor'],
  ] as const) {
    it(`answers 400 naming ${parameter} for ?${query}`, async () => {
      const res = await get(`/api/chessboard/${building.id}?${query}`);
      assert.equal(res.status, 400);
      const body = JSON.parse(res.body.toString()) as { status: number; field: string; message: string };
      assert.equal(body.status, 400);
      assert.equal(body.field, parameter);
      const label = (FILTER_LABELS as Record<string, { ru: string }>)[parameter]?.ru;
      assert.ok(
        parameter === 'flor'
          ? body.message.startsWith('«flor»: неизвестный параметр')
          : body.message.startsWith(`«${label}»: `),
        `named by its label: ${body.message}`,
      );
      assert.doesNotMatch(body.message, /[a-z]{3,} (is|are|not|of) /, 'no English sentence');
    });
  }

  it('answers 400 for a building id that is not a uuid', async () => {
    const res = await get('/api/chessboard/block-7');
    assert.equal(res.status, 400);
    assert.equal((JSON.parse(res.body.toString()) as { field: string }).field, 'buildingId');
  });

  it('refuses callers without a staff token, and staff roles the chessboard is not for', async () => {
    assert.equal((await get(`/api/chessboard/${building.id}`, null)).status, 401);
    assert.equal((await get(`/api/chessboard/${building.id}`, 'marketing')).status, 403);
    assert.equal((await get(`/api/chessboard/${building.id}`, 'callcenter')).status, 200);
  });

  it('shows every unit of the building with counts per status', async () => {
    const b = await board();
    assert.equal(b.counts.total.all, unitsOf.length);
    assert.equal(allUnits(b).length, unitsOf.length);
    for (const status of ['FREE', 'SOLD']) {
      assert.equal(b.counts.total[status], unitsOf.filter((u) => u.status === status).length);
    }
    assert.equal(b.sections.length, 3);
    assert.deepEqual(
      b.levels.map((l) => `${l.kind}:${l.floor}`),
      ['COMMERCIAL:1', 'PARKING:-1'],
    );
    assert.equal(b.sections[0]?.floors[0]?.floor, building.floors);
  });

  it('dims units outside the filters instead of removing them, and counts the matching ones', async () => {
    const b = await board('?status=FREE,RESERVED&floorMin=5&kind=FLAT&rooms=1,2&areaMax=200');
    const expected = unitsOf.filter(
      (u) =>
        ['FREE', 'RESERVED'].includes(String(u.status)) &&
        Number(u.floor) >= 5 &&
        u.kind === 'FLAT' &&
        [1, 2].includes(Number(u.rooms)) &&
        Number(u.totalArea) <= 200,
    );
    assert.ok(expected.length > 0);
    assert.equal(b.counts.matching.all, expected.length);
    assert.equal(b.counts.total.all, unitsOf.length);
    const matching = allUnits(b).filter((u) => u.matches);
    assert.deepEqual(matching.map((u) => u.id).sort(), expected.map((u) => String(u.id)).sort());
  });

  it('filters by price in roubles', async () => {
    const prices = unitsOf
      .map((u) => Number((u.price as { amountMicros: number }).amountMicros) / 1e6)
      .sort((a, b) => a - b);
    const median = prices[Math.floor(prices.length / 2)] ?? 0;
    const b = await board(`?priceMin=${median}`);
    assert.equal(b.counts.matching.all, prices.filter((p) => p >= median).length);
  });

  it('dims the whole building when its complex is in another district', async () => {
    assert.equal((await board('?district=Можайский')).counts.matching.all, 0);
    assert.equal((await board('?district=северный')).counts.matching.all, unitsOf.length);
  });

  it('draws the duplex over two floors once Twenty says it spans them', async () => {
    const duplex = unitsOf.find(
      (u) => u.kind === 'FLAT' && Number(u.floor) === building.floors - 1 && u.positionOnFloor === 1,
    );
    assert.ok(duplex);
    await app.twentyRest('PATCH', `/rest/units/${String(duplex.id)}`, { floorsSpanned: 2 });
    const cell = await waitForCell(String(duplex.id), (c) => c.rowSpan === 2);
    assert.equal(cell.rowSpan, 2);
    const b = await board();
    const top = b.sections[0]?.floors.find((f) => f.floor === building.floors);
    assert.equal(top?.cells.find((c) => c.position === 1)?.coveredBy, String(duplex.id));
  });
});

async function waitForCell(unitId: string, ok: (cell: BoardCell) => boolean): Promise<BoardCell> {
  const until = Date.now() + 10_000;
  for (;;) {
    const b = await board();
    const cell = b.sections
      .flatMap((s) => s.floors.flatMap((f) => f.cells))
      .find((c) => c.unit?.id === unitId);
    if (cell && ok(cell)) return cell;
    if (Date.now() > until)
      throw new Error(`cell of ${unitId} never satisfied the check: ${JSON.stringify(cell)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the unit card, the chooser and the page', () => {
  it('opens a unit card a salesperson can read: labelled, formatted values, history in words, a link to Twenty', async () => {
    // The demo seed writes status history for the first SOLD units.
    const sold = demo.units.find((u) => u.status === 'SOLD');
    assert.ok(sold);
    const res = await get(`/api/chessboard/units/${String(sold.id)}`);
    assert.equal(res.status, 200);
    const card = JSON.parse(res.body.toString()) as {
      title: string;
      place: string;
      status: { label: string; color: string };
      rows: { label: string; value: string }[];
      history: { text: string }[];
      currentAuction: null;
      twentyUrl: string;
    };
    const row = (label: string) => card.rows.find((r) => r.label === label)?.value;
    assert.equal(card.title, `${UNIT_KIND_RU[sold.kind as UnitKind]} №\u00a0${String(sold.number)}`);
    assert.equal(row('Цена'), formatRubMicros((sold.price as { amountMicros: number }).amountMicros));
    assert.match(row('Цена') ?? '', /^\d{1,3}(\u00a0\d{3})+\u00a0₽$/);
    assert.match(row('Площадь') ?? '', /^\d+,\d\u00a0м²$/);
    assert.equal(row('Статус'), 'Продана');
    assert.deepEqual(card.status, {
      value: 'SOLD',
      label: 'Продана',
      color: '#bdbdbd',
      textColor: '#212121',
    });
    assert.equal(row('Кадастровый номер'), sold.cadastralNumber);
    assert.match(row('Секция') ?? '', /^Секция \d$/);
    assert.match(card.place, /^ЖК «Северный парк» · Корпус \S+ · Секция \d$/);
    assert.match(
      card.history[0]?.text ?? '',
      /^\d\d\.10\.2026 · Статус: (Забронирована|На торгах) → Продана · (вручную|аукцион), admin@realty\.local$/,
    );
    assert.equal(card.currentAuction, null);
    assert.match(card.twentyUrl, new RegExp(`/object/unit/${String(sold.id)}$`));
    const shown = JSON.stringify([card.title, card.place, card.rows, card.history.map((h) => h.text)]);
    assert.doesNotMatch(
      shown,
      /[0-9a-f]{8}-[0-9a-f]{4}-|amountMicros|\{\\"/,
      'no ids, field names or JSON in what the card prints',
    );
    assert.equal((await get('/api/chessboard/units/00000000-0000-4000-8000-000000000000')).status, 404);
  });

  it("ends a unit's history with the import that created it, from its importBatch relation", async () => {
    const unit = demo.units.filter((u) => u.buildingId !== building.id).at(-1);
    assert.ok(unit);
    const batchId = '6d1f8c2a-3b4e-4f50-8a61-7c2d9e0b1a37';
    await app.twentyRest('POST', '/rest/importBatches', {
      id: batchId,
      name: 'Импорт №7 · units.xlsx',
      number: 7,
      fileName: 'units.xlsx',
      uploadedBy: 'importer@realty.local',
      status: 'APPLIED',
    });
    await app.twentyRest('PATCH', `/rest/units/${String(unit.id)}`, { importBatchId: batchId });
    const history = async () => {
      const res = await get(`/api/chessboard/units/${String(unit.id)}`);
      assert.equal(res.status, 200, res.body.toString());
      return (JSON.parse(res.body.toString()) as { history: { text: string }[] }).history;
    };
    const lines = await waitFor('the import line on the card', async () => {
      const h = await history();
      return h.some((l) => l.text.includes('Создан импортом')) ? h : undefined;
    });
    assert.match(
      lines.at(-1)?.text ?? '',
      /^\d\d\.\d\d\.\d{4} · Создан импортом №\u00a07 от \d\d\.\d\d\.\d{4} · импорт, importer@realty\.local$/,
    );
  });

  it('lists every demo building for the chooser', async () => {
    const res = await get('/api/chessboard/buildings');
    const body = JSON.parse(res.body.toString()) as { buildings: { id: string; units: number }[] };
    assert.equal(body.buildings.length, demo.buildings.length);
    assert.equal(body.buildings.find((b) => b.id === building.id)?.units, unitsOf.length);
  });

  it('serves the page with the chosen board embedded and refuses roles it is not for', async () => {
    const res = await get(`/chessboard?building=${building.id}&status=FREE`);
    assert.equal(res.status, 200);
    const html = res.body.toString();
    assert.match(html, /<script id="initial" type="application\/json">/);
    assert.match(html, /<header id="app-header">/, 'inside the one page shell');
    assert.match(html, /<a href="\/chessboard" aria-current="page">Шахматка<\/a>/);
    assert.match(html, /<script src="\/assets\/chessboard\/chessboard\.js" defer>/);
    assert.ok(html.includes(building.id));
    assert.equal((await get('/chessboard', 'legal')).status, 403);
    const missing = await get('/chessboard?building=00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404, 'a building that is not there is the page’s 404');
    assert.match(missing.body.toString(), /<header id="app-header">/);
    const script = await get('/assets/chessboard/chessboard.js', null);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('cache-control') ?? '', /must-revalidate/);
  });
});

describe('GET /chessboard without a building', () => {
  // A person of their own: the building they last viewed is theirs alone.
  const viewer = (memberId: string) => ({
    authorization: `Bearer ${issueStaffToken(
      { memberId, email: `${memberId.slice(0, 8)}@realty.test`, role: 'sales' },
      { secret: app.staffSecret, ttl: '10m' },
    )}`,
  });
  const open = async (headers: Record<string, string>, query = '') => {
    const res = await fetch(`${app.server.url}/chessboard${query}`, { headers });
    const html = await res.text();
    const initial = /<script id="initial" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
    assert.ok(initial, html.slice(0, 300));
    return {
      status: res.status,
      html,
      board: (JSON.parse(initial) as { board: { building: { id: string } } | null }).board,
    };
  };
  const buildings = async () => {
    const res = await get('/api/chessboard/buildings');
    return (JSON.parse(res.body.toString()) as { buildings: { id: string }[] }).buildings;
  };

  it('opens on the first building for someone who has viewed none', async () => {
    const page = await open(viewer(randomUUID()));
    assert.equal(page.status, 200);
    assert.equal(page.board?.building.id, (await buildings())[0]?.id);
    assert.doesNotMatch(page.html, /Выберите комплекс и корпус/);
  });

  it('opens on the building this person viewed last, through the page or the board the page loads', async () => {
    const me = viewer(randomUUID());
    const [, second, third] = await buildings();
    assert.ok(second && third, 'the demo has three buildings');
    await open(me, `?building=${second.id}`);
    assert.equal((await open(me)).board?.building.id, second.id);
    const switched = await fetch(`${app.server.url}/api/chessboard/${third.id}`, { headers: me });
    assert.equal(switched.status, 200);
    assert.equal((await open(me)).board?.building.id, third.id, 'switching in the chooser counts');
    assert.equal(
      (await open(viewer(randomUUID()))).board?.building.id,
      (await buildings())[0]?.id,
      'another person still opens on the first',
    );
  });

  it('answers a bad query with the page, the problem in its banner (400), not JSON', async () => {
    const res = await fetch(`${app.server.url}/chessboard?buildingId=${building.id}`, {
      headers: { ...viewer(randomUUID()), accept: 'text/html' },
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    assert.match(
      html,
      /class="realty-error-message">«buildingId»: неизвестный параметр адреса; допустимы: agencyId, .*, building</,
      'says which parameter is wrong and which the page takes (building)',
    );
    assert.match(html, /<a href="\/chessboard">Открыть «Шахматка» без параметров<\/a>/);
    assert.equal(html.includes('{"status"'), false);
  });
});

describe('GET /api/chessboard/stream', () => {
  // How fast (≤ 2 s) is `npm run bench -- chessboard-live`; here: that it arrives, filtered.
  it('pushes a unit whose status changed in Twenty, with the board filters applied', async () => {
    const target = unitsOf.find((u) => u.status === 'FREE' && u.kind === 'FLAT');
    assert.ok(target);
    const controller = new AbortController();
    const res = await fetch(`${app.server.url}/api/chessboard/stream?buildingId=${building.id}&status=SOLD`, {
      headers: { authorization: `Bearer ${app.token('sales')}` },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const next = async (pattern: RegExp, timeoutMs: number) => {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(buffer)) {
        const left = until - Date.now();
        if (left <= 0) throw new Error(`no ${pattern} within ${timeoutMs} ms; got: ${buffer}`);
        const chunk = await Promise.race([
          reader.read(),
          new Promise<undefined>((r) => setTimeout(() => r(undefined), left)),
        ]);
        if (chunk?.value) buffer += decoder.decode(chunk.value, { stream: true });
      }
      return buffer;
    };
    try {
      await next(/event: ready/, 5_000);
      await new Promise((r) => setTimeout(r, 700)); // the hub's first poll learns what is already there
      await app.twentyRest('PATCH', `/rest/units/${String(target.id)}`, { status: 'SOLD' });
      const text = await next(new RegExp(`event: units\\ndata: .*"id":"${String(target.id)}"`), 15_000);
      const data = JSON.parse(/event: units\ndata: (.*)\n/.exec(text)?.[1] ?? '{}') as { units: BoardUnit[] };
      const unit = data.units.find((u) => u.id === String(target.id));
      assert.equal(unit?.status, 'SOLD');
      assert.equal(unit?.matches, true, 'the stream applies the board filters (status=SOLD)');
    } finally {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }
  });

  it('answers 400 without a building and 404 for an unknown one', async () => {
    assert.equal((await get('/api/chessboard/stream')).status, 400);
    assert.equal(
      (await get('/api/chessboard/stream?buildingId=00000000-0000-4000-8000-000000000000')).status,
      404,
    );
  });
});

describe('GET /api/chessboard/:buildingId/export.xlsx', () => {
  it('exports the current view with status fills, faded fills for dimmed units and the filters', async () => {
    const res = await get(`/api/chessboard/${building.id}/export.xlsx?status=FREE`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Шахматка');
    assert.ok(sheet);
    assert.equal(String(sheet.getCell('A2').value), 'Фильтры: статус: Свободна');
    const painted: { number: string; argb: string }[] = [];
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.isMerged && cell.master.address !== cell.address) return; // the duplex's covered half
        const m = /^№\u00a0(\S+)/.exec(String(cell.value ?? ''));
        const fill = cell.fill as { fgColor?: { argb?: string } } | undefined;
        if (m?.[1] && fill?.fgColor?.argb) painted.push({ number: m[1], argb: fill.fgColor.argb });
      }),
    );
    assert.equal(painted.length, unitsOf.length);
    // Offices and flats may share a number ("101"), so a number maps to the fills its units allow.
    const expected = new Map<string, Set<string>>();
    for (const u of allUnits(await board())) {
      const color = legendOf(u.status)?.color ?? '';
      const argb = argbOf(u.status === 'FREE' ? color : fadedColor(color));
      expected.set(u.number, new Set([...(expected.get(u.number) ?? []), argb]));
    }
    for (const { number, argb } of painted)
      assert.ok(expected.get(number)?.has(argb), `unit ${number}: fill ${argb}`);
    assert.ok(new Set(painted.map((p) => p.argb)).size >= 4, 'several status colours appear');
  });
});
