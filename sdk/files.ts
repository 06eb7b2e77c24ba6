/**
 * `client.files`: bytes into and out of Twenty (contract C22). Bytes never go
 * through /rest. Era C (Twenty 2.x): `createFileUpload` on the metadata GraphQL
 * endpoint → PUT the bytes to the signed `uploadUrl` (exact size) →
 * `completeFileUpload`; an attachment then names the file in its FILES field
 * `file: [{ fileId, label }]` and its record through `target<Object>Id`.
 * Era B (Twenty ≈0.4–1.x) is the fallback, chosen from the server's own answer:
 * the multipart `uploadFile` mutation → a path, then an attachment with
 * `fullPath`, `fileCategory` and `<object>Id`.
 *
 * Sources (twentyhq/twenty, packages/twenty-server/src/engine/core-modules/file/):
 * file-upload/resolvers/file-upload.resolver.ts (the two mutations and their
 * arguments), file-upload/services/file-upload.service.ts (size checks,
 * completion idempotent while the file is temporary), file-upload-target.service.ts
 * (`${SERVER_URL}/file-upload/<fileId>?token=…`), file-url/file-url.service.ts
 * (`${SERVER_URL}/file/files-field/<fileId>?token=…`, FILE_TOKEN_EXPIRES_IN).
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  TwentyApiError,
  TwentyDeadlineExceededError,
  TwentyFileSizeError,
  TwentyFilesUnsupportedError,
  TwentyFileUrlError,
  TwentyNetworkError,
  TwentyNotFoundError,
  TwentyTimeoutError,
  TwentyValidationError,
} from './errors';
import {
  bodyBytes,
  bodySize,
  checkUploadInput,
  exactSize,
  fileCategoryOf,
  MAX_FILE_SIZE_BYTES,
  type UploadInput,
} from './file-input';
import { errorFromGraphQL, type GraphQLError, isUnknownMutation } from './graphql-errors';
import type { MetadataApi } from './metadata';
import type { Transport, TransportRequest } from './transport';
import type { RecordsApi, TwentyRecord } from './types';

/** A signed download URL is reused for this long (Twenty's FILE_TOKEN_EXPIRES_IN defaults to 1 day). */
export const SIGNED_URL_REUSE_MS = 6 * 60 * 60 * 1000;

export type FilesEra = 'C' | 'B';

export interface AttachInput extends UploadInput {
  /** Singular name of the record's object: 'unit', 'person', 'company' … */
  object: string;
  recordId: string;
  /**
   * The attachment's own id. Give a deterministic one to make the call safe to repeat
   * (a migration resuming after a crash); default a new UUID.
   */
  attachmentId?: string;
  /**
   * The caller knows no earlier call can have made the attachment `attachmentId` names (its first
   * attempt): the look-up that makes a repeat harmless is skipped — one request fewer.
   */
  attachmentIsNew?: boolean;
}

export interface FilesApi {
  /**
   * Stores the bytes; `url` is a signed download link when the server gave one (era C),
   * `path` the stored path an era-B attachment names in `fullPath`.
   */
  upload(input: UploadInput): Promise<{ fileId: string; url?: string; path?: string }>;
  /** Stores the bytes and attaches them to a record (an `attachment` in Twenty's Files tab). */
  attach(input: AttachInput): Promise<{ attachmentId: string; fileId: string }>;
  /** The bytes of a file: by its id (looked up among attachments) or by a signed URL. */
  download(fileIdOrSignedUrl: string): Promise<Buffer>;
  /** The same as a stream, for files not to be held in memory whole. */
  downloadStream(fileIdOrSignedUrl: string): Promise<Readable>;
  /** The protocol this server speaks, detected on first use. */
  era(): Promise<FilesEra>;
}

export interface FilesDeps {
  transport: Transport;
  metadata: MetadataApi;
  attachments: () => RecordsApi<TwentyRecord>;
  apiKey: string;
}

interface UploadResult {
  fileId: string;
  url?: string;
  /** Era B: the stored path an attachment's `fullPath` names. */
  path?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CREATE_FILE_UPLOAD = `mutation CreateFileUpload($filename: String!, $size: Float!, $fileFolder: FileFolder!, $fieldMetadataId: String) {
  createFileUpload(filename: $filename, size: $size, fileFolder: $fileFolder, fieldMetadataId: $fieldMetadataId) { fileId uploadUrl contentType expiresAt }
}`;
const COMPLETE_FILE_UPLOAD = `mutation CompleteFileUpload($fileId: String!) {
  completeFileUpload(fileId: $fileId) { id path size createdAt url }
}`;
const UPLOAD_FILE_SIGNED = `mutation UploadFile($file: Upload!, $fileFolder: FileFolder) {
  uploadFile(file: $file, fileFolder: $fileFolder) { path token }
}`;
const UPLOAD_FILE_PATH = `mutation UploadFile($file: Upload!, $fileFolder: FileFolder) {
  uploadFile(file: $file, fileFolder: $fileFolder)
}`;

/** No answer came, or a gateway answered: the request may or may not have been applied. */
function outcomeUnknown(error: unknown): boolean {
  return (
    error instanceof TwentyNetworkError ||
    error instanceof TwentyTimeoutError ||
    error instanceof TwentyDeadlineExceededError ||
    (error instanceof TwentyApiError && [502, 503, 504].includes(error.status))
  );
}

/** `https://host/file-upload/<id>?token=…` → `/file-upload/<id>` for logs: tokens are secrets. */
function redact(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(signed url)';
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function createFilesApi(deps: FilesDeps): FilesApi {
  const { transport } = deps;
  let detected: Promise<{ era: FilesEra; fieldMetadataId?: string }> | undefined;
  const signedUrls = new Map<string, { url: string; at: number }>();

  const graphql = async <T>(
    endpoint: '/metadata' | '/graphql',
    query: string,
    variables: Record<string, unknown>,
    field: string,
    idempotent: boolean,
  ): Promise<T> => {
    const req: TransportRequest = {
      method: 'POST',
      path: endpoint,
      body: { query, variables },
      idempotent,
      // Twenty meters record traffic only (C13); its GraphQL file mutations spend no tokens.
      metered: false,
    };
    return readGraphQL<T>(await transport.request(req), field, req);
  };

  const readGraphQL = <T>(body: unknown, field: string, req: TransportRequest): T => {
    const answer = (body ?? {}) as { data?: Record<string, unknown> | null; errors?: GraphQLError[] };
    if (Array.isArray(answer.errors) && answer.errors.length > 0)
      throw errorFromGraphQL({
        errors: answer.errors,
        method: req.method,
        path: req.path,
        apiKey: deps.apiKey,
      });
    const value = answer.data?.[field];
    if (value === undefined || value === null)
      throw new TwentyValidationError({
        status: 200,
        error: 'UnexpectedAnswer',
        messages: [`the answer has no data.${field}`],
        method: req.method,
        path: req.path,
      });
    return value as T;
  };

  /** Which era: the attachment's FILES field `file` says C is possible; createFileUpload confirms it. */
  const detect = () => {
    detected ??= (async () => {
      const objects = await deps.metadata.objects.list();
      const attachment = objects.find((o) => o.nameSingular === 'attachment');
      const file = attachment?.fields?.find((f) => f.name === 'file' && f.type === 'FILES');
      return file ? { era: 'C' as const, fieldMetadataId: file.id } : { era: 'B' as const };
    })().catch((error: unknown) => {
      detected = undefined;
      throw error;
    });
    return detected;
  };

  const sendSigned = async (req: Omit<TransportRequest, 'path'> & { url: string }): Promise<unknown> => {
    const path = redact(req.url);
    try {
      return await transport.request({ ...req, path, metered: false });
    } catch (error) {
      if (error instanceof TwentyApiError && [401, 403, 404].includes(error.status))
        throw new TwentyFileUrlError({
          status: error.status,
          method: req.method,
          path,
          messages: error.messages,
        });
      throw error;
    }
  };

  const uploadEraC = async (input: UploadInput, fieldMetadataId: string): Promise<UploadResult> => {
    const size = bodySize(input.body);
    // Not idempotent by nature, but a repeat after a lost answer only leaves a pending file that
    // Twenty's pending-file-cleanup cron deletes; so a retry is safe.
    const target = await graphql<{ fileId: string; uploadUrl: string; contentType?: string }>(
      '/metadata',
      CREATE_FILE_UPLOAD,
      { filename: input.fileName, size, fileFolder: 'FilesField', fieldMetadataId },
      'createFileUpload',
      true,
    );
    try {
      await sendSigned({
        method: 'PUT',
        url: target.uploadUrl,
        rawBody: Buffer.isBuffer(input.body) ? input.body : exactSize(input.body, input.fileName),
        headers: { 'Content-Type': target.contentType ?? 'application/octet-stream' },
        idempotent: true,
      });
    } catch (error) {
      // Newer servers take a repeated PUT until completion; older ones refuse it once the first attempt
      // landed («already been uploaded»). Either way completion decides whether the bytes are there.
      if (!(error instanceof TwentyValidationError && error.attempts > 1)) throw error;
    }
    // Idempotent while the file is temporary (file-upload.service.ts completeFileUpload).
    const done = await graphql<{ id: string; url?: string | null }>(
      '/metadata',
      COMPLETE_FILE_UPLOAD,
      { fileId: target.fileId },
      'completeFileUpload',
      true,
    );
    if (done.url) signedUrls.set(done.id, { url: done.url, at: Date.now() });
    return { fileId: done.id, url: done.url ?? undefined };
  };

  /** Era B: graphql-multipart-request-spec body built by hand (operations, map, the file). */
  const uploadEraB = async (input: UploadInput): Promise<UploadResult> => {
    // The multipart body is built in memory (≤ 100 MB); a stream is read once here.
    const bytes = await bodyBytes(input.body);
    if (bytes.length !== bodySize(input.body))
      throw new TwentyFileSizeError({
        fileName: input.fileName,
        size: bodySize(input.body),
        limit: MAX_FILE_SIZE_BYTES,
        received: bytes.length,
      });
    const send = async (query: string) => {
      const boundary = `----twenty-realty-${randomUUID()}`;
      const part = (name: string, value: string | Buffer, extra = '') =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n`),
          Buffer.isBuffer(value) ? value : Buffer.from(value),
          Buffer.from('\r\n'),
        ]);
      const safeName = input.fileName.replace(/["\r\n\\]/g, '_');
      const body = Buffer.concat([
        part('operations', JSON.stringify({ query, variables: { file: null, fileFolder: 'Attachment' } })),
        part('map', JSON.stringify({ 0: ['variables.file'] })),
        part('0', bytes, `; filename="${safeName}"\r\nContent-Type: ${input.contentType}`),
        Buffer.from(`--${boundary}--\r\n`),
      ]);
      const req: TransportRequest = {
        method: 'POST',
        path: '/graphql',
        rawBody: body,
        // The Apollo/Yoga CSRF guard wants a preflight header on multipart requests (unconfirmed which).
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'apollo-require-preflight': 'true',
        },
        metered: false,
      };
      return readGraphQL<{ path: string } | string>(await transport.request(req), 'uploadFile', req);
    };
    let answer: { path: string } | string;
    try {
      answer = await send(UPLOAD_FILE_SIGNED);
    } catch (error) {
      // Era A answers a plain string: a selection on it is a validation error.
      if (
        !(error instanceof TwentyApiError && error.messages.some((m) => /must not have a selection/.test(m)))
      )
        throw error;
      answer = await send(UPLOAD_FILE_PATH);
    }
    const raw = typeof answer === 'string' ? answer : answer.path;
    const path = raw.split('?')[0];
    const fileId = path.split('/').pop()?.split('.')[0] ?? path;
    return { fileId, path };
  };

  const uploadAny = async (input: UploadInput): Promise<UploadResult & { era: FilesEra }> => {
    checkUploadInput(input);
    const found = await detect();
    if (found.era === 'C' && found.fieldMetadataId) {
      try {
        return { ...(await uploadEraC(input, found.fieldMetadataId)), era: 'C' };
      } catch (error) {
        if (!isUnknownMutation(error, 'createFileUpload')) throw error;
        detected = Promise.resolve({ era: 'B' });
      }
    }
    try {
      return { ...(await uploadEraB(input)), era: 'B' };
    } catch (error) {
      if (isUnknownMutation(error, 'uploadFile'))
        throw new TwentyFilesUnsupportedError([
          found.era === 'C' ? 'createFileUpload is unknown' : 'attachment has no FILES field «file»',
          'uploadFile is unknown',
        ]);
      throw error;
    }
  };

  /** Creates the attachment; after a lost answer, looks before writing again (the id is ours). */
  const createAttachment = async (data: TwentyRecord): Promise<void> => {
    const attachments = deps.attachments();
    try {
      await attachments.create(data);
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      const existing = await attachments.get(data.id).catch((lookup: unknown) => {
        if (lookup instanceof TwentyNotFoundError) return undefined;
        throw lookup;
      });
      if (!existing) await attachments.create(data);
    }
  };

  const existingAttachment = async (
    id: string,
  ): Promise<{ attachmentId: string; fileId: string } | undefined> => {
    const found = await deps
      .attachments()
      .get(id)
      .catch((error: unknown) => {
        if (error instanceof TwentyNotFoundError) return undefined;
        throw error;
      });
    if (!found) return undefined;
    const files = Array.isArray(found.file) ? (found.file as { fileId?: unknown }[]) : [];
    const fileId =
      typeof files[0]?.fileId === 'string'
        ? files[0].fileId
        : typeof found.fullPath === 'string'
          ? (found.fullPath.split('/').pop()?.split('.')[0] ?? '')
          : '';
    return { attachmentId: id, fileId };
  };

  const signedUrlOf = async (fileIdOrSignedUrl: string): Promise<string> => {
    if (/^https?:\/\//i.test(fileIdOrSignedUrl)) return fileIdOrSignedUrl;
    if (!UUID.test(fileIdOrSignedUrl))
      throw new TypeError(
        `files.download: give a file id or a signed URL, got ${JSON.stringify(fileIdOrSignedUrl)}`,
      );
    return findSignedUrl(fileIdOrSignedUrl);
  };

  const findSignedUrl = async (fileId: string): Promise<string> => {
    const known = signedUrls.get(fileId);
    if (known && Date.now() - known.at < SIGNED_URL_REUSE_MS) return known.url;
    // Twenty signs no URL for a bare file id through the API; the attachment that holds it carries one.
    // This reads attachments page by page: callers that can, should keep the signed URL instead.
    for await (const attachment of deps.attachments().iterate()) {
      const files = Array.isArray(attachment.file) ? (attachment.file as Record<string, unknown>[]) : [];
      for (const f of files) {
        if (f.fileId === fileId && typeof f.url === 'string') {
          signedUrls.set(fileId, { url: f.url, at: Date.now() });
          return f.url;
        }
      }
    }
    throw new TwentyFileUrlError({
      status: 404,
      method: 'GET',
      path: `/file/files-field/${fileId}`,
      messages: ['no attachment holds this file id'],
    });
  };

  return {
    async upload(input) {
      const { fileId, url, path } = await uploadAny(input);
      return { fileId, ...(url ? { url } : {}), ...(path ? { path } : {}) };
    },

    async attach(input) {
      if (!/^[a-z][a-zA-Z0-9]*$/.test(input.object ?? ''))
        throw new TypeError(
          `files.attach: object ${JSON.stringify(input.object)} is not a singular object name`,
        );
      if (!UUID.test(input.recordId ?? ''))
        throw new TypeError(`files.attach: recordId ${JSON.stringify(input.recordId)} is not a UUID`);
      if (input.attachmentId !== undefined && !UUID.test(input.attachmentId))
        throw new TypeError(`files.attach: attachmentId ${JSON.stringify(input.attachmentId)} is not a UUID`);
      // A caller's own id makes a repeat harmless: an attachment already made (a crash after it,
      // before the caller noted it) is answered as it is, without a second upload.
      checkUploadInput(input);
      const done =
        input.attachmentId && !input.attachmentIsNew
          ? await existingAttachment(input.attachmentId)
          : undefined;
      if (done) return done;
      const attachmentId = input.attachmentId ?? randomUUID();
      const uploaded = await uploadAny(input);
      const data: TwentyRecord =
        uploaded.era === 'C'
          ? {
              id: attachmentId,
              name: input.fileName,
              [`target${capitalize(input.object)}Id`]: input.recordId,
              file: [{ fileId: uploaded.fileId, label: input.fileName }],
            }
          : {
              id: attachmentId,
              name: input.fileName,
              fullPath: uploaded.path,
              fileCategory: fileCategoryOf(input.fileName, input.contentType),
              [`${input.object}Id`]: input.recordId,
            };
      await createAttachment(data);
      return { attachmentId, fileId: uploaded.fileId };
    },

    async download(fileIdOrSignedUrl) {
      const url = await signedUrlOf(fileIdOrSignedUrl);
      return (await sendSigned({ method: 'GET', url, responseType: 'buffer' })) as Buffer;
    },

    async downloadStream(fileIdOrSignedUrl) {
      const url = await signedUrlOf(fileIdOrSignedUrl);
      return (await sendSigned({ method: 'GET', url, responseType: 'stream' })) as Readable;
    },

    async era() {
      return (await detect()).era;
    },
  };
}
