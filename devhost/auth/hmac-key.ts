/**
 * The HMAC key of the install's secret, made once: given a string, jsonwebtoken's verify first tries
 * it as a PEM public key (createPublicKey, which throws) — half a millisecond on every request.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';

export const hmacKey = (secret: string | Buffer): KeyObject =>
  createSecretKey(Buffer.isBuffer(secret) ? secret : Buffer.from(secret));
