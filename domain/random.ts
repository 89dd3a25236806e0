/**
 * A small, published, reproducible pseudo-random generator for 双随机 draws. Anyone holding
 * the seed and the inputs can re-run a draw and get the same result, in any language:
 *   seed string → xmur3 (32-bit string hash, 4 outputs) → sfc32 (Small Fast Counter).
 * Both are public-domain algorithms with short reference implementations; Math.random()
 * is never used because it cannot be replayed.
 */
export const RANDOM_ALGORITHM = 'xmur3+sfc32';

function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

/** A generator of floats in [0, 1) for a seed. */
export function seededRandom(seed: string): () => number {
  const next = xmur3(seed);
  let a = next();
  let b = next();
  let c = next();
  let d = next();
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/**
 * The first `count` elements of a Fisher–Yates shuffle of `items` (which the caller puts in a
 * canonical order first, e.g. sorted by id, so the draw does not depend on query order).
 */
export function sampleWithoutReplacement<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}
