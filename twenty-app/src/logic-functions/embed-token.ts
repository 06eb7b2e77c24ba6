import { createHmac } from 'node:crypto';

// The page each place shows, and the member's embed token, signed with the secret shared with twenty-realty: an HS256 JWT, issuer
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

/** The places of the app: the three record tabs and the dashboard. */
export type EmbedPlace = 'building' | 'auction' | 'opportunity' | 'auctions';

/** The project's page each place shows, under the embed prefix (no header, a widget's layout). */
export const EMBED_PAGES: Record<EmbedPlace, (recordId: string) => string> = {
  building: (id) => `/embed/chessboard?building=${encodeURIComponent(id)}`,
  auction: (id) => `/embed/auctions/${encodeURIComponent(id)}`,
  opportunity: (id) => `/embed/teams/${encodeURIComponent(id)}`,
  auctions: () => '/embed/auctions',
};

/** The URL the front component frames: the page with the member's token. */
export function embedPageUrl(realtyUrl: string, place: EmbedPlace, recordId: string, token: string): string {
  const path = EMBED_PAGES[place](recordId);
  return `${realtyUrl.replace(/\/+$/, '')}${path}${path.includes('?') ? '&' : '?'}t=${encodeURIComponent(token)}`;
}
