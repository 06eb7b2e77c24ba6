/**
 * The agencies plugin's own tables in the store (never in Twenty): password
 * hashes and lock-out counters, portal sessions and one-time password links
 * (both kept only as sha256 hashes), the generated signing key when
 * PARTNER_JWT_KEYS is unset, the access log, and the client details an agency
 * gave with a request (linked to a person in Twenty by a handler).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PluginStorage } from '../../core/access/index';
import { attemptWindowsTableSql } from '../../core/auth/index';
import type { PluginContext } from '../../core/plugin/index';
import type { PartnerKey } from './tokens';

export type Storage = Pick<PluginStorage, 'query'>;

export const AGENCIES_TABLES_SQL = `
create table if not exists agencies_credentials (
  user_id uuid primary key,
  hash text not null,
  failed_count integer not null default 0,
  locked_until timestamptz,
  updated_at timestamptz not null default now()
);
create table if not exists agencies_sessions (
  id_hash text primary key,
  user_id uuid not null,
  agency_id uuid not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index if not exists agencies_sessions_user on agencies_sessions (user_id);
create table if not exists agencies_password_links (
  token_hash text primary key,
  user_id uuid not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create table if not exists agencies_signing_keys (
  kid text primary key,
  secret text not null,
  created_at timestamptz not null default now()
);
create table if not exists agencies_access_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  user_id uuid,
  agency_id uuid,
  method text not null,
  route text not null,
  url text not null,
  status integer not null,
  code text,
  record_ids text[] not null default '{}',
  ip text,
  duration_ms real
);
create index if not exists agencies_access_log_agency_at on agencies_access_log (agency_id, at);
create table if not exists agencies_client_links (
  object text not null,
  record_id uuid not null,
  agency_id uuid not null,
  name text not null,
  phone text,
  email text,
  person_id uuid,
  created_at timestamptz not null default now(),
  primary key (object, record_id)
);
`;

export const agenciesTablesMigration = {
  id: 'agencies-tables-1',
  description:
    'the agencies plugin tables: credentials, sessions, password links, keys, access log, client links',
  async run(ctx: PluginContext) {
    await ctx.store.sql.exec(AGENCIES_TABLES_SQL);
  },
};

/** The gateway's rate-limit counters: in the store, so every instance counts one agency's requests together. */
export const AGENCIES_RATE_WINDOWS_TABLE = 'agencies_rate_windows';

export const agenciesRateWindowsMigration = {
  id: 'agencies-rate-windows-1',
  description: 'the partner gateway’s request and sign-in counters, shared by every instance',
  async run(ctx: PluginContext) {
    await ctx.store.sql.exec(attemptWindowsTableSql(AGENCIES_RATE_WINDOWS_TABLE));
  },
};

/** The store's SQL as a storage (commands, seeds, handlers run as the system). */
export function systemStorage(ctx: PluginContext): Storage {
  return {
    async query<R extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) {
      return (await ctx.store.sql.query<R>(text, [...params])).rows;
    },
  };
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const newSecret = () => randomBytes(32).toString('base64url');

const LOCAL_KID = 'local';

/** PARTNER_JWT_KEYS, or the store's generated key (created once). The first key signs. */
export async function signingKeys(
  configured: readonly PartnerKey[],
  storage: Storage,
): Promise<PartnerKey[]> {
  if (configured.length > 0) return [...configured];
  await storage.query(
    'insert into agencies_signing_keys (kid, secret) values ($1, $2) on conflict (kid) do nothing',
    [LOCAL_KID, newSecret()],
  );
  const rows = await storage.query<{ kid: string; secret: string }>(
    'select kid, secret from agencies_signing_keys order by created_at desc',
  );
  return rows.map((r) => ({ kid: r.kid, secret: r.secret }));
}

export interface CredentialRow {
  hash: string;
  failed_count: number;
  locked_until: Date | string | null;
}

export async function credentialOf(storage: Storage, userId: string): Promise<CredentialRow | undefined> {
  const rows = await storage.query<CredentialRow & Record<string, unknown>>(
    'select hash, failed_count, locked_until from agencies_credentials where user_id = $1::uuid',
    [userId],
  );
  return rows[0];
}

export async function setCredential(storage: Storage, userId: string, hash: string): Promise<void> {
  await storage.query(
    `insert into agencies_credentials (user_id, hash, failed_count, locked_until, updated_at)
     values ($1::uuid, $2, 0, null, now())
     on conflict (user_id) do update set hash = excluded.hash, failed_count = 0, locked_until = null, updated_at = now()`,
    [userId, hash],
  );
}

/** Counts a wrong password; locks the user when it is the `max`-th in a row. Returns the lock's end, if any. */
export async function recordFailure(
  storage: Storage,
  userId: string,
  options: { max: number; lockoutMinutes: number; now: Date },
): Promise<Date | undefined> {
  const rows = await storage.query<{ failed_count: number }>(
    `update agencies_credentials set failed_count = failed_count + 1, updated_at = $2
      where user_id = $1::uuid returning failed_count`,
    [userId, options.now],
  );
  const count = rows[0]?.failed_count ?? 0;
  if (count < options.max) return undefined;
  const until = new Date(options.now.getTime() + options.lockoutMinutes * 60_000);
  await storage.query(
    'update agencies_credentials set locked_until = $2, failed_count = 0 where user_id = $1::uuid',
    [userId, until],
  );
  return until;
}

export async function recordSuccess(storage: Storage, userId: string): Promise<void> {
  await storage.query(
    'update agencies_credentials set failed_count = 0, locked_until = null where user_id = $1::uuid',
    [userId],
  );
}

export interface SessionRow {
  user_id: string;
  agency_id: string;
  expires_at: Date | string;
  last_seen_at: Date | string;
}

export async function createSession(
  storage: Storage,
  subject: { userId: string; agencyId: string },
  options: { ttlMinutes: number; now: Date },
): Promise<{ id: string; expiresAt: Date }> {
  const id = newSecret();
  const expiresAt = new Date(options.now.getTime() + options.ttlMinutes * 60_000);
  await storage.query(
    `insert into agencies_sessions (id_hash, user_id, agency_id, created_at, last_seen_at, expires_at)
     values ($1, $2::uuid, $3::uuid, $4, $4, $5)`,
    [sha256(id), subject.userId, subject.agencyId, options.now, expiresAt],
  );
  return { id, expiresAt };
}

/** The live session of a cookie value, renewed (sliding) at most once a minute; undefined when ended. */
export async function resolveSession(
  storage: Storage,
  id: string,
  options: { ttlMinutes: number; now: Date },
): Promise<SessionRow | undefined> {
  const rows = await storage.query<SessionRow & Record<string, unknown>>(
    'select user_id::text as user_id, agency_id::text as agency_id, expires_at, last_seen_at from agencies_sessions where id_hash = $1',
    [sha256(id)],
  );
  const session = rows[0];
  if (!session || new Date(session.expires_at).getTime() <= options.now.getTime()) return undefined;
  if (options.now.getTime() - new Date(session.last_seen_at).getTime() > 60_000)
    await storage.query(
      'update agencies_sessions set last_seen_at = $2, expires_at = $3 where id_hash = $1',
      [sha256(id), options.now, new Date(options.now.getTime() + options.ttlMinutes * 60_000)],
    );
  return session;
}

export async function endSession(storage: Storage, id: string): Promise<void> {
  await storage.query('delete from agencies_sessions where id_hash = $1', [sha256(id)]);
}

/** Ends every session of a user (deactivation, password change); returns how many. */
export async function endSessionsOf(storage: Storage, userId: string): Promise<number> {
  const rows = await storage.query('delete from agencies_sessions where user_id = $1::uuid returning 1', [
    userId,
  ]);
  return rows.length;
}

export async function issuePasswordLink(
  storage: Storage,
  userId: string,
  options: { hours: number; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(options.now.getTime() + options.hours * 3_600_000);
  await storage.query(
    'update agencies_password_links set used_at = $2 where user_id = $1::uuid and used_at is null',
    [userId, options.now],
  );
  await storage.query(
    'insert into agencies_password_links (token_hash, user_id, expires_at) values ($1, $2::uuid, $3)',
    [sha256(token), userId, expiresAt],
  );
  return { token, expiresAt };
}

/** Spends a password link once; the user it was for, or undefined (unknown, used, expired). */
export async function spendPasswordLink(
  storage: Storage,
  token: string,
  now: Date,
): Promise<string | undefined> {
  const rows = await storage.query<{ user_id: string }>(
    `update agencies_password_links set used_at = $2
      where token_hash = $1 and used_at is null and expires_at > $2 returning user_id::text as user_id`,
    [sha256(token), now],
  );
  return rows[0]?.user_id;
}

export async function passwordLinkUser(
  storage: Storage,
  token: string,
  now: Date,
): Promise<string | undefined> {
  const rows = await storage.query<{ user_id: string }>(
    'select user_id::text as user_id from agencies_password_links where token_hash = $1 and used_at is null and expires_at > $2',
    [sha256(token), now],
  );
  return rows[0]?.user_id;
}

export interface AccessLogRow {
  userId: string | null;
  agencyId: string | null;
  method: string;
  route: string;
  url: string;
  status: number;
  code: string | null;
  recordIds: readonly string[];
  ip: string | null;
  durationMs: number;
}

export async function appendAccessLog(storage: Storage, row: AccessLogRow): Promise<void> {
  await storage.query(
    `insert into agencies_access_log (user_id, agency_id, method, route, url, status, code, record_ids, ip, duration_ms)
     values ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8::text[], $9, $10)`,
    [
      row.userId,
      row.agencyId,
      row.method,
      row.route,
      row.url.slice(0, 2000),
      row.status,
      row.code,
      [...row.recordIds],
      row.ip,
      Math.round(row.durationMs * 10) / 10,
    ],
  );
}

export interface ClientDetails {
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
}

export async function rememberClient(
  storage: Storage,
  link: { object: string; recordId: string; agencyId: string; client: ClientDetails },
): Promise<void> {
  await storage.query(
    `insert into agencies_client_links (object, record_id, agency_id, name, phone, email)
     values ($1, $2::uuid, $3::uuid, $4, $5, $6) on conflict (object, record_id) do nothing`,
    [
      link.object,
      link.recordId,
      link.agencyId,
      link.client.name,
      link.client.phone ?? null,
      link.client.email ?? null,
    ],
  );
}

/** Client details of records the caller may already see (ids it read through its reader). */
export async function clientsOf(
  storage: Storage,
  object: string,
  recordIds: readonly string[],
): Promise<Map<string, ClientDetails>> {
  if (recordIds.length === 0) return new Map();
  const rows = await storage.query<{
    record_id: string;
    name: string;
    phone: string | null;
    email: string | null;
  }>(
    `select record_id::text as record_id, name, phone, email from agencies_client_links
      where object = $1 and record_id = any($2::uuid[])`,
    [object, [...recordIds]],
  );
  return new Map(
    rows.map((r) => [
      r.record_id,
      { name: r.name, phone: r.phone ?? undefined, email: r.email ?? undefined },
    ]),
  );
}
