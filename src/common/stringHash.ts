/**
 * A 32-bit hash of a string: FNV-1a over its UTF-8 bytes (Fowler, Noll, Vo; offset basis
 * 2166136261, prime 16777619), then MurmurHash3's 32-bit finaliser (fmix32), so that strings
 * differing only in their last character (`h0001`, `h0002`) differ in their high bits too.
 * Stable across runs, machines and JavaScript engines.
 *
 * @example fnv1a32('foobar') // 0xbf9cf968 (the published FNV-1a test vector)
 */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser: every input bit flips each output bit with probability about 1/2. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** {@link fnv1a32} mixed by {@link fmix32}: a well-spread, stable 32-bit hash of a string. */
export function stringHash(s: string): number {
  return fmix32(fnv1a32(s));
}
