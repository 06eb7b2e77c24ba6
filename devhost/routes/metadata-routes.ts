/**
 * /rest/metadata/objects and /rest/metadata/fields (contract C15) with the
 * envelopes of Twenty's REST-over-GraphQL metadata proxy.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, forbidden, notFound } from '../errors';
import { fieldDto, objectDto } from '../metadata/metadata-dto';
import type { MetadataService } from '../metadata/metadata-service';
import { parseLimit, type QueryString, queryParam } from '../records/list-params';
import { UUID_PATTERN } from '../records/record-input';
import { authOf } from './request-context';

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!UUID_PATTERN.test(id)) throw badRequest(`'${id}' is not a valid UUID`);
  // An uppercase id resolves too (object-/field-metadata.integration-spec.ts "resolves an uppercase id").
  return id.toLowerCase();
}

function requireDataModelPermission(request: FastifyRequest): void {
  if (!authOf(request).permissions.isAdmin)
    throw forbidden('Permission denied: this API key may not change the data model');
}

/**
 * A metadata list page (metadata-list-contract / object-metadata / field-metadata integration specs):
 * `limit`, `starting_after` / `ending_before` (the items' ids; both together, or a cursor that is not
 * a UUID, → 400), `pageInfo` with both flags and the first and last ids, `totalCount` of all items.
 * Without `limit` the whole list is one page, as devhost always answered.
 */
function listPage(key: string, all: Record<string, unknown>[], query: QueryString) {
  const limitRaw = queryParam(query, 'limit');
  const limit = limitRaw === undefined ? Number.POSITIVE_INFINITY : parseLimit(limitRaw);
  const startingAfter = queryParam(query, 'starting_after');
  const endingBefore = queryParam(query, 'ending_before');
  if (startingAfter !== undefined && endingBefore !== undefined)
    throw badRequest("'starting_after' and 'ending_before' cannot be used together");
  const cursorIndex = (cursor: string): number => {
    if (!UUID_PATTERN.test(cursor)) throw badRequest(`Invalid cursor '${cursor}': a cursor is an item's id`);
    const index = all.findIndex((item) => String(item.id).toLowerCase() === cursor.toLowerCase());
    if (index < 0) throw badRequest(`Invalid cursor '${cursor}': no item has this id`);
    return index;
  };
  let items: Record<string, unknown>[];
  let hasNextPage: boolean;
  let hasPreviousPage: boolean;
  if (endingBefore !== undefined) {
    const end = cursorIndex(endingBefore);
    const start = Math.max(0, end - limit);
    items = all.slice(start, end);
    hasPreviousPage = start > 0;
    hasNextPage = end < all.length;
  } else {
    const start = startingAfter === undefined ? 0 : cursorIndex(startingAfter) + 1;
    items = all.slice(start, start + limit);
    hasPreviousPage = start > 0;
    hasNextPage = start + items.length < all.length;
  }
  return {
    data: { [key]: items },
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: (items[0]?.id as string | undefined) ?? null,
      endCursor: (items[items.length - 1]?.id as string | undefined) ?? null,
    },
    totalCount: all.length,
  };
}

export function registerMetadataRoutes(app: FastifyInstance, service: MetadataService): void {
  const cache = service.cache;

  app.get('/rest/metadata/objects', async (request) =>
    listPage(
      'objects',
      cache.all().map((o) => objectDto(o, cache)),
      (request.query ?? {}) as QueryString,
    ),
  );
  app.get('/rest/metadata/objects/:id', async (request) => {
    const object = cache.findById(idParam(request));
    if (!object) throw notFound('Object metadata not found');
    return { data: { object: objectDto(object, cache) } };
  });
  app.post('/rest/metadata/objects', async (request, reply) => {
    requireDataModelPermission(request);
    const object = await service.createObject(request.body);
    return reply.code(201).send({ data: { createOneObject: objectDto(object, cache) } });
  });
  // PUT behaves as PATCH (object-metadata.integration-spec.ts "PUT … behaves equivalently to PATCH").
  app.route({
    method: ['PATCH', 'PUT'],
    url: '/rest/metadata/objects/:id',
    handler: async (request) => {
      requireDataModelPermission(request);
      const object = await service.updateObject(idParam(request), request.body);
      return { data: { updateOneObject: objectDto(object, cache) } };
    },
  });
  app.delete('/rest/metadata/objects/:id', async (request) => {
    requireDataModelPermission(request);
    return { data: { deleteOneObject: await service.deleteObject(idParam(request)) } };
  });

  app.get('/rest/metadata/fields', async (request) =>
    listPage(
      'fields',
      cache.allFields().map((f) => fieldDto(f, cache)),
      (request.query ?? {}) as QueryString,
    ),
  );
  app.get('/rest/metadata/fields/:id', async (request) => {
    const field = cache.findField(idParam(request));
    if (!field) throw notFound('Field metadata not found');
    return { data: { field: fieldDto(field, cache) } };
  });
  app.post('/rest/metadata/fields', async (request, reply) => {
    requireDataModelPermission(request);
    const field = await service.createField(request.body);
    return reply.code(201).send({ data: { createOneField: fieldDto(field, cache) } });
  });
  app.route({
    method: ['PATCH', 'PUT'],
    url: '/rest/metadata/fields/:id',
    handler: async (request) => {
      requireDataModelPermission(request);
      const field = await service.updateField(idParam(request), request.body);
      return { data: { updateOneField: fieldDto(field, cache) } };
    },
  });
  app.delete('/rest/metadata/fields/:id', async (request) => {
    requireDataModelPermission(request);
    return { data: { deleteOneField: await service.deleteField(idParam(request)) } };
  });

  app.all('/rest/metadata/*', async (request) => {
    const path = request.url.split('?')[0];
    throw badRequest(
      `Query path '${path}' invalid. Valid examples: /rest/metadata/fields or /rest/metadata/objects or /rest/metadata/webhooks`,
    );
  });
}
