/**
 * Deterministic noise for the demo series: a 32-bit integer hash (splitmix-style) of a series seed
 * and a sample index, so any sample can be computed on its own, in any order, with the same result.
 */
export function hashUnit(seed: number, index: number): number {
  let h =
    (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index | 0, 0xc2b2ae35) ^ Math.floor(index / 4294967296)) >>>
    0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 4294967296;
}

/** Standard normal sample (Box-Muller over two hashes). */
export function hashNormal(seed: number, index: number): number {
  const u1 = Math.max(hashUnit(seed, index * 2), 1e-12);
  const u2 = hashUnit(seed + 1, index * 2 + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
