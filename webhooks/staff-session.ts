/**
 * Staff sign-in for the app server: a staff token arrives once through the
 * sign-in link (`/auth/login?token=…`) and is kept in an HttpOnly cookie, or
 * is sent as `Authorization: Bearer …` by scripts. Every staff route checks
 * the role it names; `admin` may use every staff route.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type StaffIdentity, StaffTokenError, verifyStaffToken } from '../plugins/core/auth/index';
import { errorBody, type RouteAccess } from '../plugins/core/plugin/index';

export const STAFF_COOKIE = 'realty_staff';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function staffTokenOf(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return readCookie(request.headers.cookie, STAFF_COOKIE);
}

export function roleAllowed(identity: StaffIdentity, roles: readonly RouteAccess[]): boolean {
  return identity.role === 'admin' || roles.includes(identity.role);
}

/**
 * Answers 401 (no valid token; `code` is the token problem: missing, expired, invalid, wrong_audience,
 * bad_claims) or 403 (`role_not_allowed`) itself, in the one error body, and returns undefined when
 * the caller may not proceed.
 */
export function requireStaff(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { secret: string; roles: readonly RouteAccess[]; now?: Date },
): StaffIdentity | undefined {
  let identity: StaffIdentity;
  try {
    identity = verifyStaffToken(staffTokenOf(request), { secret: options.secret, now: options.now });
  } catch (error) {
    const message = error instanceof StaffTokenError ? error.message : 'staff token refused';
    const code = error instanceof StaffTokenError ? error.code : 'invalid';
    void reply.code(401).send(errorBody(401, code, message));
    return undefined;
  }
  if (!roleAllowed(identity, options.roles)) {
    const allowed = options.roles.filter((r) => r !== 'public' && r !== 'partner');
    void reply
      .code(403)
      .send(
        errorBody(
          403,
          'role_not_allowed',
          `role "${identity.role}" may not use this page; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'admin'}`,
        ),
      );
    return undefined;
  }
  return identity;
}
