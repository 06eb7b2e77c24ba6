/**
 * Error texts shown to admins (the health report, dead letters) pass through
 * here first: a driver's error can quote a connection string, a client's can
 * quote an Authorization header. What is removed: the password of a URL
 * (`postgres://user:***@host/db`), `password=…`-style pairs, bearer tokens,
 * JWTs, long API-key-looking values and every secret the deployment configured.
 */

import type { RealtyConfig } from '../settings/config';

export const REDACTED = '***';

/** Configured secrets shorter than this are not searched for: "abc" would blank ordinary words. */
export const MIN_KNOWN_SECRET_LENGTH = 6;

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s/@]+)@/gi;
const SECRET_PAIRS =
  /\b(password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|client[_-]?secret)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,'"]+)/gi;
const BEARER = /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
// Vendor key shapes (sk_live_…, ghp_…, xoxb-…); Twenty's API keys are JWTs, caught above.
const API_KEY = /\b(?:sk|pk|rk|ghp|gho|xox[abp])[_-][A-Za-z0-9_-]{12,}\b/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with secrets and credentials replaced by `***`; the rest of the message stays readable. */
export function redactSecrets(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole; URL-encoded forms too.
  const secrets = knownSecrets
    .filter((s): s is string => typeof s === 'string' && s.length >= MIN_KNOWN_SECRET_LENGTH)
    .flatMap((s) => [s, encodeURIComponent(s)])
    .sort((a, b) => b.length - a.length);
  for (const secret of secrets) out = out.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
  return out
    .replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`)
    .replace(SECRET_PAIRS, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`)
    .replace(BEARER, (_m, word: string) => `${word} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(API_KEY, REDACTED);
}

/** The secrets a configuration holds (and the password inside its database URL), for redactSecrets. */
export function configuredSecrets(
  config: Pick<RealtyConfig, 'twentyApiKey' | 'twentyWebhookSecret' | 'staffJwtSecret' | 'databaseUrl'> & {
    embed?: { appSecret?: string };
  },
  extra: readonly (string | undefined)[] = [],
): string[] {
  const secrets = [
    config.twentyApiKey,
    config.twentyWebhookSecret,
    config.staffJwtSecret,
    config.embed?.appSecret,
    ...extra,
  ];
  if (config.databaseUrl) {
    try {
      const password = new URL(config.databaseUrl).password;
      if (password) secrets.push(decodeURIComponent(password));
    } catch {
      // Not a URL: config validation refuses it at start; the URL pattern above still applies.
    }
  }
  return [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s !== ''))];
}
