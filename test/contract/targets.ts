/**
 * The servers the contract suite runs against: devhost always (in-process,
 * in-memory PGlite, one per test file) and a real Twenty when TWENTY_URL and
 * TWENTY_API_KEY are set. Assertions go over raw HTTP (global fetch) so they
 * check Twenty's wire format, not our client's reading of it.
 */
import { after } from 'node:test';
import { type DevhostRole, startDevhost } from '../../devhost/server';

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
  text: string;
  elapsedMs: number;
}

export interface HttpOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the target's key; `null` sends no Authorization header at all. */
  apiKey?: string | null;
}

export interface ContractTarget {
  name: string;
  url: string;
  apiKey: string;
  isDevhost: boolean;
  /** Set when the whole target must be skipped; the string is the printed reason. */
  skip?: string;
  workspaceId?: string;
  /**
   * A key with a restricted role (C20). Devhost mints one for the role given;
   * a real Twenty can only offer the key named by TWENTY_RESTRICTED_API_KEY,
   * whose role the operator set up as described in permissions.test.ts.
   */
  restrictedKey?: (role: DevhostRole) => Promise<string>;
  /** A key whose token has expired (devhost only: a real Twenty mints no such key on request). */
  expiredKey?: () => Promise<string>;
  /** A download URL of a stored file whose token has expired (devhost only, C22). */
  expiredFileUrl?: (fileId: string) => string;
  http(method: string, path: string, options?: HttpOptions): Promise<HttpResponse>;
}

export interface ContractTargetOptions {
  rateLimit?: { shortLimit?: number; shortTtlMs?: number; longLimit?: number; longTtlMs?: number };
  webhookTimeoutMs?: number;
}

/**
 * Devhost is otherwise started at Twenty's default 100 requests a minute, which a
 * single contract file exceeds; only rate-limit.test.ts asks for the real limits.
 */
const GENEROUS_RATE_LIMIT = {
  shortLimit: 1_000_000,
  shortTtlMs: 1000,
  longLimit: 1_000_000,
  longTtlMs: 60_000,
};

const REAL_TWENTY_SKIP = 'TWENTY_URL/TWENTY_API_KEY not set';

export async function contractTargets(options: ContractTargetOptions = {}): Promise<ContractTarget[]> {
  const devhost = await startDevhost({
    port: 0,
    rateLimit: options.rateLimit ?? GENEROUS_RATE_LIMIT,
    ...(options.webhookTimeoutMs === undefined ? {} : { webhookTimeoutMs: options.webhookTimeoutMs }),
  });
  after(() => devhost.close());

  const devTarget: ContractTarget = {
    name: 'devhost',
    url: devhost.url,
    apiKey: devhost.apiKey,
    isDevhost: true,
    workspaceId: devhost.workspaceId,
    restrictedKey: (role) => devhost.createApiKey({ name: `contract ${role.label}`, role }),
    expiredKey: () =>
      devhost.createApiKey({ name: 'contract expired', expiresAt: new Date(Date.now() - 60_000) }),
    expiredFileUrl: (fileId) => devhost.signFileUrl(fileId, { expiresAt: new Date(Date.now() - 60_000) }),
    http: (method, path, opts) => send(devhost.url, devhost.apiKey, method, path, opts, false),
  };

  const realUrl = process.env.TWENTY_URL;
  const realKey = process.env.TWENTY_API_KEY;
  const realTarget: ContractTarget =
    realUrl && realKey
      ? {
          name: 'real Twenty',
          url: realUrl.replace(/\/+$/, ''),
          apiKey: realKey,
          isDevhost: false,
          restrictedKey: process.env.TWENTY_RESTRICTED_API_KEY
            ? async () => process.env.TWENTY_RESTRICTED_API_KEY as string
            : undefined,
          http: (method, path, opts) => send(realUrl.replace(/\/+$/, ''), realKey, method, path, opts, true),
        }
      : {
          name: 'real Twenty',
          url: '',
          apiKey: '',
          isDevhost: false,
          skip: REAL_TWENTY_SKIP,
          http: () => Promise.reject(new Error(`real Twenty is not configured: ${REAL_TWENTY_SKIP}`)),
        };
  return [devTarget, realTarget];
}

/** Real Twenty allows 100 requests a minute; waiting out a 429 keeps a full run possible there. */
const REAL_RATE_LIMIT_WAIT_MS = 15_000;
const REAL_RATE_LIMIT_ATTEMPTS = 6;

async function send(
  baseUrl: string,
  defaultKey: string,
  method: string,
  path: string,
  opts: HttpOptions = {},
  waitOutRateLimit: boolean,
): Promise<HttpResponse> {
  const url = new URL(path, `${baseUrl}/`);
  for (const [name, value] of Object.entries(opts.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
  const key = opts.apiKey === undefined ? defaultKey : opts.apiKey;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';

  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const response = await fetch(url, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await response.text();
    const elapsedMs = performance.now() - started;
    if (waitOutRateLimit && response.status === 429 && attempt < REAL_RATE_LIMIT_ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, REAL_RATE_LIMIT_WAIT_MS));
      continue;
    }
    return { status: response.status, headers: response.headers, body: parseBody(text), text, elapsedMs };
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
