/**
 * The per-point outputs of one series of a cached detector run (detectRuns.ts), in typed arrays of
 * exact width, chunk by chunk: score, upper, lower and expected as float64 (the values themselves),
 * isAnomaly and kind as bytes, fired as a 32-bit mask; 38 bytes a point where generic arrays took
 * 56 and more. Indexes count grid points from the run's start. Points before `born` (a series first
 * seen mid-run) are NaN in every output, as the engine reports them; points before `readFrom` (the
 * run's lead-in, which no query reads from this run) are not kept; and `dropBefore` lets a cache
 * under pressure drop old chunks, after which `holds` says which points are still here: the caller
 * recomputes the others, never reads them as NaN.
 */

/** Points per chunk: small enough that a dropped window wastes little, large enough to be few. */
export const RUN_CHUNK_POINTS = 512;

/** Bytes per point: four float64s, two bytes and a 32-bit mask. */
export const RUN_POINT_BYTES = 4 * 8 + 2 + 4;

/** The output names (detectRuns.ts DETECT_OUTPUTS). */
export type OutputName = 'score' | 'upper' | 'lower' | 'expected' | 'isAnomaly' | 'fired' | 'kind';

interface Chunk {
  /** score, upper, lower, expected: RUN_CHUNK_POINTS each, one after the other. */
  floats: Float64Array;
  /** isAnomaly, then kind. */
  bytes: Uint8Array;
  fired: Uint32Array;
}

const FLOAT_AT: Partial<Record<OutputName, number>> = { score: 0, upper: 1, lower: 2, expected: 3 };

export class RunOutputs {
  /** Next index to be pushed. */
  private endAt: number;
  /** First index still held (chunks before it were dropped or never kept). */
  private firstAt: number;
  /** Chunks by number (index / RUN_CHUNK_POINTS), from `chunk0`. */
  private chunks: Chunk[] = [];
  private chunk0: number;

  /**
   * @param born first index with outputs (before it: NaN, a series first seen mid-run)
   * @param readFrom first index any query may read; earlier outputs are not kept
   */
  constructor(
    readonly born: number,
    readFrom: number
  ) {
    this.endAt = born;
    this.firstAt = Math.max(born, readFrom);
    this.chunk0 = Math.floor(this.firstAt / RUN_CHUNK_POINTS);
  }

  /** Index after the last point pushed. */
  get end(): number {
    return this.endAt;
  }

  /** First index held; from here to `end` every point can be read. */
  get first(): number {
    return this.firstAt;
  }

  /** Whether point `i` can be read: NaN before `born`, held from `first` to `end`. */
  holds(i: number): boolean {
    return i < this.born || (i >= this.firstAt && i < this.endAt);
  }

  /**
   * Appends one point (positional: a cold run pushes millions). isAnomaly is 0 or 1, kind a code
   * below 255 and fired a 32-bit mask (the engine's own ranges); anything else throws rather than
   * being stored wrong.
   */
  push(
    score: number,
    upper: number,
    lower: number,
    expected: number,
    isAnomaly: number,
    fired: number,
    kind: number
  ): void {
    const i = this.endAt++;
    if (i < this.firstAt) {
      return;
    }
    if (
      !(isAnomaly === 0 || isAnomaly === 1) ||
      !(Number.isInteger(kind) && kind >= 0 && kind < 255) ||
      fired >>> 0 !== fired
    ) {
      throw new Error(
        `detector output out of its range at point ${i}: isAnomaly ${isAnomaly}, kind ${kind}, fired ${fired}`
      );
    }
    const c = this.chunkFor(i);
    const j = i % RUN_CHUNK_POINTS;
    c.floats[j] = score;
    c.floats[RUN_CHUNK_POINTS + j] = upper;
    c.floats[2 * RUN_CHUNK_POINTS + j] = lower;
    c.floats[3 * RUN_CHUNK_POINTS + j] = expected;
    c.bytes[j] = isAnomaly;
    c.bytes[RUN_CHUNK_POINTS + j] = kind;
    c.fired[j] = fired;
  }

  /** Output `o` at point `i`; only for points `holds` says are here. */
  get(o: OutputName, i: number): number {
    if (i < this.born) {
      return NaN;
    }
    if (i < this.firstAt || i >= this.endAt) {
      throw new Error(`point ${i} of a detector run is not held (${this.firstAt} to ${this.endAt})`);
    }
    const c = this.chunks[Math.floor(i / RUN_CHUNK_POINTS) - this.chunk0];
    const j = i % RUN_CHUNK_POINTS;
    const f = FLOAT_AT[o];
    if (f !== undefined) {
      return c.floats[f * RUN_CHUNK_POINTS + j];
    }
    return o === 'fired' ? c.fired[j] : c.bytes[(o === 'kind' ? RUN_CHUNK_POINTS : 0) + j];
  }

  /**
   * Outputs `o` at points [from, to) into `dst` from `at` on, a chunk's slice at a time (a warm range
   * query reads millions of points: one look-up per point was most of its read). Same values as
   * `get` point by point; throws, as `get` does, when a point is neither before `born` nor held.
   */
  read(o: OutputName, from: number, to: number, dst: Float64Array, at: number): void {
    const nanTo = Math.min(to, this.born);
    if (nanTo > from) {
      dst.fill(NaN, at, at + nanTo - from);
    }
    let i = Math.max(from, this.born);
    if (i < to && (i < this.firstAt || to > this.endAt)) {
      throw new Error(`points ${i} to ${to - 1} of a detector run are not all held (${this.firstAt} to ${this.endAt})`);
    }
    const f = FLOAT_AT[o];
    while (i < to) {
      const c = this.chunks[Math.floor(i / RUN_CHUNK_POINTS) - this.chunk0];
      const j = i % RUN_CHUNK_POINTS;
      const m = Math.min(to - i, RUN_CHUNK_POINTS - j);
      const d = at + i - from;
      if (f !== undefined) {
        dst.set(c.floats.subarray(f * RUN_CHUNK_POINTS + j, f * RUN_CHUNK_POINTS + j + m), d);
      } else if (o === 'fired') {
        dst.set(c.fired.subarray(j, j + m), d);
      } else {
        const b = (o === 'kind' ? RUN_CHUNK_POINTS : 0) + j;
        dst.set(c.bytes.subarray(b, b + m), d);
      }
      i += m;
    }
  }

  /** Drops whole chunks before index `i` (the chunk holding `i` stays; nothing at or after `end` is dropped). */
  dropBefore(i: number): void {
    const drop = Math.min(Math.floor(Math.min(i, this.endAt) / RUN_CHUNK_POINTS) - this.chunk0, this.chunks.length);
    if (drop > 0) {
      this.chunks.splice(0, drop);
      this.chunk0 += drop;
      this.firstAt = Math.max(this.firstAt, this.chunk0 * RUN_CHUNK_POINTS);
    }
  }

  /** Bytes held: whole chunks, as allocated. */
  get bytes(): number {
    return this.chunks.length * RUN_CHUNK_POINTS * RUN_POINT_BYTES + 96;
  }

  private chunkFor(i: number): Chunk {
    const k = Math.floor(i / RUN_CHUNK_POINTS) - this.chunk0;
    while (this.chunks.length <= k) {
      this.chunks.push({
        floats: new Float64Array(4 * RUN_CHUNK_POINTS),
        bytes: new Uint8Array(2 * RUN_CHUNK_POINTS),
        fired: new Uint32Array(RUN_CHUNK_POINTS),
      });
    }
    return this.chunks[k];
  }
}
