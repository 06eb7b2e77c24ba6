import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTwentyClient } from '../../sdk/client';
import {
  TwentyApiError,
  TwentyAuthenticationError,
  TwentyDeadlineExceededError,
  TwentyNetworkError,
  TwentyNotFoundError,
  TwentyPermissionError,
  TwentyRateLimitError,
  TwentyResponseShapeError,
  TwentyTimeoutError,
  TwentyValidationError,
} from '../../sdk/errors';
import type { TwentyClientOptions } from '../../sdk/types';
import { type FakeTwenty, startFakeTwenty, twentyError } from './fake-twenty-server';

let server: FakeTwenty;
before(async () => {
  server = await startFakeTwenty();
});
after(async () => {
  await server.close();
});

const client = (extra: Partial<TwentyClientOptions> = {}) =>
  createTwentyClient({
    url: server.url,
    apiKey: 'test-api-key',
    limiter: false,
    retryBaseMs: 5,
    retryCapMs: 20,
    ...extra,
  });

const ok = { status: 200, body: { ok: true } };

describe('transport', () => {
  it('sends the API key as a bearer token to <url>/rest…', async () => {
    server.handle(() => ok);
    await client().request({
      method: 'GET',
      path: '/rest/units',
      query: { filter: 'name[eq]:"a b+c"', limit: 5 },
    });
    assert.equal(server.requests[0].headers.authorization, 'Bearer test-api-key');
    assert.equal(server.requests[0].path, '/rest/units');
    assert.equal(server.requests[0].query.get('filter'), 'name[eq]:"a b+c"');
    assert.equal(server.requests[0].query.get('limit'), '5');
  });

  it('retries a GET after 503 and returns the later success', async () => {
    server.handle((_req, i) => (i < 2 ? twentyError(503, 'ServiceUnavailableException', 'busy') : ok));
    const c = client();
    assert.deepEqual(await c.request({ method: 'GET', path: '/rest/units' }), { ok: true });
    assert.equal(server.requests.length, 3);
    assert.equal(c.stats().retries, 2);
  });

  it('retries a 429 even for a POST, counts it, and succeeds', async () => {
    server.handle((_req, i) =>
      i === 0 ? twentyError(429, 'HttpException', 'Limit reached (100 tokens per 60000 ms)') : ok,
    );
    const c = client();
    await c.request({ method: 'POST', path: '/rest/units', body: { name: 'x' } });
    assert.equal(server.requests.length, 2);
    assert.equal(c.stats().rateLimited, 1);
  });

  it('does not retry a POST after 503 unless it is idempotent', async () => {
    server.handle(() => twentyError(503, 'ServiceUnavailableException', 'busy'));
    await assert.rejects(client().request({ method: 'POST', path: '/rest/units', body: {} }), TwentyApiError);
    assert.equal(server.requests.length, 1);
    server.handle((_req, i) => (i === 0 ? twentyError(503, 'ServiceUnavailableException', 'busy') : ok));
    await client().request({ method: 'POST', path: '/rest/units', body: {}, idempotent: true });
    assert.equal(server.requests.length, 2);
  });

  it('waits at least Retry-After when the server sends one', async () => {
    server.handle((_req, i) =>
      i === 0 ? { ...twentyError(429, 'HttpException', 'slow down'), headers: { 'retry-after': '1' } } : ok,
    );
    const started = performance.now();
    await client().request({ method: 'GET', path: '/rest/units' });
    assert.ok(performance.now() - started >= 990, 'retried before Retry-After elapsed');
  });

  it('gives up after maxRetries with the last error', async () => {
    server.handle(() => twentyError(429, 'HttpException', 'Limit reached (100 tokens per 60000 ms)'));
    const error = await client({ maxRetries: 2 })
      .request({ method: 'GET', path: '/rest/units' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof TwentyRateLimitError);
    assert.equal(server.requests.length, 3);
    assert.equal(error.attempts, 3);
    assert.match(error.message, /rate limit/);
  });

  it('turns a slow answer into TwentyTimeoutError', async () => {
    server.handle(() => ({ ...ok, delayMs: 300 }));
    await assert.rejects(
      client({ timeoutMs: 50, maxRetries: 0 }).request({ method: 'GET', path: '/rest/units' }),
      (e: unknown) => e instanceof TwentyTimeoutError && e.timeoutMs === 50,
    );
  });

  it('stops retrying at the per-call deadline', async () => {
    server.handle(() => ({ ...twentyError(503, 'ServiceUnavailableException', 'busy'), delayMs: 30 }));
    const started = performance.now();
    await assert.rejects(
      client({ deadlineMs: 200, maxRetries: 100 }).request({ method: 'GET', path: '/rest/units' }),
      // The last attempt may be cut short by the deadline itself; either way the call retried and then stopped.
      (e: unknown) =>
        e instanceof TwentyDeadlineExceededError && e.attempts >= 2 && /busy|did not answer/.test(e.message),
    );
    assert.ok(performance.now() - started < 1000);
  });

  it('reports a refused connection as TwentyNetworkError', async () => {
    const c = createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'k', limiter: false, maxRetries: 0 });
    await assert.rejects(c.request({ method: 'GET', path: '/rest/units' }), TwentyNetworkError);
  });

  it('maps each status to its error class, with both body shapes', async () => {
    const cases: Array<[() => { status: number; body: unknown }, new (...args: never[]) => Error]> = [
      [
        () => twentyError(401, 'UnauthorizedException', 'Unauthorized') as { status: number; body: unknown },
        TwentyAuthenticationError,
      ],
      [
        () => ({ status: 403, body: { statusCode: 403, message: 'Forbidden resource', error: 'Forbidden' } }),
        TwentyAuthenticationError,
      ],
      [
        () =>
          twentyError(403, 'ForbiddenException', 'Permission denied on unit') as {
            status: number;
            body: unknown;
          },
        TwentyPermissionError,
      ],
      [
        () => twentyError(404, 'NotFoundException', 'Record not found') as { status: number; body: unknown },
        TwentyNotFoundError,
      ],
      [
        () =>
          twentyError(400, 'BadRequestException', 'Record not found') as { status: number; body: unknown },
        TwentyNotFoundError,
      ],
      [
        () =>
          twentyError(400, 'BadRequestException', "'filter' invalid") as { status: number; body: unknown },
        TwentyValidationError,
      ],
      [
        () => twentyError(500, 'InternalServerErrorException', 'boom') as { status: number; body: unknown },
        TwentyApiError,
      ],
    ];
    for (const [reply, ErrorClass] of cases) {
      server.handle(reply);
      const error = await client({ maxRetries: 0 })
        .request({ method: 'GET', path: '/rest/units' })
        .catch((e: unknown) => e);
      assert.ok(error instanceof ErrorClass, `${reply().status} → ${String(error)}`);
      assert.ok(error instanceof TwentyApiError);
      assert.equal(error.status, reply().status);
      assert.equal(error.method, 'GET');
      assert.equal(error.path, '/rest/units');
      assert.ok(error.messages.length > 0);
    }
  });

  it('diagnoses a rejected key with a fingerprint, never the key', async () => {
    server.handle(() => twentyError(401, 'UnauthorizedException', 'Unauthorized'));
    const error = await client()
      .request({ method: 'GET', path: '/rest/units' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof TwentyAuthenticationError);
    assert.match(
      error.message,
      /Twenty rejected the API key \(401.*check TWENTY_API_KEY; key fingerprint 4c80…/,
    );
    assert.ok(!error.message.includes('test-api-key'));
  });

  it('rejects a malformed envelope with TwentyResponseShapeError', async () => {
    server.handle(() => ({
      status: 200,
      body: { data: { units: 'not a list' }, totalCount: 1, pageInfo: { hasNextPage: false } },
    }));
    const records = client().records({ nameSingular: 'unit', namePlural: 'units' });
    await assert.rejects(
      records.list(),
      (e: unknown) => e instanceof TwentyResponseShapeError && /data\.units/.test(e.message),
    );
  });
});
