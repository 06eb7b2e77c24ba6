/**
 * Staff tokens: how Twenty workspace members reach the project's pages and
 * /api. A JWT (HS256 pinned — never taken from the token header), issuer
 * `twenty-realty`, audience `staff`, short-lived, carrying the member id, the
 * e-mail and one role. Routes name the roles they allow.
 */
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { hmacKey } from './hmac-key';

export const STAFF_ROLES = ['admin', 'sales', 'finance', 'callcenter', 'marketing', 'legal'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ISSUER = 'twenty-realty';
export const STAFF_AUDIENCE = 'staff';
export const DEFAULT_STAFF_TTL = '8h';

const staffClaims = z.object({
  sub: z.string().uuid(),
  email: z.string(),
  role: z.enum(STAFF_ROLES),
});
export type StaffIdentity = { memberId: string; email: string; role: StaffRole };

/** A refused staff token: `message` in Russian for people, `en` for API clients that ask for English. */
export class StaffTokenError extends Error {
  readonly code: 'missing' | 'expired' | 'invalid' | 'wrong_audience' | 'bad_claims';
  readonly en: string;
  constructor(code: StaffTokenError['code'], message: { ru: string; en: string }) {
    super(message.ru);
    this.name = 'StaffTokenError';
    this.code = code;
    this.en = message.en;
  }
}

export function assertStrongSecret(secret: string): void {
  if (secret.length < 32)
    throw new Error('the staff token secret must be at least 32 characters (STAFF_JWT_SECRET)');
}

export function issueStaffToken(
  identity: StaffIdentity,
  options: { secret: string; ttl?: string | number; now?: Date },
): string {
  assertStrongSecret(options.secret);
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return jwt.sign({ email: identity.email, role: identity.role, iat: nowSeconds }, options.secret, {
    algorithm: 'HS256',
    issuer: STAFF_ISSUER,
    audience: STAFF_AUDIENCE,
    subject: identity.memberId,
    expiresIn: (options.ttl ?? DEFAULT_STAFF_TTL) as jwt.SignOptions['expiresIn'],
  });
}

export function verifyStaffToken(
  token: string | undefined,
  options: { secret: string; now?: Date },
): StaffIdentity {
  if (!token)
    throw new StaffTokenError('missing', {
      ru: 'нет входа: войдите по ссылке, которую печатает `realty start` или `realty staff-token`',
      en: 'no staff token: sign in with the link `realty start` prints or `realty staff-token`',
    });
  let payload: unknown;
  try {
    payload = jwt.verify(token, hmacKey(options.secret), {
      algorithms: ['HS256'],
      issuer: STAFF_ISSUER,
      audience: STAFF_AUDIENCE,
      clockTimestamp: options.now ? Math.floor(options.now.getTime() / 1000) : undefined,
    });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError)
      throw new StaffTokenError('expired', {
        ru: 'срок действия входа истёк: войдите снова',
        en: 'the staff token has expired: sign in again',
      });
    if (error instanceof jwt.JsonWebTokenError && /audience/.test(error.message)) {
      throw new StaffTokenError('wrong_audience', {
        ru: 'этот токен выдан не сотруднику (другая аудитория)',
        en: 'this token is not a staff token (wrong audience)',
      });
    }
    throw new StaffTokenError('invalid', {
      ru: 'токен сотрудника недействителен (неверная подпись или повреждён)',
      en: 'the staff token is not valid (bad signature or malformed)',
    });
  }
  const parsed = staffClaims.safeParse(payload);
  if (!parsed.success)
    throw new StaffTokenError('bad_claims', {
      ru: 'в токене сотрудника нет участника, e-mail или известной роли',
      en: 'the staff token lacks a member id, e-mail or known role',
    });
  return { memberId: parsed.data.sub, email: parsed.data.email, role: parsed.data.role };
}
