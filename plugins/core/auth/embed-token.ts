/**
 * Embed tokens: how a page opened inside Twenty's own UI knows who opened it. The exported Twenty
 * app's logic function (`realty twenty-app`) signs, for the workspace member who opened a record
 * tab, a short-lived JWT with the secret it shares with this project (`TWENTY_APP_SECRET`): HS256
 * pinned, issuer `twenty-app`, audience `realty-embed`, subject the workspace member id, lifetime
 * at most `EMBED_TOKEN_MAX_LIFETIME_S`. The page passes it in its URL (`?t=…`); the app server
 * verifies it, finds the member's role (`REALTY_EMBED_ROLES`) and hands the page an in-memory
 * staff token for its own requests — no cookie, no storage.
 */
import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { hmacKey } from './hmac-key';
import { STAFF_ROLES, type StaffRole } from './staff-token';

export const EMBED_ISSUER = 'twenty-app';
export const EMBED_AUDIENCE = 'realty-embed';
/** What the app signs (seconds): long enough for a tab to load, short enough that a leaked URL soon dies. */
export const EMBED_TOKEN_TTL_S = 120;
/** A token that claims to live longer than this is refused whoever signed it. */
export const EMBED_TOKEN_MAX_LIFETIME_S = 600;
/** The in-memory staff token a page gets in exchange lives this long (a record tab left open). */
export const EMBED_SESSION_TTL = '2h';

export class EmbedTokenError extends Error {
  readonly code:
    | 'embed_missing'
    | 'embed_expired'
    | 'embed_invalid'
    | 'embed_too_long'
    | 'embed_not_configured';
  readonly en: string;
  constructor(code: EmbedTokenError['code'], message: { ru: string; en: string }) {
    super(message.ru);
    this.name = 'EmbedTokenError';
    this.code = code;
    this.en = message.en;
  }
}

const claims = z.object({
  sub: z.string().uuid(),
  iat: z.number().int(),
  exp: z.number().int(),
});

/**
 * Signs an embed token as the exported app's logic function does (plain HMAC-SHA256 over the JWT's
 * two halves, no library: the app ships without dependencies). Tests and `realty embed-token` use it.
 */
export function signEmbedToken(
  memberId: string,
  options: { secret: string; ttlSeconds?: number; now?: Date },
): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
    iss: EMBED_ISSUER,
    aud: EMBED_AUDIENCE,
    sub: memberId,
    iat,
    exp: iat + (options.ttlSeconds ?? EMBED_TOKEN_TTL_S),
  })}`;
  return `${head}.${createHmac('sha256', options.secret).update(head).digest('base64url')}`;
}

/** The member a valid embed token names; throws EmbedTokenError (Russian message) otherwise. */
export function verifyEmbedToken(
  token: string | undefined,
  options: { secret: string | undefined; now?: Date },
): { memberId: string } {
  if (!options.secret)
    throw new EmbedTokenError('embed_not_configured', {
      ru: 'встраивание в Twenty не настроено: задайте TWENTY_APP_SECRET (общий секрет с приложением Twenty)',
      en: 'embedding is not configured: set TWENTY_APP_SECRET (the secret shared with the Twenty app)',
    });
  if (!token)
    throw new EmbedTokenError('embed_missing', {
      ru: 'в адресе нет токена встраивания: откройте вкладку записи в Twenty заново',
      en: 'no embed token in the URL: reopen the record tab in Twenty',
    });
  let payload: unknown;
  try {
    // jsonwebtoken compares the signature in constant time (crypto.timingSafeEqual) and pins HS256 here.
    payload = jwt.verify(token, hmacKey(options.secret), {
      algorithms: ['HS256'],
      issuer: EMBED_ISSUER,
      audience: EMBED_AUDIENCE,
      clockTimestamp: options.now ? Math.floor(options.now.getTime() / 1000) : undefined,
    });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError)
      throw new EmbedTokenError('embed_expired', {
        ru: 'срок действия токена встраивания истёк: откройте вкладку записи в Twenty заново',
        en: 'the embed token has expired: reopen the record tab in Twenty',
      });
    throw new EmbedTokenError('embed_invalid', {
      ru: 'токен встраивания недействителен (подпись не сходится или он повреждён)',
      en: 'the embed token is not valid (bad signature or malformed)',
    });
  }
  const parsed = claims.safeParse(payload);
  if (!parsed.success)
    throw new EmbedTokenError('embed_invalid', {
      ru: 'в токене встраивания нет участника рабочего пространства или срока действия',
      en: 'the embed token lacks a workspace member or an expiry',
    });
  if (parsed.data.exp - parsed.data.iat > EMBED_TOKEN_MAX_LIFETIME_S)
    throw new EmbedTokenError('embed_too_long', {
      ru: `токен встраивания выдан дольше чем на ${EMBED_TOKEN_MAX_LIFETIME_S / 60} минут — такие не принимаются`,
      en: `the embed token lives longer than ${EMBED_TOKEN_MAX_LIFETIME_S} s and is refused`,
    });
  return { memberId: parsed.data.sub };
}

/**
 * `REALTY_EMBED_ROLES`: which role a workspace member gets in embedded pages, by e-mail —
 * `anna@example.ru=sales,boss@example.ru=admin,*=sales` (`*`: everyone else; without it, members
 * not listed are refused). Problems are lines naming the entry.
 */
export interface EmbedRoles {
  readonly byEmail: ReadonlyMap<string, StaffRole>;
  readonly otherwise?: StaffRole;
}

export function parseEmbedRoles(value: string | undefined): { roles: EmbedRoles; problems: string[] } {
  const byEmail = new Map<string, StaffRole>();
  let otherwise: StaffRole | undefined;
  const problems: string[] = [];
  (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .forEach((entry, index) => {
      const eq = entry.lastIndexOf('=');
      const who = eq > 0 ? entry.slice(0, eq).trim().toLowerCase() : '';
      const role = eq > 0 ? entry.slice(eq + 1).trim() : '';
      if (!who || !(STAFF_ROLES as readonly string[]).includes(role)) {
        problems.push(
          `REALTY_EMBED_ROLES: entry ${index + 1} is not "email=role" with a role of ${STAFF_ROLES.join(', ')}; expected e.g. "anna@example.ru=sales,*=sales"`,
        );
        return;
      }
      if (who === '*') otherwise = role as StaffRole;
      else byEmail.set(who, role as StaffRole);
    });
  return { roles: { byEmail, ...(otherwise ? { otherwise } : {}) }, problems };
}

export function embedRoleOf(roles: EmbedRoles, email: string): StaffRole | undefined {
  return roles.byEmail.get(email.trim().toLowerCase()) ?? roles.otherwise;
}
