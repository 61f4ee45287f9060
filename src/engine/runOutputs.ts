/**
 * The per-point outputs of one series of a cached detector run (detectRuns.ts), in typed arrays of
 * exact width, in chunks counted from the first point kept: score, upper, lower and expected as float64 (the values themselves),
 * isAnomaly and kind as bytes, fired as a 32-bit mask; 38 bytes a point where generic arrays took
 * 56 and more. Indexes count grid points from the run's start. Points before `born` (a series first
 * seen mid-run) are NaN in every output, as the engine reports them; points before `readFrom` (the
 * run's lead-in, which no query reads from this run) are not kept; and `dropBefore` lets a cache
 * under pressure drop old chunks, after which `holds` says which points are still here: the caller
 * recomputes the others, never reads them as NaN.
 */

/**
 * Points per chunk: small enough that the home page's scan (2 hours at 1 m, 120 points: one or two
 * chunks of 4.9 KB a series) and a dropped window waste little, large enough to be few. At 512 the
 * scan's 120 points took 19.5 or 39 KB a series, a sixth to a quarter of a cached run.
 */
export const RUN_CHUNK_POINTS = 128;

/** Bytes per point: four float64s, two bytes and a 32-bit mask. */
export const RUN_POINT_BYTES = 4 * 8 + 2 + 4;

/**
 * Bytes a chunk costs besides its points: the chunk, its buffer and three views on it (measured live:
 * 1,000 chunks after a full collection, heap and array buffers: 427 to 463 bytes a chunk over its points).
 */
export const RUN_CHUNK_OVERHEAD_BYTES = 480;

/** The output names (detectRuns.ts DETECT_OUTPUTS). */
export type OutputName = 'score' | 'upper' | 'lower' | 'expected' | 'isAnomaly' | 'fired' | 'kind';

/** A chunk's outputs, views on one buffer (one allocation, not three). */
interface Chunk {
  /** score, upper, lower, expected: RUN_CHUNK_POINTS each, one after the other. */
  floats: Float64Array;
  fired: Uint32Array;
  /** isAnomaly, then kind. */
  bytes: Uint8Array;
}

function newChunk(): Chunk {
  const n = RUN_CHUNK_POINTS;
  const buffer = new ArrayBuffer(n * RUN_POINT_BYTES);
  return {
    floats: new Float64Array(buffer, 0, 4 * n),
    fired: new Uint32Array(buffer, 4 * n * 8, n),
    bytes: new Uint8Array(buffer, 4 * n * 8 + 4 * n, 2 * n),
  };
}

const FLOAT_AT: Partial<Record<OutputName, number>> = { score: 0, upper: 1, lower: 2, expected: 3 };

export class RunOutputs {
  /** Next index to be pushed. */
  private endAt: number;
  /** First index still held (chunks before it were dropped or never kept). */
  private firstAt: number;
  /**
   * The first index kept when made: chunks start there, so the scan's 120 points take one chunk,
   * not two where they crossed a multiple of RUN_CHUNK_POINTS counted from the run's start.
   */
  private readonly origin: number;
  /** Chunks by number ((index - origin) / RUN_CHUNK_POINTS), from `chunk0`. */
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
    this.origin = this.firstAt;
    this.chunk0 = 0;
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
    const j = (i - this.origin) % RUN_CHUNK_POINTS;
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
    const c = this.chunks[Math.floor((i - this.origin) / RUN_CHUNK_POINTS) - this.chunk0];
    const j = (i - this.origin) % RUN_CHUNK_POINTS;
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
      const c = this.chunks[Math.floor((i - this.origin) / RUN_CHUNK_POINTS) - this.chunk0];
      const j = (i - this.origin) % RUN_CHUNK_POINTS;
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
    const drop = Math.min(
      Math.floor((Math.min(i, this.endAt) - this.origin) / RUN_CHUNK_POINTS) - this.chunk0,
      this.chunks.length
    );
    if (drop > 0) {
      this.chunks.splice(0, drop);
      this.chunk0 += drop;
      this.firstAt = Math.max(this.firstAt, this.origin + this.chunk0 * RUN_CHUNK_POINTS);
    }
  }

  /** Bytes held: whole chunks, as allocated. */
  get bytes(): number {
    return this.chunks.length * (RUN_CHUNK_POINTS * RUN_POINT_BYTES + RUN_CHUNK_OVERHEAD_BYTES) + 96;
  }

  private chunkFor(i: number): Chunk {
    const k = Math.floor((i - this.origin) / RUN_CHUNK_POINTS) - this.chunk0;
    while (this.chunks.length <= k) {
      this.chunks.push(newChunk());
    }
    return this.chunks[k];
  }
}
