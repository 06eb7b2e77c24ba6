/**
 * The one place HTTP happens: axios with bearer auth and a per-request
 * timeout, the shared rate limiter before every attempt, retries decided by
 * ./retry, an overall deadline per call, typed errors, and zod-checked bodies.
 */

import type { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse, isAxiosError } from 'axios';
import type { z } from 'zod';
import { errorFromResponse } from './error-response';
import {
  TwentyDeadlineExceededError,
  TwentyError,
  TwentyNetworkError,
  TwentyRateLimitError,
  TwentyResponseShapeError,
  TwentyTimeoutError,
} from './errors';
import { type LimiterClock, type RateLimiter, systemClock } from './rate-limiter';
import {
  computeRetryDelay,
  DEFAULT_MAX_RETRIES,
  isIdempotentMethod,
  parseRetryAfter,
  retryDelayCeiling,
  shouldRetry,
} from './retry';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null;

export interface TransportRequest {
  method: HttpMethod;
  /**
   * Starts with `/rest` (or `/metadata`, `/graphql`). With `url` it only names the call in logs and
   * errors, so a signed URL's token never reaches a log line.
   */
  path: string;
  /**
   * An absolute signed URL (file upload target, file download): sent as is, WITHOUT the API key —
   * Twenty authorises these by the token in the URL, and S3 refuses a request with a second credential.
   */
  url?: string;
  /**
   * Bytes sent as they are, with their exact Content-Length (file uploads): a Buffer, or a stream
   * opened afresh for every attempt (so a retry sends the whole file again) with its size.
   */
  rawBody?: Buffer | RawStream;
  /** `buffer`: the answer's bytes; `stream`: a Readable of them (file downloads); default JSON. */
  responseType?: 'json' | 'buffer' | 'stream';
  /** Overrides whether the call spends a token of the shared limiter (default: see isMetered). */
  metered?: boolean;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Overrides the method's default (POST = not idempotent). */
  idempotent?: boolean;
  headers?: Record<string, string>;
}

/** A body too big to hold in memory: its size, and a way to read it from the start, once per attempt. */
export interface RawStream {
  size: number;
  open(): Readable | Promise<Readable>;
}

export interface TransportLogger {
  debug(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface TransportOptions {
  url: string;
  apiKey: string;
  limiter: RateLimiter;
  timeoutMs: number;
  deadlineMs: number;
  maxRetries?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  random?: () => number;
  clock?: LimiterClock;
  logger?: TransportLogger;
}

export interface TransportStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

export interface Transport {
  request(req: TransportRequest): Promise<unknown>;
  requestParsed<S extends z.ZodType>(req: TransportRequest, schema: S, expected: string): Promise<z.infer<S>>;
  stats(): TransportStats;
}

export function buildQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  // encodeURIComponent, not axios' params serializer: that one writes spaces as "+" and leaves
  // brackets and colons raw, which is fine for Twenty but makes the filter harder to read back in logs.
  const parts = Object.entries(query)
    .filter(
      (entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null,
    )
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export function createTransport(options: TransportOptions): Transport {
  const clock = options.clock ?? systemClock;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const stats: TransportStats = { requests: 0, retries: 0, rateLimited: 0 };
  const http: AxiosInstance = axios.create({
    baseURL: options.url.replace(/\/+$/, ''),
    headers: { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' },
    // Statuses are ours to interpret; axios should only throw when no answer came.
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
    maxRedirects: 0,
  });
  // Signed URLs carry their own token; a download may be redirected to object storage.
  const anonymous: AxiosInstance = axios.create({
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
    maxRedirects: 5,
  });

  const sendOnce = async (req: TransportRequest, timeoutMs: number): Promise<AxiosResponse> => {
    const url = req.url ?? `${req.path}${buildQueryString(req.query)}`;
    let headers = req.headers;
    let data: unknown = req.body;
    if (req.rawBody !== undefined) {
      const raw = req.rawBody;
      data = Buffer.isBuffer(raw) ? raw : await raw.open();
      headers = {
        'Content-Type': 'application/octet-stream',
        ...req.headers,
        'Content-Length': String(Buffer.isBuffer(raw) ? raw.length : raw.size),
      };
    } else if (req.body !== undefined) {
      headers = { 'Content-Type': 'application/json', ...req.headers };
    }
    try {
      return await (req.url === undefined ? http : anonymous).request({
        method: req.method,
        url,
        data,
        timeout: Math.max(1, Math.floor(timeoutMs)),
        headers,
        // Uploads go up to Twenty's 100 MB limit; axios' default body cap (10 MB) would cut them.
        maxBodyLength: Number.POSITIVE_INFINITY,
        maxContentLength: Number.POSITIVE_INFINITY,
        responseType:
          req.responseType === 'buffer' ? 'arraybuffer' : req.responseType === 'stream' ? 'stream' : 'json',
      });
    } catch (cause) {
      if (isAxiosError(cause) && (cause.code === 'ETIMEDOUT' || cause.code === 'ECONNABORTED')) {
        throw new TwentyTimeoutError({ method: req.method, path: req.path, timeoutMs, cause });
      }
      const networkCode = isAxiosError(cause)
        ? ((cause.cause as { code?: string } | undefined)?.code ?? cause.code)
        : undefined;
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new TwentyNetworkError({ method: req.method, path: req.path, networkCode, detail, cause });
    }
  };

  /**
   * Twenty meters record traffic only (C13): the metadata API (objects, fields), webhooks and API
   * keys spend no tokens, so provisioning dozens of fields does not wait a minute per hundred.
   */
  const isMetered = (path: string) => !/^\/rest\/(metadata|webhooks|apiKeys)(\/|\?|$)/.test(path);

  const request = async (req: TransportRequest): Promise<unknown> => {
    const idempotent = req.idempotent ?? isIdempotentMethod(req.method);
    const metered = req.metered ?? (req.url === undefined && isMetered(req.path));
    let startedAt: number | undefined;
    let retries = 0;
    let lastFailure: TwentyError | undefined;
    for (;;) {
      if (metered) await options.limiter.acquire();
      // The deadline starts with the first send: a long queue in a shared limiter is not this call's failure.
      startedAt ??= clock.now();
      const remaining = options.deadlineMs - (clock.now() - startedAt);
      if (remaining <= 0) {
        throw new TwentyDeadlineExceededError({
          method: req.method,
          path: req.path,
          deadlineMs: options.deadlineMs,
          attempts: retries,
          lastError: lastFailure,
        });
      }
      const timeoutMs = Math.min(options.timeoutMs, remaining);
      stats.requests++;
      let failure: TwentyError;
      let status: number | undefined;
      let retryAfterMs: number | undefined;
      try {
        const response = await sendOnce(req, timeoutMs);
        if (response.status < 400)
          return req.responseType === 'buffer' ? Buffer.from(response.data as ArrayBuffer) : response.data;
        if (req.responseType === 'stream') response.data = await drain(response.data as Readable);
        status = response.status;
        const requestId = headerValue(response.headers, 'x-request-id');
        failure = errorFromResponse({
          status,
          body: req.responseType === 'json' || !req.responseType ? response.data : bufferBody(response.data),
          method: req.method,
          path: req.path,
          requestId,
          attempts: retries + 1,
          apiKey: options.apiKey,
        });
        retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'), Date.now());
      } catch (error) {
        if (!(error instanceof TwentyError)) throw error;
        if (error instanceof TwentyTimeoutError && timeoutMs < options.timeoutMs) {
          throw new TwentyDeadlineExceededError({
            method: req.method,
            path: req.path,
            deadlineMs: options.deadlineMs,
            attempts: retries + 1,
            lastError: error,
          });
        }
        failure = error;
      }

      lastFailure = failure;
      const rateLimited = failure instanceof TwentyRateLimitError;
      if (rateLimited) stats.rateLimited++;
      const retry = shouldRetry({
        attempt: retries,
        maxRetries,
        status: rateLimited ? 429 : status,
        networkError: status === undefined,
        idempotent,
      });
      if (!retry) throw failure;
      const delay = computeRetryDelay({
        attempt: retries,
        retryAfterMs,
        baseMs: options.retryBaseMs,
        capMs: options.retryCapMs,
        random: options.random,
      });
      if (rateLimited) {
        // Everyone sharing the limiter backs off, not only this caller.
        options.limiter.penalize(
          retryAfterMs ??
            retryDelayCeiling({ attempt: retries, baseMs: options.retryBaseMs, capMs: options.retryCapMs }),
        );
        options.logger?.warn(
          { method: req.method, path: req.path, attempt: retries + 1, delayMs: Math.round(delay) },
          'twenty rate limit reached',
        );
      } else {
        options.logger?.debug(
          {
            method: req.method,
            path: req.path,
            status,
            code: failure.code,
            attempt: retries + 1,
            delayMs: Math.round(delay),
          },
          'retrying twenty request',
        );
      }
      if (clock.now() - startedAt + delay >= options.deadlineMs) {
        throw new TwentyDeadlineExceededError({
          method: req.method,
          path: req.path,
          deadlineMs: options.deadlineMs,
          attempts: retries + 1,
          lastError: failure,
        });
      }
      await clock.sleep(delay);
      retries++;
      stats.retries++;
    }
  };

  return {
    request,
    async requestParsed(req, schema, expected) {
      const body = await request(req);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map(
          (i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`,
        );
        throw new TwentyResponseShapeError({ method: req.method, path: req.path, expected, issues });
      }
      return parsed.data;
    },
    stats: () => ({ ...stats }),
  };
}

function headerValue(headers: AxiosResponse['headers'], name: string): string | undefined {
  const value: unknown = headers?.[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** An error answer that came as a stream, read whole (it is small). */
async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** An error answer to a binary request, read back as JSON when it is JSON. */
function bufferBody(data: unknown): unknown {
  if (!(data instanceof ArrayBuffer) && !Buffer.isBuffer(data)) return data;
  const text = Buffer.from(data as ArrayBuffer).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
