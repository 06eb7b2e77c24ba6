/**
 * HTTP routes of the chessboard: the page, its static assets, the JSON board,
 * the building chooser, the unit card, the xlsx export and the SSE stream.
 * Staff routes pass STAFF_SCOPE; the partner gateway will mount the same
 * handlers with the agency's scope (the only thing that differs).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RouteDeclaration, RouteRequest, RouteResponse, StaffRole } from '../core/index';
import { ChessboardNotFoundError, listBuildings, loadBoardUnits, loadChessboard } from './board';
import { ChessboardInputError, parseChessboardFilters } from './chessboard-filters';
import { exportChessboardXlsx } from './export-xlsx';
import { hubFor, openBoardStream } from './live-updates';
import { renderChessboardPage } from './page-html';
import { loadUnitCard, UnitNotFoundError } from './unit-card';
import { STAFF_SCOPE, type UnitScope } from './unit-scope';

export const CHESSBOARD_ROLES: readonly StaffRole[] = ['admin', 'sales', 'callcenter', 'finance'];

const PAGE_DIR = path.join(import.meta.dirname, 'page');
const ASSETS: Record<string, string> = {
  'chessboard.js': 'text/javascript; charset=utf-8',
  'chessboard.css': 'text/css; charset=utf-8',
};

function errorResponse(error: unknown): RouteResponse {
  if (error instanceof ChessboardInputError)
    return {
      status: 400,
      body: {
        statusCode: 400,
        error: 'BadRequest',
        code: error.code,
        parameter: error.parameter,
        messages: [error.message],
      },
    };
  if (error instanceof ChessboardNotFoundError || error instanceof UnitNotFoundError)
    return {
      status: 404,
      body: { statusCode: 404, error: 'NotFound', code: error.code, messages: [error.message] },
    };
  throw error;
}

function one(query: RouteRequest['query'], name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Wraps a handler so the chessboard's own errors become 400/404 answers and the rest propagate. */
function guarded(
  handler: (
    request: RouteRequest,
    ctx: Parameters<RouteDeclaration['handler']>[1],
    scope: UnitScope,
  ) => Promise<RouteResponse>,
): RouteDeclaration['handler'] {
  return async (request, ctx) => {
    try {
      return await handler(request, ctx, STAFF_SCOPE);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export const chessboardRoutes: RouteDeclaration[] = [
  {
    method: 'GET',
    path: '/chessboard',
    roles: CHESSBOARD_ROLES,
    description: 'The chessboard: complex → building, live, filterable',
    handler: guarded(async (request, ctx, scope) => {
      const buildingId = one(request.query, 'building');
      const filters = parseChessboardFilters(request.query, ['building']);
      const buildings = await listBuildings(ctx, scope);
      let board: Awaited<ReturnType<typeof loadChessboard>> | undefined;
      let problem: string | undefined;
      if (buildingId) {
        try {
          board = await loadChessboard(ctx, { buildingId, filters, scope });
        } catch (error) {
          if (!(error instanceof ChessboardNotFoundError || error instanceof ChessboardInputError))
            throw error;
          problem = error.message;
        }
      }
      return {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: renderChessboardPage({ buildings, board, problem }),
      };
    }),
  },
  {
    method: 'GET',
    path: '/chessboard/assets/:file',
    roles: ['public'],
    description: 'Script and styles of the chessboard page (no data)',
    handler: async (request) => {
      const file = request.params.file ?? '';
      const type = ASSETS[file];
      if (!type)
        return { status: 404, body: { statusCode: 404, error: 'NotFound', messages: [`no asset ${file}`] } };
      return {
        headers: { 'content-type': type, 'cache-control': 'no-cache' },
        body: await readFile(path.join(PAGE_DIR, file), 'utf8'),
      };
    },
  },
  {
    method: 'GET',
    path: '/api/chessboard/buildings',
    roles: CHESSBOARD_ROLES,
    description: 'Complexes and buildings for the chooser',
    handler: guarded(async (_request, ctx, scope) => ({
      body: { buildings: await listBuildings(ctx, scope) },
    })),
  },
  {
    method: 'GET',
    path: '/api/chessboard/stream',
    roles: CHESSBOARD_ROLES,
    description: 'Server-sent events: changed units of one board (?buildingId=…&filters)',
    handler: guarded(async (request, ctx, scope) => {
      const buildingId = one(request.query, 'buildingId');
      if (!buildingId)
        throw new ChessboardInputError('buildingId', 'missing; the stream follows one building');
      const filters = parseChessboardFilters(request.query, ['buildingId']);
      // Validates the building and filters now, so a bad stream fails with 400/404 rather than silently.
      await loadBoardUnits(ctx, { buildingId, filters, scope, ids: [] });
      const body = openBoardStream({
        hub: hubFor(ctx),
        buildingId: buildingId.toLowerCase(),
        load: (ids) => loadBoardUnits(ctx, { buildingId, filters, scope, ids }),
      });
      return {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          'x-accel-buffering': 'no',
        },
        body,
      };
    }),
  },
  {
    method: 'GET',
    path: '/api/chessboard/units/:unitId',
    roles: CHESSBOARD_ROLES,
    description: 'The unit card: every field, change history, link to Twenty',
    handler: guarded(async (request, ctx, scope) => ({
      body: await loadUnitCard(ctx, request.params.unitId ?? '', scope),
    })),
  },
  {
    method: 'GET',
    path: '/api/chessboard/:buildingId',
    roles: CHESSBOARD_ROLES,
    description: 'One building as a chessboard (JSON), with filters',
    handler: guarded(async (request, ctx, scope) => {
      const filters = parseChessboardFilters(request.query);
      return {
        body: await loadChessboard(ctx, { buildingId: request.params.buildingId ?? '', filters, scope }),
      };
    }),
  },
  {
    method: 'GET',
    path: '/api/chessboard/:buildingId/export.xlsx',
    roles: CHESSBOARD_ROLES,
    description: 'The current view as xlsx',
    handler: guarded(async (request, ctx, scope) => {
      const filters = parseChessboardFilters(request.query);
      const view = await loadChessboard(ctx, { buildingId: request.params.buildingId ?? '', filters, scope });
      const body = await exportChessboardXlsx(view, { generatedAt: ctx.clock.now() });
      const name = `chessboard-${(view.building.name ?? view.building.id).replace(/[^\p{L}\p{N}]+/gu, '-')}.xlsx`;
      return {
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="chessboard.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        },
        body,
      };
    }),
  },
];
