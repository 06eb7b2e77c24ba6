import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { openPersistentDevhost } from '../../devhost/main';
import { TokenBucket, WorkspaceRateLimiter } from '../../devhost/rate-limit';
import { call, pick, startTestDevhost } from './http-helper';

describe('token buckets', () => {
  it('starts full, then admits exactly `limit` requests without time passing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 10, max: 100_000 }), (limit, ttl) => {
        const bucket = new TokenBucket(limit, ttl, () => 0);
        for (let i = 0; i < limit; i++) assert.equal(bucket.tryTake(), true);
        assert.equal(bucket.tryTake(), false);
      }),
    );
  });

  it('refills continuously at limit per ttl', () => {
    let now = 0;
    const bucket = new TokenBucket(100, 60_000, () => now);
    for (let i = 0; i < 100; i++) bucket.tryTake();
    now = 599;
    assert.equal(bucket.tryTake(), false);
    now = 600;
    assert.equal(bucket.tryTake(), true);
    assert.equal(bucket.tryTake(), false);
  });

  it('names the bucket that ran out in the 429 message', () => {
    let now = 0;
    const limiter = new WorkspaceRateLimiter(
      { shortLimit: 2, shortTtlMs: 1000, longLimit: 3, longTtlMs: 60_000 },
      () => now,
    );
    limiter.consume('w');
    limiter.consume('w');
    assert.throws(() => limiter.consume('w'), /Limit reached \(2 tokens per 1000 ms\)/);
    now = 5000;
    limiter.consume('w');
    assert.throws(() => limiter.consume('w'), /Limit reached \(3 tokens per 60000 ms\)/);
    limiter.consume('other workspace');
  });
});

describe('rate limit over HTTP', async () => {
  const devhost = await startTestDevhost({
    rateLimit: { shortLimit: 100, shortTtlMs: 1000, longLimit: 5, longTtlMs: 60_000 },
  });

  it('does not throttle the metadata API, as Twenty throttles only record operations', async () => {
    for (let i = 0; i < 8; i++)
      assert.equal((await call(devhost, 'GET', '/rest/metadata/objects')).status, 200);
  });

  it('answers 429 TooManyRequestsException without Retry-After once API-key traffic exceeds the limit', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await call(devhost, 'GET', '/rest/companies', undefined, null)).status, 401);
    for (let i = 0; i < 5; i++) assert.equal((await call(devhost, 'GET', '/rest/companies')).status, 200);
    const limited = await call(devhost, 'GET', '/rest/companies');
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.body, {
      statusCode: 429,
      error: 'TooManyRequestsException',
      messages: ['Limit reached (5 tokens per 60000 ms)'],
    });
    assert.equal(limited.headers.get('retry-after'), null);
    assert.equal(
      (await call(devhost, 'GET', '/rest/metadata/objects')).status,
      200,
      'the metadata API stays open when record operations are throttled',
    );
    assert.equal((await call(devhost, 'GET', '/healthz', undefined, null)).status, 200);
    assert.equal(pick(limited.body, 'statusCode'), 429);
  });
});

describe("the embedded host of `realty start` and the project's TWENTY_RATE_LIMIT", () => {
  const home = mkdtempSync(path.join(tmpdir(), 'devhost-rate-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  /** How many record requests in a row the host answers before its first 429, and that 429's message. */
  async function admitted(requestsPerMinute: number, dir: string): Promise<[number, string]> {
    const { devhost } = await openPersistentDevhost({
      home: path.join(home, dir),
      port: 0,
      requestsPerMinute,
    });
    try {
      for (let n = 0; n < 50; n++) {
        const reply = await call(devhost, 'GET', '/rest/companies');
        if (reply.status === 429) return [n, pick<string[]>(reply.body, 'messages')[0] ?? ''];
        assert.equal(reply.status, 200);
      }
      return [50, ''];
    } finally {
      await devhost.close();
    }
  }

  it('allows as many record requests a minute as the project spends (TWENTY_RATE_LIMIT)', async () => {
    assert.deepEqual(await admitted(4, 'a'), [4, 'Limit reached (4 tokens per 60000 ms)']);
  });

  it("keeps Twenty's own API_RATE_LIMITING_LONG_LIMIT when that is set", async () => {
    process.env.API_RATE_LIMITING_LONG_LIMIT = '2';
    try {
      assert.deepEqual(await admitted(4, 'b'), [2, 'Limit reached (2 tokens per 60000 ms)']);
    } finally {
      delete process.env.API_RATE_LIMITING_LONG_LIMIT;
    }
  });
});
