/**
 * The records API (contracts C2–C12), routed like Twenty's RestApiCoreController:
 * the path is parsed by hand (parse-core-path.utils.ts) so that a singular
 * name, an unknown object or a malformed id get Twenty's 400 messages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../errors';
import type { MetadataCache } from '../metadata/metadata-cache';
import { capitalize, type ObjectMeta } from '../metadata/types';
import { parseTrueFlag, type QueryString, queryParam } from '../records/list-params';
import { UUID_PATTERN } from '../records/record-input';
import type { RecordReader } from '../records/record-reads';
import { assertBatchBody, type RecordWriter } from '../records/record-writes';
import { authOf } from './request-context';

type Route =
  | { kind: 'collection'; object: ObjectMeta }
  | { kind: 'one'; object: ObjectMeta; id: string }
  | { kind: 'batch'; object: ObjectMeta }
  | { kind: 'duplicates'; object: ObjectMeta }
  | { kind: 'restoreOne'; object: ObjectMeta; id: string }
  | { kind: 'restoreMany'; object: ObjectMeta };

function resolveObject(cache: MetadataCache, name: string): ObjectMeta {
  const object = cache.findByPlural(name);
  if (object) return object;
  const singular = cache.findBySingular(name);
  if (singular) throw badRequest(`object '${name}' not found. Did you mean '${singular.namePlural}'?`);
  throw badRequest(`object '${name}' not found. eg: companies`);
}

function checkId(id: string): string {
  if (!UUID_PATTERN.test(id)) throw badRequest(`'${id}' is not a valid UUID`);
  return id;
}

export function parseCorePath(cache: MetadataCache, path: string, method: string): Route {
  const segments = path
    .replace(/^\/rest\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const invalid = () =>
    badRequest(
      `Query path '${path}' invalid. Valid examples: /rest/companies/id or /rest/companies or /rest/batch/companies or /rest/restore/companies/id`,
    );
  if (segments.length === 0) throw invalid();
  const [first, second, third] = segments;
  if (first === 'batch' && segments.length === 2 && method === 'POST')
    return { kind: 'batch', object: resolveObject(cache, second) };
  if (first === 'restore' && method === 'PATCH' && (segments.length === 2 || segments.length === 3)) {
    const object = resolveObject(cache, second);
    return third ? { kind: 'restoreOne', object, id: checkId(third) } : { kind: 'restoreMany', object };
  }
  if (segments.length > 3) throw invalid();
  if (segments.length === 3) {
    if (third === 'restore' && method === 'PATCH')
      return { kind: 'restoreOne', object: resolveObject(cache, first), id: checkId(second) };
    throw invalid();
  }
  const object = resolveObject(cache, first);
  if (segments.length === 1) return { kind: 'collection', object };
  if (second === 'duplicates' && method === 'POST') return { kind: 'duplicates', object };
  if (second === 'restore' && method === 'PATCH') return { kind: 'restoreMany', object };
  return { kind: 'one', object, id: checkId(second) };
}

export function registerRecordsRoutes(
  app: FastifyInstance,
  cache: MetadataCache,
  reader: RecordReader,
  writer: RecordWriter,
): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const auth = authOf(request);
    const query = (request.query ?? {}) as QueryString;
    const route = parseCorePath(cache, request.url.split('?')[0], request.method);
    const { object } = route;
    const singular = capitalize(object.nameSingular);
    const plural = capitalize(object.namePlural);
    const method = request.method === 'PUT' ? 'PATCH' : request.method;
    const filter = queryParam(query, 'filter');
    switch (route.kind) {
      case 'batch': {
        const records = await writer.create(object, assertBatchBody(request.body), auth, {
          upsert: parseTrueFlag(queryParam(query, 'upsert')),
          batch: true,
        });
        return reply.code(201).send({ data: { [`create${plural}`]: records } });
      }
      case 'duplicates':
        return { data: await reader.findDuplicates(object, request.body, auth) };
      case 'restoreOne': {
        const [record] = await writer.restore(object, { id: route.id }, auth);
        return { data: { [`restore${singular}`]: record } };
      }
      case 'restoreMany':
        return { data: { [`restore${plural}`]: await writer.restore(object, { filter }, auth) } };
      case 'one':
        switch (method) {
          case 'GET':
            return { data: { [object.nameSingular]: await reader.findOne(object, route.id, query, auth) } };
          case 'PATCH':
            return {
              data: {
                [`update${singular}`]: await writer.updateOne(object, route.id, request.body ?? {}, auth),
              },
            };
          case 'DELETE': {
            const [deleted] = await writer.delete(
              object,
              { id: route.id },
              parseTrueFlag(queryParam(query, 'soft_delete')),
              auth,
            );
            return { data: { [`delete${singular}`]: deleted } };
          }
          default:
            throw badRequest(`Method ${request.method} is not allowed on ${request.url.split('?')[0]}`);
        }
      case 'collection':
        switch (method) {
          case 'GET': {
            const result = await reader.findMany(object, query, auth);
            return {
              data: { [object.namePlural]: result.records },
              totalCount: result.totalCount,
              pageInfo: result.pageInfo,
            };
          }
          case 'POST': {
            const [record] = await writer.create(object, [request.body ?? {}], auth, {
              upsert: parseTrueFlag(queryParam(query, 'upsert')),
              batch: false,
            });
            return reply.code(201).send({ data: { [`create${singular}`]: record } });
          }
          case 'PATCH':
            return {
              data: {
                [`update${plural}`]: await writer.updateMany(object, filter, request.body ?? {}, auth),
              },
            };
          case 'DELETE':
            return {
              data: {
                [`delete${plural}`]: await writer.delete(
                  object,
                  { filter },
                  parseTrueFlag(queryParam(query, 'soft_delete')),
                  auth,
                ),
              },
            };
          default:
            throw badRequest(`Method ${request.method} is not allowed on ${request.url.split('?')[0]}`);
        }
      default: {
        const unreachable: never = route;
        return unreachable;
      }
    }
  };
  app.route({ method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], url: '/rest/*', handler });
}
