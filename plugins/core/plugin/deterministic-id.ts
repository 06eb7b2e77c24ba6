/**
 * RFC 4122 version-5 UUIDs: the same name always gives the same id. Demo data,
 * seed-scale data and migrations derive Twenty ids this way, so a re-run
 * upserts the same records instead of duplicating them.
 */
import { createHash } from 'node:crypto';

/** The project's namespace (a v4 UUID chosen once). */
export const REALTY_NAMESPACE = '9c1f3c57-6c8e-4a59-9f0b-8f2d4b7e2a11';

export function uuidV5(name: string, namespace: string = REALTY_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  if (ns.length !== 16) throw new Error(`namespace «${namespace}» is not a UUID`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A small, fast, seedable PRNG (mulberry32) for deterministic generated data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
