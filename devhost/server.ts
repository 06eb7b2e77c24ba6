/**
 * devhost: a small Twenty-compatible REST server (records, metadata, webhooks,
 * API keys with roles, Twenty's rate limit) on Postgres — embedded PGlite by
 * default. Contract: /work/shared/twenty-contract.md; seams: docs/interfaces.md.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { ApiKeyRegistry } from './auth/api-keys';
import type { DevhostRole } from './auth/permissions';
import { DEVHOST_MEMBER_HEADER, withDevhostMember } from './auth/session-member';
import { openDatabase, type Sql } from './db';
import { badRequest, DevhostHttpError } from './errors';
import { filesUrlDecorator, registerFileRoutes, signedFileUrl } from './files/file-routes';
import { FileStore } from './files/file-store';
import { FileTokens } from './files/file-tokens';
import { toErrorBody } from './http-errors';
import { METADATA_TABLES_SQL, MetadataCache } from './metadata/metadata-cache';
import { MetadataService } from './metadata/metadata-service';
import { upgradeAttachments } from './metadata/upgrade-attachments';
import { type RateLimitOptions, WorkspaceRateLimiter } from './rate-limit';
import { RecordReader } from './records/record-reads';
import { RecordWriter } from './records/record-writes';
import { TableStatistics } from './records/table-statistics';
import { registerApiKeyRoutes } from './routes/api-key-routes';
import { registerMetadataRoutes } from './routes/metadata-routes';
import { registerRecordsRoutes } from './routes/records-routes';
import { setAuth } from './routes/request-context';
import { registerViewRoutes, ViewStore } from './routes/view-routes';
import { registerWebhookRoutes } from './routes/webhook-routes';
import { WebhookDispatcher } from './webhooks/webhook-delivery';
import { WebhookStore } from './webhooks/webhook-store';
import { seedWorkspaceIfEmpty } from './workspace-seed';

export type { DevhostRole } from './auth/permissions';

export interface DevhostOptions {
  /** 0 = a random free port (tests); default DEVHOST_PORT or 3000. */
  port?: number;
  host?: string;
  /** postgres://… instead of PGlite (main.ts passes DEVHOST_DATABASE_URL). */
  databaseUrl?: string;
  /** PGlite directory; omitted = in memory. */
  dataDir?: string;
  /** A workspace to start from: a `dump()` of another in-memory devhost (tests reuse a provisioned one). */
  initialData?: Blob;
  /** Fixes the admin API key (main.ts passes DEVHOST_API_KEY). */
  apiKey?: string;
  rateLimit?: RateLimitOptions;
  webhookTimeoutMs?: number;
  log?: boolean;
  /** Lifetime of signed download URLs (Twenty's FILE_TOKEN_EXPIRES_IN, default 1 day). */
  fileTokenTtlSeconds?: number;
  /** Upload limit (Twenty's storage maxFileSize, default 100 MB). */
  maxFileSizeBytes?: number;
}

export interface Devhost {
  url: string;
  apiKey: string;
  workspaceId: string;
  /** A new key; with `expiresAt` its token expires then (an expired one answers «Token has expired.»). */
  createApiKey(opts: { name: string; role?: DevhostRole; expiresAt?: Date }): Promise<string>;
  /** A signed download URL of a stored file; with `expiresAt` in the past, an expired one (tests). */
  signFileUrl(fileId: string, opts?: { expiresAt?: Date }): string;
  /** The workspace's database as a tarball, for `initialData` (in-memory PGlite only). */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

function defaultPort(): number {
  const fromEnv = Number(process.env.DEVHOST_PORT);
  return Number.isInteger(fromEnv) && fromEnv >= 0 ? fromEnv : 3000;
}

export async function startDevhost(options: DevhostOptions = {}): Promise<Devhost> {
  const sql = await openDatabase({
    url: options.databaseUrl,
    dataDir: options.dataDir,
    ...(options.initialData ? { initialData: options.initialData } : {}),
  });
  try {
    return await startOn(sql, options);
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
}

async function startOn(sql: Sql, options: DevhostOptions): Promise<Devhost> {
  await sql.exec(METADATA_TABLES_SQL);
  const registry = await ApiKeyRegistry.open(sql, { fixedAdminKey: options.apiKey });
  const cache = new MetadataCache();
  await cache.reload(sql);
  await seedWorkspaceIfEmpty(sql, cache);
  await upgradeAttachments(sql, cache);
  const webhooks = new WebhookStore(sql, registry.workspaceId);
  await webhooks.init();
  const views = new ViewStore(sql, cache);
  await views.init();

  const app = Fastify({
    logger: options.log ? { level: 'info', redact: ['req.headers.authorization'] } : false,
    bodyLimit: BODY_LIMIT_BYTES,
  });
  const dispatcher = new WebhookDispatcher(webhooks, {
    workspaceId: registry.workspaceId,
    timeoutMs: options.webhookTimeoutMs,
    log: options.log ? app.log : undefined,
  });
  const files = new FileStore(sql, options.maxFileSizeBytes);
  await files.init();
  const tokens = new FileTokens(
    registry.deriveSecret('file-tokens'),
    registry.workspaceId,
    options.fileTokenTtlSeconds,
  );
  // Signed URLs on read name this server; its address is known once it listens.
  let baseUrl = '';
  const reader = new RecordReader(
    sql,
    cache,
    filesUrlDecorator(tokens, () => baseUrl),
  );
  const statistics = new TableStatistics(sql, (error, table) =>
    app.log.warn({ err: error, table }, 'ANALYZE failed'),
  );
  await statistics.analyzeAll();
  const writer = new RecordWriter(
    sql,
    reader,
    (events) => {
      dispatcher.dispatch(events);
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.object.id, (counts.get(e.object.id) ?? 0) + 1);
      for (const [objectId, rows] of counts) {
        const object = cache.findById(objectId);
        if (object) statistics.noteWrites(object.tableName, rows);
      }
    },
    { claim: (tx, field, fileIds) => files.claim(tx, field.id, field.name, fileIds) },
  );
  const limiter = new WorkspaceRateLimiter(options.rateLimit);

  configureHttp(app);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/rest/') && request.url !== '/rest') return;
    const auth = withDevhostMember(
      registry.authenticate(request.headers.authorization),
      request.headers[DEVHOST_MEMBER_HEADER],
    );
    // Twenty throttles in its common query runner, i.e. record operations only;
    // the metadata API (objects, fields, webhooks) is not rate limited (C13).
    // The deprecated aliases /rest/webhooks and /rest/apiKeys are metadata too.
    if (!/^\/rest\/(metadata|webhooks|apiKeys)(\/|\?|$)/.test(request.url)) limiter.consume(auth.workspaceId);
    setAuth(request, auth);
  });
  app.get('/healthz', async () => ({ ok: true }));
  registerWebhookRoutes(app, webhooks);
  registerApiKeyRoutes(app, registry);
  registerViewRoutes(app, views);
  registerMetadataRoutes(app, new MetadataService(sql, cache));
  registerRecordsRoutes(app, cache, reader, writer);
  registerFileRoutes(app, { files, tokens, registry, cache });

  await app.listen({ port: options.port ?? defaultPort(), host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  let closed = false;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: baseUrl,
    apiKey: registry.adminApiKey,
    workspaceId: registry.workspaceId,
    createApiKey: ({ name, role, expiresAt }) => registry.createApiKey(name, role, expiresAt),
    signFileUrl: (fileId, opts) => signedFileUrl(baseUrl, tokens, fileId, opts?.expiresAt),
    async dump() {
      if (!sql.dump) throw new Error('only an embedded (PGlite) devhost can be dumped');
      await statistics.settled();
      return sql.dump();
    },
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await statistics.settled();
      await sql.close();
    },
  };
}

function configureHttp(app: FastifyInstance): void {
  // An empty JSON body (e.g. DELETE with a content-type) is "no body", not an error.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(badRequest(`Invalid JSON body: ${(error as Error).message}`), undefined);
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const body = toErrorBody(error);
    if (body.statusCode >= 500) request.log.error({ err: error }, 'unhandled error');
    return reply.code(body.statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body = new DevhostHttpError(404, `Cannot ${request.method} ${request.url.split('?')[0]}`).toBody();
    return reply.code(404).send(body);
  });
}
