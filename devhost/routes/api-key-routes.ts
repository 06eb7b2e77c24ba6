/**
 * The API-key list: `GET /rest/metadata/apiKeys` with the unified metadata page envelope
 * (`{ data: [...], pageInfo, totalCount }`) and the deprecated `GET /rest/apiKeys`, a raw array with
 * Deprecation and Link headers (metadata-list-contract.integration-spec.ts). Keys are made by
 * devhost's own API (`createApiKey`), never over REST; the token is never listed.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiKeyRegistry } from '../auth/api-keys';
import { forbidden } from '../errors';
import { authOf } from './request-context';

const DEPRECATION = '@1786320000';
const SUCCESSOR = '</rest/metadata/apiKeys>; rel="successor-version"';

export function registerApiKeyRoutes(app: FastifyInstance, registry: ApiKeyRegistry): void {
  const items = (request: Parameters<typeof authOf>[0]) => {
    if (!authOf(request).permissions.isAdmin)
      throw forbidden('Permission denied: this API key may not list API keys');
    return registry.list();
  };
  app.get('/rest/metadata/apiKeys', async (request) => {
    const data = items(request);
    return {
      data,
      pageInfo: {
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: data[0]?.id ?? null,
        endCursor: data[data.length - 1]?.id ?? null,
      },
      totalCount: data.length,
    };
  });
  app.get('/rest/apiKeys', async (request, reply) => {
    const data = items(request);
    reply.header('Deprecation', DEPRECATION).header('Link', SUCCESSOR);
    return data;
  });
}
