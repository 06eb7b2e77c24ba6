/**
 * Webhooks as Twenty keeps them (core.webhook; core-modules/webhook/webhook.service.ts):
 * targetUrl normalised with `new URL().toString()` and limited to http/https,
 * operations defaulting to ["*.*"], delete is a soft delete. Active webhooks are
 * cached in memory because every record write looks them up.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '../db';
import { badRequest, DevhostHttpError, notFound } from '../errors';

export const WEBHOOK_TABLE_SQL = `
CREATE SCHEMA IF NOT EXISTS core;
CREATE TABLE IF NOT EXISTS core.webhook (id uuid PRIMARY KEY, "targetUrl" text NOT NULL, operations text[] NOT NULL,
  description text, secret text NOT NULL DEFAULT '', "workspaceId" uuid NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT now(), "updatedAt" timestamptz NOT NULL DEFAULT now(), "deletedAt" timestamptz);
`;

export interface Webhook {
  id: string;
  targetUrl: string;
  operations: string[];
  description: string | null;
  secret: string;
  workspaceId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

const createInput = z.object({
  targetUrl: z.string(),
  operations: z.array(z.string()).optional(),
  description: z.string().nullish(),
  secret: z.string().nullish(),
});
const updateInput = createInput.partial();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  throw new DevhostHttpError(
    400,
    r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
  );
}

export function normalizeTargetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest('Invalid target URL provided');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('Invalid target URL provided');
  return url.toString();
}

const COLUMNS = `id, "targetUrl", operations, description, secret, "workspaceId",
  to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char("updatedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
  to_char("deletedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "deletedAt"`;

export class WebhookStore {
  private active: Webhook[] = [];

  constructor(
    private readonly sql: Sql,
    private readonly workspaceId: string,
  ) {}

  async init(): Promise<void> {
    await this.sql.exec(WEBHOOK_TABLE_SQL);
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const r = await this.sql.query<Webhook>(
      `SELECT ${COLUMNS} FROM core.webhook WHERE "deletedAt" IS NULL ORDER BY "createdAt", id`,
    );
    this.active = r.rows;
  }

  list(): Webhook[] {
    return this.active;
  }

  get(id: string): Webhook {
    const found = this.active.find((w) => w.id === id);
    if (!found) throw notFound(`Webhook with id ${id} not found`);
    return found;
  }

  async create(body: unknown): Promise<Webhook> {
    const input = parse(createInput, body);
    const id = randomUUID();
    await this.sql.query(
      'INSERT INTO core.webhook (id, "targetUrl", operations, description, secret, "workspaceId") VALUES ($1, $2, $3, $4, $5, $6)',
      [
        id,
        normalizeTargetUrl(input.targetUrl),
        input.operations ?? ['*.*'],
        input.description ?? null,
        input.secret ?? '',
        this.workspaceId,
      ],
    );
    await this.refresh();
    return this.get(id);
  }

  async update(id: string, body: unknown): Promise<Webhook> {
    const current = this.get(id);
    const input = parse(updateInput, body);
    await this.sql.query(
      'UPDATE core.webhook SET "targetUrl" = $2, operations = $3, description = $4, secret = $5, "updatedAt" = now() WHERE id = $1',
      [
        id,
        input.targetUrl !== undefined ? normalizeTargetUrl(input.targetUrl) : current.targetUrl,
        input.operations ?? current.operations,
        input.description === undefined ? current.description : input.description,
        input.secret === undefined ? current.secret : (input.secret ?? ''),
      ],
    );
    await this.refresh();
    return this.get(id);
  }

  async remove(id: string): Promise<boolean> {
    this.get(id);
    await this.sql.query('UPDATE core.webhook SET "deletedAt" = now() WHERE id = $1', [id]);
    await this.refresh();
    return true;
  }

  /** Webhooks whose operations contain the event or one of its `*` forms (call-webhook-jobs.job.ts). */
  matching(objectName: string, action: string): Webhook[] {
    const wanted = new Set([`${objectName}.${action}`, `*.${action}`, `${objectName}.*`, '*.*']);
    return this.active.filter((w) => w.operations.some((op) => wanted.has(op)));
  }
}
