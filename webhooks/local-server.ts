/**
 * The app server `realty start` runs (PORT, default 4000): the Twenty webhook
 * intake, /healthz, staff sign-in, the pages index and every plugin's routes,
 * each behind the roles it names. Cloud deployments mount the same handlers
 * as functions-framework targets (webhooks/index.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import {
  STAFF_ROLES,
  type StaffIdentity,
  StaffTokenError,
  verifyStaffToken,
} from '../plugins/core/auth/index';
import type { RegisteredRoute } from '../plugins/core/plugin/index';
import type { Runtime } from '../plugins/core/runtime/index';
import { registerAdminRoutes } from './admin-routes';
import { registerTwentyEventsRoute } from './fastify-twenty-events';
import { escapeHtml, renderIndexPage } from './index-page';
import { requireStaff, STAFF_COOKIE, staffTokenOf } from './staff-session';

export interface AppServerOptions {
  runtime: Runtime;
  staffSecret: string;
  twentyUrl: string;
  port: number;
  host?: string;
}

export interface AppServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

const TWENTY_PROBE_TIMEOUT_MS = 2_000;
const CLOSE_GRACE_MS = 1_000;
const UPLOAD_CONTENT_TYPES = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

async function twentyReachable(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(`${url.replace(/\/$/, '')}/healthz`, {
      signal: AbortSignal.timeout(TWENTY_PROBE_TIMEOUT_MS),
    });
    return { ok: res.status < 500, detail: `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { runtime, staffSecret } = options;
  const app = Fastify({ logger: false, bodyLimit: 25 * 1024 * 1024 });
  await registerTwentyEventsRoute(app, runtime.intake);
  // Uploads (an .xlsx) arrive as the raw request body; routes get a Buffer, bounded by bodyLimit.
  app.addContentTypeParser(UPLOAD_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.get('/healthz', async (_request, reply) => {
    let storeOk = true;
    let storeDetail = 'ok';
    try {
      await runtime.store.sql.query('select 1');
    } catch (error) {
      storeOk = false;
      storeDetail = error instanceof Error ? error.message : String(error);
    }
    const [twenty, queue] = await Promise.all([
      twentyReachable(options.twentyUrl),
      storeOk ? runtime.store.queue.stats() : Promise.resolve(undefined),
    ]);
    const deadLetters = storeOk ? await runtime.store.queue.deadLetters({ limit: 20 }) : [];
    const ok = storeOk && twenty.ok;
    return reply.code(ok ? 200 : 503).send({
      ok,
      store: { ok: storeOk, detail: storeDetail },
      twenty: twenty,
      queue,
      deadLetters: deadLetters.map((job) => ({
        id: job.id,
        kind: job.kind,
        attempts: job.attempts,
        error: job.lastError,
      })),
      intake: runtime.intake.stats(),
      plugins: runtime.registry.plugins.map((p) => p.name),
    });
  });

  app.get('/auth/login', async (request, reply) => {
    const token = (request.query as { token?: string }).token;
    try {
      verifyStaffToken(token, { secret: staffSecret });
    } catch (error) {
      const message = error instanceof StaffTokenError ? error.message : 'sign-in refused';
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(`<p>Sign-in failed: ${escapeHtml(message)}</p>`);
    }
    return reply
      .header(
        'set-cookie',
        `${STAFF_COOKIE}=${encodeURIComponent(token ?? '')}; Path=/; HttpOnly; SameSite=Lax`,
      )
      .redirect('/');
  });

  app.get('/auth/logout', async (_request, reply) =>
    reply.header('set-cookie', `${STAFF_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`).redirect('/'),
  );

  app.get('/api/me', async (request, reply) => {
    // Any signed-in staff member may ask who they are; `roles: []` would admit only admins.
    const identity = requireStaff(request, reply, { secret: staffSecret, roles: STAFF_ROLES });
    if (identity) return identity;
  });

  app.get('/', async (request, reply) => {
    let identity: ReturnType<typeof verifyStaffToken> | undefined;
    try {
      identity = verifyStaffToken(staffTokenOf(request), { secret: staffSecret });
    } catch {
      identity = undefined;
    }
    return reply
      .type('text/html; charset=utf-8')
      .send(renderIndexPage({ identity, routes: runtime.registry.routes, twentyUrl: options.twentyUrl }));
  });

  registerAdminRoutes(app, runtime, staffSecret);
  for (const route of runtime.registry.routes) mountPluginRoute(app, route, options);

  const address = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  return {
    app,
    url: address.replace('[::1]', 'localhost'),
    async close() {
      // Open event streams (live chessboards) never end on their own: give them a moment, then cut them.
      const grace = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(grace);
      }
    },
  };
}

function mountPluginRoute(app: FastifyInstance, route: RegisteredRoute, options: AppServerOptions): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: async (request, reply) => {
      if (route.roles.includes('partner')) {
        // The agency gateway (its own JWT, scopes and masking) is not installed yet: refuse rather than guess.
        return reply.code(501).send({
          statusCode: 501,
          error: 'NotImplemented',
          messages: ['the partner gateway is not installed'],
        });
      }
      let staff: StaffIdentity | undefined;
      if (!route.roles.includes('public')) {
        staff = requireStaff(request, reply, { secret: options.staffSecret, roles: route.roles });
        if (!staff) return reply;
      }
      const res = await route.handler(
        {
          method: route.method,
          path: request.url,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, string | string[] | undefined>,
          headers: request.headers,
          body: request.body,
          ...(staff ? { staff } : {}),
        },
        options.runtime.contextFor(route.plugin),
      );
      return reply
        .code(res.status ?? 200)
        .headers(res.headers ?? {})
        .send(res.body ?? null);
    },
  });
}
