/**
 * Era C of contract C22 on devhost: the metadata GraphQL endpoint's
 * `createFileUpload` / `completeFileUpload`, the signed PUT target
 * `/file-upload/:id?token=` and the signed download `/file/files-field/:id?token=`.
 * Shapes from twentyhq/twenty file-upload.resolver.ts, file-upload.controller.ts,
 * file-by-id.controller.ts and their guards (a refused token answers 403).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyRegistry } from '../auth/api-keys';
import { DevhostHttpError, forbidden } from '../errors';
import type { MetadataCache } from '../metadata/metadata-cache';
import type { FieldMeta, ObjectMeta } from '../metadata/types';
import type { RecordJson } from '../records/record-format';
import { type FileStore, FileUploadError, type StoredFile } from './file-store';
import type { FileTokens } from './file-tokens';
import { GraphQLRequestError, parseOperation, type RootField } from './graphql-operation';

export const FILES_FIELD_FOLDER = 'files-field';

const MIME_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  zip: 'application/zip',
};

interface GraphQLErrorBody {
  message: string;
  extensions: { code: string; subCode?: string; userFriendlyMessage?: string };
}

/** What a GraphQL type answers for each selectable field. */
type Selectable = Record<string, unknown>;

export interface FileRoutesDeps {
  files: FileStore;
  tokens: FileTokens;
  registry: ApiKeyRegistry;
  cache: MetadataCache;
}

function serverUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}`;
}

export function signedFileUrl(base: string, tokens: FileTokens, fileId: string, expiresAt?: Date): string {
  const { token } = tokens.sign('FILE', fileId, expiresAt);
  return `${base}/file/${FILES_FIELD_FOLDER}/${fileId}?token=${token}`;
}

/** Read side of FILES fields: each item gains a fresh signed `url` (Twenty signs on read). */
export function filesUrlDecorator(tokens: FileTokens, base: () => string) {
  return (object: ObjectMeta, record: RecordJson): void => {
    for (const field of object.fields) {
      if (field.type !== 'FILES') continue;
      const items = record[field.name];
      if (!Array.isArray(items)) continue;
      record[field.name] = items.map((item: Record<string, unknown>) =>
        typeof item?.fileId === 'string'
          ? { ...item, url: signedFileUrl(base(), tokens, item.fileId) }
          : item,
      );
    }
  };
}

function select(field: RootField, typeName: string, value: Selectable): Record<string, unknown> {
  if (field.selection.length === 0)
    throw new GraphQLRequestError(
      `Field "${field.name}" of type "${typeName}!" must have a selection of subfields. Did you mean "${field.name} { ... }"?`,
      'GRAPHQL_VALIDATION_FAILED',
    );
  const out: Record<string, unknown> = {};
  for (const name of field.selection) {
    if (name === '__typename') out[name] = typeName;
    else if (name in value) out[name] = value[name];
    else
      throw new GraphQLRequestError(
        `Cannot query field "${name}" on type "${typeName}".`,
        'GRAPHQL_VALIDATION_FAILED',
      );
  }
  return out;
}

function toGraphQLError(error: unknown): GraphQLErrorBody {
  if (error instanceof GraphQLRequestError)
    return { message: error.message, extensions: { code: error.code } };
  if (error instanceof FileUploadError) {
    return {
      message: error.message,
      extensions: {
        code: error.uploadCode === 'FILE_NOT_FOUND' ? 'NOT_FOUND' : 'BAD_USER_INPUT',
        subCode: error.uploadCode,
        userFriendlyMessage: error.userFriendlyMessage,
      },
    };
  }
  if (error instanceof DevhostHttpError) {
    const code =
      error.statusCode === 401
        ? 'UNAUTHENTICATED'
        : error.statusCode === 403
          ? 'FORBIDDEN'
          : error.statusCode === 404
            ? 'NOT_FOUND'
            : 'BAD_USER_INPUT';
    return { message: error.message, extensions: { code } };
  }
  throw error;
}

export function registerFileRoutes(app: FastifyInstance, deps: FileRoutesDeps): void {
  const { files, tokens, registry, cache } = deps;

  const filesField = (fieldMetadataId: unknown): FieldMeta => {
    if (typeof fieldMetadataId !== 'string' || fieldMetadataId === '')
      throw new FileUploadError(
        'BAD_REQUEST',
        'fieldMetadataId or fieldMetadataUniversalIdentifier must be provided',
        'fieldMetadataId or fieldMetadataUniversalIdentifier must be provided',
      );
    for (const object of cache.all()) {
      const field = object.fields.find((f) => f.id === fieldMetadataId);
      if (field?.type === 'FILES') return field;
    }
    throw new FileUploadError(
      'FILE_NOT_FOUND',
      `No FILES field with id ${fieldMetadataId}`,
      'Field not found.',
    );
  };

  const fileWithUrl = (base: string, file: StoredFile): Selectable => ({
    id: file.id,
    path: `${FILES_FIELD_FOLDER}/${file.fieldMetadataId}/${file.id}${file.extension ? `.${file.extension}` : ''}`,
    size: file.size,
    createdAt: file.createdAt,
    url: signedFileUrl(base, tokens, file.id),
  });

  const mutations: Record<
    string,
    (field: RootField, request: FastifyRequest) => Promise<Record<string, unknown>>
  > = {
    async createFileUpload(field, request) {
      const { filename, size, fileFolder, fieldMetadataId } = field.args;
      if (typeof filename !== 'string' || filename.trim() === '')
        throw new GraphQLRequestError(
          'Variable "$filename" of required type "String!" was not provided.',
          'GRAPHQL_VALIDATION_FAILED',
        );
      if (typeof size !== 'number')
        throw new GraphQLRequestError(
          'Variable "$size" of required type "Float!" was not provided.',
          'GRAPHQL_VALIDATION_FAILED',
        );
      if (fileFolder !== 'FilesField')
        throw new FileUploadError(
          'BAD_REQUEST',
          `Direct upload is not supported for file folder ${String(fileFolder)}`,
          'Direct upload is not supported for this file type.',
        );
      const target = filesField(fieldMetadataId);
      const file = await files.createPending({
        filename,
        size,
        fileFolder: FILES_FIELD_FOLDER,
        fieldMetadataId: target.id,
      });
      const signed = tokens.sign('FILE_UPLOAD', file.id);
      return select(field, 'FileUploadTarget', {
        fileId: file.id,
        uploadUrl: `${serverUrl(request)}/file-upload/${file.id}?token=${signed.token}`,
        contentType: 'application/octet-stream',
        expiresAt: signed.expiresAt.toISOString(),
      });
    },
    async completeFileUpload(field, request) {
      const { fileId } = field.args;
      if (typeof fileId !== 'string')
        throw new GraphQLRequestError(
          'Variable "$fileId" of required type "String!" was not provided.',
          'GRAPHQL_VALIDATION_FAILED',
        );
      const file = await files.complete(fileId);
      return select(field, 'FileWithSignedUrl', fileWithUrl(serverUrl(request), file));
    },
  };

  // Twenty's metadata GraphQL endpoint. Errors travel in `errors` with HTTP 200 (GraphQL over
  // application/json); whether Twenty answers validation errors with 400 instead is unconfirmed.
  app.post('/metadata', async (request, reply) => {
    const body = (request.body ?? {}) as { query?: unknown; variables?: unknown };
    try {
      const auth = registry.authenticate(request.headers.authorization);
      const operation = parseOperation(body.query, body.variables);
      const typeName = operation.type === 'mutation' ? 'Mutation' : 'Query';
      const data: Record<string, unknown> = {};
      for (const field of operation.fields) {
        const run = operation.type === 'mutation' ? mutations[field.name] : undefined;
        if (!run)
          throw new GraphQLRequestError(
            `Cannot query field "${field.name}" on type "${typeName}".`,
            'GRAPHQL_VALIDATION_FAILED',
          );
        // Twenty: the UPLOAD_FILE permission flag; devhost: a role that may write attachments.
        const attachment = cache.findBySingular('attachment');
        if (attachment && !auth.permissions.can(attachment, 'update'))
          throw forbidden(
            `Permission denied: the role "${auth.permissions.role.label}" may not upload files`,
          );
        data[field.key] = await run(field, request);
      }
      return reply.send({ data });
    } catch (error) {
      const graphqlError = toGraphQLError(error);
      const validation = graphqlError.extensions.code.startsWith('GRAPHQL_');
      return reply.send(validation ? { errors: [graphqlError] } : { errors: [graphqlError], data: null });
    }
  });

  app.register(async (scope) => {
    // The PUT body is the file itself, whatever its declared type: read as a stream, never parsed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.put<{ Params: { id: string }; Querystring: { token?: string } }>(
      '/file-upload/:id',
      async (request, reply: FastifyReply) => {
        if (!tokens.verify('FILE_UPLOAD', request.params.id, request.query.token)) throw forbidden();
        const stream = (request.body ?? request.raw) as AsyncIterable<Buffer>;
        await files.receive(request.params.id, stream);
        return reply.code(204).send();
      },
    );
  });

  app.get<{ Params: { folder: string; id: string }; Querystring: { token?: string } }>(
    '/file/:folder/:id',
    async (request, reply) => {
      if (
        request.params.folder !== FILES_FIELD_FOLDER ||
        !tokens.verify('FILE', request.params.id, request.query.token)
      )
        throw forbidden();
      const found = await files.content(request.params.id);
      if (!found) throw new DevhostHttpError(404, 'File not found');
      return reply
        .header('content-type', MIME_TYPES[found.file.extension] ?? 'application/octet-stream')
        .header('content-length', String(found.bytes.length))
        .send(found.bytes);
    },
  );
}
