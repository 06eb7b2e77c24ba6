/**
 * How CLI commands find their workspace: the configured Twenty
 * (TWENTY_URL + TWENTY_API_KEY) or, without one, the devhost that `npm start`
 * or `realty devhost` runs (its key is in $REALTY_HOME/devhost/api-key). Also
 * the secrets a devhost install generates once and keeps in
 * $REALTY_HOME/secrets.json (mode 0600): the webhook secret and the staff
 * token secret. A configured workspace must set them in the environment.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { TwentyConnection } from '../plugins/core/runtime/index';
import type { RealtyConfig } from '../plugins/core/settings/index';
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

const secretsFile = z.object({ webhookSecret: z.string().min(16), staffSecret: z.string().min(32) });
export type LocalSecrets = z.infer<typeof secretsFile>;

/** Environment first; otherwise the install's own generated secrets (created on first use). */
export function resolveSecrets(config: RealtyConfig): LocalSecrets {
  const file = join(config.home, 'secrets.json');
  let stored: LocalSecrets | undefined;
  if (existsSync(file)) {
    const parsed = secretsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new CliUsageError(
        `${file} is damaged (${parsed.error.issues[0]?.message}); delete it to generate new secrets`,
      );
    stored = parsed.data;
  }
  const needGenerated = !config.twentyWebhookSecret || !config.staffJwtSecret;
  if (needGenerated && !stored) {
    stored = { webhookSecret: randomBytes(24).toString('hex'), staffSecret: randomBytes(32).toString('hex') };
    mkdirSync(config.home, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    webhookSecret: config.twentyWebhookSecret ?? stored!.webhookSecret,
    staffSecret: config.staffJwtSecret ?? stored!.staffSecret,
  };
}
