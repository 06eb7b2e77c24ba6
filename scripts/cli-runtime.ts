/**
 * What CLI commands need to reach the project: validated configuration, the
 * workspace connection, the install's secrets, and either the running app
 * (when `realty start` is up it owns the embedded store, so operations go
 * through its admin API) or a runtime opened in this process.
 */

import { issueStaffToken } from '../plugins/core/auth/index';
import { uuidV5 } from '../plugins/core/plugin/index';
import { createLogger, type Logger, openRuntime, type Runtime } from '../plugins/core/runtime/index';
import { loadConfig, type RealtyConfig } from '../plugins/core/settings/index';
import { allPlugins } from '../plugins/index';
import { CliUsageError, EXIT_FAILED } from './cli-support';
import { connectTwenty, type LocalSecrets, resolveSecrets } from './workspace';

/** The running app refused or failed an operation; its message is the whole story. */
export class AppError extends Error {
  readonly exitCode = EXIT_FAILED;
  readonly userFacing = true;
}

export interface CliContext {
  config: RealtyConfig;
  log: Logger;
  secrets: LocalSecrets;
}

export function cliContext(): CliContext {
  const config = loadConfig(process.env);
  let secrets: LocalSecrets | undefined;
  return {
    config,
    log: createLogger({ level: config.logLevel, name: 'realty' }),
    // Generated on first use, so a command refused for bad usage leaves REALTY_HOME untouched.
    get secrets() {
      secrets ??= resolveSecrets(config);
      return secrets;
    },
  };
}

export function appUrl(config: RealtyConfig): string {
  return `http://127.0.0.1:${config.port}`;
}

/** True when this install's app server answers (its /healthz lists the plugins). */
export async function appServerRunning(config: RealtyConfig): Promise<boolean> {
  try {
    const res = await fetch(`${appUrl(config)}/healthz`, { signal: AbortSignal.timeout(1_500) });
    const body = (await res.json()) as { plugins?: unknown };
    return Array.isArray(body.plugins);
  } catch {
    return false;
  }
}

export interface AppCall {
  method: 'GET' | 'POST';
  path: string;
  /** JSON body, or raw bytes with their content type. */
  body?: unknown;
  raw?: { bytes: Buffer; contentType: string };
  /** Who the app should see (importBatch.uploadedBy, logs); an operator by default. */
  actor?: string;
}

/** Calls the running app with a short-lived admin token; answers the parsed JSON. */
export async function callApp<T>(ctx: CliContext, call: AppCall): Promise<T> {
  const res = await fetchApp(ctx, call);
  const json = (await res.json()) as T;
  return json;
}

/** Calls the running app and answers the raw bytes (downloads). */
export async function callAppBytes(ctx: CliContext, call: AppCall): Promise<Buffer> {
  return Buffer.from(await (await fetchApp(ctx, call)).arrayBuffer());
}

async function fetchApp(ctx: CliContext, call: AppCall): Promise<Response> {
  const token = issueStaffToken(
    { memberId: uuidV5('realty-cli-operator'), email: call.actor ?? 'cli@localhost', role: 'admin' },
    { secret: ctx.secrets.staffSecret, ttl: '5m' },
  );
  const res = await fetch(`${appUrl(ctx.config)}${call.path}`, {
    method: call.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(call.raw ? { 'content-type': call.raw.contentType } : {}),
      ...(call.body !== undefined && !call.raw ? { 'content-type': 'application/json' } : {}),
    },
    body: call.raw
      ? new Uint8Array(call.raw.bytes)
      : call.body === undefined
        ? undefined
        : JSON.stringify(call.body),
  });
  if (res.ok) return res;
  const json = (await res.json().catch(() => ({}))) as { messages?: string[]; message?: string };
  const detail = json.messages?.join('; ') ?? json.message ?? `HTTP ${res.status}`;
  // 4xx: the request was wrong (unknown job, no such dead letter) — a usage error, not a crash.
  if (res.status < 500) throw new CliUsageError(detail);
  throw new AppError(`the running app (${appUrl(ctx.config)}) failed: ${detail}`);
}

/** Calls the running app's admin API with a short-lived operator token. */
export function callAppAdmin<T>(
  ctx: CliContext,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  return callApp<T>(ctx, { method, path, ...(body === undefined ? {} : { body }) });
}

/** A runtime in this process without worker or scheduler (for one operation), closed afterwards. */
export async function withLocalRuntime<T>(ctx: CliContext, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime({
    config: ctx.config,
    plugins: allPlugins,
    twenty: await connectTwenty(ctx.config),
    webhookSecret: ctx.secrets.webhookSecret,
    log: ctx.log,
    worker: false,
    scheduler: false,
  });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** Runs an operation through the running app when it is up, else in this process. */
export async function viaAppOrLocal<T>(
  ctx: CliContext,
  remote: () => Promise<T>,
  local: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  return (await appServerRunning(ctx.config)) ? remote() : withLocalRuntime(ctx, local);
}

export function signInLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/auth/login?token=${encodeURIComponent(token)}`;
}
