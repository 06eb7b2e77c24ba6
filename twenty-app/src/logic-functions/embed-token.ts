import { createHmac } from 'node:crypto';

// The member's embed token, signed with the secret shared with twenty-realty: an HS256 JWT, issuer
// `twenty-app`, audience `realty-embed`, subject the workspace member id, living 120 seconds. Plain
// node:crypto (no dependency); twenty-realty's test suite verifies this very file's tokens.
export const EMBED_TOKEN_TTL_SECONDS = 120;

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signEmbedToken(memberId: string, secret: string, nowSeconds: number): string {
  const head = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({
    iss: 'twenty-app',
    aud: 'realty-embed',
    sub: memberId,
    iat: nowSeconds,
    exp: nowSeconds + EMBED_TOKEN_TTL_SECONDS,
  })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
