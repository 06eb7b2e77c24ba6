/**
 * Tokens of signed file URLs (contract C22), as Twenty signs them: an HS256 JWT
 * `{ workspaceId, fileId, sub, type }` in the URL's `?token=`, no bearer.
 * `FILE_UPLOAD` tokens open the PUT target (file-upload-token.guard.ts),
 * `FILE` tokens the download (file-by-id.guard.ts, FILE_TOKEN_EXPIRES_IN,
 * default 1 day). A token of one kind never opens the other, nor another file.
 */
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { hmacKey } from '../auth/hmac-key';

export type FileTokenType = 'FILE' | 'FILE_UPLOAD';

/** Twenty's FILE_TOKEN_EXPIRES_IN default. */
export const DEFAULT_FILE_TOKEN_TTL_SECONDS = 24 * 60 * 60;
/** Lifetime of an upload target; Twenty uses STORAGE_S3_PRESIGNED_URL_EXPIRES_IN (default unconfirmed, 15 min here). */
export const DEFAULT_UPLOAD_TOKEN_TTL_SECONDS = 15 * 60;

export class FileTokens {
  private readonly key: KeyObject;

  constructor(
    private readonly secret: Buffer,
    readonly workspaceId: string,
    readonly downloadTtlSeconds = DEFAULT_FILE_TOKEN_TTL_SECONDS,
    readonly uploadTtlSeconds = DEFAULT_UPLOAD_TOKEN_TTL_SECONDS,
  ) {
    this.key = hmacKey(secret);
  }

  /** `expiresAt` overrides the lifetime (tests mint an already expired link). */
  sign(type: FileTokenType, fileId: string, expiresAt?: Date): { token: string; expiresAt: Date } {
    const ttl = type === 'FILE' ? this.downloadTtlSeconds : this.uploadTtlSeconds;
    const exp = expiresAt ? Math.floor(expiresAt.getTime() / 1000) : Math.floor(Date.now() / 1000) + ttl;
    const token = jwt.sign(
      { workspaceId: this.workspaceId, fileId, sub: this.workspaceId, type, exp },
      this.secret,
      { algorithm: 'HS256' },
    );
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** True only for an unexpired token of this kind, this workspace and this file. */
  verify(type: FileTokenType, fileId: string, token: unknown): boolean {
    if (typeof token !== 'string' || token === '') return false;
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'] }) as Record<string, unknown>;
      return payload.type === type && payload.workspaceId === this.workspaceId && payload.fileId === fileId;
    } catch {
      return false;
    }
  }
}
