/**
 * Webhook registration (contract C16): `/rest/metadata/webhooks` with Twenty's
 * newest "direct" envelope (list `{ data, pageInfo, totalCount }`, bare
 * entities, DELETE → true) and the legacy `/rest/webhooks`, which answers the
 * same with Deprecation and Link headers (legacy-metadata-route-deprecation.interceptor.ts) —
 * except its list, a raw array as before the envelope existed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, forbidden } from '../errors';
import { UUID_PATTERN } from '../records/record-input';
import type { WebhookStore } from '../webhooks/webhook-store';
import { authOf } from './request-context';

const DEPRECATION = '@1786320000';
const SUCCESSOR = '</rest/metadata/webhooks>; rel="successor-version"';

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!UUID_PATTERN.test(id)) throw badRequest(`'${id}' is not a valid UUID`);
  return id;
}

function requireWebhookPermission(request: FastifyRequest): void {
  if (!authOf(request).permissions.isAdmin)
    throw forbidden('Permission denied: this API key may not manage webhooks');
}

export function registerWebhookRoutes(app: FastifyInstance, store: WebhookStore): void {
  for (const base of ['/rest/metadata/webhooks', '/rest/webhooks']) {
    const legacy = base === '/rest/webhooks';
    const mark = (reply: FastifyReply) => {
      if (legacy) reply.header('Deprecation', DEPRECATION).header('Link', SUCCESSOR);
    };
    app.get(base, async (request, reply) => {
      requireWebhookPermission(request);
      mark(reply);
      const items = store.list();
      // The deprecated alias keeps answering a raw array (metadata-list-contract.integration-spec.ts:
      // "keeps deprecated non-metadata aliases as raw arrays").
      if (legacy) return items;
      return {
        data: items,
        pageInfo: {
          hasNextPage: false,
          hasPreviousPage: false,
          startCursor: items[0]?.id ?? null,
          endCursor: items[items.length - 1]?.id ?? null,
        },
        totalCount: items.length,
      };
    });
    app.get(`${base}/:id`, async (request, reply) => {
      requireWebhookPermission(request);
      mark(reply);
      return store.get(idParam(request));
    });
    app.post(base, async (request, reply) => {
      requireWebhookPermission(request);
      mark(reply);
      return reply.code(201).send(await store.create(request.body));
    });
    app.patch(`${base}/:id`, async (request, reply) => {
      requireWebhookPermission(request);
      mark(reply);
      return store.update(idParam(request), request.body);
    });
    app.delete(`${base}/:id`, async (request, reply) => {
      requireWebhookPermission(request);
      mark(reply);
      const id = idParam(request);
      await store.remove(id);
      return reply.type('application/json').send('true');
    });
  }
}
