/**
 * Staff sign-in and sign-out on the app server: `/auth/login?code=…` spends a
 * one-time code for a session cookie (a second use is refused and logged with
 * the code's fingerprint), attempts limited per IP and per member;
 * `/auth/logout` ends the session on the server; `POST
 * /api/admin/sessions/revoke {email}` and the page `/admin/sessions` end every
 * session of a member.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Sql } from '../db/database';
import {
  type AttemptDecision,
  type CodeRefusal,
  createAttemptLimiter,
  fingerprintOf,
  STAFF_ROLES,
  type StaffSessions,
} from '../plugins/core/auth/index';
import type { NavPage } from '../plugins/core/pages/index';
import { errorBody, preferredLang } from '../plugins/core/plugin/index';
import type { Logger } from '../plugins/core/runtime/index';
import { renderSignInFailedPage } from './index-page';
import { renderSessionsPage, SESSIONS_PAGE_PATH } from './sessions-page';
import { readCookie, requireStaff, STAFF_COOKIE, sessionCookie } from './staff-session';

export interface SessionRoutesOptions {
  sessions: StaffSessions;
  /** The store: sign-in attempts are counted there, so every instance sharing it counts the same ones. */
  sql: Sql;
  /** The store's clock (attempt windows). */
  now?: () => number;
  staffSecret: string;
  /** https → the cookie is Secure. */
  publicUrl: string;
  pages: readonly NavPage[];
  log: Logger;
  /** Sign-in attempts per IP and per member in a window (default 10 per 10 minutes). */
  attempts?: { limit?: number; windowMs?: number };
}

/** Why a sign-in link was refused, in the page's words. */
const CODE_REFUSALS: Record<CodeRefusal | 'missing' | 'old_token', string> = {
  missing: 'в ссылке нет кода входа',
  unknown: 'код входа неизвестен (ссылка повреждена или выдана другой установкой)',
  used: 'по этой ссылке уже входили — каждая ссылка действует один раз',
  expired: 'срок действия кода истёк (ссылка действует 10 минут)',
  old_token: 'ссылки с токеном больше не принимаются — нужна ссылка с одноразовым кодом',
};

const revokeBody = z.object({ email: z.string().trim().min(3).max(320) });

/** Sign-in links are opened in browsers: the shell page unless the caller asks for JSON only. */
function wantsPage(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return !accept.includes('application/json') || accept.includes('text/html');
}

export function registerSessionRoutes(app: FastifyInstance, options: SessionRoutesOptions): void {
  const { sessions, log } = options;
  const secure = options.publicUrl.startsWith('https:');
  const query = async (text: string, params: unknown[]) => (await options.sql.query(text, params)).rows;
  const limits = { ...options.attempts, ...(options.now ? { now: options.now } : {}) };
  const perIp = createAttemptLimiter({ query, limiter: 'staff-sign-in:ip', ...limits });
  const perMember = createAttemptLimiter({ query, limiter: 'staff-sign-in:member', ...limits });

  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: keyof typeof CODE_REFUSALS) => {
    if (!wantsPage(request))
      return reply.code(401).send(
        errorBody(
          401,
          `sign_in_${reason}`,
          {
            ru: `ссылка для входа не принята: ${CODE_REFUSALS[reason]}`,
            en: `the sign-in link was refused: ${reason}`,
          },
          {},
          preferredLang(request.headers['accept-language']),
        ),
      );
    return reply
      .code(401)
      .type('text/html; charset=utf-8')
      .send(renderSignInFailedPage({ reason: CODE_REFUSALS[reason], pages: options.pages }));
  };
  const tooMany = (request: FastifyRequest, reply: FastifyReply, decision: AttemptDecision) => {
    const seconds = decision.allowed ? 1 : decision.retryAfterSeconds;
    reply.code(429).header('retry-after', String(seconds));
    if (!wantsPage(request))
      return reply.send(
        errorBody(
          429,
          'too_many_sign_in_attempts',
          {
            ru: `слишком много попыток входа; повторите через ${seconds} с`,
            en: `too many sign-in attempts; try again in ${seconds} s`,
          },
          {},
          preferredLang(request.headers['accept-language']),
        ),
      );
    return reply.type('text/html; charset=utf-8').send(
      renderSignInFailedPage({
        reason: `слишком много попыток входа; повторите через ${Math.ceil(seconds / 60)} мин.`,
        pages: options.pages,
      }),
    );
  };

  app.get('/auth/login', async (request, reply) => {
    const ip = await perIp.hit(request.ip);
    if (!ip.allowed) {
      log.warn({ ip: request.ip }, 'sign-in attempts over the limit for this address');
      return tooMany(request, reply, ip);
    }
    const query = request.query as { code?: string; token?: string };
    if (!query.code) return refuse(request, reply, query.token ? 'old_token' : 'missing');
    const exchange = await sessions.exchangeCode(query.code);
    const identity = exchange.identity;
    if (identity) {
      const member = await perMember.hit(identity.memberId);
      if (!member.allowed) {
        if (exchange.ok) await sessions.end(exchange.sessionId);
        log.warn({ memberId: identity.memberId }, 'sign-in attempts over the limit for this member');
        return tooMany(request, reply, member);
      }
    }
    if (!exchange.ok) {
      const context = { code: fingerprintOf(query.code), ip: request.ip, memberId: identity?.memberId };
      if (exchange.reason === 'used') log.warn(context, 'a sign-in code was used again; refused');
      else log.info(context, `a sign-in code was refused (${exchange.reason})`);
      return refuse(request, reply, exchange.reason);
    }
    log.info(
      { memberId: exchange.identity.memberId, role: exchange.identity.role, code: fingerprintOf(query.code) },
      'staff signed in',
    );
    return reply.header('set-cookie', sessionCookie(exchange.sessionId, { secure })).redirect('/');
  });

  app.get('/auth/logout', async (request, reply) => {
    const sessionId = readCookie(request.headers.cookie, STAFF_COOKIE);
    if (sessionId) await sessions.end(sessionId);
    return reply.header('set-cookie', sessionCookie('', { secure, maxAgeSeconds: 0 })).redirect('/');
  });

  /** Ends every session of the member named in the body, for an admin; answers 401/403/400 itself. */
  const revokeAsAdmin = async (
    request: FastifyRequest,
    reply: FastifyReply,
    missing: string,
  ): Promise<{ email: string; ended: number } | undefined> => {
    const admin = requireStaff(request, reply, { secret: options.staffSecret, roles: ['admin'] });
    if (!admin) return undefined;
    const parsed = revokeBody.safeParse(request.body);
    if (!parsed.success) {
      void reply.code(400).send(errorBody(400, 'invalid_body', missing, { field: 'email' }));
      return undefined;
    }
    const ended = await sessions.revokeMember(parsed.data.email);
    log.warn({ email: parsed.data.email, ended, by: admin.email }, 'staff sessions revoked');
    return { email: parsed.data.email, ended };
  };

  app.post('/api/admin/sessions/revoke', async (request, reply) => {
    const revoked = await revokeAsAdmin(request, reply, 'send { "email": "member@example.com" }');
    return revoked ?? reply;
  });

  // The admin page posts a plain form; its parser lives in this scope only.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.get(SESSIONS_PAGE_PATH, async (request, reply) => {
      const admin = requireStaff(request, reply, { secret: options.staffSecret, roles: ['admin'] });
      if (!admin) return reply;
      const query = request.query as { ended?: string; email?: string };
      const ended =
        query.email !== undefined && query.ended !== undefined
          ? { email: query.email, count: Number(query.ended) || 0 }
          : undefined;
      return reply.type('text/html; charset=utf-8').send(
        renderSessionsPage({
          principal: { kind: 'staff', ...admin },
          pages: options.pages,
          sessions: await sessions.listOpen(),
          ...(ended ? { ended } : {}),
        }),
      );
    });
    scope.post(SESSIONS_PAGE_PATH, async (request, reply) => {
      const revoked = await revokeAsAdmin(request, reply, 'the form lacks the e-mail');
      if (!revoked) return reply;
      const back = new URLSearchParams({ email: revoked.email, ended: String(revoked.ended) });
      return reply.redirect(`${SESSIONS_PAGE_PATH}?${back}`, 303);
    });
  });

  app.post('/api/admin/sessions/sign-in-code', async (request, reply) => {
    const admin = requireStaff(request, reply, { secret: options.staffSecret, roles: ['admin'] });
    if (!admin) return reply;
    const parsed = signInCodeBody.safeParse(request.body);
    if (!parsed.success)
      return reply
        .code(400)
        .send(errorBody(400, 'invalid_body', 'send { "memberId", "email", "role" } of a workspace member'));
    const { code, expiresAt } = await sessions.issueCode(parsed.data);
    return { code, expiresAt: expiresAt.toISOString() };
  });
}

const signInCodeBody = z.object({
  memberId: z.string().uuid(),
  email: z.string().min(3),
  role: z.enum(STAFF_ROLES),
});
