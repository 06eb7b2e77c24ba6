/**
 * The workspace a migration writes to, from the validated configuration:
 * TWENTY_URL + TWENTY_API_KEY, or the embedded devhost's URL and key file (the
 * same rule as every CLI command). A client of its own, paced at the rate
 * limit the admin gives (`--rate-limit`, default Twenty's 100 requests/minute).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RealtyConfig } from '../../plugins/core/index';
import { createTwentyClient, type TwentyClient } from '../../sdk/index';

export function migrationClient(
  config: RealtyConfig,
  requestsPerMinute: number,
): { client: TwentyClient; metadataClient: TwentyClient; url: string } {
  let url: string;
  let apiKey: string;
  if (config.twentyUrl && config.twentyApiKey) {
    url = config.twentyUrl;
    apiKey = config.twentyApiKey;
  } else {
    const file = join(config.home, 'devhost', 'api-key');
    if (!existsSync(file))
      throw new Error(
        `no Twenty workspace: set TWENTY_URL and TWENTY_API_KEY, or start the embedded host (npm start) — ${file} does not exist`,
      );
    url = `http://127.0.0.1:${config.devhostPort}`;
    apiKey = readFileSync(file, 'utf8').trim();
  }
  const client = createTwentyClient({
    url,
    apiKey,
    // Paced evenly (a second's share of the minute), so even the first minute never bursts past the limit.
    rateLimit: {
      requestsPerMinute,
      requestsPerSecond: Math.max(1, Math.min(100, Math.ceil(requestsPerMinute / 60))),
    },
    deadlineMs: 600_000,
    maxRetries: 10,
  });
  // The metadata API is not rate-limited (C13): creating fields and options does not wait for record tokens.
  const metadataClient = createTwentyClient({
    url,
    apiKey,
    limiter: false,
    deadlineMs: 600_000,
    maxRetries: 10,
  });
  return { client, metadataClient, url };
}
