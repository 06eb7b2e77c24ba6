/**
 * The environment, validated once at start-up. `loadConfig` reports every
 * problem together — one line per variable, saying what is expected — and
 * never repeats a secret's value back, so the lines are safe to print.
 */
import { z } from 'zod';
import { type EmbedRoles, parseEmbedRoles } from '../auth/embed-token';
import { LOG_LEVELS, type LogLevel } from '../runtime/logger';

export interface PartnerJwtKey {
  kid: string;
  secret: string;
}

export interface RealtyConfig {
  /** Absent: `npm start` runs devhost and uses its URL and key. */
  twentyUrl?: string;
  twentyApiKey?: string;
  twentyWebhookSecret?: string;
  /**
   * TWENTY_RATE_LIMIT: the record requests a minute the workspace allows API keys (Twenty's
   * API_RATE_LIMITING_LONG_LIMIT, default 100). Every client of the project paces itself to it; the
   * embedded devhost of `realty start` allows as many unless API_RATE_LIMITING_LONG_LIMIT says otherwise.
   */
  twentyRateLimit: number;
  /** Absent: the store is embedded PGlite under `${home}/store`. */
  databaseUrl?: string;
  home: string;
  port: number;
  devhostPort: number;
  /** How Twenty reaches this app's webhook intake. */
  publicUrl: string;
  staffJwtSecret?: string;
  /** STAFF_SESSION_TTL: how long a staff sign-in lasts without use (sliding; default 8h). */
  staffSessionTtlMs: number;
  /** The first key signs; all verify (rotation by `kid`). */
  partnerJwtKeys: PartnerJwtKey[];
  logLevel: LogLevel;
  /**
   * REALTY_INTAKE_JOURNAL: where webhook deliveries become durable before the answer. Absent: beside
   * the embedded store, none with REALTY_DATABASE_URL; `off`: none; a directory: that one.
   */
  intakeJournal?: string;
  /** REALTY_PLUGINS: the plugins this deployment runs (with their dependencies); absent = all installed. */
  plugins?: string[];
  /** Pages inside Twenty's UI (docs/readme/embed.md). */
  embed: EmbedConfig;
}

export interface EmbedConfig {
  /** TWENTY_APP_SECRET: shared with the exported Twenty app, whose logic function signs embed tokens. */
  appSecret?: string;
  /** REALTY_EMBED_ROLES: the role a workspace member gets in embedded pages, by e-mail. */
  roles: EmbedRoles;
  /** REALTY_EMBED_ORIGINS: Twenty's UI origins besides TWENTY_URL's that may frame the pages (CSP frame-ancestors). */
  frameOrigins: string[];
}

/** The name docs/interfaces.md uses for the same type. */
export type Config = RealtyConfig;

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  /** One line per problem, each starting with the variable's name. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type Env = Record<string, string | undefined>;

const MIN_SECRET_LENGTH = 16;
const MIN_JWT_SECRET_LENGTH = 32;
/** Twenty's default API-key limit: 100 record requests a minute per workspace (contract C13). */
export const DEFAULT_TWENTY_RATE_LIMIT = 100;

export const DEFAULT_STAFF_SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const DURATION_UNITS_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `8h`, `1d` in milliseconds; undefined when it is not such a duration. */
export function parseDuration(value: string): number | undefined {
  const match = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * (DURATION_UNITS_MS[match[2] ?? ''] ?? 0);
  return ms > 0 ? ms : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
  } catch {
    return false;
  }
}

/** Quotes a non-secret value for a message, cut short so a pasted blob stays readable. */
function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

// Empty strings count as unset: `FOO= npm start` and a blank line in .env mean "not given".
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envShape = z.object({
  TWENTY_URL: optional,
  TWENTY_API_KEY: optional,
  TWENTY_WEBHOOK_SECRET: optional,
  TWENTY_RATE_LIMIT: optional,
  REALTY_DATABASE_URL: optional,
  REALTY_HOME: optional,
  PORT: optional,
  DEVHOST_PORT: optional,
  PUBLIC_URL: optional,
  STAFF_JWT_SECRET: optional,
  STAFF_SESSION_TTL: optional,
  PARTNER_JWT_KEYS: optional,
  LOG_LEVEL: optional,
  REALTY_INTAKE_JOURNAL: optional,
  REALTY_PLUGINS: optional,
  TWENTY_APP_SECRET: optional,
  REALTY_EMBED_ROLES: optional,
  REALTY_EMBED_ORIGINS: optional,
});

function parsePort(name: string, value: string | undefined, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) {
    problems.push(`${name}: expected a TCP port number 1-65535, got ${shown(value)}`);
    return fallback;
  }
  return n;
}

/** `kid1:secret1,kid2:secret2` — the first pair signs new tokens, every pair verifies. */
function parsePartnerKeys(value: string | undefined, problems: string[]): PartnerJwtKey[] {
  if (value === undefined) return [];
  const keys: PartnerJwtKey[] = [];
  const seen = new Set<string>();
  value.split(',').forEach((pair, index) => {
    const colon = pair.indexOf(':');
    const kid = colon > 0 ? pair.slice(0, colon).trim() : '';
    const secret = colon > 0 ? pair.slice(colon + 1).trim() : '';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(kid) || secret === '') {
      problems.push(
        `PARTNER_JWT_KEYS: entry ${index + 1} is not "kid:secret" (kid of letters, digits, _ . -); expected e.g. "2025a:<secret>,2024b:<old secret>"`,
      );
      return;
    }
    if (secret.length < MIN_JWT_SECRET_LENGTH) {
      problems.push(
        `PARTNER_JWT_KEYS: the secret of key "${kid}" is ${secret.length} characters; expected at least ${MIN_JWT_SECRET_LENGTH}`,
      );
      return;
    }
    if (seen.has(kid)) {
      problems.push(`PARTNER_JWT_KEYS: key id "${kid}" appears twice; each kid must be unique`);
      return;
    }
    seen.add(kid);
    keys.push({ kid, secret });
  });
  return keys;
}

export function loadConfig(env: Env = process.env): RealtyConfig {
  const problems: string[] = [];
  const e = envShape.parse(env);

  let twentyUrl: string | undefined;
  if (e.TWENTY_URL !== undefined) {
    if (isHttpUrl(e.TWENTY_URL)) twentyUrl = e.TWENTY_URL.replace(/\/+$/, '').replace(/\/rest$/, '');
    else
      problems.push(
        `TWENTY_URL: expected the workspace's http(s) base URL such as https://crm.example.com, got ${shown(e.TWENTY_URL)}`,
      );
  }
  if (e.TWENTY_URL !== undefined && e.TWENTY_API_KEY === undefined) {
    problems.push(
      'TWENTY_API_KEY: missing; expected the API key created in Twenty under Settings > APIs & Webhooks',
    );
  }
  // With a shared store (REALTY_DATABASE_URL) the project generates it there once, for every instance.
  if (
    e.TWENTY_URL !== undefined &&
    e.TWENTY_WEBHOOK_SECRET === undefined &&
    e.REALTY_DATABASE_URL === undefined
  ) {
    problems.push(
      "TWENTY_WEBHOOK_SECRET: missing; expected the secret the project's webhook is registered with (at least 16 characters), or REALTY_DATABASE_URL to keep a generated one in the shared store",
    );
  }
  if (e.TWENTY_WEBHOOK_SECRET !== undefined && e.TWENTY_WEBHOOK_SECRET.length < MIN_SECRET_LENGTH) {
    problems.push(
      `TWENTY_WEBHOOK_SECRET: is ${e.TWENTY_WEBHOOK_SECRET.length} characters; expected at least ${MIN_SECRET_LENGTH}`,
    );
  }
  // Never echo the database URL: it usually carries a password.
  if (e.REALTY_DATABASE_URL !== undefined && !isPostgresUrl(e.REALTY_DATABASE_URL)) {
    problems.push(
      'REALTY_DATABASE_URL: expected a postgres://user:password@host:5432/db URL (value not shown; it may hold a password)',
    );
  }

  let twentyRateLimit = DEFAULT_TWENTY_RATE_LIMIT;
  if (e.TWENTY_RATE_LIMIT !== undefined) {
    const n = Number(e.TWENTY_RATE_LIMIT);
    if (/^\d+$/.test(e.TWENTY_RATE_LIMIT) && n >= 1 && n <= 1_000_000) twentyRateLimit = n;
    else
      problems.push(
        `TWENTY_RATE_LIMIT: expected the requests a minute your Twenty allows API keys (its API_RATE_LIMITING_LONG_LIMIT), a whole number 1-1000000, got ${shown(e.TWENTY_RATE_LIMIT)}`,
      );
  }

  const port = parsePort('PORT', e.PORT, 4000, problems);
  const devhostPort = parsePort('DEVHOST_PORT', e.DEVHOST_PORT, 3000, problems);
  if (e.PORT !== undefined && port === devhostPort && twentyUrl === undefined) {
    problems.push(`PORT: ${port} is also DEVHOST_PORT; the app and devhost need different ports`);
  }

  let publicUrl = `http://localhost:${port}`;
  if (e.PUBLIC_URL !== undefined) {
    if (isHttpUrl(e.PUBLIC_URL)) publicUrl = e.PUBLIC_URL.replace(/\/+$/, '');
    else
      problems.push(
        `PUBLIC_URL: expected the http(s) URL at which Twenty reaches this app, such as https://realty.example.com, got ${shown(e.PUBLIC_URL)}`,
      );
  }

  if (e.STAFF_JWT_SECRET !== undefined && e.STAFF_JWT_SECRET.length < MIN_JWT_SECRET_LENGTH) {
    problems.push(
      `STAFF_JWT_SECRET: is ${e.STAFF_JWT_SECRET.length} characters; expected at least ${MIN_JWT_SECRET_LENGTH} random characters`,
    );
  }

  const partnerJwtKeys = parsePartnerKeys(e.PARTNER_JWT_KEYS, problems);

  let staffSessionTtlMs = DEFAULT_STAFF_SESSION_TTL_MS;
  if (e.STAFF_SESSION_TTL !== undefined) {
    const ms = parseDuration(e.STAFF_SESSION_TTL);
    if (ms !== undefined) staffSessionTtlMs = ms;
    else
      problems.push(
        `STAFF_SESSION_TTL: expected a duration such as 30m, 8h or 1d, got ${shown(e.STAFF_SESSION_TTL)}`,
      );
  }

  let logLevel: LogLevel = 'info';
  if (e.LOG_LEVEL !== undefined) {
    const level = e.LOG_LEVEL.toLowerCase();
    if ((LOG_LEVELS as readonly string[]).includes(level)) logLevel = level as LogLevel;
    else problems.push(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got ${shown(e.LOG_LEVEL)}`);
  }

  const plugins = e.REALTY_PLUGINS?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const name of plugins ?? []) {
    if (!/^[a-z][a-z0-9-]*$/.test(name))
      problems.push(
        `REALTY_PLUGINS: ${shown(name)} is not a plugin name; expected e.g. "registry,chessboard"`,
      );
  }

  if (e.TWENTY_APP_SECRET !== undefined && e.TWENTY_APP_SECRET.length < MIN_JWT_SECRET_LENGTH) {
    problems.push(
      `TWENTY_APP_SECRET: is ${e.TWENTY_APP_SECRET.length} characters; expected at least ${MIN_JWT_SECRET_LENGTH} random characters (the same value as the Twenty app's variable)`,
    );
  }
  const embedRoles = parseEmbedRoles(e.REALTY_EMBED_ROLES);
  problems.push(...embedRoles.problems);
  const frameOrigins: string[] = [];
  for (const origin of (e.REALTY_EMBED_ORIGINS ?? '').split(',').map((v) => v.trim())) {
    if (origin === '') continue;
    if (isHttpUrl(origin)) frameOrigins.push(new URL(origin).origin);
    else
      problems.push(
        `REALTY_EMBED_ORIGINS: ${shown(origin)} is not an http(s) origin; expected e.g. "https://myteam.twenty.com"`,
      );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    embed: {
      ...(e.TWENTY_APP_SECRET !== undefined ? { appSecret: e.TWENTY_APP_SECRET } : {}),
      roles: embedRoles.roles,
      frameOrigins,
    },
    ...(plugins && plugins.length > 0 ? { plugins } : {}),
    ...(e.REALTY_INTAKE_JOURNAL !== undefined ? { intakeJournal: e.REALTY_INTAKE_JOURNAL } : {}),
    ...(twentyUrl !== undefined ? { twentyUrl } : {}),
    ...(e.TWENTY_API_KEY !== undefined ? { twentyApiKey: e.TWENTY_API_KEY } : {}),
    ...(e.TWENTY_WEBHOOK_SECRET !== undefined ? { twentyWebhookSecret: e.TWENTY_WEBHOOK_SECRET } : {}),
    twentyRateLimit,
    ...(e.REALTY_DATABASE_URL !== undefined ? { databaseUrl: e.REALTY_DATABASE_URL } : {}),
    home: e.REALTY_HOME ?? '.realty',
    port,
    devhostPort,
    publicUrl,
    ...(e.STAFF_JWT_SECRET !== undefined ? { staffJwtSecret: e.STAFF_JWT_SECRET } : {}),
    staffSessionTtlMs,
    partnerJwtKeys,
    logLevel,
  };
}
