/**
 * The partner gateway (core's `partnerGateway` seam): for every request to a
 * route that admits partners it proves who the caller is — a bearer token
 * (tokens.ts) or the portal's session cookie — and resolves, fresh from the
 * read model, the agency user, the agency and its scope. A deactivated user,
 * an agency that is not ACTIVE (or whose accreditation ended), a token for
 * another user's agency: refused, however young the token. Then the agency's
 * rate limit (429 + Retry-After; counted in the store, so instances sharing
 * it share the quota), and after the answer one access-log row.
 */

import { z } from 'zod';
import type {
  PartnerAccessEntry,
  PartnerAuthentication,
  PartnerGatewayConfig,
  PartnerGatewayContext,
  PartnerPrincipal,
  PartnerRefusal,
  PartnerRequest,
} from '../../core/access/index';
import { type AttemptLimiter, createAttemptLimiter } from '../../core/auth/index';
import { moscowToday } from '../../core/runtime/index';
import { decoyHash, verifyPassword } from '../rules/passwords';
import { agenciesSettingsOf } from '../settings';
import { GATEWAY_OBJECTS, type ResolvedPartner, resolvePartner } from './resolve';
import {
  AGENCIES_RATE_WINDOWS_TABLE,
  appendAccessLog,
  credentialOf,
  recordFailure,
  recordSuccess,
  resolveSession,
  type Storage,
  signingKeys,
} from './store';
import { type PartnerKey, PartnerTokenError, unverifiedAudience, verifyPartnerToken } from './tokens';

export const PARTNER_COOKIE = 'realty_partner';
export const PORTAL_LOGIN_PATH = '/partner/login';
export const TOKEN_PATH = '/partner/v1/token';
/** Routes whose POST body carries an e-mail and a password: the gateway checks them and signs the user in. */
export const SIGN_IN_PATHS: readonly string[] = [TOKEN_PATH, PORTAL_LOGIN_PATH];
const IP_SIGN_IN_LIMIT = 20;

export const credentialsBody = z.strictObject({
  email: z.string().trim().toLowerCase().email('is not an e-mail address').max(254),
  password: z.string().min(1, 'is empty').max(200),
  /** The portal's sign-in form says where to go next (the route checks it). */
  next: z.string().max(500).optional(),
});

export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return undefined;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

function bearerOf(headers: PartnerRequest['headers']): string | undefined {
  const value = headers.authorization;
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(text);
  return match?.[1] ?? '';
}

/** A portal page (not the JSON API): a browser sent away to sign in rather than shown a 401. */
function isPortalPage(request: PartnerRequest): boolean {
  return (
    request.method === 'GET' &&
    request.routePath.startsWith('/partner') &&
    !request.routePath.startsWith('/partner/v1') &&
    !request.routePath.startsWith('/partner/api')
  );
}

const refusal = (status: number, code: string, message: string): { refusal: PartnerRefusal } => ({
  refusal: { status, code, message },
});

/** Whether the resolved user may act now; the refusal says why not. */
export function partnerRefusal(resolved: ResolvedPartner, today: string, claimedAgencyId?: string) {
  const { user, agency } = resolved;
  if (!user) return refusal(401, 'partner_user_unknown', 'this agency user no longer exists; sign in again');
  if (user.active !== true)
    return refusal(
      401,
      'partner_user_inactive',
      'this agency user has been deactivated; ask the developer’s staff',
    );
  if (!agency || (claimedAgencyId !== undefined && user.agencyId !== claimedAgencyId))
    return refusal(
      401,
      'partner_token_invalid',
      'the credentials do not match the user’s agency; sign in again',
    );
  if (agency.status !== 'ACTIVE')
    return refusal(
      403,
      'agency_not_active',
      `the agency is ${agency.status === 'SUSPENDED' ? 'suspended' : agency.status === 'REVOKED' ? 'revoked' : 'not active'}; partner access is closed`,
    );
  if (agency.accreditedUntil && agency.accreditedUntil.slice(0, 10) < today)
    return refusal(
      403,
      'agency_accreditation_ended',
      'the agency’s accreditation has ended; partner access is closed',
    );
  return undefined;
}

export function principalOf(resolved: ResolvedPartner): PartnerPrincipal {
  const user = resolved.user as NonNullable<ResolvedPartner['user']>;
  return Object.freeze({
    kind: 'partner',
    agencyId: user.agencyId as string,
    userId: user.id,
    ...(user.email ? { email: user.email } : {}),
    scope: resolved.scope,
  });
}

export interface GatewayState {
  /** The gateway's context, once the runtime bound it. */
  ctx?: PartnerGatewayContext;
  keys?: Promise<PartnerKey[]>;
  ipLimiter?: AttemptLimiter;
  limiter?: { perMinute: number; limiter: AttemptLimiter };
}

/** A limiter counting in the plugin's table in the store: every instance sharing it counts together. */
function storedLimiter(
  ctx: PartnerGatewayContext,
  options: { limiter: string; limit: number; windowMs?: number },
): AttemptLimiter {
  return createAttemptLimiter({
    query: (text, params) => ctx.storage.query(text, params),
    table: AGENCIES_RATE_WINDOWS_TABLE,
    now: () => ctx.clock.now().getTime(),
    ...options,
  });
}

/** The signing keys (configured, or the store's generated one), read once per process. */
export function keysFor(
  ctx: { config: { partnerJwtKeys: readonly PartnerKey[] } },
  storage: Storage,
  state: GatewayState,
) {
  state.keys ??= signingKeys(ctx.config.partnerJwtKeys, storage).catch((error) => {
    state.keys = undefined;
    throw error;
  });
  return state.keys;
}

export function createPartnerGateway(): PartnerGatewayConfig & { state: GatewayState } {
  const state: GatewayState = {};

  const signIn = async (
    request: PartnerRequest,
    ctx: PartnerGatewayContext,
  ): Promise<PartnerAuthentication> => {
    const now = ctx.clock.now();
    const today = moscowToday(now);
    const settings = agenciesSettingsOf(ctx);
    state.ipLimiter ??= storedLimiter(ctx, { limiter: 'partner-sign-in:ip', limit: IP_SIGN_IN_LIMIT });
    const ip = await state.ipLimiter.hit(request.ip);
    if (!ip.allowed)
      return {
        refusal: {
          status: 429,
          code: 'partner_sign_in_limited',
          message: `too many sign-in attempts from this address; retry in ${ip.retryAfterSeconds} s`,
          headers: { 'retry-after': String(ip.retryAfterSeconds) },
        },
      };
    const parsed = credentialsBody.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'body';
      return refusal(400, 'invalid_body', `the body field "${field}": ${issue?.message ?? 'is not valid'}`);
    }
    const { email, password } = parsed.data;
    const bad = refusal(401, 'partner_bad_credentials', 'wrong e-mail or password');
    const found = await ctx.reader.query<{ id: string }>(
      'select id::text as id from {agencyUser} where lower(email) = $1 order by created_at limit 1',
      [email],
    );
    const userId = found[0]?.id;
    const credential = userId ? await credentialOf(ctx.storage, userId) : undefined;
    if (!userId || !credential) {
      await verifyPassword(password, await decoyHash());
      return bad;
    }
    if (credential.locked_until && new Date(credential.locked_until).getTime() > now.getTime()) {
      const seconds = Math.ceil((new Date(credential.locked_until).getTime() - now.getTime()) / 1000);
      return {
        refusal: {
          status: 429,
          code: 'partner_locked_out',
          message: `too many wrong passwords: this user is locked for ${Math.ceil(seconds / 60)} min`,
          headers: { 'retry-after': String(seconds) },
        },
      };
    }
    if (!(await verifyPassword(password, credential.hash))) {
      const locked = await recordFailure(ctx.storage, userId, {
        max: settings.maxFailedSignIns,
        lockoutMinutes: settings.lockoutMinutes,
        now,
      });
      if (locked)
        return {
          refusal: {
            status: 429,
            code: 'partner_locked_out',
            message: `too many wrong passwords: this user is locked for ${settings.lockoutMinutes} min`,
            headers: { 'retry-after': String(settings.lockoutMinutes * 60) },
          },
        };
      return bad;
    }
    await recordSuccess(ctx.storage, userId);
    const resolved = await resolvePartner(ctx.reader, { userId, agencyId: null }, today);
    const refused = partnerRefusal(resolved, today);
    if (refused) return refused;
    await keysFor(ctx, ctx.storage, state);
    return { principal: principalOf(resolved) };
  };

  const authenticate = async (
    request: PartnerRequest,
    ctx: PartnerGatewayContext,
  ): Promise<PartnerAuthentication> => {
    if (request.method === 'POST' && SIGN_IN_PATHS.includes(request.routePath)) return signIn(request, ctx);
    const now = ctx.clock.now();
    const today = moscowToday(now);
    const settings = agenciesSettingsOf(ctx);
    const bearer = bearerOf(request.headers);
    const unauthenticated = (code: string, message: string): PartnerAuthentication =>
      isPortalPage(request)
        ? {
            refusal: {
              status: 401,
              code,
              message,
              redirect: `${PORTAL_LOGIN_PATH}?next=${encodeURIComponent(request.url)}`,
            },
          }
        : refusal(401, code, message);
    let target: { userId: string; agencyId: string };
    if (bearer !== undefined) {
      // A staff member's token on a route staff may use too is not the gateway's to judge.
      if (request.staffAlso && unverifiedAudience(bearer) === 'staff') return undefined;
      try {
        const claims = verifyPartnerToken(bearer, await keysFor(ctx, ctx.storage, state), now);
        target = { userId: claims.userId, agencyId: claims.agencyId };
      } catch (error) {
        if (error instanceof PartnerTokenError) return refusal(401, error.code, error.message);
        throw error;
      }
    } else {
      const cookie = readCookie(request.headers.cookie, PARTNER_COOKIE);
      if (cookie === undefined) {
        if (request.staffAlso) return undefined;
        return unauthenticated(
          'partner_unauthenticated',
          'sign in as an agency user: a bearer token from POST /partner/v1/token, or the portal at /partner',
        );
      }
      const session = await resolveSession(ctx.storage, cookie, {
        ttlMinutes: settings.sessionTtlMinutes,
        now,
      });
      if (!session) {
        if (request.staffAlso && readCookie(request.headers.cookie, 'realty_staff')) return undefined;
        return unauthenticated('partner_session_ended', 'the portal session has ended; sign in again');
      }
      target = { userId: session.user_id, agencyId: session.agency_id };
    }
    const resolved = await resolvePartner(ctx.reader, { userId: target.userId, agencyId: null }, today);
    const refused = partnerRefusal(resolved, today, target.agencyId);
    if (refused) return refused;
    return { principal: principalOf(resolved) };
  };

  return {
    state,
    objects: GATEWAY_OBJECTS,
    init(ctx) {
      state.ctx = ctx;
      state.keys = undefined;
      state.limiter = undefined;
      state.ipLimiter = undefined;
    },
    authenticate,
    async admit(principal, _request, ctx) {
      const perMinute = agenciesSettingsOf(ctx).rateLimitPerMinute;
      if (!state.limiter || state.limiter.perMinute !== perMinute)
        state.limiter = {
          perMinute,
          limiter: storedLimiter(ctx, { limiter: 'partner-requests', limit: perMinute, windowMs: 60_000 }),
        };
      const decision = await state.limiter.limiter.hit(principal.agencyId);
      if (decision.allowed) return undefined;
      return {
        status: 429,
        code: 'partner_rate_limited',
        message: `the agency has made more than ${perMinute} requests this minute; retry in ${decision.retryAfterSeconds} s`,
        headers: { 'retry-after': String(decision.retryAfterSeconds) },
      };
    },
    async record(entry: PartnerAccessEntry, ctx) {
      await appendAccessLog(ctx.storage, {
        userId: entry.principal?.userId ?? null,
        agencyId: entry.principal?.agencyId ?? null,
        method: entry.request.method,
        route: entry.request.routePath,
        url: entry.request.url,
        status: entry.status,
        code: entry.code ?? null,
        recordIds: entry.recordIds,
        ip: entry.request.ip,
        durationMs: entry.durationMs,
      });
    },
    async scopeOfAgency(agencyId, ctx) {
      const resolved = await resolvePartner(
        ctx.reader,
        { userId: null, agencyId },
        moscowToday(ctx.clock.now()),
      );
      return resolved.agency ? resolved.scope : undefined;
    },
  };
}

/** The one gateway of the process (its state — keys, limiters — is shared with the token route). */
export const agenciesGateway = createPartnerGateway();

/** The signing keys, for the plugin's routes that issue tokens (the gateway holds the configuration). */
export async function gatewayKeys(): Promise<PartnerKey[]> {
  const ctx = agenciesGateway.state.ctx;
  if (!ctx) throw new Error('the partner gateway is not bound to a runtime');
  return keysFor(ctx, ctx.storage, agenciesGateway.state);
}
