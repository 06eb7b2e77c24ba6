/**
 * Webhook registrations: /rest/metadata/webhooks (contract C16). The newest
 * Twenty answers lists with `{ data: [...], pageInfo, totalCount }`, single
 * GET/POST/PATCH with the bare entity and DELETE with `true`; older envelopes
 * (`{ data: { webhooks: [...] } }`, `{ data: { webhook: {...} } }`,
 * `createWebhook`…) are accepted too.
 */
import { z } from 'zod';
import { type CallSite, pageInfoSchema, parseWith } from './envelopes';
import { TwentyResponseShapeError } from './errors';
import type { Transport, TransportRequest } from './transport';

export const webhookSchema = z.looseObject({
  id: z.string(),
  targetUrl: z.string(),
  operations: z.array(z.string()).optional(),
  description: z.string().nullable().optional(),
  secret: z.string().nullable().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export interface WebhookInput {
  targetUrl: string;
  /** e.g. `["unit.updated", "*.created", "auction.*"]`; Twenty defaults to `["*.*"]`. */
  operations?: string[];
  description?: string;
  secret?: string;
}

export interface WebhooksApi {
  list(): Promise<Webhook[]>;
  get(id: string): Promise<Webhook>;
  create(input: WebhookInput): Promise<Webhook>;
  update(id: string, patch: Partial<WebhookInput>): Promise<Webhook>;
  delete(id: string): Promise<void>;
}

const BASE = '/rest/metadata/webhooks';
const ENTITY_KEYS = ['webhook', 'createWebhook', 'updateWebhook', 'createOneWebhook', 'updateOneWebhook'];

const listBody = z.object({
  data: z.union([
    z.array(webhookSchema),
    z.object({ webhooks: z.array(webhookSchema) }).transform((d) => d.webhooks),
  ]),
  pageInfo: pageInfoSchema.partial().optional(),
  totalCount: z.number().optional(),
});

export function readWebhookEntity(body: unknown, site: CallSite): Webhook {
  const bare = webhookSchema.safeParse(body);
  if (bare.success) return bare.data;
  const wrapped = z.object({ data: z.record(z.string(), z.unknown()) }).safeParse(body);
  if (wrapped.success) {
    const data = wrapped.data.data;
    const direct = webhookSchema.safeParse(data);
    if (direct.success) return direct.data;
    for (const key of ENTITY_KEYS) {
      const inner = webhookSchema.safeParse(data[key]);
      if (inner.success) return inner.data;
    }
  }
  throw new TwentyResponseShapeError({
    ...site,
    expected: 'a webhook ({ id, targetUrl, … }, bare or under data)',
    issues: bare.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
  });
}

export function createWebhooksApi(transport: Transport): WebhooksApi {
  return {
    async list() {
      const all: Webhook[] = [];
      let after: string | undefined;
      for (;;) {
        const req: TransportRequest = { method: 'GET', path: BASE, query: { starting_after: after } };
        const body = parseWith(
          await transport.request(req),
          listBody,
          '{ data: [...webhooks], pageInfo }',
          req,
        );
        all.push(...body.data);
        const next = body.pageInfo?.endCursor ?? body.data.at(-1)?.id;
        if (!body.pageInfo?.hasNextPage || !next || next === after || body.data.length === 0) return all;
        after = next;
      }
    },
    async get(id) {
      const req: TransportRequest = { method: 'GET', path: `${BASE}/${encodeURIComponent(id)}` };
      return readWebhookEntity(await transport.request(req), req);
    },
    async create(input) {
      // Registering the same target twice would double every event; the caller decides when to repeat.
      const req: TransportRequest = { method: 'POST', path: BASE, body: input };
      return readWebhookEntity(await transport.request(req), req);
    },
    async update(id, patch) {
      const req: TransportRequest = {
        method: 'PATCH',
        path: `${BASE}/${encodeURIComponent(id)}`,
        body: patch,
      };
      return readWebhookEntity(await transport.request(req), req);
    },
    async delete(id) {
      const req: TransportRequest = { method: 'DELETE', path: `${BASE}/${encodeURIComponent(id)}` };
      const body = await transport.request(req);
      if (body === false) {
        throw new TwentyResponseShapeError({
          ...req,
          expected: 'true',
          issues: ['Twenty answered false: the webhook was not deleted'],
        });
      }
    },
  };
}
