/**
 * `realty devhost`: devhost as a long-running process. Data lives in
 * `$REALTY_HOME/devhost/pgdata` (REALTY_HOME defaults to `.realty` in the
 * working directory) unless DEVHOST_DATABASE_URL names a Postgres server; the
 * admin API key is written to `$REALTY_HOME/devhost/api-key` so scripts can
 * reach devhost like any Twenty, and a restart reuses both.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Devhost, startDevhost } from './server';

export interface RunDevhostOptions {
  port?: number;
  log?: boolean;
  /**
   * Record requests a minute the workspace allows when API_RATE_LIMITING_LONG_LIMIT is not set
   * (`realty start` passes TWENTY_RATE_LIMIT, so the embedded host and the project's clients agree).
   */
  requestsPerMinute?: number;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

export interface PersistentDevhost {
  devhost: Devhost;
  keyFile: string;
  /** True when this start created the workspace's API key (first start on this data). */
  firstStart: boolean;
}

/** devhost on the install's data directory, its admin key kept in `$REALTY_HOME/devhost/api-key`. */
export async function openPersistentDevhost(
  options: RunDevhostOptions & { home?: string } = {},
): Promise<PersistentDevhost> {
  const home = path.resolve(options.home ?? (process.env.REALTY_HOME || '.realty'));
  const dir = path.join(home, 'devhost');
  await mkdir(dir, { recursive: true });
  const envPort = process.env.DEVHOST_PORT ? Number(process.env.DEVHOST_PORT) : undefined;
  const port = options.port ?? (Number.isInteger(envPort) ? envPort : 3000);
  const databaseUrl = process.env.DEVHOST_DATABASE_URL || undefined;
  const devhost = await startDevhost({
    port,
    host: process.env.DEVHOST_HOST || '127.0.0.1',
    databaseUrl,
    dataDir: databaseUrl ? undefined : path.join(dir, 'pgdata'),
    apiKey: process.env.DEVHOST_API_KEY || undefined,
    log: options.log ?? process.env.DEVHOST_LOG === 'true',
    ...(options.requestsPerMinute !== undefined && !process.env.API_RATE_LIMITING_LONG_LIMIT
      ? { rateLimit: { longLimit: options.requestsPerMinute } }
      : {}),
  });
  const keyFile = path.join(dir, 'api-key');
  const firstStart = (await readIfExists(keyFile)) !== devhost.apiKey;
  if (firstStart) await writeFile(keyFile, `${devhost.apiKey}\n`, { mode: 0o600 });
  return { devhost, keyFile, firstStart };
}

export async function runDevhost(options: RunDevhostOptions = {}): Promise<Devhost> {
  const { devhost, keyFile, firstStart } = await openPersistentDevhost(options);
  process.stdout.write(`devhost (Twenty-compatible) listening on ${devhost.url}\n`);
  if (firstStart) process.stdout.write(`API key (also in ${keyFile}):\n${devhost.apiKey}\n`);
  else process.stdout.write(`API key: see ${keyFile}\n`);
  const stop = () => {
    void devhost.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return devhost;
}
