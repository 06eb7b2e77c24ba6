/**
 * HTTP routes of the chessboard: the page, the JSON board, the building
 * chooser, the unit card, the xlsx export and the live stream (SSE). Each
 * reads only through its context's scoped reader: the principal's policy —
 * staff see everything, a partner its scope — decides what exists and which
 * fields show; nothing here filters by hand.
 */
import { z } from 'zod';
import { defineRoute, type RouteDeclaration, RouteError } from '../core/plugin/index';
import { building, importBatch, residentialComplex, section, unit, unitChange } from '../registry/index';
import { loadBoardUnits, loadChessboard } from './board';
import { listBuildings } from './building-list';
import { exportChessboardXlsx } from './export-xlsx';
import { openBoardStream } from './live-updates';
import { CHESSBOARD_PAGE_PATH, CHESSBOARD_ROLES, renderChessboardPage } from './pages/chessboard-page';
import { chessboardQuery, parseChessboardFilters, type QueryInput } from './rules/filters';
import { loadUnitCard } from './unit-card';

export { CHESSBOARD_ROLES };

/** What every chessboard route may read (the card adds the change history). */
const BOARD_OBJECTS = [unit, building, section, residentialComplex];
const CARD_OBJECTS = [...BOARD_OBJECTS, unitChange, importBatch];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const recordId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a record id (uuid)');

const one = (value: string | readonly string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : value?.[0];

export const pageRoute = defineRoute({
  method: 'GET',
  path: CHESSBOARD_PAGE_PATH,
  roles: CHESSBOARD_ROLES,
  description: 'The chessboard page: complex → building, live, filterable, with unit cards',
  objects: BOARD_OBJECTS,
  query: chessboardQuery(['building']),
  async handler(request, ctx) {
    const buildings = await listBuildings(ctx.reader);
    const buildingId = one(request.query.building);
    let board: Awaited<ReturnType<typeof loadChessboard>> | undefined;
    let problem: RouteError | undefined;
    if (buildingId) {
      try {
        const filters = parseChessboardFilters(request.query as QueryInput);
        board = await loadChessboard(ctx.reader, ctx.links, { buildingId, filters });
      } catch (error) {
        if (!(error instanceof RouteError)) throw error;
        problem = error;
      }
    }
    return {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderChessboardPage({
        principal: ctx.principal,
        pages: ctx.pages,
        buildings,
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
  async handler(request, ctx) {
    const buildingId = one(request.query.buildingId);
    if (!buildingId)
      throw new RouteError(
        400,
        'chessboard_bad_filter',
        'buildingId: missing; the stream follows one building',
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
    return { body: await loadUnitCard(ctx.reader, ctx.links, request.params.unitId) };
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
  async handler(request, ctx) {
    const filters = parseChessboardFilters(request.query as QueryInput);
    return {
      body: await loadChessboard(ctx.reader, ctx.links, { buildingId: request.params.buildingId, filters }),
    };
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
