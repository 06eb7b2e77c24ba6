/**
 * What an upload sends (contract C22): a Buffer or a stream of known size,
 * checked before a byte leaves — not empty, not above Twenty's limit — and a
 * stream held to the size it declared.
 */
import { Transform } from 'node:stream';
import { TwentyFileSizeError } from './errors';
import type { RawStream } from './transport';

/** Twenty's `storage.maxFileSize` default ('100MB', read by the `bytes` package: 1024-based). */
export const MAX_FILE_SIZE_BYTES = 100 * 1024 * 1024;

export interface UploadInput {
  fileName: string;
  contentType: string;
  /**
   * The bytes: a Buffer, or a stream with its size known up front (`open` is called again
   * for a retried PUT, so it must start from the beginning each time — e.g. a file on disk).
   */
  body: Buffer | RawStream;
}

/** The size of an upload's body, declared to Twenty before a byte is sent. */
export function bodySize(body: UploadInput['body']): number {
  return Buffer.isBuffer(body) ? body.length : body.size;
}

/**
 * A stream that yields more or fewer bytes than its declared size would leave the PUT hanging
 * (the server waits for the rest) or be refused: it is cut with TwentyFileSizeError, and the
 * transport's repeat of the PUT fails at once instead of reading the file again.
 */
export function exactSize(body: RawStream, fileName: string): RawStream {
  let mismatch: TwentyFileSizeError | undefined;
  return {
    size: body.size,
    async open() {
      if (mismatch) throw mismatch;
      const source = await body.open();
      let seen = 0;
      const fail = (received: number) => {
        mismatch = new TwentyFileSizeError({
          fileName,
          size: body.size,
          limit: MAX_FILE_SIZE_BYTES,
          received,
        });
        return mismatch;
      };
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          seen += chunk.length;
          if (seen > body.size) done(fail(seen));
          else done(null, chunk);
        },
        flush(done) {
          if (seen !== body.size) done(fail(seen));
          else done();
        },
      });
      source.on('error', (error) => counter.destroy(error));
      return source.pipe(counter);
    },
  };
}

export async function bodyBytes(body: UploadInput['body']): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of await body.open())
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The checks every upload passes before a byte is sent. */
export function checkUploadInput(input: UploadInput): void {
  if (typeof input.fileName !== 'string' || input.fileName.trim() === '')
    throw new TypeError('files: fileName is empty — give the name the file should show in Twenty');
  if (typeof input.contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+/.test(input.contentType))
    throw new TypeError(`files: contentType ${JSON.stringify(input.contentType)} is not a MIME type`);
  const body = input.body as unknown;
  const isStream =
    typeof body === 'object' && body !== null && typeof (body as RawStream).open === 'function';
  if (!Buffer.isBuffer(body) && !isStream)
    throw new TypeError('files: body must be a Buffer or { size, open() } (its size is sent first)');
  const size = bodySize(input.body);
  if (!Number.isSafeInteger(size) || size < 0)
    throw new TypeError(`files: the body's size must be a whole number of bytes, got ${size}`);
  if (size === 0 || size > MAX_FILE_SIZE_BYTES)
    throw new TwentyFileSizeError({ fileName: input.fileName, size, limit: MAX_FILE_SIZE_BYTES });
}

/** Twenty's attachment categories (era B `fileCategory`), as its front end derives them. */
export function fileCategoryOf(fileName: string, contentType: string): string {
  const ext = fileName.includes('.') ? (fileName.split('.').pop() ?? '').toLowerCase() : '';
  if (/^(zip|rar|7z|tar|gz|tgz|bz2)$/.test(ext)) return 'ARCHIVE';
  if (/^(ppt|pptx|key|odp)$/.test(ext)) return 'PRESENTATION';
  if (/^(xls|xlsx|xlsm|csv|ods|numbers)$/.test(ext)) return 'SPREADSHEET';
  if (/^(doc|docx|pdf|txt|rtf|odt|md|pages)$/.test(ext)) return 'TEXT_DOCUMENT';
  if (contentType.startsWith('image/')) return 'IMAGE';
  if (contentType.startsWith('audio/')) return 'AUDIO';
  if (contentType.startsWith('video/')) return 'VIDEO';
  return 'OTHER';
}
