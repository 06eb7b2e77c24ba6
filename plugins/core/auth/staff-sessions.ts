/**
 * Staff sessions in the store: a sign-in link carries a one-time code (valid
 * ≤ 10 minutes) that is exchanged once for an opaque session id kept in the
 * browser's cookie. Only sha256 hashes of codes and ids are stored, so a copy
 * of the table opens nothing. A session lives `ttlMs` since its last use
 * (sliding, renewed at most once a minute to spare writes) and ends on sign-out
 * or when an admin revokes its member.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../../../db/database';
import { STAFF_ROLES, type StaffIdentity, type StaffRole } from './staff-token';

export const SIGN_IN_CODE_TTL_MS = 10 * 60_000;
/** A session's expiry is moved forward on use at most this often. */
export const SESSION_RENEW_INTERVAL_MS = 60_000;

export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What logs may show of a code or session id: enough to match two lines, nothing to reuse. */
export function fingerprintOf(secret: string): string {
  return sha256(secret).slice(0, 10);
}

export type CodeRefusal = 'unknown' | 'used' | 'expired';

export type CodeExchange =
  | { ok: true; sessionId: string; identity: StaffIdentity; expiresAt: Date }
  | { ok: false; reason: CodeRefusal; identity?: StaffIdentity };

export interface StaffSession extends StaffIdentity {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface StaffSessions {
  readonly ttlMs: number;
  /** A one-time sign-in code for the member; only its hash is stored. */
  issueCode(
    identity: StaffIdentity,
    options?: { ttlMs?: number },
  ): Promise<{ code: string; expiresAt: Date }>;
  /** Spends the code (once) and opens a session. */
  exchangeCode(code: string): Promise<CodeExchange>;
  /** The open session of this id, its expiry moved forward when it was last renewed over a minute ago. */
  resolve(sessionId: string): Promise<StaffSession | undefined>;
  /** Ends one session (sign-out); true when it was open. */
  end(sessionId: string): Promise<boolean>;
  /** Ends every open session of a member, by e-mail (case-insensitive); answers how many. */
  revokeMember(email: string): Promise<number>;
  /** The open sessions, by e-mail then most recently used (for the admin page). */
  listOpen(): Promise<StaffSession[]>;
}

interface Row {
  member_id: string;
  email: string;
  role: string;
  created_at: Date | string;
  last_seen_at: Date | string;
  expires_at: Date | string;
}

const iso = (at: Date): string => at.toISOString();

function identityOf(row: { member_id: string; email: string; role: string }): StaffIdentity | undefined {
  if (!(STAFF_ROLES as readonly string[]).includes(row.role)) return undefined;
  return { memberId: row.member_id, email: row.email, role: row.role as StaffRole };
}

export function createStaffSessions(options: { sql: Sql; ttlMs: number; now?: () => Date }): StaffSessions {
  const { sql, ttlMs } = options;
  const now = options.now ?? (() => new Date());
  const later = (ms: number) => new Date(now().getTime() + ms);
  return {
    ttlMs,
    async issueCode(identity, opts = {}) {
      const code = randomBytes(24).toString('base64url');
      const expiresAt = later(Math.min(opts.ttlMs ?? SIGN_IN_CODE_TTL_MS, SIGN_IN_CODE_TTL_MS));
      await sql.query(
        `insert into realty_sign_in_codes (code_hash, member_id, email, role, created_at, expires_at)
         values ($1, $2, $3, $4, $5, $6)`,
        [sha256(code), identity.memberId, identity.email, identity.role, iso(now()), iso(expiresAt)],
      );
      return { code, expiresAt };
    },
    async exchangeCode(code) {
      const at = now();
      const spent = await sql.query<Row>(
        `update realty_sign_in_codes set used_at = $2
         where code_hash = $1 and used_at is null and expires_at > $2
         returning member_id, email, role`,
        [sha256(code), iso(at)],
      );
      const row = spent.rows[0];
      if (!row) {
        const known = await sql.query<Row & { used_at: Date | null }>(
          'select member_id, email, role, used_at from realty_sign_in_codes where code_hash = $1',
          [sha256(code)],
        );
        const found = known.rows[0];
        if (!found) return { ok: false, reason: 'unknown' };
        const identity = identityOf(found);
        return { ok: false, reason: found.used_at ? 'used' : 'expired', ...(identity ? { identity } : {}) };
      }
      const identity = identityOf(row);
      if (!identity) return { ok: false, reason: 'unknown' };
      const sessionId = randomBytes(32).toString('base64url');
      const expiresAt = new Date(at.getTime() + ttlMs);
      await sql.query(
        `insert into realty_staff_sessions (id_hash, member_id, email, role, created_at, last_seen_at, expires_at)
         values ($1, $2, $3, $4, $5, $5, $6)`,
        [sha256(sessionId), identity.memberId, identity.email, identity.role, iso(at), iso(expiresAt)],
      );
      return { ok: true, sessionId, identity, expiresAt };
    },
    async resolve(sessionId) {
      const at = now();
      const found = await sql.query<Row>(
        `select member_id, email, role, created_at, last_seen_at, expires_at from realty_staff_sessions
         where id_hash = $1 and ended_at is null and expires_at > $2`,
        [sha256(sessionId), iso(at)],
      );
      const row = found.rows[0];
      const identity = row && identityOf(row);
      if (!row || !identity) return undefined;
      let lastSeenAt = new Date(row.last_seen_at);
      let expiresAt = new Date(row.expires_at);
      if (at.getTime() - lastSeenAt.getTime() >= SESSION_RENEW_INTERVAL_MS) {
        lastSeenAt = at;
        expiresAt = new Date(at.getTime() + ttlMs);
        await sql.query(
          'update realty_staff_sessions set last_seen_at = $2, expires_at = $3 where id_hash = $1 and ended_at is null',
          [sha256(sessionId), iso(lastSeenAt), iso(expiresAt)],
        );
      }
      return { ...identity, createdAt: new Date(row.created_at), lastSeenAt, expiresAt };
    },
    async end(sessionId) {
      const ended = await sql.query(
        'update realty_staff_sessions set ended_at = $2 where id_hash = $1 and ended_at is null returning id_hash',
        [sha256(sessionId), iso(now())],
      );
      return ended.rows.length > 0;
    },
    async listOpen() {
      const open = await sql.query<Row>(
        `select member_id, email, role, created_at, last_seen_at, expires_at from realty_staff_sessions
         where ended_at is null and expires_at > $1 order by lower(email), last_seen_at desc limit 1000`,
        [iso(now())],
      );
      return open.rows.flatMap((row) => {
        const identity = identityOf(row);
        return identity
          ? [
              {
                ...identity,
                createdAt: new Date(row.created_at),
                lastSeenAt: new Date(row.last_seen_at),
                expiresAt: new Date(row.expires_at),
              },
            ]
          : [];
      });
    },
    async revokeMember(email) {
      const ended = await sql.query(
        `update realty_staff_sessions set ended_at = $2
         where lower(email) = lower($1) and ended_at is null returning id_hash`,
        [email, iso(now())],
      );
      // Codes not yet spent would open new sessions: they go too.
      await sql.query(
        `update realty_sign_in_codes set used_at = $2 where lower(email) = lower($1) and used_at is null`,
        [email, iso(now())],
      );
      return ended.rows.length;
    },
  };
}
