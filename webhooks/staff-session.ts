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
  EMBED_SESSION_TTL,
  type EmbedRoles,
  EmbedTokenError,
  embedRoleOf,
  issueStaffToken,
  type MemberCheck,
  type StaffIdentity,
  type StaffRole,
  type StaffSessions,
  StaffTokenError,
  verifyEmbedToken,
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
  status: 401 | 403 | 503;
  code:
    | StaffTokenError['code']
    | EmbedTokenError['code']
    | 'session_ended'
    | 'member_not_active'
    | 'member_check_failed'
    | 'embed_no_role';
  message: RouteMessage;
  /** The credential was the URL's token (an embedded page): the refusal is shown as a page, whatever the route. */
  fromUrl?: true;
}

const tokenRefusalText = (error: unknown): RouteMessage =>
  error instanceof StaffTokenError
    ? { ru: error.message, en: error.en }
    : { ru: 'токен сотрудника отклонён', en: 'staff token refused' };

/** `embedToken`: the in-memory staff token a page opened with `?t=…` hands its scripts. */
type Resolution = { identity: StaffIdentity; embedToken?: string } | { refusal: StaffRefusal };
const resolutions = new WeakMap<FastifyRequest, Resolution>();

export interface StaffResolverOptions {
  secret: string;
  sessions: StaffSessions;
  /** Absent: membership is not checked (tests of a server without a workspace). */
  members?: MemberCheck;
  log: Logger;
  /** Pages opened inside Twenty with an embed token in the URL (`?t=…`); absent: `t` is not read. */
  embed?: EmbedResolver;
}

export interface EmbedResolver {
  /** TWENTY_APP_SECRET; absent: embed tokens are refused with a message saying so. */
  appSecret?: string;
  roles: EmbedRoles;
  /** The member's e-mail in the Twenty workspace (undefined: no such member). */
  memberEmail(memberId: string): Promise<string | undefined>;
}

/** The token a GET carries in its URL (`?t=…`): an embedded page, its downloads and its event streams. */
function urlTokenOf(request: FastifyRequest): string | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const t = (request.query as Record<string, unknown> | undefined)?.t;
  return typeof t === 'string' && t !== '' ? t : undefined;
}

const embedRefusal = (error: unknown): StaffRefusal => ({
  status: 401,
  code: error instanceof EmbedTokenError ? error.code : 'embed_invalid',
  message:
    error instanceof EmbedTokenError
      ? { ru: error.message, en: error.en }
      : { ru: 'токен встраивания отклонён', en: 'embed token refused' },
});

/**
 * A URL token: the in-memory staff token an embedded page passes on (links, downloads, event
 * streams), else an embed token the Twenty app signed — exchanged here for a staff identity (the
 * member's role from REALTY_EMBED_ROLES) and a fresh in-memory staff token for the page.
 */
async function resolveUrlToken(
  token: string,
  options: StaffResolverOptions & { embed: EmbedResolver },
): Promise<Resolution> {
  try {
    return { identity: verifyStaffToken(token, { secret: options.secret }), embedToken: token };
  } catch {
    // Not ours: the app's embed token, below.
  }
  let memberId: string;
  try {
    memberId = verifyEmbedToken(token, { secret: options.embed.appSecret }).memberId;
  } catch (error) {
    return { refusal: embedRefusal(error) };
  }
  let email: string | undefined;
  try {
    email = await options.embed.memberEmail(memberId);
  } catch (error) {
    options.log.warn({ err: error, memberId }, 'embed: the workspace member could not be read');
    return {
      refusal: {
        status: 503,
        code: 'member_check_failed',
        message: {
          ru: 'не удалось прочитать участника рабочего пространства Twenty; повторите чуть позже',
          en: 'could not read the workspace member from Twenty; try again shortly',
        },
      },
    };
  }
  if (email === undefined)
    return {
      refusal: {
        status: 401,
        code: 'member_not_active',
        message: {
          ru: 'участника из токена встраивания нет в рабочем пространстве Twenty',
          en: 'the embed token names no member of the Twenty workspace',
        },
      },
    };
  const role = embedRoleOf(options.embed.roles, email);
  if (!role)
    return {
      refusal: {
        status: 403,
        code: 'embed_no_role',
        message: {
          ru: `у ${email} нет роли для страниц внутри Twenty: администратор задаёт её в REALTY_EMBED_ROLES`,
          en: `${email} has no role for pages inside Twenty: an administrator sets it in REALTY_EMBED_ROLES`,
        },
      },
    };
  const identity: StaffIdentity = { memberId, email, role };
  return {
    identity,
    embedToken: issueStaffToken(identity, { secret: options.secret, ttl: EMBED_SESSION_TTL }),
  };
}

async function resolveRequest(
  request: FastifyRequest,
  options: StaffResolverOptions,
): Promise<Resolution | undefined> {
  let identity: StaffIdentity;
  let embedToken: string | undefined;
  const bearer = bearerOf(request);
  const urlToken = options.embed && bearer === undefined ? urlTokenOf(request) : undefined;
  if (urlToken !== undefined && options.embed) {
    const resolved = await resolveUrlToken(urlToken, { ...options, embed: options.embed });
    if ('refusal' in resolved) return { refusal: { ...resolved.refusal, fromUrl: true } };
    identity = resolved.identity;
    embedToken = resolved.embedToken;
  } else if (bearer !== undefined) {
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
  return { identity, ...(embedToken ? { embedToken } : {}) };
}

/** The in-memory staff token to hand an embedded page opened with `?t=…` (undefined otherwise). */
export function embedTokenOf(request: FastifyRequest): string | undefined {
  const resolved = resolutions.get(request);
  return resolved && 'identity' in resolved ? resolved.embedToken : undefined;
}

/** Why this request's credentials were refused (an expired or forged embed token …), if they were. */
export function staffRefusalOf(request: FastifyRequest): StaffRefusal | undefined {
  const resolved = resolutions.get(request);
  return resolved && 'refusal' in resolved ? resolved.refusal : undefined;
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
