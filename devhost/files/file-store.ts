/**
 * Files of devhost's era-C upload (contract C22), kept in its own database:
 * a row per file from `createFileUpload` (PENDING, temporary); the PUT stores
 * its bytes (again, if repeated, while the file is PENDING); `completeFileUpload`
 * checks they are all there and makes it UPLOADED; an attachment's FILES field
 * then claims it (no longer temporary). Twenty keeps the same life cycle in its
 * `file` entity (file-upload.service.ts, file-upload-completion.service.ts:
 * PENDING → UPLOADED at completion, settings.isTemporaryFile).
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db';
import { badRequest, DevhostHttpError } from '../errors';

export const FILES_TABLE_SQL = `
CREATE SCHEMA IF NOT EXISTS core;
CREATE TABLE IF NOT EXISTS core."file" (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  extension text NOT NULL,
  size bigint NOT NULL,
  "fileFolder" text NOT NULL,
  "fieldMetadataId" uuid,
  status text NOT NULL,
  "isTemporary" boolean NOT NULL DEFAULT true,
  content bytea,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "completedAt" timestamptz
);`;

/** Twenty's `storage.maxFileSize` default, '100MB' read by the `bytes` package (1024-based). */
export const DEFAULT_MAX_FILE_SIZE_BYTES = 100 * 1024 * 1024;

export type FileStatus = 'PENDING' | 'UPLOADED';

export interface StoredFile {
  id: string;
  name: string;
  extension: string;
  size: number;
  fileFolder: string;
  fieldMetadataId: string | null;
  status: FileStatus;
  isTemporary: boolean;
  createdAt: string;
}

/** A FileUploadException of Twenty: its code decides the HTTP status or GraphQL error. */
export class FileUploadError extends DevhostHttpError {
  constructor(
    readonly uploadCode:
      | 'BAD_REQUEST'
      | 'FILE_TOO_LARGE'
      | 'FILE_SIZE_MISMATCH'
      | 'FILE_NOT_FOUND'
      | 'FILE_NOT_UPLOADED',
    message: string,
    readonly userFriendlyMessage: string,
  ) {
    const status = {
      BAD_REQUEST: 400,
      FILE_SIZE_MISMATCH: 400,
      FILE_NOT_UPLOADED: 400,
      FILE_TOO_LARGE: 413,
      FILE_NOT_FOUND: 404,
    }[uploadCode];
    super(status, message, {
      error: status === 413 ? 'PayloadTooLargeException' : undefined,
      code: uploadCode,
    });
  }
}

const COLUMNS = `id, name, extension, size::float8 AS size, "fileFolder", "fieldMetadataId", status, "isTemporary",
  to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1).toLowerCase() : '';
}

export class FileStore {
  constructor(
    private readonly sql: Sql,
    readonly maxFileSizeBytes = DEFAULT_MAX_FILE_SIZE_BYTES,
  ) {}

  async init(): Promise<void> {
    await this.sql.exec(FILES_TABLE_SQL);
  }

  async createPending(input: {
    filename: string;
    size: number;
    fileFolder: string;
    fieldMetadataId: string | null;
  }): Promise<StoredFile> {
    if (!Number.isInteger(input.size) || input.size <= 0 || input.size > this.maxFileSizeBytes) {
      throw new FileUploadError(
        'FILE_TOO_LARGE',
        `Invalid file size ${input.size} (max ${this.maxFileSizeBytes} bytes)`,
        'The file is empty or exceeds the maximum allowed size.',
      );
    }
    const id = randomUUID();
    await this.sql.query(
      `INSERT INTO core."file" (id, name, extension, size, "fileFolder", "fieldMetadataId", status)
       VALUES ($1, $2, $3, $4, $5, $6, 'PENDING')`,
      [id, input.filename, extensionOf(input.filename), input.size, input.fileFolder, input.fieldMetadataId],
    );
    return this.mustFind(id);
  }

  async find(id: string): Promise<StoredFile | undefined> {
    const r = await this.sql.query<StoredFile>(`SELECT ${COLUMNS} FROM core."file" WHERE id = $1`, [id]);
    return r.rows[0];
  }

  async mustFind(id: string): Promise<StoredFile> {
    const file = await this.find(id);
    if (!file) throw new FileUploadError('FILE_NOT_FOUND', `File not found: ${id}`, 'File not found.');
    return file;
  }

  /**
   * The PUT of a pending file: exactly the declared size (file-upload.service.ts receiveFileStream).
   * A repeat replaces the bytes until the upload is completed, so a client may safely send again.
   */
  async receive(id: string, chunks: AsyncIterable<Buffer>): Promise<void> {
    const file = await this.mustFind(id);
    if (file.status !== 'PENDING') {
      throw new FileUploadError(
        'BAD_REQUEST',
        `File ${id} is not awaiting an upload`,
        'This file has already been uploaded.',
      );
    }
    const parts: Buffer[] = [];
    let received = 0;
    for await (const chunk of chunks) {
      received += chunk.length;
      // Refused as soon as the stream passes the declared size, without reading the rest.
      if (received > file.size) {
        throw new FileUploadError(
          'FILE_TOO_LARGE',
          `Upload exceeds declared size of ${file.size} bytes`,
          'The uploaded file is larger than declared.',
        );
      }
      parts.push(chunk);
    }
    if (received !== file.size) {
      throw new FileUploadError(
        'FILE_SIZE_MISMATCH',
        `Uploaded ${received} bytes but ${file.size} were declared`,
        'The uploaded file does not match the declared size. Please retry the upload.',
      );
    }
    const r = await this.sql.query(
      `UPDATE core."file" SET content = $2 WHERE id = $1 AND status = 'PENDING'`,
      [id, Buffer.concat(parts)],
    );
    if (r.affectedRows !== 1)
      throw new FileUploadError(
        'BAD_REQUEST',
        `File ${id} is not awaiting an upload`,
        'This file has already been uploaded.',
      );
  }

  /** completeFileUpload: refused before all the bytes came; idempotent while the file is temporary. */
  async complete(id: string): Promise<StoredFile> {
    const file = await this.mustFind(id);
    if (file.status === 'PENDING') {
      const r = await this.sql.query<{ received: number | null }>(
        `SELECT octet_length(content)::float8 AS received FROM core."file" WHERE id = $1`,
        [id],
      );
      const received = r.rows[0]?.received;
      if (received === null || received === undefined) {
        throw new FileUploadError(
          'FILE_NOT_UPLOADED',
          `File "${id}" has not been uploaded to storage yet.`,
          'The file has not been uploaded yet. Please upload it before confirming.',
        );
      }
      if (received !== file.size) {
        throw new FileUploadError(
          'FILE_SIZE_MISMATCH',
          `File "${id}" has ${received} bytes in storage but ${file.size} were declared.`,
          'The uploaded file does not match the declared size. Please retry the upload.',
        );
      }
      await this.sql.query(
        `UPDATE core."file" SET status = 'UPLOADED', "completedAt" = now() WHERE id = $1`,
        [id],
      );
      return { ...file, status: 'UPLOADED' };
    }
    if (!file.isTemporary) {
      throw new FileUploadError(
        'BAD_REQUEST',
        `File ${id} is not awaiting an upload confirmation`,
        'This file upload has already been finalized.',
      );
    }
    return file;
  }

  /**
   * A FILES field value names these files: each must be an uploaded, completed, temporary
   * file of that field, and is then kept (no longer temporary). Runs in the record's transaction.
   */
  async claim(
    tx: Sql,
    fieldMetadataId: string,
    fieldName: string,
    fileIds: string[],
  ): Promise<Map<string, string>> {
    const extensions = new Map<string, string>();
    for (const id of fileIds) {
      const r = await tx.query<{
        status: string;
        isTemporary: boolean;
        fieldMetadataId: string | null;
        extension: string;
        completed: boolean;
      }>(
        `SELECT status, "isTemporary", "fieldMetadataId", extension, "completedAt" IS NOT NULL AS completed
         FROM core."file" WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const file = r.rows[0];
      if (file?.status !== 'UPLOADED' || !file.completed)
        throw badRequest(
          `File ${id} of field '${fieldName}' was not uploaded and completed (createFileUpload → PUT → completeFileUpload)`,
        );
      if (file.fieldMetadataId !== fieldMetadataId)
        throw badRequest(`File ${id} was uploaded for another field than '${fieldName}'`);
      if (!file.isTemporary) throw badRequest(`File ${id} is already used by a record; upload it again`);
      await tx.query(`UPDATE core."file" SET "isTemporary" = false WHERE id = $1`, [id]);
      extensions.set(id, file.extension);
    }
    return extensions;
  }

  async content(id: string): Promise<{ file: StoredFile; bytes: Buffer } | undefined> {
    const r = await this.sql.query<StoredFile & { content: Uint8Array | null }>(
      `SELECT ${COLUMNS}, content FROM core."file" WHERE id = $1 AND status = 'UPLOADED'`,
      [id],
    );
    const row = r.rows[0];
    if (!row?.content) return undefined;
    const { content, ...file } = row;
    return { file, bytes: Buffer.from(content.buffer, content.byteOffset, content.byteLength) };
  }
}
