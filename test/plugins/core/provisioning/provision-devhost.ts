/**
 * An in-memory devhost for provisioning tests, with the rate limit lifted:
 * these tests check what is created, not pacing (the sdk's own tests do).
 */
import { startDevhost } from '../../../../devhost/server';
import { createTwentyClient, type TwentyClient } from '../../../../sdk/index';

export type TestDevhost = Awaited<ReturnType<typeof startDevhost>>;

export function startTestDevhost(): Promise<TestDevhost> {
  return startDevhost({ port: 0, rateLimit: { shortLimit: 100_000, longLimit: 100_000 } });
}

export function devhostClient(host: TestDevhost): TwentyClient {
  return createTwentyClient({ url: host.url, apiKey: host.apiKey, limiter: false, maxRetries: 0 });
}
