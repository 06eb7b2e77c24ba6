/**
 * How CLI commands find their workspace: the configured Twenty
 * (TWENTY_URL + TWENTY_API_KEY) or, without one, the devhost that `npm start`
 * or `realty devhost` runs (its key is in $REALTY_HOME/devhost/api-key). Also
 * the secrets the project generates once when the environment does not set
 * them — the webhook secret and the staff token secret: in the shared store
 * with REALTY_DATABASE_URL (every instance the same), else in
 * $REALTY_HOME/secrets.json (mode 0600).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { TwentyConnection } from '../plugins/core/runtime/index';
import type { RealtyConfig } from '../plugins/core/settings/index';
import { sharedSecretsAt } from '../plugins/core/store/index';
import { createTwentyClient, type TwentyClient } from '../sdk/index';
import { CliUsageError } from './cli-support';

export function devhostKeyFile(config: RealtyConfig): string {
  return join(config.home, 'devhost', 'api-key');
}

export function devhostUrl(config: RealtyConfig): string {
  return `http://127.0.0.1:${config.devhostPort}`;
}

export function resolveTwenty(config: RealtyConfig): TwentyConnection & { isDevhost: boolean } {
  if (config.twentyUrl && config.twentyApiKey)
    return { url: config.twentyUrl, apiKey: config.twentyApiKey, isDevhost: false };
  const file = devhostKeyFile(config);
  if (!existsSync(file)) {
    throw new CliUsageError(
      `no Twenty workspace: set TWENTY_URL and TWENTY_API_KEY, or start the embedded host first (npm start, or realty devhost) — ${file} does not exist`,
    );
  }
  return { url: devhostUrl(config), apiKey: readFileSync(file, 'utf8').trim(), isDevhost: true };
}

const DEVHOST_PROBE_TIMEOUT_MS = 1_500;

/**
 * resolveTwenty, and for devhost a quick probe first: the key file outlives the
 * process that wrote it, and without the probe a command would spend the
 * client's whole retry budget on a refused connection before saying so.
 */
export async function connectTwenty(
  config: RealtyConfig,
): Promise<TwentyConnection & { isDevhost: boolean }> {
  const twenty = resolveTwenty(config);
  if (!twenty.isDevhost) return twenty;
  try {
    await fetch(`${twenty.url}/healthz`, { signal: AbortSignal.timeout(DEVHOST_PROBE_TIMEOUT_MS) });
  } catch {
    throw new CliUsageError(
      `the embedded Twenty (devhost) does not answer on ${twenty.url}: start it with \`npm start\` (or \`realty devhost\`) in another terminal, or set TWENTY_URL and TWENTY_API_KEY`,
    );
  }
  return twenty;
}

/** A command's own Twenty client: the workspace it reaches, paced at TWENTY_RATE_LIMIT. */
export async function connectTwentyClient(
  config: RealtyConfig,
): Promise<{ twenty: TwentyConnection & { isDevhost: boolean }; client: TwentyClient }> {
  const twenty = await connectTwenty(config);
  const client = createTwentyClient({
    url: twenty.url,
    apiKey: twenty.apiKey,
    rateLimit: { requestsPerMinute: config.twentyRateLimit },
  });
  return { twenty, client };
}

const secretsFile = z.object({ webhookSecret: z.string().min(16), staffSecret: z.string().min(32) });
export type LocalSecrets = z.infer<typeof secretsFile>;

const generateSecrets = (): LocalSecrets => ({
  webhookSecret: randomBytes(24).toString('hex'),
  staffSecret: randomBytes(32).toString('hex'),
});

/** The install's secrets.json, if it has one (a damaged file is an error, not a reason to replace it). */
function readSecretsFile(file: string): LocalSecrets | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = secretsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new CliUsageError(
      `${file} is damaged (${parsed.error.issues[0]?.message}); delete it to generate new secrets`,
    );
  return parsed.data;
}

/**
 * Environment first (TWENTY_WEBHOOK_SECRET, STAFF_JWT_SECRET). Otherwise the secrets the project
 * generates: with REALTY_DATABASE_URL in the store every instance shares (created once, so a staff
 * token from one instance is accepted by another and the one webhook's secret is known to all; an
 * install that had a secrets.json offers its values, so the first instance to move keeps them); with
 * the embedded store — one instance by construction — in $REALTY_HOME/secrets.json (created on first use).
 */
export async function resolveSecrets(config: RealtyConfig): Promise<LocalSecrets> {
  const configured = { webhookSecret: config.twentyWebhookSecret, staffSecret: config.staffJwtSecret };
  if (configured.webhookSecret && configured.staffSecret)
    return { webhookSecret: configured.webhookSecret, staffSecret: configured.staffSecret };
  const file = join(config.home, 'secrets.json');
  if (config.databaseUrl) {
    const shared = await sharedSecretsAt(config.databaseUrl, readSecretsFile(file) ?? generateSecrets());
    return {
      webhookSecret: configured.webhookSecret ?? shared.webhookSecret,
      staffSecret: configured.staffSecret ?? shared.staffSecret,
    };
  }
  let stored = readSecretsFile(file);
  if (!stored) {
    stored = generateSecrets();
    mkdirSync(config.home, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    webhookSecret: configured.webhookSecret ?? stored.webhookSecret,
    staffSecret: configured.staffSecret ?? stored.staffSecret,
  };
}
