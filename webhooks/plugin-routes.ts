/**
 * Every plugin route, mounted through the access layer: the caller becomes a
 * principal (a staff member by token and role; nobody on public routes;
 * partners wait for the agencies plugin's gateway), params/query/body are
 * checked against the route's zod schemas, and the handler gets a
 * RouteContext built by the access layer — never the store or the admin
 * client. Every refusal and failure answers in the one error body
 * `{ status, code, message, field?, row? }`; an unexpected error is a 500 that
 * says to look in the log, and the log gets the details.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, type z } from 'zod';
import { AccessError, type AccessLayer, type Principal } from '../plugins/core/access/index';
import { STAFF_ROLES } from '../plugins/core/auth/index';
import {
  type ErrorBody,
  errorBody,
  type RegisteredRoute,
  RouteError,
  type RouteRequest,
  type RouteResponse,
} from '../plugins/core/plugin/index';
import type { Logger } from '../plugins/core/runtime/index';
import { requireStaff, signedInStaff } from './staff-session';

export interface PluginRoutesOptions {
  access: AccessLayer;
  staffSecret: string;
  /** Default: the access layer's log. */
  log?: Logger;
  /** Aborted when the server shuts down (handed to handlers as ctx.signal). */
  signal: AbortSignal;
}

const STAFF: readonly string[] = STAFF_ROLES;

/** Why a request failed, as the one error body; `internal` when only the log may say more. */
export function errorBodyOf(error: unknown): { body: ErrorBody; internal: boolean } {
  if (error instanceof RouteError) return { body: error.toBody(), internal: false };
  if (error instanceof AccessError)
    return {
      body: errorBody(error.status, error.code, error.message, error.field ? { field: error.field } : {}),
      internal: error.status >= 500,
    };
  if (error instanceof ZodError) return { body: zodErrorBody('request', error), internal: false };
  return {
    body: errorBody(
      500,
      'internal_error',
      'the request failed on the server; see the server log for details',
    ),
    internal: true,
  };
}

/** A schema mismatch as a 400 naming the first field it concerns. */
export function zodErrorBody(part: 'params' | 'query' | 'body' | 'request', error: ZodError): ErrorBody {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const where = part === 'request' ? 'the request' : part === 'params' ? 'the path' : `the ${part}`;
  const message = `${where}${field ? ` field "${field}"` : ''}: ${issue?.message ?? 'is not valid'}`;
  return errorBody(400, `invalid_${part}`, message, field ? { field } : {});
}

function parsePart(
  part: 'params' | 'query' | 'body',
  schema: z.ZodType | undefined,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; body: ErrorBody } {
  if (!schema) return { ok: true, value };
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, body: zodErrorBody(part, parsed.error) };
}

/**
 * Who is calling, or undefined when the reply already answered (401/403/501). Public routes take a
 * signed-in staff member as such and anyone else as anonymous.
 */
export function resolvePrincipal(
  route: RegisteredRoute,
  request: FastifyRequest,
  reply: FastifyReply,
  staffSecret: string,
): Principal | undefined {
  if (route.roles.includes('public')) {
    const staff = signedInStaff(request, staffSecret);
    return staff ? { kind: 'staff', ...staff } : { kind: 'anonymous' };
  }
  if (!route.roles.some((role) => STAFF.includes(role))) {
    // Only partners may call it, and the agency gateway (its JWT, scopes, masking) is not installed yet.
    void reply
      .code(501)
      .send(
        errorBody(
          501,
          'partner_gateway_missing',
          'this route serves agency partners, and the partner gateway (the agencies plugin) is not installed',
        ),
      );
    return undefined;
  }
  const identity = requireStaff(request, reply, { secret: staffSecret, roles: route.roles });
  return identity ? { kind: 'staff', ...identity } : undefined;
}

function isStream(body: unknown): body is NodeJS.ReadableStream {
  return typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function';
}

function send(reply: FastifyReply, res: RouteResponse): FastifyReply {
  reply.code(res.status ?? 200).headers(res.headers ?? {});
  const body = res.body;
  if (body === undefined || body === null) return reply.send(res.status === 204 ? undefined : null);
  if (typeof body === 'string') {
    if (!reply.hasHeader('content-type')) reply.type('text/plain; charset=utf-8');
    return reply.send(body);
  }
  if (Buffer.isBuffer(body) || isStream(body)) {
    if (!reply.hasHeader('content-type')) reply.type('application/octet-stream');
    return reply.send(body);
  }
  return reply.send(body);
}

/** Fastify's own refusals (a body that is not JSON, a content type no parser takes, too large). */
export function frameworkErrorBody(error: { statusCode?: number; message: string }): ErrorBody {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const code = status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_body';
  return errorBody(status, code, `the request body was refused: ${error.message}`, { field: 'body' });
}

export function mountPluginRoute(
  app: FastifyInstance,
  route: RegisteredRoute,
  options: PluginRoutesOptions,
): void {
  app.route({
    method: route.method,
    url: route.path,
    ...(route.bodyLimit !== undefined ? { bodyLimit: route.bodyLimit } : {}),
    // Errors before the handler runs (body parsing) answer in the one error body too.
    errorHandler: (error, _request, reply) => {
      const failure = error as { statusCode?: number; message: string };
      if (failure.statusCode && failure.statusCode < 500)
        return reply.code(frameworkErrorBody(failure).status).send(frameworkErrorBody(failure));
      (options.log ?? options.access.log).error(
        { err: error, route: `${route.method} ${route.path}`, plugin: route.plugin },
        'a plugin route failed before its handler',
      );
      return reply.code(500).send(errorBodyOf(error).body);
    },
    handler: async (request, reply) => {
      const principal = resolvePrincipal(route, request, reply, options.staffSecret);
      if (!principal) return reply;
      const params = parsePart('params', route.params, request.params ?? {});
      if (!params.ok) return reply.code(400).send(params.body);
      const query = parsePart('query', route.query, request.query ?? {});
      if (!query.ok) return reply.code(400).send(query.body);
      let body: unknown = request.body;
      if (route.body === 'raw') {
        if (!Buffer.isBuffer(body) || body.length === 0)
          return reply
            .code(400)
            .send(
              errorBody(
                400,
                'invalid_body',
                'send the file as the request body (Content-Type: application/octet-stream or the .xlsx type)',
                { field: 'body' },
              ),
            );
      } else {
        const parsed = parsePart('body', route.body, body);
        if (!parsed.ok) return reply.code(400).send(parsed.body);
        body = parsed.value;
      }
      const routeRequest: RouteRequest<unknown, unknown, unknown> = {
        method: route.method,
        url: request.url,
        params: params.value,
        query: query.value,
        body,
        headers: request.headers,
      };
      try {
        const ctx = options.access.routeContext(route, principal, { signal: options.signal });
        return send(reply, await route.handler(routeRequest, ctx));
      } catch (error) {
        const { body: answer, internal } = errorBodyOf(error);
        const context = {
          err: error,
          route: `${route.method} ${route.path}`,
          plugin: route.plugin,
          url: request.url,
          principal:
            principal.kind === 'staff' ? `staff:${principal.role}:${principal.memberId}` : principal.kind,
        };
        const log = options.log ?? options.access.log;
        if (internal) log.error(context, 'a plugin route failed');
        else log.debug(context, 'a plugin route refused the request');
        if (reply.sent) return reply;
        return reply.code(answer.status).type('application/json; charset=utf-8').send(answer);
      }
    },
  });
}

/** Mounts every route the registry holds. */
export function mountPluginRoutes(
  app: FastifyInstance,
  routes: readonly RegisteredRoute[],
  options: PluginRoutesOptions,
): void {
  for (const route of routes) mountPluginRoute(app, route, options);
}
