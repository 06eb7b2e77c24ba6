/**
 * Partner API tokens: JWT (jsonwebtoken), HS256 pinned, issuer and audience
 * fixed, at most 15 minutes, `kid` naming the key. PARTNER_JWT_KEYS lists the
 * keys (`kid:secret,…`): the first signs, every one verifies, so a key rotates
 * without downtime (add the new one first, drop the old one 15 minutes later).
 * Verification refuses any other algorithm (`alg: none` included), an unknown
 * or missing kid, another audience or issuer, an expired token, and a token
 * that claims to live longer than the limit.
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { hmacKey } from '../../core/auth/index';
import { PARTNER_TOKEN_MAX_TTL_SECONDS } from '../settings';

export const PARTNER_ISSUER = 'twenty-realty';
export const PARTNER_AUDIENCE = 'partner';
export const PARTNER_ALGORITHM = 'HS256';

export interface PartnerKey {
  readonly kid: string;
  readonly secret: string;
}

export interface PartnerClaims {
  readonly userId: string;
  readonly agencyId: string;
  readonly expiresAt: Date;
}

export type PartnerTokenErrorCode =
  | 'partner_token_malformed'
  | 'partner_token_bad_algorithm'
  | 'partner_token_unknown_key'
  | 'partner_token_expired'
  | 'partner_token_wrong_audience'
  | 'partner_token_wrong_issuer'
  | 'partner_token_too_long'
  | 'partner_token_invalid';

export class PartnerTokenError extends Error {
  constructor(
    readonly code: PartnerTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PartnerTokenError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function issuePartnerToken(
  subject: { userId: string; agencyId: string },
  options: { key: PartnerKey; ttlSeconds: number; now?: Date },
): { token: string; expiresAt: Date } {
  const ttl = Math.min(Math.max(1, Math.floor(options.ttlSeconds)), PARTNER_TOKEN_MAX_TTL_SECONDS);
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const token = jwt.sign({ agency: subject.agencyId, iat, exp: iat + ttl }, options.key.secret, {
    algorithm: PARTNER_ALGORITHM,
    keyid: options.key.kid,
    issuer: PARTNER_ISSUER,
    audience: PARTNER_AUDIENCE,
    subject: subject.userId,
    jwtid: randomUUID(),
  });
  return { token, expiresAt: new Date((iat + ttl) * 1000) };
}

/** The token's audience without verifying anything (to tell a staff token from a partner one). */
export function unverifiedAudience(token: string): string | undefined {
  const decoded = jwt.decode(token, { json: true });
  const aud = decoded?.aud;
  return typeof aud === 'string' ? aud : Array.isArray(aud) ? aud[0] : undefined;
}

export function verifyPartnerToken(
  token: string,
  keys: readonly PartnerKey[],
  now = new Date(),
): PartnerClaims {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object')
    throw new PartnerTokenError('partner_token_malformed', 'the bearer token is not a JWT');
  if (decoded.header.alg !== PARTNER_ALGORITHM)
    throw new PartnerTokenError(
      'partner_token_bad_algorithm',
      `the token is signed with "${String(decoded.header.alg)}"; partner tokens are ${PARTNER_ALGORITHM}`,
    );
  const key = keys.find((k) => k.kid === decoded.header.kid);
  if (!key)
    throw new PartnerTokenError(
      'partner_token_unknown_key',
      decoded.header.kid
        ? `the token's key "${decoded.header.kid}" is not one of the partner keys (retired?); get a new token`
        : 'the token names no key (kid); get a new token from POST /partner/v1/token',
    );
  let payload: jwt.JwtPayload;
  try {
    payload = jwt.verify(token, hmacKey(key.secret), {
      algorithms: [PARTNER_ALGORITHM],
      audience: PARTNER_AUDIENCE,
      issuer: PARTNER_ISSUER,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    }) as jwt.JwtPayload;
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError)
      throw new PartnerTokenError('partner_token_expired', 'the token has expired; get a new one');
    const message = error instanceof Error ? error.message : '';
    if (message.includes('audience'))
      throw new PartnerTokenError(
        'partner_token_wrong_audience',
        `the token is not for the partner API (${message})`,
      );
    if (message.includes('issuer'))
      throw new PartnerTokenError(
        'partner_token_wrong_issuer',
        `the token was not issued by this app (${message})`,
      );
    throw new PartnerTokenError('partner_token_invalid', `the token was refused: ${message || 'invalid'}`);
  }
  const { sub, agency, exp, iat } = payload;
  if (typeof exp !== 'number' || typeof iat !== 'number')
    throw new PartnerTokenError('partner_token_invalid', 'the token has no issue or expiry time');
  if (exp - iat > PARTNER_TOKEN_MAX_TTL_SECONDS)
    throw new PartnerTokenError('partner_token_too_long', 'the token claims to live longer than 15 minutes');
  if (typeof sub !== 'string' || !UUID.test(sub) || typeof agency !== 'string' || !UUID.test(agency))
    throw new PartnerTokenError('partner_token_invalid', 'the token does not name an agency user');
  return { userId: sub.toLowerCase(), agencyId: agency.toLowerCase(), expiresAt: new Date(exp * 1000) };
}
