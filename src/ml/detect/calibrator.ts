/**
 * Per-member score calibration for the ensemble: the tail probability of a member's evidence within
 * that member's own recent evidence, P(E >= e), from an exponentially decayed histogram (memory
 * `memory` points, bins of 1/8 on [0, 16]). Computed *before* the point is added. Ties count half
 * (mid-p), so a constant stream calibrates to p = 1/2 rather than to "extreme". A record (nothing
 * recent at or above it, up to half a point's weight) gets p = 1 / (effective count + 1): the chance
 * that the newest of n + 1 exchangeable values is the largest. The mid-p formula alone gives it half
 * that, which let a young calibration (a few hundred values) call every new record of its short
 * history significant; on the NAB development files the floor removed false positives in the first
 * hours after a detector's warm-up and raised every cross-validated score (docs/anomaly-detection.md).
 */
/** Number of evidence bins. */
export const BINS = 128;
/** Width of an evidence bin. */
export const BIN_WIDTH = 0.125;
const WIDTH = BIN_WIDTH;

export class TailCalibrator {
  /** Decayed counts; stored scaled by `weight` (the weight of the newest point grows instead of decaying the rest). */
  readonly counts = new Float64Array(BINS);
  total = 0;
  weight = 1;
  seen = 0;
  /** Highest bin ever filled: the tail sum stops there (bins above are exactly 0). */
  private top = -1;
  private readonly growth: number;

  constructor(readonly memory: number) {
    this.growth = 1 / (1 - 1 / memory);
  }

  private bin(e: number): number {
    const b = Math.floor(e / WIDTH);
    return b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
  }

  /**
   * P(E >= e) among recent evidence, smoothed: max(above + same/2 + 1/2, 1) / (total + 1), in units of
   * the newest point's weight; NaN if e is NaN.
   */
  tail(e: number): number {
    if (!(e >= 0) || this.total <= 0) {
      return NaN;
    }
    const b = this.bin(e);
    let above = 0;
    for (let i = b + 1; i <= this.top; i++) {
      above += this.counts[i];
    }
    const w = this.weight;
    return Math.max(above + this.counts[b] / 2 + w / 2, w) / (this.total + w);
  }

  /**
   * Fills `into` (length BINS + 1) with the counts at or above each bin, so that {@link tailFrom}
   * answers tail(e) for many e without summing the bins each time (the ensemble's band, which asks
   * the calibration about hypothetical values).
   */
  tailTable(into: Float64Array): void {
    // Above the highest bin ever filled every count is 0, and so is every sum.
    into.fill(0, this.top + 1);
    for (let i = this.top; i >= 0; i--) {
      into[i] = into[i + 1] + this.counts[i];
    }
  }

  /** tail(e) from a table filled by {@link tailTable} since the last add (equal up to rounding). */
  tailFrom(table: Float64Array, e: number): number {
    return e >= 0 ? this.tailAtBin(table, this.bin(e)) : NaN;
  }

  /** The tail of any evidence in bin b, from a table filled by {@link tailTable} since the last add. */
  tailAtBin(table: Float64Array, b: number): number {
    if (!(b >= 0) || this.total <= 0) {
      return NaN;
    }
    const w = this.weight;
    return Math.max(table[b + 1] + this.counts[b] / 2 + w / 2, w) / (this.total + w);
  }

  /** Adds evidence e (NaN ignored). */
  add(e: number): void {
    if (!(e >= 0)) {
      return;
    }
    this.seen++;
    this.weight *= this.growth;
    const b = this.bin(e);
    this.top = b > this.top ? b : this.top;
    this.counts[b] += this.weight;
    this.total += this.weight;
    if (this.weight > 1e100) {
      for (let i = 0; i < BINS; i++) {
        this.counts[i] /= this.weight;
      }
      this.total /= this.weight;
      this.weight = 1;
    }
  }

  toJSON(): { c: number[]; total: number; weight: number; seen: number } {
    return { c: Array.from(this.counts), total: this.total, weight: this.weight, seen: this.seen };
  }

  static fromJSON(memory: number, j: { c: number[]; total: number; weight: number; seen: number }): TailCalibrator {
    const c = new TailCalibrator(memory);
    c.counts.set(j.c);
    c.total = j.total;
    c.weight = j.weight;
    c.seen = j.seen;
    c.top = -1;
    for (let i = 0; i < BINS; i++) {
      c.top = j.c[i] > 0 ? i : c.top;
    }
    return c;
  }
}
