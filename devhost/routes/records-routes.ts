/**
 * The records API (contracts C2–C12), routed like Twenty's RestApiCoreController:
 * the path is parsed by hand (parse-core-path.utils.ts) so that a singular
 * name, an unknown object or a malformed id get Twenty's 400 messages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../errors';
import type { MetadataCache } from '../metadata/metadata-cache';
import { capitalize, type ObjectMeta } from '../metadata/types';
import { parseDepth, parseTrueFlag, type QueryString, queryParam } from '../records/list-params';
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

/**
 * `fields=a,b` projects the records an answer carries onto those fields (rest-api-core-field-projection
 * and rest-api-core-restore integration specs: `?fields=id` answers `{ id }` and stores everything).
 * A name that is no field of the object (nor a relation's `<name>Id`) is refused.
 */
export function projection(
  object: ObjectMeta,
  raw: string | undefined,
): (<T extends Record<string, unknown> | null | undefined>(record: T) => T) | null {
  if (raw === undefined || raw.trim() === '') return null;
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const known = new Set(
    object.fields.flatMap((f) => [f.name, ...(f.type === 'RELATION' ? [`${f.name}Id`] : [])]),
  );
  for (const name of names)
    if (!known.has(name))
      throw badRequest(`'fields' invalid: field '${name}' does not exist in '${object.nameSingular}' object`);
  return (record) => {
    if (!record) return record;
    const out: Record<string, unknown> = {};
    for (const name of names) if (name in record) out[name] = record[name];
    return out as typeof record;
  };
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
    // Parsed before anything is written: a refused depth or field list writes nothing (C8).
    const depth = parseDepth(queryParam(query, 'depth'));
    const pick = projection(object, queryParam(query, 'fields'));
    const project = <T extends Record<string, unknown>>(records: T[]): T[] =>
      pick ? records.map((r) => pick(r)) : records;
    switch (route.kind) {
      case 'batch': {
        const records = await writer.create(object, assertBatchBody(request.body), auth, {
          upsert: parseTrueFlag(queryParam(query, 'upsert')),
          batch: true,
        });
        return reply.code(201).send({
          data: { [`create${plural}`]: project(await reader.atDepth(object, records, auth, depth)) },
        });
      }
      case 'duplicates':
        return { data: await reader.findDuplicates(object, request.body, auth, depth) };
      case 'restoreOne': {
        const [record] = project(await writer.restore(object, { id: route.id }, auth));
        return { data: { [`restore${singular}`]: record } };
      }
      case 'restoreMany':
        return { data: { [`restore${plural}`]: project(await writer.restore(object, { filter }, auth)) } };
      case 'one':
        switch (method) {
          case 'GET':
            return {
              data: {
                [object.nameSingular]: project([await reader.findOne(object, route.id, query, auth)])[0],
              },
            };
          case 'PATCH': {
            const updated = await writer.updateOne(object, route.id, request.body ?? {}, auth);
            const [record] = project(await reader.atDepth(object, [updated], auth, depth));
            return { data: { [`update${singular}`]: record } };
          }
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
              data: { [object.namePlural]: project(result.records) },
              totalCount: result.totalCount,
              pageInfo: result.pageInfo,
            };
          }
          case 'POST': {
            const created = await writer.create(object, [request.body ?? {}], auth, {
              upsert: parseTrueFlag(queryParam(query, 'upsert')),
              batch: false,
            });
            const [record] = project(await reader.atDepth(object, created, auth, depth));
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
