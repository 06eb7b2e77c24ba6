/**
 * `createTwentyClient({ url, apiKey })`: one client per workspace, wiring the
 * transport (limiter, retries, errors) to the records, metadata and webhooks
 * APIs. Options are checked here, at construction, not on the first call.
 */
import { createFilesApi } from './files';
import { createMetadataApi } from './metadata';
import { createObjectNameResolver, type ObjectNames } from './object-names';
import {
  createRateLimiter,
  DEFAULT_REQUESTS_PER_MINUTE,
  DEFAULT_REQUESTS_PER_SECOND,
  unlimitedRateLimiter,
} from './rate-limiter';
import {
  createRecordsApi,
  DEFAULT_BATCH_SIZE,
  DEFAULT_PAGE_SIZE,
  MAX_BATCH_SIZE,
  type RestoreRouteMemory,
} from './records';
import { DEFAULT_MAX_RETRIES } from './retry';
import { createTransport } from './transport';
import type { ObjectRef, RecordsApi, TwentyClient, TwentyClientOptions, TwentyRecord } from './types';
import { createWebhooksApi } from './webhooks-api';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 120_000;

export class TwentyClientOptionsError extends Error {
  readonly code = 'invalid_client_options';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`createTwentyClient: ${problems.join('; ')}`);
    this.name = 'TwentyClientOptionsError';
    this.problems = problems;
  }
}

function checkOptions(options: TwentyClientOptions): void {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(options.url);
  } catch {
    problems.push(`url must be an absolute http(s) URL, got ${JSON.stringify(options.url)}`);
  }
  if (url && !/^https?:$/.test(url.protocol))
    problems.push(`url must use http or https, got ${url.protocol}`);
  if (url && /\/rest\/?$/.test(url.pathname))
    problems.push(`url is the workspace base, without /rest (got ${options.url})`);
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '')
    problems.push('apiKey is empty — set TWENTY_API_KEY');
  const positive = {
    timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs,
    pageSize: options.pageSize,
  };
  for (const [name, value] of Object.entries(positive)) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      problems.push(`${name} must be a positive number, got ${value}`);
  }
  if (
    options.maxRetries !== undefined &&
    !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0)
  ) {
    problems.push(`maxRetries must be a non-negative integer, got ${options.maxRetries}`);
  }
  if (
    options.batchSize !== undefined &&
    !(Number.isInteger(options.batchSize) && options.batchSize >= 1 && options.batchSize <= MAX_BATCH_SIZE)
  ) {
    problems.push(
      `batchSize must be an integer in 1..${MAX_BATCH_SIZE} (Twenty rejects larger batches), got ${options.batchSize}`,
    );
  }
  if (problems.length > 0) throw new TwentyClientOptionsError(problems);
}

export function createTwentyClient(options: TwentyClientOptions): TwentyClient {
  checkOptions(options);
  const limiter =
    options.limiter === false
      ? unlimitedRateLimiter
      : (options.limiter ??
        createRateLimiter({
          requestsPerMinute: options.rateLimit?.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE,
          requestsPerSecond: options.rateLimit?.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
        }));
  const transport = createTransport({
    url: options.url,
    apiKey: options.apiKey,
    limiter,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    retryBaseMs: options.retryBaseMs,
    retryCapMs: options.retryCapMs,
    logger: options.logger,
  });

  const names = createObjectNameResolver(
    async () => metadata.objects.list(),
    (info) => options.logger?.debug(info, 'object plural guessed: workspace metadata unavailable'),
  );
  const metadata = createMetadataApi(transport, { onObjectsChanged: () => names.invalidate() });
  const webhooks = createWebhooksApi(transport);
  const restoreRoute: RestoreRouteMemory = {};

  const client: TwentyClient = {
    records<T extends TwentyRecord = TwentyRecord>(target: string | ObjectRef<T>): RecordsApi<T> {
      let resolveNames: () => Promise<ObjectNames>;
      if (typeof target === 'string') {
        if (!/^[a-z][a-zA-Z0-9]*$/.test(target)) {
          throw new TypeError(
            `records(${JSON.stringify(target)}): give the object's singular name, e.g. 'unit' or 'person'`,
          );
        }
        let resolved: Promise<ObjectNames> | undefined;
        resolveNames = () => {
          resolved ??= names.resolve(target).catch((error: unknown) => {
            resolved = undefined;
            throw error;
          });
          return resolved;
        };
      } else {
        const fixed: ObjectNames = { nameSingular: target.nameSingular, namePlural: target.namePlural };
        resolveNames = () => Promise.resolve(fixed);
      }
      return createRecordsApi<T>({
        transport,
        names: resolveNames,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
        restoreRoute,
        onRecordWritten: options.onRecordWritten,
      });
    },
    metadata,
    webhooks,
    files: createFilesApi({
      transport,
      metadata,
      // Through records(), so the attachment's creation reaches onRecordWritten like any write.
      attachments: () => client.records({ nameSingular: 'attachment', namePlural: 'attachments' }),
      apiKey: options.apiKey,
    }),
    request: async <T>(opts: Parameters<TwentyClient['request']>[0]) => (await transport.request(opts)) as T,
    limiter,
    stats: () => transport.stats(),
  };
  return client;
}
