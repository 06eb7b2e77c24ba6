/**
 * The app server `realty start` runs (PORT, default 4000): the Twenty webhook
 * intake, /healthz, staff sign-in, the pages index in the one page shell, the
 * page assets of every plugin (/assets/<plugin>/<file>, with ETags) and every
 * plugin's routes, each behind the roles it names. Cloud deployments mount the
 * same handlers as functions-framework targets (webhooks/index.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Principal } from '../plugins/core/access/index';
import {
  createMemberCheck,
  createStaffSessions,
  type MemberStatus,
  STAFF_ROLES,
} from '../plugins/core/auth/index';
import { createAssetServer, rewriteEmbedPath, toEmbeddedPage, wantsEmbed } from '../plugins/core/pages/index';
import type { Runtime } from '../plugins/core/runtime/index';
import type { RealtyConfig } from '../plugins/core/settings/index';
import { TwentyNotFoundError } from '../sdk/index';
import { registerAdminRoutes } from './admin-routes';
import { registerTwentyEventsRoute } from './fastify-twenty-events';
import { isHealthy } from './health-report';
import { renderIndexPage } from './index-page';
import { errorBodyOf, frameworkErrorBody, mountPluginRoutes } from './plugin-routes';
import { registerSecurityHeaders } from './security-headers';
import { registerSessionRoutes } from './session-routes';
import {
  CLI_OPERATOR_MEMBER_ID,
  type EmbedResolver,
  embedTokenOf,
  requireStaff,
  resolveStaffOnRequest,
  signedInStaff,
} from './staff-session';

export interface AppServerOptions {
  runtime: Runtime;
  staffSecret: string;
  twentyUrl: string;
  port: number;
  host?: string;
  /**
   * Whether staff are still workspace members, asked of Twenty and remembered for `ttlMs` (default a
   * minute); `false`: not checked (test servers whose tokens name no real member).
   */
  memberCheck?: { ttlMs?: number } | false;
  /** Sign-in attempts per IP and per member (default 10 per 10 minutes). */
  signInAttempts?: { limit?: number; windowMs?: number };
  /**
   * Embed mode's settings (default: the configuration's TWENTY_APP_SECRET, REALTY_EMBED_ROLES,
   * REALTY_EMBED_ORIGINS); tests pass their own.
   */
  embed?: Partial<RealtyConfig['embed']>;
}

export interface AppServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 1_000;
/** Every route's body limit unless it states its own. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/** The whole request (headers and body: a 25 MB upload over a slow line) must arrive within this. */
export const REQUEST_TIMEOUT_MS = 120_000;
/** The request's headers must arrive within this (slowloris). */
export const HEADERS_TIMEOUT_MS = 20_000;
/**
 * No socket-inactivity timeout (node's server.timeout): a live chessboard's event stream is quiet
 * between changes and must stay open; slow clients are bounded by the two timeouts above.
 */
export const CONNECTION_TIMEOUT_MS = 0;
/** An idle kept-alive connection between requests is closed after this. */
export const KEEP_ALIVE_TIMEOUT_MS = 10_000;
const UPLOAD_CONTENT_TYPES = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** A workspace member is active while Twenty returns it undeleted. */
async function memberStatus(runtime: Runtime, memberId: string): Promise<MemberStatus> {
  try {
    const member = await runtime.twenty.records('workspaceMember').get(memberId);
    return member.deletedAt ? 'removed' : 'active';
  } catch (error) {
    if (error instanceof TwentyNotFoundError) return 'removed';
    throw error;
  }
}

/** A workspace member's e-mail (embed tokens name the member; roles are given by e-mail). */
async function memberEmail(runtime: Runtime, memberId: string): Promise<string | undefined> {
  try {
    const member = await runtime.twenty.records('workspaceMember').get(memberId);
    if (member.deletedAt) return undefined;
    const email = (member as { userEmail?: unknown }).userEmail;
    return typeof email === 'string' && email !== '' ? email : undefined;
  } catch (error) {
    if (error instanceof TwentyNotFoundError) return undefined;
    throw error;
  }
}

function staffPrincipal(identity: ReturnType<typeof signedInStaff>): Principal {
  return identity ? { kind: 'staff', ...identity } : { kind: 'anonymous' };
}

/** Member e-mails remembered a minute: an embedded page's requests cost Twenty one lookup a minute. */
function cachedMemberEmail(
  lookup: (memberId: string) => Promise<string | undefined>,
): (memberId: string) => Promise<string | undefined> {
  const known = new Map<string, { email: string | undefined; at: number }>();
  return async (memberId) => {
    const hit = known.get(memberId);
    if (hit && Date.now() - hit.at < 60_000) return hit.email;
    const email = await lookup(memberId);
    if (known.size > 10_000) known.clear();
    known.set(memberId, { email, at: Date.now() });
    return email;
  };
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { runtime, staffSecret } = options;
  const { config } = runtime.contextFor('core');
  const embed = { ...config.embed, ...options.embed };
  const app = Fastify({
    logger: false,
    // `/embed/<page>` is `<page>?embed=1` (plugins/core/pages/embed.ts).
    rewriteUrl: (req) => rewriteEmbedPath(req.url ?? '/') ?? req.url ?? '/',
    // A route that takes more says so (defineRoute's bodyLimit: the import upload).
    bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    // A request must arrive whole within this; a response (a live chessboard's event stream) is not bounded.
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  });
  app.server.headersTimeout = HEADERS_TIMEOUT_MS;
  // Fastify's own refusals on the app's routes (a body over the limit: 413) answer in the one error body too.
  app.setErrorHandler((error, _request, reply) => {
    const failure = error as { statusCode?: number; message: string };
    if (failure.statusCode && failure.statusCode < 500) {
      const body = frameworkErrorBody(failure);
      return reply.code(body.status).send(body);
    }
    runtime.access.log.error({ err: error }, 'an app route failed');
    return reply.code(500).send(errorBodyOf(error).body);
  });
  await registerSecurityHeaders(app, {
    twentyUrl: options.twentyUrl,
    frameOrigins: embed.frameOrigins ?? [],
  });
  // A page inside a Twenty app's front component is re-sandboxed without allow-same-origin: its own
  // requests leave an opaque origin (`Origin: null`) carrying the in-memory token as a header, never
  // a cookie. They get CORS for that origin alone (no credentials): anyone else's `null` origin holds
  // no token, and a cookie is never honoured cross-origin (credentials are not allowed).
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.origin !== 'null') return;
    reply.header('access-control-allow-origin', '*');
    reply.header('vary', 'origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
        .header('access-control-allow-headers', 'authorization, content-type, accept, accept-language')
        .header('access-control-max-age', '600')
        .send();
    }
  });
  // Embed mode: every HTML answer of the one page shell (pages, their refusals) becomes the embedded
  // page — no header, embed.js first, the page's in-memory token — and is never cached.
  const embedded = new WeakSet<object>();
  // `embed` and `t` are the front door's, not the page's: its query schema never sees them.
  app.addHook('preHandler', async (request) => {
    if (!wantsEmbed(request.query)) return;
    embedded.add(request);
    Reflect.deleteProperty(request.query as object, 'embed');
    Reflect.deleteProperty(request.query as object, 't');
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || !(embedded.has(request) || wantsEmbed(request.query))) return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    reply.header('cache-control', 'no-store');
    const token = embedTokenOf(request);
    return toEmbeddedPage(payload, token ? { token } : {});
  });
  await registerTwentyEventsRoute(app, runtime.intake);
  // Uploads (an .xlsx) arrive as the raw request body; routes get a Buffer, bounded by the route's bodyLimit.
  app.addContentTypeParser(UPLOAD_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  // What a load balancer needs and nothing more; the details are for admins (/api/admin/health).
  app.get('/healthz', async (_request, reply) => {
    const ok = await isHealthy(runtime, options.twentyUrl);
    return reply.code(ok ? 200 : 503).send({ ok });
  });

  // Staff sessions: sign-in codes and sessions in the store, bearer JWTs for scripts (webhooks/staff-session.ts).
  const embedResolver: EmbedResolver = {
    ...(embed.appSecret ? { appSecret: embed.appSecret } : {}),
    roles: embed.roles ?? { byEmail: new Map() },
    memberEmail: cachedMemberEmail((memberId) => memberEmail(runtime, memberId)),
  };
  const sessions = createStaffSessions({
    sql: runtime.store.sql,
    ttlMs: config.staffSessionTtlMs,
    now: () => runtime.store.clock.now(),
  });
  const memberCheck = options.memberCheck ?? {};
  resolveStaffOnRequest(app, {
    secret: staffSecret,
    sessions,
    log: runtime.access.log,
    embed: embedResolver,
    ...(memberCheck
      ? {
          members: createMemberCheck({
            lookup: (memberId) => memberStatus(runtime, memberId),
            exempt: [CLI_OPERATOR_MEMBER_ID],
            ...(memberCheck.ttlMs !== undefined ? { ttlMs: memberCheck.ttlMs } : {}),
          }),
        }
      : {}),
  });
  registerSessionRoutes(app, {
    sessions,
    sql: runtime.store.sql,
    now: () => runtime.store.clock.now().getTime(),
    staffSecret,
    publicUrl: config.publicUrl,
    pages: runtime.registry.pages,
    log: runtime.access.log,
    ...(options.signInAttempts ? { attempts: options.signInAttempts } : {}),
  });

  app.get('/api/me', async (request, reply) => {
    // Any signed-in staff member may ask who they are; `roles: []` would admit only admins.
    const identity = requireStaff(request, reply, { secret: staffSecret, roles: STAFF_ROLES });
    if (identity) return identity;
  });

  app.get('/', async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(
      renderIndexPage({
        principal: staffPrincipal(signedInStaff(request, staffSecret)),
        pages: runtime.registry.pages,
        twentyUrl: options.twentyUrl,
      }),
    ),
  );

  const assets = createAssetServer(runtime.registry.plugins);
  app.get('/assets/:plugin/*', async (request, reply) => {
    const { plugin, '*': file } = request.params as { plugin: string; '*': string };
    const answer = await assets.answer(plugin, file, request.headers['if-none-match']);
    return (
      reply
        .code(answer.status)
        .headers(answer.headers)
        // Public files: a page embedded in a sandbox without allow-same-origin (an opaque origin) loads them too.
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(answer.body ?? null)
    );
  });

  registerAdminRoutes(app, runtime, staffSecret, { twentyUrl: options.twentyUrl });
  // Handlers see it as ctx.signal: long responses and work they started end when the server closes.
  const shutdown = new AbortController();
  mountPluginRoutes(app, runtime.registry.routes, {
    access: runtime.access,
    staffSecret,
    signal: shutdown.signal,
    ...(runtime.partnerGateway ? { partnerGateway: runtime.partnerGateway } : {}),
  });

  const address = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  return {
    app,
    url: address.replace('[::1]', 'localhost'),
    async close() {
      // Open event streams (live chessboards) never end on their own: give them a moment, then cut them.
      shutdown.abort();
      const grace = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(grace);
      }
    },
  };
}
