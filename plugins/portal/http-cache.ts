/**
 * What every public response of the portal carries: CORS for the configured origins, a validator
 * (ETag, Last-Modified) with 304 for a caller who has the same, and the per-address rate limit
 * (core's store-backed attempt windows in the portal's table: instances sharing the store count
 * together). Pure helpers plus `admitPublic`, which counts the request.
 */
import { createHash } from 'node:crypto';
import { createAttemptLimiter } from '../core/auth/index';
import type { RouteContext, RouteRequest, RouteResponse } from '../core/plugin/index';
import { portalSettingsOf } from './settings';
import { PORTAL_RATE_WINDOWS_TABLE } from './storage';

type AnyRequest = RouteRequest<unknown, unknown, unknown>;

const header = (request: AnyRequest, name: string): string | undefined => {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** CORS headers for the request's Origin when the settings allow it (none otherwise). */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  // The app's default (helmet) is same-origin; the public API's answers and drawings are meant for
  // other sites' pages (an <img> of a floor plan, a fetch CORS allows).
  const base = { vary: 'Origin', 'cross-origin-resource-policy': 'cross-origin' };
  if (!origin) return base;
  const o = origin.replace(/\/+$/, '');
  if (allowed.includes('*'))
    return {
      ...base,
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'ETag, Last-Modified',
    };
  if (!allowed.includes(o)) return base;
  return {
    ...base,
    'access-control-allow-origin': o,
    'access-control-expose-headers': 'ETag, Last-Modified',
  };
}

export const etagOf = (text: string): string =>
  `"${createHash('sha1').update(text).digest('base64url').slice(0, 27)}"`;

/** Whether the caller's validators match (If-None-Match wins over If-Modified-Since, RFC 9110 13.2.2). */
export function isNotModified(request: AnyRequest, etag: string, lastModified: number): boolean {
  const inm = header(request, 'if-none-match');
  if (inm !== undefined) {
    const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag.replace(/^W\//, ''));
  }
  const ims = header(request, 'if-modified-since');
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds.
  return Number.isFinite(since) && Math.floor(lastModified / 1000) * 1000 <= since;
}

/** The caller's address as the server saw it (a proxy's X-Forwarded-For only when the app trusts it). */
export function clientAddress(request: AnyRequest): string {
  return request.ip !== undefined && request.ip !== '' ? request.ip : 'unknown';
}

export interface PublicAdmission {
  /** Headers every answer to this request carries (CORS). */
  headers: Record<string, string>;
  /** Set when the caller is over the limit: answer this. */
  refusal?: RouteResponse;
}

/** Counts the request against its address's limit and gives the CORS headers. */
export async function admitPublic(request: AnyRequest, ctx: RouteContext): Promise<PublicAdmission> {
  const settings = portalSettingsOf(ctx);
  const headers = corsHeaders(header(request, 'origin'), settings.corsOrigins);
  const limiter = createAttemptLimiter({
    query: (text, params) => ctx.storage.query(text, params),
    table: PORTAL_RATE_WINDOWS_TABLE,
    limiter: 'portal-requests',
    limit: settings.rateLimitPerMinute,
    windowMs: 60_000,
  });
  const decision = await limiter.hit(clientAddress(request));
  if (decision.allowed) return { headers };
  const retry = decision.retryAfterSeconds;
  return {
    headers,
    refusal: {
      status: 429,
      headers: { ...headers, 'retry-after': String(retry) },
      body: {
        status: 429,
        code: 'portal_rate_limited',
        message: `Слишком много запросов с вашего адреса: повторите через ${retry} с (не больше ${settings.rateLimitPerMinute} в минуту)`,
      },
    },
  };
}

/** A JSON answer with its validators, or 304 when the caller has it. */
export function cachedJson(
  request: AnyRequest,
  admission: PublicAdmission,
  body: unknown,
  lastModified: number,
): RouteResponse {
  const text = JSON.stringify(body);
  const etag = etagOf(text);
  const headers = {
    ...admission.headers,
    etag,
    'last-modified': new Date(lastModified || 0).toUTCString(),
    'cache-control': 'public, max-age=0, must-revalidate',
  };
  if (isNotModified(request, etag, lastModified)) return { status: 304, headers, body: '' };
  return { headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }, body: text };
}
