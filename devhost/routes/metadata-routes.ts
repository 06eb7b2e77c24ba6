/**
 * /rest/metadata/objects and /rest/metadata/fields (contract C15) with the
 * envelopes of Twenty's REST-over-GraphQL metadata proxy.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, forbidden, notFound } from '../errors';
import { fieldDto, objectDto } from '../metadata/metadata-dto';
import type { MetadataService } from '../metadata/metadata-service';
import { UUID_PATTERN } from '../records/record-input';
import { authOf } from './request-context';

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!UUID_PATTERN.test(id)) throw badRequest(`'${id}' is not a valid UUID`);
  return id;
}

function requireDataModelPermission(request: FastifyRequest): void {
  if (!authOf(request).permissions.isAdmin)
    throw forbidden('Permission denied: this API key may not change the data model');
}

function listEnvelope(key: string, items: Record<string, unknown>[]) {
  return {
    data: { [key]: items },
    pageInfo: {
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: (items[0]?.id as string | undefined) ?? null,
      endCursor: (items[items.length - 1]?.id as string | undefined) ?? null,
    },
    totalCount: items.length,
  };
}

export function registerMetadataRoutes(app: FastifyInstance, service: MetadataService): void {
  const cache = service.cache;

  app.get('/rest/metadata/objects', async () =>
    listEnvelope(
      'objects',
      cache.all().map((o) => objectDto(o, cache)),
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
  app.patch('/rest/metadata/objects/:id', async (request) => {
    requireDataModelPermission(request);
    const object = await service.updateObject(idParam(request), request.body);
    return { data: { updateOneObject: objectDto(object, cache) } };
  });
  app.delete('/rest/metadata/objects/:id', async (request) => {
    requireDataModelPermission(request);
    return { data: { deleteOneObject: await service.deleteObject(idParam(request)) } };
  });

  app.get('/rest/metadata/fields', async () =>
    listEnvelope(
      'fields',
      cache.allFields().map((f) => fieldDto(f, cache)),
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
  app.patch('/rest/metadata/fields/:id', async (request) => {
    requireDataModelPermission(request);
    const field = await service.updateField(idParam(request), request.body);
    return { data: { updateOneField: fieldDto(field, cache) } };
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
