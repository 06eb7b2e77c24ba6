/**
 * Calls a chessboard route as a given principal without the front door: the
 * route's zod schemas, a RouteContext from the runtime's access layer (the
 * same factory the app server uses), the handler, and errors turned into the
 * one error body — so a partner's scope can be tested before the partner
 * gateway exists.
 */

import { chessboardRoutes } from '../../../plugins/chessboard/routes';
import type { Principal } from '../../../plugins/core/access/index';
import { AccessError } from '../../../plugins/core/access/index';
import { type ErrorBody, type RouteDeclaration, RouteError } from '../../../plugins/core/plugin/index';
import type { Runtime } from '../../../plugins/core/runtime/runtime';

export interface RouteAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function chessboardRoute(method: string, path: string): RouteDeclaration {
  const found = chessboardRoutes.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no chessboard route ${method} ${path}`);
  return found;
}

function zodFailure(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): ErrorBody {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  return {
    status: 400,
    code: 'bad_request',
    message: issue?.message ?? 'the request does not match the route',
    ...(field ? { field } : {}),
  };
}

export async function callRoute(
  runtime: Runtime,
  route: RouteDeclaration,
  principal: Principal,
  request: { params?: Record<string, string>; query?: Record<string, string> } = {},
): Promise<RouteAnswer> {
  const controller = new AbortController();
  try {
    const params = route.params ? route.params.safeParse(request.params ?? {}) : undefined;
    if (params && !params.success) return { status: 400, headers: {}, body: zodFailure(params.error) };
    const query = route.query ? route.query.safeParse(request.query ?? {}) : undefined;
    if (query && !query.success) return { status: 400, headers: {}, body: zodFailure(query.error) };
    const ctx = runtime.access.routeContext({ plugin: 'chessboard', objects: route.objects }, principal, {
      signal: controller.signal,
    });
    const res = await route.handler(
      {
        method: route.method,
        url: route.path,
        params: params ? params.data : (request.params ?? {}),
        query: query ? query.data : (request.query ?? {}),
        body: undefined,
        headers: {},
      },
      ctx,
    );
    return { status: res.status ?? 200, headers: res.headers ?? {}, body: res.body };
  } catch (error) {
    if (error instanceof RouteError) return { status: error.status, headers: {}, body: error.toBody() };
    if (error instanceof AccessError)
      return {
        status: error.status,
        headers: {},
        body: { status: error.status, code: error.code, message: error.message },
      };
    throw error;
  } finally {
    controller.abort();
  }
}
