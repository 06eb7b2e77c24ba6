/**
 * Deterministic randomness for the seed-scale generator. Every generated
 * object draws from its own stream, derived from (seed, purpose, index) by a
 * hash, so an object's records do not depend on which other objects were
 * generated first — each generator can be iterated alone and still gives
 * byte-identical records.
 */
import { seededRandom } from '../../plugins/core/plugin/index';

export interface Rng {
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T>(weights: readonly (readonly [T, number])[]): T;
  chance(p: number): boolean;
}

/** murmur3's 32-bit finaliser: neighbouring inputs give unrelated outputs. */
function mix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32 streams from nearby seeds overlap (its state advances by a constant), hence the mixing. */
export function streamSeed(seed: number, purpose: string, index = 0): number {
  return mix32(mix32(seed ^ hashString(purpose)) + Math.imul(index + 1, 0x9e3779b1));
}

export function createRng(seed: number, purpose: string, index = 0): Rng {
  const next = seededRandom(streamSeed(seed, purpose, index));
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(weights) {
      const total = weights.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, w] of weights) {
        r -= w;
        if (r < 0) return value;
      }
      return weights[weights.length - 1][0];
    },
    chance: (p) => next() < p,
  };
  return rng;
}

/** Fisher–Yates with a given stream. */
export function shuffled(count: number, rng: Rng): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Splits `total` into `parts` non-negative integers proportional to `weights` (largest remainders). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum === 0 ? total / weights.length : (total * w) / sum));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) out[byRemainder[k][1]]++;
  return out;
}
