/**
 * The records API of one object: /rest/{plural} (contract C2–C5, C9–C11).
 */
import { z } from 'zod';
import {
  capitalizeFirst,
  firstRecord,
  pageInfoSchema,
  parseWith,
  pickData,
  recordOrRecords,
  recordSchema,
} from './envelopes';
import { TwentyApiError, TwentyNotFoundError, TwentyResponseShapeError } from './errors';
import { type Filter, serializeFilter } from './filter';
import type { ObjectNames } from './object-names';
import { type OrderBy, serializeOrderBy } from './order-by';
import type { QueryValue, Transport, TransportRequest } from './transport';
import type {
  ListParams,
  ListResult,
  RecordsApi,
  RecordWritten,
  TwentyRecord,
  WriteOperation,
} from './types';

export const DEFAULT_BATCH_SIZE = 60;
export const MAX_BATCH_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 200;

/** Which restore route the server answered to; shared by every RecordsApi of a client. */
export interface RestoreRouteMemory {
  route?: 'record-suffix' | 'restore-prefix';
}

export interface RecordsApiDeps {
  transport: Transport;
  names: () => Promise<ObjectNames>;
  batchSize: number;
  pageSize: number;
  restoreRoute: RestoreRouteMemory;
  onRecordWritten?: (w: RecordWritten) => void;
}

const listEnvelope = z.object({
  data: z.record(z.string(), z.unknown()),
  totalCount: z.number(),
  pageInfo: pageInfoSchema,
});
const deletedSchema = z.looseObject({ id: z.string() });

export function createRecordsApi<T extends TwentyRecord>(deps: RecordsApiDeps): RecordsApi<T> {
  const { transport } = deps;

  const notify = (names: ObjectNames, record: TwentyRecord, operation: WriteOperation) => {
    deps.onRecordWritten?.({
      object: names.nameSingular,
      id: record.id,
      updatedAt: record.updatedAt,
      operation,
    });
  };

  const list = async (params: ListParams = {}): Promise<ListResult<T>> => {
    const names = await deps.names();
    const req: TransportRequest = {
      method: 'GET',
      path: `/rest/${names.namePlural}`,
      query: listQuery(params),
    };
    const body = parseWith(
      await transport.request(req),
      listEnvelope,
      '{ data: { <plural>: [...] }, totalCount, pageInfo }',
      req,
    );
    const records = pickData(body, [names.namePlural], z.array(recordSchema), req) as T[];
    return {
      records,
      totalCount: body.totalCount,
      pageInfo: {
        hasNextPage: body.pageInfo.hasNextPage,
        ...(body.pageInfo.hasPreviousPage === undefined
          ? {}
          : { hasPreviousPage: body.pageInfo.hasPreviousPage }),
        startCursor: body.pageInfo.startCursor ?? null,
        endCursor: body.pageInfo.endCursor ?? null,
      },
    };
  };

  const get = async (id: string, opts: { depth?: 0 | 1 } = {}): Promise<T> => {
    const names = await deps.names();
    const req: TransportRequest = {
      method: 'GET',
      path: `/rest/${names.namePlural}/${encodeURIComponent(id)}`,
      query: { depth: opts.depth },
    };
    const record = pickData(await transport.request(req), [names.nameSingular], recordSchema.nullable(), req);
    if (record === null) {
      throw new TwentyNotFoundError({
        status: 200,
        error: 'NotFound',
        messages: ['Record not found (data was null)'],
        ...req,
      });
    }
    return record as T;
  };

  const create = async (
    data: Partial<T>,
    opts: { upsert?: boolean; idempotencyKey?: string } = {},
  ): Promise<T> => {
    const names = await deps.names();
    const req: TransportRequest = {
      method: 'POST',
      path: `/rest/${names.namePlural}`,
      query: { upsert: opts.upsert ? 'true' : undefined },
      body: data,
      idempotent: opts.upsert === true || opts.idempotencyKey !== undefined,
      // Twenty does not deduplicate by this header; the key is the caller's promise that a repeat is harmless.
      headers: opts.idempotencyKey ? { 'Idempotency-Key': opts.idempotencyKey } : undefined,
    };
    const keys = [
      `create${capitalizeFirst(names.nameSingular)}`,
      `create${capitalizeFirst(names.namePlural)}`,
    ];
    const record = firstRecord(pickData(await transport.request(req), keys, recordOrRecords, req)) as T;
    notify(names, record, 'create');
    return record;
  };

  const createMany: RecordsApi<T>['createMany'] = async (data, opts = {}) => {
    const batchSize = opts.batchSize ?? deps.batchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new RangeError(
        `createMany: batchSize must be an integer in 1..${MAX_BATCH_SIZE} (Twenty's limit), got ${batchSize}`,
      );
    }
    if (data.length === 0) return [];
    const names = await deps.names();
    const keys = [
      `create${capitalizeFirst(names.namePlural)}`,
      `create${capitalizeFirst(names.nameSingular)}`,
    ];
    const created: T[] = [];
    for (let start = 0; start < data.length; start += batchSize) {
      const chunk = data.slice(start, start + batchSize);
      const req: TransportRequest = {
        method: 'POST',
        path: `/rest/batch/${names.namePlural}`,
        query: { upsert: opts.upsert ? 'true' : undefined },
        body: chunk,
        idempotent: opts.upsert === true,
      };
      const records = pickData(await transport.request(req), keys, z.array(recordSchema), req) as T[];
      if (records.length !== chunk.length) {
        throw new TwentyResponseShapeError({
          ...req,
          expected: `${chunk.length} records`,
          issues: [
            `Twenty returned ${records.length} records for a batch of ${chunk.length} (records ${start + 1}–${start + chunk.length})`,
          ],
        });
      }
      for (const record of records) {
        created.push(record);
        notify(names, record, 'create');
      }
      opts.onProgress?.(created.length, data.length);
    }
    return created;
  };

  const update = async (id: string, patch: Partial<T>): Promise<T> => {
    const names = await deps.names();
    const req: TransportRequest = {
      method: 'PATCH',
      path: `/rest/${names.namePlural}/${encodeURIComponent(id)}`,
      body: patch,
    };
    const record = pickData(
      await transport.request(req),
      [`update${capitalizeFirst(names.nameSingular)}`],
      recordSchema,
      req,
    ) as T;
    notify(names, record, 'update');
    return record;
  };

  const remove = async (id: string, opts: { mode: 'soft' | 'destroy' }): Promise<{ id: string }> => {
    if (opts?.mode !== 'soft' && opts?.mode !== 'destroy') {
      throw new TypeError(
        `delete(${id}): say which delete you mean — { mode: 'soft' } keeps the record restorable, { mode: 'destroy' } erases it`,
      );
    }
    const names = await deps.names();
    const req: TransportRequest = {
      method: 'DELETE',
      path: `/rest/${names.namePlural}/${encodeURIComponent(id)}`,
      // A plain DELETE destroys in current Twenty (contract C10).
      query: { soft_delete: opts.mode === 'soft' ? 'true' : undefined },
    };
    const single = capitalizeFirst(names.nameSingular);
    const deleted = pickData(
      await transport.request(req),
      [`delete${single}`, `destroy${single}`],
      deletedSchema,
      req,
    );
    notify(
      names,
      { id: deleted.id, updatedAt: typeof deleted.updatedAt === 'string' ? deleted.updatedAt : undefined },
      'delete',
    );
    return { id: deleted.id };
  };

  const restore = async (id: string): Promise<T> => {
    const names = await deps.names();
    const routes = {
      'record-suffix': `/rest/${names.namePlural}/${encodeURIComponent(id)}/restore`,
      'restore-prefix': `/rest/restore/${names.namePlural}/${encodeURIComponent(id)}`,
    } as const;
    const order: Array<keyof typeof routes> =
      deps.restoreRoute.route === 'restore-prefix' ? ['restore-prefix'] : ['record-suffix', 'restore-prefix'];
    const single = capitalizeFirst(names.nameSingular);
    const keys = [
      `restore${single}`,
      `restore${capitalizeFirst(names.namePlural)}`,
      `update${single}`,
      names.nameSingular,
    ];
    let lastError: unknown;
    for (const route of order) {
      // An empty JSON body: some servers (Fastify) answer 415 to a PATCH without a content type.
      const req: TransportRequest = { method: 'PATCH', path: routes[route], body: {} };
      try {
        const record = firstRecord(pickData(await transport.request(req), keys, recordOrRecords, req)) as T;
        deps.restoreRoute.route = route;
        notify(names, record, 'restore');
        return record;
      } catch (error) {
        // Older Twenty answers the newer route with 400 (bad path) or 404 (no route); "Record not found" is a real answer.
        const routeMissing =
          error instanceof TwentyApiError &&
          (error.status === 400 || error.status === 404) &&
          !error.messages.some((m) => /record not found/i.test(m));
        if (!routeMissing || route === 'restore-prefix') throw error;
        lastError = error;
      }
    }
    throw lastError;
  };

  return {
    list,
    async *iterate(params = {}) {
      const { pageSize = deps.pageSize, ...rest } = params;
      let cursor: string | undefined;
      for (;;) {
        const page = await list({ ...rest, limit: pageSize, startingAfter: cursor });
        yield* page.records;
        if (!page.pageInfo.hasNextPage) return;
        const next = page.pageInfo.endCursor;
        if (!next || next === cursor || page.records.length === 0) {
          throw new TwentyResponseShapeError({
            method: 'GET',
            path: `/rest/${(await deps.names()).namePlural}`,
            expected: 'a new endCursor while hasNextPage is true',
            issues: [`endCursor ${JSON.stringify(next)} after cursor ${JSON.stringify(cursor ?? null)}`],
          });
        }
        cursor = next;
      }
    },
    async count(filter) {
      return (await list({ filter, limit: 1 })).totalCount;
    },
    get,
    create,
    createMany,
    update,
    delete: remove,
    restore,
    upsert: (data) => create(data, { upsert: true }),
  };
}

function listQuery(params: ListParams): Record<string, QueryValue> {
  return {
    filter:
      params.filter === undefined
        ? undefined
        : typeof params.filter === 'string'
          ? params.filter
          : serializeFilter(params.filter as Filter),
    order_by:
      params.orderBy === undefined
        ? undefined
        : typeof params.orderBy === 'string'
          ? params.orderBy
          : serializeOrderBy(params.orderBy as OrderBy),
    limit: params.limit,
    starting_after: params.startingAfter,
    ending_before: params.endingBefore,
    depth: params.depth,
  };
}
