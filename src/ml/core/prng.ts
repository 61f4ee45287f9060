/**
 * Mulberry32: a small, fast, seeded 32-bit pseudo-random generator (Tommy Ettinger's public-domain
 * generator). Its whole state is one uint32, so a model that draws from it can store that number and
 * resume the exact same sequence after a restore.
 *
 * @example const r = new Mulberry32(42); r.next(); // a float in [0, 1)
 */
export class Mulberry32 {
  /** Current internal state (uint32); serialise it to resume the sequence. */
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next uint32. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** Next float, uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Next integer, uniform in [0, n) for 0 < n <= 2^32. */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A function returning uniform floats in [0, 1) from a Mulberry32 seeded with `seed`. */
export function mulberry32(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.next();
}
