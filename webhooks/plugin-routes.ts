/**
 * Every plugin route, mounted through the access layer: the caller becomes a
 * principal (a staff member by token and role; nobody on public routes; an
 * agency user through the partner gateway — the agencies plugin — which also
 * rate-limits and logs every partner request), params/query/body are
 * checked against the route's zod schemas, and the handler gets a
 * RouteContext built by the access layer — never the store or the admin
 * client. Every refusal and failure answers in the one error body
 * `{ status, code, message, field?, row? }`; an unexpected error is a 500 that
 * says to look in the log, and the log gets the details.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, type z } from 'zod';
import {
  AccessError,
  type AccessLayer,
  type PartnerGateway,
  type PartnerPrincipal,
  type PartnerRefusal,
  type PartnerRequest,
  type Principal,
} from '../plugins/core/access/index';
import { STAFF_ROLES, type StaffRole } from '../plugins/core/auth/index';
import { withOrigin } from '../plugins/core/events/index';
import { type NavPage, renderPage, staffRoleRu } from '../plugins/core/pages/index';
import {
  type ErrorBody,
  errorBody,
  issueReason,
  type MessageLang,
  parseWithLang,
  preferredLang,
  type RegisteredRoute,
  RouteError,
  type RouteRequest,
  type RouteResponse,
  validationErrorBody,
} from '../plugins/core/plugin/index';
import type { Logger } from '../plugins/core/runtime/index';
import { requireStaff, roleAllowed, signedInStaff, staffRefusalOf } from './staff-session';

export interface PluginRoutesOptions {
  access: AccessLayer;
  staffSecret: string;
  /** Default: the access layer's log. */
  log?: Logger;
  /** Aborted when the server shuts down (handed to handlers as ctx.signal). */
  signal: AbortSignal;
  /** Authenticates, rate-limits and logs partner requests; absent: partner-only routes answer 501. */
  partnerGateway?: PartnerGateway;
  /** Every enabled plugin's pages (error pages list them in the navigation); default: the route context's. */
  pages?: readonly NavPage[];
}

/** The pages a route context offers (what the handler would have passed to renderPage). */
function pagesOf(
  options: PluginRoutesOptions,
  route: RegisteredRoute,
  principal: Principal,
): readonly NavPage[] {
  try {
    return options.access.routeContext(route, principal, { signal: options.signal }).pages;
  } catch (error) {
    // The error page still renders, with no navigation; the refusal it shows is what matters.
    (options.log ?? options.access.log).warn({ err: error }, 'no route context for an error page');
    return [];
  }
}

const STAFF: readonly string[] = STAFF_ROLES;

const INTERNAL_ERROR = {
  ru: 'Запрос не выполнен из-за ошибки на сервере; подробности — в журнале сервера',
  en: 'the request failed on the server; see the server log for details',
};

/** Why a request failed, as the one error body in `lang`; `internal` when only the log may say more. */
export function errorBodyOf(
  error: unknown,
  lang: MessageLang = 'ru',
): { body: ErrorBody; internal: boolean } {
  if (error instanceof RouteError) return { body: error.toBody(lang), internal: false };
  if (error instanceof AccessError)
    return {
      body: errorBody(error.status, error.code, error.message, error.field ? { field: error.field } : {}),
      internal: error.status >= 500,
    };
  if (error instanceof ZodError) return { body: zodErrorBody('request', error, lang), internal: false };
  return { body: errorBody(500, 'internal_error', INTERNAL_ERROR, {}, lang), internal: true };
}

const CYRILLIC = /[\u0400-\u04ff]/;

/**
 * A schema mismatch a handler threw (not the route's own params/query/body check) as a 400 naming
 * the first field: a message the schema wrote in Russian is kept, zod's English default is reworded.
 */
export function zodErrorBody(
  part: 'params' | 'query' | 'body' | 'request',
  error: ZodError,
  lang: MessageLang = 'ru',
): ErrorBody {
  const issues = error.issues.map((issue) =>
    issue.code === 'custom' || (lang === 'ru' && CYRILLIC.test(issue.message))
      ? issue
      : { ...issue, message: issueReason(issue, lang) },
  );
  return validationErrorBody(part, new ZodError(issues), { lang });
}

function parsePart(
  part: 'params' | 'query' | 'body',
  route: RegisteredRoute,
  schema: z.ZodType | undefined,
  value: unknown,
  lang: MessageLang,
): { ok: true; value: unknown } | { ok: false; body: ErrorBody } {
  if (!schema) return { ok: true, value };
  const parsed = parseWithLang(schema, value, lang);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        body: validationErrorBody(part, parsed.error, {
          schema,
          lang,
          ...(route.labels ? { labels: route.labels } : {}),
        }),
      };
}

/**
 * Does this request want a page back? A page route (one a plugin declared with definePage) does,
 * unless the caller asked for JSON only; any GET a browser navigates to (Accept names text/html) does.
 */
export function wantsPage(
  route: Pick<RegisteredRoute, 'method' | 'path'>,
  accept: string | string[] | undefined,
  pages: readonly Pick<NavPage, 'path'>[],
): boolean {
  if (route.method !== 'GET') return false;
  const text = (Array.isArray(accept) ? accept.join(',') : (accept ?? '')).toLowerCase();
  const html = text.includes('text/html');
  if (pages.some((p) => p.path === route.path)) return html || !text.includes('application/json');
  return html;
}

/**
 * The language of a refusal: a browser opening a page reads it in the pages' language (Russian —
 * the shell is Russian whatever locale the browser announces); an API caller may ask for English.
 */
export function requestLang(
  route: Pick<RegisteredRoute, 'method'>,
  headers: Record<string, string | string[] | undefined>,
): MessageLang {
  const accept = headers.accept;
  const html = (Array.isArray(accept) ? accept.join(',') : (accept ?? ''))
    .toLowerCase()
    .includes('text/html');
  return route.method === 'GET' && html ? 'ru' : preferredLang(headers['accept-language']);
}

/** The one error body inside the page shell: the problem in the banner, a way back below it. */
export function errorPage(
  body: ErrorBody,
  input: { principal: Principal; pages: readonly NavPage[]; path: string; lang: MessageLang },
): string {
  const page = input.pages.find((p) => p.path === input.path);
  const ru = input.lang === 'ru';
  const back = page
    ? `<a href="${escapeAttribute(page.path)}">${ru ? `Открыть «${page.title.ru}» без параметров` : `Open “${page.title.en}” without parameters`}</a>`
    : `<a href="/">${ru ? 'На главную' : 'Home'}</a>`;
  return renderPage({
    title: page?.title ?? { ru: 'Ошибка', en: 'Error' },
    principal: input.principal,
    pages: input.pages,
    path: input.path,
    lang: input.lang,
    problem: body,
    content: `<div id="page-problem"><p>${back}</p></div>`,
  });
}

const escapeAttribute = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LOGGED_IDS = 200;

/** Record ids a partner request named (path) and its answer carried (`id` keys of a JSON body), for the access log. */
export function recordIdsOf(params: unknown, body: unknown): string[] {
  const ids = new Set<string>();
  for (const value of Object.values((params ?? {}) as Record<string, unknown>))
    if (typeof value === 'string' && UUID_TEXT.test(value)) ids.add(value.toLowerCase());
  const walk = (value: unknown, depth: number) => {
    if (ids.size >= MAX_LOGGED_IDS || depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'id' && typeof inner === 'string' && UUID_TEXT.test(inner)) ids.add(inner.toLowerCase());
      else walk(inner, depth + 1);
    }
  };
  if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && !isStream(body)) walk(body, 0);
  return [...ids];
}

function partnerRequestOf(
  route: RegisteredRoute,
  request: FastifyRequest,
  staffAlso: boolean,
): PartnerRequest {
  return {
    method: route.method,
    url: request.url,
    routePath: route.path,
    plugin: route.plugin,
    headers: request.headers,
    ip: request.ip,
    staffAlso,
    ...(route.body !== 'raw' && request.body !== undefined ? { body: request.body } : {}),
  };
}

function sendRefusal(reply: FastifyReply, refusal: PartnerRefusal): void {
  if (refusal.redirect !== undefined) {
    void reply.code(302).header('location', refusal.redirect).send();
    return;
  }
  void reply
    .code(refusal.status)
    .headers(refusal.headers ?? {})
    .send(errorBody(refusal.status, refusal.code, refusal.message));
}

/**
 * Who is calling, or undefined when the reply already answered (401/403/429/501). Public routes take
 * a signed-in staff member as such and anyone else as anonymous. A route that admits partners asks
 * the partner gateway first: a request carrying partner credentials is the agency user they prove
 * (or refused), and only then admitted by the gateway's rate limit.
 */
export async function resolvePrincipal(
  route: RegisteredRoute,
  request: FastifyRequest,
  reply: FastifyReply,
  staffSecret: string,
  gateway?: PartnerGateway,
): Promise<Principal | undefined> {
  if (route.roles.includes('public')) {
    const staff = signedInStaff(request, staffSecret);
    return staff ? { kind: 'staff', ...staff } : { kind: 'anonymous' };
  }
  const staffAlso = route.roles.some((role) => STAFF.includes(role));
  if (route.roles.includes('partner') && gateway) {
    const partnerRequest = partnerRequestOf(route, request, staffAlso);
    const started = performance.now();
    const refuse = async (refusal: PartnerRefusal, principal?: PartnerPrincipal) => {
      sendRefusal(reply, refusal);
      await gateway.record({
        ...(principal ? { principal } : {}),
        request: partnerRequest,
        status: refusal.redirect !== undefined ? 302 : refusal.status,
        code: refusal.code,
        recordIds: [],
        durationMs: performance.now() - started,
      });
      return undefined;
    };
    const authentication = await gateway.authenticate(partnerRequest);
    if (authentication && 'refusal' in authentication) return refuse(authentication.refusal);
    if (authentication) {
      const refusal = await gateway.admit(authentication.principal, partnerRequest);
      if (refusal) return refuse(refusal, authentication.principal);
      return authentication.principal;
    }
    if (!staffAlso)
      return refuse({
        status: 401,
        code: 'partner_unauthenticated',
        message: 'Войдите как пользователь агентства: токен из POST /partner/v1/token или портал /partner',
      });
  }
  if (!staffAlso) {
    // Only partners may call it, and the agency gateway (its JWT, scopes, masking) is not installed yet.
    void reply
      .code(501)
      .send(
        errorBody(
          501,
          'partner_gateway_missing',
          'Этот адрес обслуживает агентства-партнёры, а шлюз партнёров (плагин agencies) не установлен',
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
export function frameworkErrorBody(
  error: { statusCode?: number; message: string },
  lang: MessageLang = 'ru',
): ErrorBody {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const code = status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_body';
  const ru =
    status === 413
      ? 'Тело запроса слишком велико'
      : status === 415
        ? 'Сервер не принимает данные такого типа (Content-Type)'
        : 'Тело запроса не разобрано (ожидался JSON)';
  return errorBody(
    status,
    code,
    { ru: `${ru}: ${error.message}`, en: `the request body was refused: ${error.message}` },
    { field: 'body' },
    lang,
  );
}

export function mountPluginRoute(
  app: FastifyInstance,
  route: RegisteredRoute,
  options: PluginRoutesOptions,
): void {
  const types = route.body === 'raw' ? route.rawBodyTypes : undefined;
  if (types && types.length > 0) {
    // The route's own content types arrive as bytes, in a scope of its own: the app's other routes
    // keep their parsers (a signed provider webhook checks its signature over what came).
    void app.register(async (scope) => {
      scope.addContentTypeParser([...types], { parseAs: 'buffer' }, (_request, body, done) =>
        done(null, body),
      );
      mountRoute(scope, route, options);
    });
    return;
  }
  mountRoute(app, route, options);
}

function mountRoute(app: FastifyInstance, route: RegisteredRoute, options: PluginRoutesOptions): void {
  app.route({
    method: route.method,
    url: route.path,
    ...(route.bodyLimit !== undefined ? { bodyLimit: route.bodyLimit } : {}),
    // Errors before the handler runs (body parsing) answer in the one error body too.
    errorHandler: (error, request, reply) => {
      const lang = preferredLang(request.headers['accept-language']);
      const failure = error as { statusCode?: number; message: string };
      if (failure.statusCode && failure.statusCode < 500) {
        const body = frameworkErrorBody(failure, lang);
        return reply.code(body.status).send(body);
      }
      (options.log ?? options.access.log).error(
        { err: error, route: `${route.method} ${route.path}`, plugin: route.plugin },
        'a plugin route failed before its handler',
      );
      return reply.code(500).send(errorBodyOf(error, lang).body);
    },
    handler: async (request, reply) => {
      const started = performance.now();
      // A browser opening a staff page without signing in, or with a role the page is not for, gets
      // the page shell saying so (401/403 in the banner), not the API's JSON refusal.
      if (refusedAsPage(route, request, reply, options)) return reply;
      const principal = await resolvePrincipal(
        route,
        request,
        reply,
        options.staffSecret,
        options.partnerGateway,
      );
      if (!principal) return reply;
      const lang = requestLang(route, request.headers);
      // A refusal the person reads: a page route answers with its page (the banner says what is
      // wrong), an API caller with the one error body.
      const refuse = (answer: ErrorBody): FastifyReply => {
        const pages = options.pages ?? pagesOf(options, route, principal);
        if (!wantsPage(route, request.headers.accept, pages))
          return reply.code(answer.status).type('application/json; charset=utf-8').send(answer);
        return reply
          .code(answer.status)
          .type('text/html; charset=utf-8')
          .send(errorPage(answer, { principal, pages, path: route.path, lang }));
      };
      const gateway = principal.kind === 'partner' ? options.partnerGateway : undefined;
      // Every answer to a partner is logged by the gateway: who, agency, route, record ids, result.
      const logPartner = async (status: number, code: string | undefined, answer: unknown) => {
        if (!gateway || principal.kind !== 'partner') return;
        try {
          await gateway.record({
            principal,
            request: partnerRequestOf(route, request, false),
            status,
            ...(code !== undefined ? { code } : {}),
            recordIds: recordIdsOf(request.params, answer),
            durationMs: performance.now() - started,
          });
        } catch (error) {
          (options.log ?? options.access.log).error(
            { err: error },
            'the partner access log refused an entry',
          );
        }
      };
      const params = parsePart('params', route, route.params, request.params ?? {}, lang);
      if (!params.ok) {
        await logPartner(400, params.body.code, undefined);
        return refuse(params.body);
      }
      const query = parsePart('query', route, route.query, request.query ?? {}, lang);
      if (!query.ok) {
        await logPartner(400, query.body.code, undefined);
        return refuse(query.body);
      }
      let body: unknown = request.body;
      if (route.body === 'raw') {
        const empty = body === undefined || body === null || (Buffer.isBuffer(body) && body.length === 0);
        // A route that names its raw types (a signed webhook) decides about an empty body itself.
        if (route.rawBodyTypes && empty) body = Buffer.alloc(0);
        else if (!Buffer.isBuffer(body) || body.length === 0)
          return reply.code(400).send(
            errorBody(
              400,
              'invalid_body',
              {
                ru: 'Пришлите файл телом запроса (Content-Type: application/octet-stream или тип .xlsx)',
                en: 'send the file as the request body (Content-Type: application/octet-stream or the .xlsx type)',
              },
              { field: 'body' },
              lang,
            ),
          );
      } else {
        const parsed = parsePart('body', route, route.body, body, lang);
        if (!parsed.ok) {
          await logPartner(400, parsed.body.code, undefined);
          return refuse(parsed.body);
        }
        body = parsed.value;
      }
      const routeRequest: RouteRequest<unknown, unknown, unknown> = {
        method: route.method,
        url: request.url,
        params: params.value,
        query: query.value,
        body,
        headers: request.headers,
        ip: request.ip,
      };
      try {
        const ctx = options.access.routeContext(route, principal, { signal: options.signal });
        // What the route writes is the project's change: its echo reaches every plugin's handlers.
        const answer = await withOrigin(
          { plugin: route.plugin, kind: 'route', name: `${route.method} ${route.path}` },
          () => route.handler(routeRequest, ctx),
        );
        await logPartner(answer.status ?? 200, undefined, answer.body);
        return send(reply, answer);
      } catch (error) {
        const { body: answer, internal } = errorBodyOf(error, lang);
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
        await logPartner(answer.status, answer.code, undefined);
        if (reply.sent) return reply;
        return refuse(answer);
      }
    },
  });
}

/**
 * Answers a staff-only page opened in a browser (GET, Accept names text/html) by someone not signed
 * in (401) or signed in with another role (403) as a page with the refusal in its banner; true when
 * it answered. Partner and public routes are left to their own doors.
 */
function refusedAsPage(
  route: RegisteredRoute,
  request: FastifyRequest,
  reply: FastifyReply,
  options: PluginRoutesOptions,
): boolean {
  const refusal = staffRefusalOf(request);
  if (route.roles.includes('public')) return false;
  // A page partners use too answers for itself, unless an embedded page's URL token was refused.
  if (route.roles.includes('partner') && !refusal?.fromUrl) return false;
  if (requestLang(route, request.headers) !== 'ru' || !wantsPage(route, request.headers.accept, []))
    return false;
  const staff = signedInStaff(request, options.staffSecret);
  if (staff && roleAllowed(staff, route.roles)) return false;
  const principal: Principal = staff ? { kind: 'staff', ...staff } : { kind: 'anonymous' };
  const allowed = route.roles.filter((r) => STAFF.includes(r));
  const body = staff
    ? errorBody(
        403,
        'role_not_allowed',
        `Роль «${staffRoleRu(staff.role)}» не открывает эту страницу; её открывают: ${[
          ...new Set(['admin', ...allowed]),
        ]
          .map((r) => staffRoleRu(r as StaffRole))
          .join(', ')}`,
      )
    : refusal
      ? // Credentials that came and were refused (an expired or forged embed token, an ended session) say why.
        errorBody(refusal.status, refusal.code, refusal.message, {}, 'ru')
      : errorBody(401, 'missing', 'Войдите, чтобы открыть эту страницу');
  const pages = options.pages ?? pagesOf(options, route, principal);
  void reply
    .code(body.status)
    .type('text/html; charset=utf-8')
    .send(errorPage(body, { principal, pages, path: route.path, lang: 'ru' }));
  return true;
}

/** Mounts every route the registry holds. */
export function mountPluginRoutes(
  app: FastifyInstance,
  routes: readonly RegisteredRoute[],
  options: PluginRoutesOptions,
): void {
  for (const route of routes) mountPluginRoute(app, route, options);
}
