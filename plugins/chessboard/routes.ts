/**
 * HTTP routes of the chessboard: the page, the JSON board, the building
 * chooser, the unit card, the xlsx export and the live stream (SSE). Each
 * reads only through its context's scoped reader: the principal's policy —
 * staff see everything, a partner its scope — decides what exists and which
 * fields show; nothing here filters by hand.
 */
import { z } from 'zod';
import { mayUsePage } from '../core/pages/index';
import { defineRoute, type RouteContext, type RouteDeclaration, RouteError } from '../core/plugin/index';
import { building, importBatch, residentialComplex, section, unit, unitChange } from '../registry/index';
import { loadBoardUnits, loadChessboard } from './board';
import { listBuildings } from './building-list';
import { exportChessboardXlsx } from './export-xlsx';
import { lastViewedBuilding, openingBuilding, rememberBuilding } from './last-viewed';
import { openBoardStream } from './live-updates';
import { CHESSBOARD_PAGE_PATH, CHESSBOARD_ROLES, renderChessboardPage } from './pages/chessboard-page';
import { chessboardLabels, chessboardQuery, parseChessboardFilters, type QueryInput } from './rules/filters';
import { loadUnitCard } from './unit-card';

export { CHESSBOARD_ROLES };

/** What every chessboard route may read (the card adds the change history). */
const BOARD_OBJECTS = [unit, building, section, residentialComplex];
const CARD_OBJECTS = [...BOARD_OBJECTS, unitChange, importBatch];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const recordId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'не идентификатор записи (UUID)');

const one = (value: string | readonly string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : value?.[0];

/** Remembers the building this person opened; a failure to remember never fails the board. */
async function remember(ctx: RouteContext, buildingId: string): Promise<void> {
  try {
    await rememberBuilding(ctx.storage, ctx.principal, buildingId);
  } catch (error) {
    ctx.log.warn({ err: error, buildingId }, 'chessboard: could not remember the building last viewed');
  }
}

/** The building last viewed (undefined when it cannot be read: the page then opens on the first). */
async function lastViewed(ctx: RouteContext): Promise<string | undefined> {
  try {
    return await lastViewedBuilding(ctx.storage, ctx.principal);
  } catch (error) {
    ctx.log.warn({ err: error }, 'chessboard: could not read the building last viewed');
    return undefined;
  }
}

export const pageRoute = defineRoute({
  method: 'GET',
  path: CHESSBOARD_PAGE_PATH,
  roles: CHESSBOARD_ROLES,
  description:
    'The chessboard page: complex → building, live, filterable, with unit cards; opens on the building last viewed, else the first',
  objects: BOARD_OBJECTS,
  query: chessboardQuery(['building']),
  labels: chessboardLabels(['building']),
  async handler(request, ctx) {
    const buildings = await listBuildings(ctx.reader);
    const asked = one(request.query.building);
    const buildingId = asked ?? openingBuilding(buildings, await lastViewed(ctx));
    let board: Awaited<ReturnType<typeof loadChessboard>> | undefined;
    let problem: RouteError | undefined;
    if (buildingId) {
      try {
        const filters = parseChessboardFilters(request.query as QueryInput);
        board = await loadChessboard(ctx.reader, ctx.links, { buildingId, filters });
        if (asked) await remember(ctx, board.building.id);
      } catch (error) {
        if (!(error instanceof RouteError)) throw error;
        problem = error;
      }
    }
    return {
      // A building that is not there (404) or a bad filter (400) is the page's status too.
      ...(problem ? { status: problem.status } : {}),
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderChessboardPage({
        principal: ctx.principal,
        pages: ctx.pages,
        buildings,
        documents: mayUsePage(ctx.principal, ctx.pages, '/documents'),
        // The portal draws floor plans for staff (/portal/floor-plan/<section>/<floor>.svg).
        floorPlans: ctx.settings.has('portal') && ctx.principal.kind === 'staff',
        ...(board ? { board } : {}),
        ...(problem ? { problem: problem.toBody() } : {}),
      }),
    };
  },
});

export const buildingsRoute = defineRoute({
  method: 'GET',
  path: '/api/chessboard/buildings',
  roles: CHESSBOARD_ROLES,
  description: 'Complexes and buildings for the chooser, with their visible unit counts',
  objects: BOARD_OBJECTS,
  async handler(_request, ctx) {
    return { body: { buildings: await listBuildings(ctx.reader) } };
  },
});

export const streamRoute = defineRoute({
  method: 'GET',
  path: '/api/chessboard/stream',
  roles: CHESSBOARD_ROLES,
  description: 'Server-sent events: changed units of one board (?buildingId=…&filters)',
  objects: BOARD_OBJECTS,
  query: chessboardQuery(['buildingId']),
  labels: chessboardLabels(['buildingId']),
  async handler(request, ctx) {
    const buildingId = one(request.query.buildingId);
    if (!buildingId)
      throw new RouteError(
        400,
        'chessboard_bad_filter',
        {
          ru: '«Корпус» не указан: поток обновлений следит за одним корпусом',
          en: 'buildingId: missing; the stream follows one building',
        },
        {
          field: 'buildingId',
        },
      );
    const filters = parseChessboardFilters(request.query as QueryInput);
    // Checks the building and filters now, so a bad stream fails with 400/404 rather than silently.
    await loadBoardUnits(ctx.reader, { buildingId, filters, ids: [] });
    const body = openBoardStream({
      changes: ctx.changes,
      buildingId: buildingId.toLowerCase(),
      load: (ids) => loadBoardUnits(ctx.reader, { buildingId, filters, ids }),
      signal: ctx.signal,
      onError: (error) =>
        ctx.log.warn({ err: error, buildingId }, 'chessboard: a live update failed to send'),
    });
    return {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
      body,
    };
  },
});

export const unitCardRoute = defineRoute({
  method: 'GET',
  path: '/api/chessboard/units/:unitId',
  roles: CHESSBOARD_ROLES,
  description: 'The unit card: labelled, formatted values, the floor plan, the change history in words',
  objects: CARD_OBJECTS,
  params: z.object({ unitId: z.string() }),
  async handler(request, ctx) {
    const card = await loadUnitCard(ctx.reader, ctx.links, request.params.unitId);
    // Documents of the unit, when the documents plugin is installed and the principal may use it.
    const documents = mayUsePage(ctx.principal, ctx.pages, '/documents')
      ? [
          { label: 'Паспорт помещения (.docx)', url: `/api/documents/passport/${card.id}` },
          { label: 'Договор бронирования (.docx)', url: `/api/documents/booking-agreement/${card.id}` },
        ]
      : [];
    return { body: { ...card, documents } };
  },
});

export const boardRoute = defineRoute({
  method: 'GET',
  path: '/api/chessboard/:buildingId',
  roles: CHESSBOARD_ROLES,
  description: 'One building as a chessboard (JSON), with filters',
  objects: BOARD_OBJECTS,
  params: z.object({ buildingId: recordId }),
  query: chessboardQuery(),
  labels: chessboardLabels(['buildingId']),
  async handler(request, ctx) {
    const filters = parseChessboardFilters(request.query as QueryInput);
    const view = await loadChessboard(ctx.reader, ctx.links, {
      buildingId: request.params.buildingId,
      filters,
    });
    // The page switches buildings through this route: the one shown last is where it reopens.
    await remember(ctx, view.building.id);
    return { body: view };
  },
});

export const exportRoute = defineRoute({
  method: 'GET',
  path: '/api/chessboard/:buildingId/export.xlsx',
  roles: CHESSBOARD_ROLES,
  description: 'The current view as xlsx (what the caller may see, with the filters applied)',
  objects: BOARD_OBJECTS,
  params: z.object({ buildingId: recordId }),
  query: chessboardQuery(),
  labels: chessboardLabels(['buildingId']),
  async handler(request, ctx) {
    const filters = parseChessboardFilters(request.query as QueryInput);
    const view = await loadChessboard(ctx.reader, ctx.links, {
      buildingId: request.params.buildingId,
      filters,
    });
    const body = await exportChessboardXlsx(view, { generatedAt: ctx.clock.now(), filters });
    const name = `Шахматка ${view.building.name ?? view.building.number ?? ''}`
      .trim()
      .replace(/[^\p{L}\p{N}]+/gu, '-');
    return {
      headers: {
        'content-type': XLSX_TYPE,
        'content-disposition': `attachment; filename="chessboard.xlsx"; filename*=UTF-8''${encodeURIComponent(`${name}.xlsx`)}`,
      },
      body,
    };
  },
});

export const chessboardRoutes: readonly RouteDeclaration[] = [
  pageRoute,
  buildingsRoute,
  streamRoute,
  unitCardRoute,
  boardRoute,
  exportRoute,
];
