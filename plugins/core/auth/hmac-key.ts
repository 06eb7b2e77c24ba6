/**
 * The HMAC key of a shared secret, made once. Given a string, jsonwebtoken's verify first tries to
 * read it as a PEM public key (createPublicKey, which throws) before taking it as a secret: about
 * half a millisecond on every request a token rides on. A KeyObject goes straight to the check.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';

const keys = new Map<string, KeyObject>();

export function hmacKey(secret: string | Buffer): KeyObject {
  if (Buffer.isBuffer(secret)) return createSecretKey(secret);
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret));
    // A handful of secrets live in a process (staff, embed, each agency key); bound it anyway.
    if (keys.size >= 64) keys.clear();
    keys.set(secret, key);
  }
  return key;
}
