/**
 * The workspace and its API keys (contract C1). A key is an HS256 JWT
 * `{ sub: workspaceId, type: 'API_KEY', workspaceId, jti: apiKeyId }` signed with
 * a per-install secret, valid only while its apiKey row exists and is not revoked
 * (Twenty: auth/strategies/jwt.auth.strategy.ts → validateAPIKey). Keys and roles
 * are held in memory: they only change through this class.
 */
import { createHmac, type KeyObject, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Sql } from '../db';
import { unauthorized } from '../errors';
import { hmacKey } from './hmac-key';
import { ADMIN_ROLE, type DevhostRole, RolePermissions } from './permissions';

export const AUTH_TABLES_SQL = `
CREATE SCHEMA IF NOT EXISTS core;
CREATE TABLE IF NOT EXISTS core.workspace (id uuid PRIMARY KEY, "displayName" text NOT NULL, secret text NOT NULL,
  "adminApiKey" text NOT NULL, "createdAt" timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS core.role (id uuid PRIMARY KEY, label text NOT NULL, "isAdmin" boolean NOT NULL DEFAULT false, data jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS core."apiKey" (id uuid PRIMARY KEY, name text NOT NULL, "roleId" uuid NOT NULL REFERENCES core.role(id),
  "expiresAt" timestamptz, "revokedAt" timestamptz, "createdAt" timestamptz NOT NULL DEFAULT now());
`;

export interface AuthContext {
  workspaceId: string;
  apiKeyId: string;
  apiKeyName: string;
  permissions: RolePermissions;
  /** Set only by the devhost-only X-Devhost-Workspace-Member header (see server.ts). */
  workspaceMemberId?: string;
}

interface KeyEntry {
  id: string;
  name: string;
  revokedAt: string | null;
  expiresAt: string | null;
  permissions: RolePermissions;
}

const payloadSchema = z.object({
  sub: z.string(),
  type: z.literal('API_KEY'),
  workspaceId: z.string(),
  jti: z.string(),
});

export class ApiKeyRegistry {
  private keys = new Map<string, KeyEntry>();
  private fixedAdminKey?: Buffer;
  private adminKeyId = '';
  private verifyKeyObject?: KeyObject;
  private get verifyKey(): KeyObject {
    this.verifyKeyObject ??= hmacKey(this.secret);
    return this.verifyKeyObject;
  }

  private constructor(
    private readonly sql: Sql,
    readonly workspaceId: string,
    private readonly secret: string,
    readonly adminApiKey: string,
  ) {}

  /** Loads the workspace, creating it (with its admin role and key) on first start. */
  static async open(sql: Sql, options: { fixedAdminKey?: string }): Promise<ApiKeyRegistry> {
    await sql.exec(AUTH_TABLES_SQL);
    let ws = (
      await sql.query<{ id: string; secret: string; adminApiKey: string }>(
        'SELECT id, secret, "adminApiKey" FROM core.workspace LIMIT 1',
      )
    ).rows[0];
    if (!ws) {
      const id = randomUUID();
      const secret = randomBytes(32).toString('hex');
      const registry = new ApiKeyRegistry(sql, id, secret, '');
      const adminApiKey = await sql.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO core.workspace (id, "displayName", secret, "adminApiKey") VALUES ($1, $2, $3, $4)',
          [id, 'Realty', secret, ''],
        );
        const token = await registry.insertKey(tx, 'Admin', ADMIN_ROLE, true);
        await tx.query('UPDATE core.workspace SET "adminApiKey" = $1 WHERE id = $2', [token, id]);
        return token;
      });
      ws = { id, secret, adminApiKey };
    }
    const registry = new ApiKeyRegistry(sql, ws.id, ws.secret, options.fixedAdminKey ?? ws.adminApiKey);
    await registry.load();
    if (options.fixedAdminKey) registry.fixedAdminKey = Buffer.from(options.fixedAdminKey);
    return registry;
  }

  private async load(): Promise<void> {
    const rows = await this.sql.query<{
      id: string;
      name: string;
      revokedAt: string | null;
      expiresAt: string | null;
      isAdmin: boolean;
      data: DevhostRole;
    }>(
      `SELECT k.id, k.name, k."revokedAt"::text AS "revokedAt", k."expiresAt"::text AS "expiresAt", r."isAdmin", r.data
       FROM core."apiKey" k JOIN core.role r ON r.id = k."roleId" ORDER BY k."createdAt"`,
    );
    this.keys = new Map(
      rows.rows.map((r) => [
        r.id,
        {
          id: r.id,
          name: r.name,
          revokedAt: r.revokedAt,
          expiresAt: r.expiresAt,
          permissions: new RolePermissions(r.data, r.isAdmin),
        },
      ]),
    );
    this.adminKeyId = rows.rows.find((r) => r.isAdmin)?.id ?? '';
  }

  private async insertKey(
    tx: Sql,
    name: string,
    role: DevhostRole,
    isAdmin: boolean,
    expiresAt?: Date,
  ): Promise<string> {
    const roleId = randomUUID();
    const keyId = randomUUID();
    await tx.query('INSERT INTO core.role (id, label, "isAdmin", data) VALUES ($1, $2, $3, $4)', [
      roleId,
      role.label,
      isAdmin,
      JSON.stringify(role),
    ]);
    await tx.query('INSERT INTO core."apiKey" (id, name, "roleId", "expiresAt") VALUES ($1, $2, $3, $4)', [
      keyId,
      name,
      roleId,
      expiresAt?.toISOString() ?? null,
    ]);
    // As Twenty: the token expires with the key (its `exp` is the key's expiresAt).
    const claims = { sub: this.workspaceId, type: 'API_KEY', workspaceId: this.workspaceId };
    return expiresAt
      ? jwt.sign({ ...claims, exp: Math.floor(expiresAt.getTime() / 1000) }, this.secret, {
          algorithm: 'HS256',
          jwtid: keyId,
        })
      : jwt.sign(claims, this.secret, { algorithm: 'HS256', jwtid: keyId, expiresIn: '100y' });
  }

  async createApiKey(name: string, role: DevhostRole = ADMIN_ROLE, expiresAt?: Date): Promise<string> {
    const token = await this.sql.transaction((tx) =>
      this.insertKey(tx, name, role, role === ADMIN_ROLE, expiresAt),
    );
    await this.load();
    return token;
  }

  /** The workspace's keys as Twenty lists them (never the token). */
  list(): { id: string; name: string; expiresAt: string | null; revokedAt: string | null }[] {
    return [...this.keys.values()].map((k) => ({
      id: k.id,
      name: k.name,
      expiresAt: k.expiresAt,
      revokedAt: k.revokedAt,
    }));
  }

  async revokeApiKey(id: string): Promise<void> {
    await this.sql.query('UPDATE core."apiKey" SET "revokedAt" = now() WHERE id = $1', [id]);
    await this.load();
  }

  /** A key for another kind of token (file links), derived from the install's secret, never equal to it. */
  deriveSecret(purpose: string): Buffer {
    return createHmac('sha256', this.secret).update(purpose).digest();
  }

  /** Resolves an Authorization header to the key's context, or throws 401. */
  authenticate(header: string | undefined): AuthContext {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw unauthorized('Missing authentication token: send "Authorization: Bearer <api key>"');
    const token = match[1];
    if (this.fixedAdminKey) {
      const given = Buffer.from(token);
      if (given.length === this.fixedAdminKey.length && timingSafeEqual(given, this.fixedAdminKey))
        return this.contextFor(this.adminKeyId);
    }
    let payload: z.infer<typeof payloadSchema>;
    try {
      payload = payloadSchema.parse(jwt.verify(token, this.verifyKey, { algorithms: ['HS256'] }));
    } catch (error) {
      // rest-api-core-authentication.integration-spec.ts: an expired token → «Token has expired.»
      throw unauthorized(error instanceof jwt.TokenExpiredError ? 'Token has expired.' : 'Token invalid.');
    }
    if (payload.workspaceId !== this.workspaceId) throw unauthorized('Token invalid.');
    return this.contextFor(payload.jti);
  }

  private contextFor(keyId: string): AuthContext {
    const key = this.keys.get(keyId);
    if (!key) throw unauthorized('This API Key does not exist');
    if (key.revokedAt) throw unauthorized('This API Key is revoked');
    if (key.expiresAt && Date.parse(key.expiresAt) < Date.now())
      throw unauthorized('This API Key has expired');
    return {
      workspaceId: this.workspaceId,
      apiKeyId: key.id,
      apiKeyName: key.name,
      permissions: key.permissions,
    };
  }
}
