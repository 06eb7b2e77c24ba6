/**
 * The app server `realty start` runs (PORT, default 4000): the Twenty webhook
 * intake, /healthz, staff sign-in, the pages index in the one page shell, the
 * page assets of every plugin (/assets/<plugin>/<file>, with ETags) and every
 * plugin's routes, each behind the roles it names. Cloud deployments mount the
 * same handlers as functions-framework targets (webhooks/index.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Principal } from '../plugins/core/access/index';
import { STAFF_ROLES, StaffTokenError, verifyStaffToken } from '../plugins/core/auth/index';
import { createAssetServer } from '../plugins/core/pages/index';
import type { Runtime } from '../plugins/core/runtime/index';
import { registerAdminRoutes } from './admin-routes';
import { registerTwentyEventsRoute } from './fastify-twenty-events';
import { renderIndexPage, renderSignInFailedPage } from './index-page';
import { mountPluginRoutes } from './plugin-routes';
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

/** Why a sign-in link was refused, in the page's words (StaffTokenError codes). */
const SIGN_IN_REFUSALS: Record<StaffTokenError['code'], string> = {
  missing: 'в ссылке нет токена',
  expired: 'срок её действия истёк',
  invalid: 'токен недействителен (подпись не сходится или он повреждён)',
  wrong_audience: 'это не токен сотрудника',
  bad_claims: 'в токене нет сотрудника или известной роли',
};

/** Who is asking: the staff member of a valid token, else nobody. */
function principalOf(token: string | undefined, secret: string): Principal {
  try {
    return { kind: 'staff', ...verifyStaffToken(token, { secret }) };
  } catch {
    return { kind: 'anonymous' };
  }
}

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
      const code = error instanceof StaffTokenError ? error.code : 'invalid';
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(renderSignInFailedPage({ reason: SIGN_IN_REFUSALS[code], pages: runtime.registry.pages }));
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

  app.get('/', async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(
      renderIndexPage({
        principal: principalOf(staffTokenOf(request), staffSecret),
        pages: runtime.registry.pages,
        twentyUrl: options.twentyUrl,
      }),
    ),
  );

  const assets = createAssetServer(runtime.registry.plugins);
  app.get('/assets/:plugin/*', async (request, reply) => {
    const { plugin, '*': file } = request.params as { plugin: string; '*': string };
    const answer = await assets.answer(plugin, file, request.headers['if-none-match']);
    return reply
      .code(answer.status)
      .headers(answer.headers)
      .send(answer.body ?? null);
  });

  registerAdminRoutes(app, runtime, staffSecret);
  // Handlers see it as ctx.signal: long responses and work they started end when the server closes.
  const shutdown = new AbortController();
  mountPluginRoutes(app, runtime.registry.routes, {
    access: runtime.access,
    staffSecret,
    signal: shutdown.signal,
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
