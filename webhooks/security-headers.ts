/**
 * Security headers on every answer of the app server, through @fastify/helmet.
 * The Content-Security-Policy is one the pages pass: scripts only from the app
 * itself (the page shell loads them by src; `<script type="application/json">`
 * data blocks are data, not scripts), no inline code or event-handler
 * attributes, and no inline styles either (`style="…"`, `<style>`): colours
 * that come from a vocabulary (unit and auction statuses) are classes in a
 * stylesheet generated from it and served like any asset.
 * Floor plans are links to wherever the sales team keeps them (Twenty's files,
 * a CDN, a file server on the office network): images load from any http(s)
 * origin — an image runs no code, the referrer policy sends only the origin,
 * and an https page upgrades http images anyway. The pages may be framed by
 * the app itself and by Twenty, nowhere else.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export interface SecurityHeadersOptions {
  /** Twenty's URL: its origin may embed the pages and serve images. */
  twentyUrl: string;
  /** REALTY_EMBED_ORIGINS: Twenty's UI origins besides twentyUrl's (a workspace's own domain). */
  frameOrigins?: readonly string[];
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The CSP directives, as data: tests and docs/security.md read the same list. */
export function contentSecurityPolicy(options: SecurityHeadersOptions): Record<string, string[]> {
  const twenty = originOf(options.twentyUrl);
  const withTwenty = (sources: string[]) => (twenty ? [...sources, twenty] : sources);
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'http:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': [...new Set([...withTwenty(["'self'"]), ...(options.frameOrigins ?? [])])],
  };
}

export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeadersOptions,
): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options) },
    // frame-ancestors above says who may frame the pages; X-Frame-Options cannot name Twenty.
    frameguard: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // TLS ends at the deployment's reverse proxy, which sets Strict-Transport-Security (docs/security.md).
    strictTransportSecurity: false,
    // Images from Twenty or a CDN are cross-origin; the app does not need cross-origin isolation.
    crossOriginEmbedderPolicy: false,
  });
}
