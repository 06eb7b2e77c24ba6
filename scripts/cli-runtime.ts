/**
 * What CLI commands need to reach the project: validated configuration with
 * every enabled plugin's settings (REALTY_PLUGINS chooses the plugins; all
 * problems reported at once), the workspace connection, the install's
 * secrets, and either the running app (when `realty start` is up it owns the
 * embedded store, so operations go through its admin API) or a runtime opened
 * in this process.
 */

import {
  createStaffSessions,
  issueStaffToken,
  type StaffIdentity,
  type StaffSessions,
} from '../plugins/core/auth/index';
import {
  createRegistry,
  DeclarationError,
  type PluginDefinition,
  type PluginRegistry,
  selectPlugins,
} from '../plugins/core/plugin/index';
import { createLogger, type Logger, openRuntime, type Runtime } from '../plugins/core/runtime/index';
import {
  ConfigError,
  type Env,
  loadConfig,
  type PluginSettings,
  parsePluginSettings,
  type RealtyConfig,
} from '../plugins/core/settings/index';
import { allPlugins } from '../plugins/index';
import { CLI_OPERATOR_MEMBER_ID } from '../webhooks/staff-session';
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
  /**
   * The install's secrets, resolved on first use (environment, the shared store, or REALTY_HOME):
   * `(await ctx.secrets).staffSecret`.
   */
  secrets: LocalSecrets | Promise<LocalSecrets>;
  /** The plugins this deployment runs (REALTY_PLUGINS with their dependencies), in dependency order. */
  registry: PluginRegistry;
  /** Every enabled plugin's parsed settings. */
  settings: PluginSettings;
}

/** REALTY_PLUGINS as written, for choosing plugins when the rest of the configuration is broken. */
function pluginNamesOf(env: Env): string[] | undefined {
  const names = env.REALTY_PLUGINS?.split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return names && names.length > 0 ? names : undefined;
}

/**
 * The enabled plugins for a list of names, or every installed plugin when the names are unusable
 * (their problem is reported with the configuration's).
 */
export function enabledPlugins(names: readonly string[] | undefined): {
  plugins: PluginDefinition[];
  problems: string[];
} {
  try {
    return { plugins: selectPlugins(allPlugins, names), problems: [] };
  } catch (error) {
    if (!(error instanceof DeclarationError)) throw error;
    return { plugins: [...allPlugins], problems: error.problems.map((p) => `REALTY_PLUGINS: ${p}`) };
  }
}

/**
 * The core configuration, the choice of plugins and every enabled plugin's settings, validated
 * together: one ConfigError with a line per bad variable, whichever part it belongs to.
 */
export function loadCliSettings(env: Env = process.env): {
  config: RealtyConfig;
  registry: PluginRegistry;
  settings: PluginSettings;
} {
  const problems: string[] = [];
  let config: RealtyConfig | undefined;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const chosen = enabledPlugins(config ? config.plugins : pluginNamesOf(env));
  // Names loadConfig already refused are not reported twice.
  if (config) problems.push(...chosen.problems);
  const registry = createRegistry(chosen.plugins);
  const parsed = parsePluginSettings(registry.settings, env);
  problems.push(...parsed.problems);
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return { config, registry, settings: parsed.settings };
}

export function cliContext(): CliContext {
  const { config, registry, settings } = loadCliSettings(process.env);
  let secrets: Promise<LocalSecrets> | undefined;
  return {
    config,
    registry,
    settings,
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

/** True when this install's app server answers (its /healthz says `{ ok }`). */
export async function appServerRunning(config: RealtyConfig): Promise<boolean> {
  try {
    const res = await fetch(`${appUrl(config)}/healthz`, { signal: AbortSignal.timeout(1_500) });
    // `/healthz` answers `{ ok }` only (200, or 503 while Twenty is down — the app still holds the store).
    const body = (await res.json()) as { ok?: unknown };
    return typeof body.ok === 'boolean';
  } catch {
    return false;
  }
}

/** The operator the running app sees when the CLI calls it (logs, importBatch.uploadedBy). */
export const CLI_OPERATOR = { memberId: CLI_OPERATOR_MEMBER_ID, email: 'cli@localhost' } as const;
const OPERATOR_TOKEN_TTL = '15m';

/** A short-lived admin token for the running app (same install secret). */
export async function operatorToken(ctx: Pick<CliContext, 'secrets'>): Promise<string> {
  return issueStaffToken(
    { ...CLI_OPERATOR, role: 'admin' },
    { secret: (await ctx.secrets).staffSecret, ttl: OPERATOR_TOKEN_TTL },
  );
}

/** Calls the running app's admin API with an operator token; answers the parsed JSON. */
export async function callAppAdmin<T>(
  ctx: CliContext,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${appUrl(ctx.config)}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await operatorToken(ctx)}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.ok) return (await res.json()) as T;
  // The one error body: { status, code, message, field?, row? }.
  const json = (await res.json().catch(() => ({}))) as { message?: string };
  const detail = json.message ?? `HTTP ${res.status}`;
  // 4xx: the request was wrong (unknown job, no such dead letter) — a usage error, not a crash.
  if (res.status < 500) throw new CliUsageError(detail);
  throw new AppError(`the running app (${appUrl(ctx.config)}) failed: ${detail}`);
}

/** A runtime in this process without worker or scheduler (for one operation), closed afterwards. */
export async function withLocalRuntime<T>(ctx: CliContext, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime({
    config: ctx.config,
    plugins: ctx.registry.plugins,
    settings: ctx.settings,
    twenty: await connectTwenty(ctx.config),
    webhookSecret: (await ctx.secrets).webhookSecret,
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

/** A sign-in link: a one-time code (≤ 10 minutes), spent for a session by `/auth/login`. */
export function signInLink(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/$/, '')}/auth/login?code=${encodeURIComponent(code)}`;
}

/**
 * A one-time sign-in code for the member: through the running app's admin API when it is up (it owns
 * the embedded store), else written to the store directly.
 */
export async function issueSignInCode(ctx: CliContext, identity: StaffIdentity): Promise<string> {
  return viaAppOrLocal(
    ctx,
    async () =>
      (await callAppAdmin<{ code: string }>(ctx, 'POST', '/api/admin/sessions/sign-in-code', identity)).code,
    async (runtime) => (await sessionsOf(ctx, runtime).issueCode(identity)).code,
  );
}

/** Ends every session of the member (by e-mail); answers how many were open. */
export async function revokeStaffSessions(ctx: CliContext, email: string): Promise<number> {
  return viaAppOrLocal(
    ctx,
    async () =>
      (await callAppAdmin<{ ended: number }>(ctx, 'POST', '/api/admin/sessions/revoke', { email })).ended,
    (runtime) => sessionsOf(ctx, runtime).revokeMember(email),
  );
}

export function sessionsOf(ctx: Pick<CliContext, 'config'>, runtime: Runtime): StaffSessions {
  return createStaffSessions({
    sql: runtime.store.sql,
    ttlMs: ctx.config.staffSessionTtlMs,
    now: () => runtime.store.clock.now(),
  });
}
