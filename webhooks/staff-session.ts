/**
 * Who a staff request comes from: a browser sends the opaque id of a session
 * kept in the store (HttpOnly cookie, set by `/auth/login?code=…`), a script
 * sends `Authorization: Bearer <staff JWT>`. An onRequest hook resolves either
 * once per request — the session through the store (renewing it), then the
 * member's presence in the Twenty workspace (briefly cached) — and the route
 * guards read the result synchronously. Every staff route checks the role it
 * names; `admin` may use every staff route.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type MemberCheck,
  type StaffIdentity,
  type StaffRole,
  type StaffSessions,
  StaffTokenError,
  verifyStaffToken,
} from '../plugins/core/auth/index';
import { staffRoleRu } from '../plugins/core/pages/index';
import {
  errorBody,
  preferredLang,
  type RouteAccess,
  type RouteMessage,
  uuidV5,
} from '../plugins/core/plugin/index';
import type { Logger } from '../plugins/core/runtime/index';

export const STAFF_COOKIE = 'realty_staff';

/** The operator the CLI signs in as (scripts/cli-runtime.ts): not a workspace member by design. */
export const CLI_OPERATOR_MEMBER_ID = uuidV5('realty-cli-operator');

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
}

/** The bearer token, else the session cookie's value (an opaque session id). */
export function staffTokenOf(request: FastifyRequest): string | undefined {
  return bearerOf(request) ?? readCookie(request.headers.cookie, STAFF_COOKIE);
}

/** The session cookie: HttpOnly, SameSite=Lax, Secure when the app is served over https. */
export function sessionCookie(value: string, options: { secure: boolean; maxAgeSeconds?: number }): string {
  return [
    `${STAFF_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds !== undefined ? [`Max-Age=${options.maxAgeSeconds}`] : []),
  ].join('; ');
}

export function roleAllowed(identity: StaffIdentity, roles: readonly RouteAccess[]): boolean {
  return identity.role === 'admin' || roles.includes(identity.role);
}

/** Why a request carrying credentials is refused: the code and status of the one error body. */
export interface StaffRefusal {
  status: 401 | 503;
  code: StaffTokenError['code'] | 'session_ended' | 'member_not_active' | 'member_check_failed';
  message: RouteMessage;
}

const tokenRefusalText = (error: unknown): RouteMessage =>
  error instanceof StaffTokenError
    ? { ru: error.message, en: error.en }
    : { ru: 'токен сотрудника отклонён', en: 'staff token refused' };

type Resolution = { identity: StaffIdentity } | { refusal: StaffRefusal };
const resolutions = new WeakMap<FastifyRequest, Resolution>();

export interface StaffResolverOptions {
  secret: string;
  sessions: StaffSessions;
  /** Absent: membership is not checked (tests of a server without a workspace). */
  members?: MemberCheck;
  log: Logger;
}

async function resolveRequest(
  request: FastifyRequest,
  options: StaffResolverOptions,
): Promise<Resolution | undefined> {
  let identity: StaffIdentity;
  const bearer = bearerOf(request);
  if (bearer !== undefined) {
    try {
      identity = verifyStaffToken(bearer, { secret: options.secret });
    } catch (error) {
      const code = error instanceof StaffTokenError ? error.code : 'invalid';
      return { refusal: { status: 401, code, message: tokenRefusalText(error) } };
    }
  } else {
    const sessionId = readCookie(request.headers.cookie, STAFF_COOKIE);
    if (!sessionId) return undefined;
    const session = await options.sessions.resolve(sessionId);
    if (!session)
      return {
        refusal: {
          status: 401,
          code: 'session_ended',
          message: {
            ru: 'сеанс закончился (выход, отзыв или истёк срок): войдите снова',
            en: 'the session has ended (signed out, revoked or expired): sign in again',
          },
        },
      };
    identity = { memberId: session.memberId, email: session.email, role: session.role };
  }
  if (options.members) {
    try {
      if ((await options.members.statusOf(identity.memberId)) !== 'active')
        return {
          refusal: {
            status: 401,
            code: 'member_not_active',
            message: {
              ru: `${identity.email} больше не участник рабочего пространства Twenty`,
              en: `${identity.email} is no longer an active member of the Twenty workspace`,
            },
          },
        };
    } catch (error) {
      options.log.warn({ err: error, memberId: identity.memberId }, 'workspace membership check failed');
      return {
        refusal: {
          status: 503,
          code: 'member_check_failed',
          message: {
            ru: 'не удалось проверить участие в рабочем пространстве Twenty; повторите чуть позже',
            en: 'could not confirm the workspace membership with Twenty; try again shortly',
          },
        },
      };
    }
  }
  return { identity };
}

/** Resolves every request's staff credentials once, before the routes' guards run. */
export function resolveStaffOnRequest(app: FastifyInstance, options: StaffResolverOptions): void {
  app.addHook('onRequest', async (request) => {
    // Assets and Twenty's webhooks need nobody; a cookie sent along must not cost a store query.
    if (request.url.startsWith('/assets/') || request.url.startsWith('/webhooks/')) return;
    const resolution = await resolveRequest(request, options);
    if (resolution) resolutions.set(request, resolution);
  });
}

/** The signed-in staff member of this request, else undefined (for pages public to everyone). */
export function signedInStaff(request: FastifyRequest, secret: string): StaffIdentity | undefined {
  const resolved = resolutions.get(request);
  if (resolved) return 'identity' in resolved ? resolved.identity : undefined;
  try {
    // A server without the hook (route tests) knows bearer tokens only.
    return verifyStaffToken(bearerOf(request), { secret });
  } catch {
    return undefined;
  }
}

/**
 * Answers 401 (no valid credentials; `code` says which: missing, expired, invalid, wrong_audience,
 * bad_claims, session_ended, member_not_active), 503 (membership could not be checked) or 403
 * (`role_not_allowed`) itself, in the one error body, and returns undefined when the caller may not
 * proceed.
 */
export function requireStaff(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { secret: string; roles: readonly RouteAccess[]; now?: Date },
): StaffIdentity | undefined {
  let identity: StaffIdentity;
  const resolved = resolutions.get(request);
  if (resolved && 'refusal' in resolved) {
    const { status, code, message } = resolved.refusal;
    void reply.code(status).send(errorBody(status, code, message, {}, langOf(request)));
    return undefined;
  }
  if (resolved) identity = resolved.identity;
  else {
    try {
      identity = verifyStaffToken(bearerOf(request), { secret: options.secret, now: options.now });
    } catch (error) {
      const code = error instanceof StaffTokenError ? error.code : 'invalid';
      void reply.code(401).send(errorBody(401, code, tokenRefusalText(error), {}, langOf(request)));
      return undefined;
    }
  }
  if (!roleAllowed(identity, options.roles)) {
    const allowed = options.roles.filter((r) => r !== 'public' && r !== 'partner');
    void reply.code(403).send(
      errorBody(
        403,
        'role_not_allowed',
        {
          ru: `Роль «${staffRoleRu(identity.role)}» не открывает это; доступно: ${[...new Set(['admin', ...allowed])].map((r) => staffRoleRu(r as StaffRole)).join(', ')}`,
          en: `role "${identity.role}" may not use this page; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'admin'}`,
        },
        {},
        langOf(request),
      ),
    );
    return undefined;
  }
  return identity;
}

/** The language the caller asks for (`Accept-Language`); people get Russian. */
function langOf(request: FastifyRequest) {
  return preferredLang(request.headers['accept-language']);
}
