/**
 * The public shapes of the sdk (docs/interfaces.md, "sdk/").
 */
import type { FilesApi } from './files';
import type { Filter } from './filter';
import type { MetadataApi } from './metadata';
import type { OrderBy } from './order-by';
import type { RateLimiter } from './rate-limiter';
import type { HttpMethod, QueryValue } from './transport';
import type { WebhooksApi } from './webhooks-api';

export type TwentyRecord = {
  id: string;
  createdAt?: string;
  updatedAt?: string;
  deletedAt?: string | null;
} & Record<string, unknown>;

/** Names an object; `__record` only carries the record type for inference. */
export interface ObjectRef<T = TwentyRecord> {
  nameSingular: string;
  namePlural: string;
  readonly __record?: T;
}

export interface ListParams {
  filter?: Filter | string;
  orderBy?: OrderBy | string;
  limit?: number;
  startingAfter?: string;
  endingBefore?: string;
  depth?: 0 | 1;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage?: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface ListResult<T> {
  records: T[];
  totalCount: number;
  pageInfo: PageInfo;
}

export interface RecordsApi<T> {
  list(params?: ListParams): Promise<ListResult<T>>;
  iterate(
    params?: Omit<ListParams, 'startingAfter' | 'endingBefore' | 'limit'> & { pageSize?: number },
  ): AsyncIterable<T>;
  count(filter?: Filter | string): Promise<number>;
  get(id: string, opts?: { depth?: 0 | 1 }): Promise<T>;
  create(data: Partial<T>, opts?: { upsert?: boolean; idempotencyKey?: string }): Promise<T>;
  createMany(
    data: Partial<T>[],
    opts?: { upsert?: boolean; batchSize?: number; onProgress?: (done: number, total: number) => void },
  ): Promise<T[]>;
  update(id: string, patch: Partial<T>): Promise<T>;
  delete(id: string, opts: { mode: 'soft' | 'destroy' }): Promise<{ id: string }>;
  restore(id: string): Promise<T>;
  upsert(data: Partial<T>): Promise<T>;
}

export type WriteOperation = 'create' | 'update' | 'delete' | 'restore';

export interface RecordWritten {
  object: string;
  id: string;
  updatedAt?: string;
  operation: WriteOperation;
}

export interface SdkLogger {
  debug(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface TwentyClientOptions {
  /** Base URL of the workspace, e.g. http://localhost:3000 (no /rest). */
  url: string;
  /** Opaque bearer token. */
  apiKey: string;
  /** A limiter shared with other clients of the workspace; `false` = none. Default: a new one at `rateLimit`. */
  limiter?: RateLimiter | false;
  /** Used when no limiter is given (default 100 / 100, Twenty's defaults). */
  rateLimit?: { requestsPerMinute?: number; requestsPerSecond?: number };
  /** Per request (default 30_000). */
  timeoutMs?: number;
  /** Per call including retries (default 120_000). */
  deadlineMs?: number;
  /** Default 6. */
  maxRetries?: number;
  /** createMany chunk (default 60, max 200). */
  batchSize?: number;
  /** iterate page size (default 200). */
  pageSize?: number;
  onRecordWritten?: (w: RecordWritten) => void;
  logger?: SdkLogger;
  /** Backoff base and cap (defaults 500 ms / 20 s); tests shorten them. */
  retryBaseMs?: number;
  retryCapMs?: number;
}

export interface RawRequest {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  idempotent?: boolean;
}

export interface TwentyClient {
  records<T extends TwentyRecord = TwentyRecord>(target: string | ObjectRef<T>): RecordsApi<T>;
  metadata: MetadataApi;
  webhooks: WebhooksApi;
  /** Upload, attach to a record, download (contract C22). */
  files: FilesApi;
  /** Raw call with the limiter and retries; returns the parsed JSON body. */
  request<T = unknown>(opts: RawRequest): Promise<T>;
  limiter: RateLimiter;
  stats(): { requests: number; retries: number; rateLimited: number };
}
