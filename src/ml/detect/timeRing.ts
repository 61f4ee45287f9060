/**
 * The timestamps of a model's ring buffer (prophet.ts), held as a formula while they are regular.
 * On a grid (the companion's runs, a panel's matrix) each time is the first plus a whole number of
 * steps, so a fresh ring stores two numbers instead of a float64 a slot: on the home page's scan
 * (3 days at 1 minute) that was 43 KB of a cached run's 131 KB a series. The first time that the
 * formula does not reproduce bit for bit (an irregular series, a gap in the timestamps) turns the
 * ring into a plain array of the same contents, so every read returns exactly the time written.
 */
export class TimeRing {
  /** The times slot by slot once irregular (or restored); null while they follow the formula. */
  private slots: Float64Array | null = null;
  /** Times written to a fresh ring so far; the p-th went to slot p % capacity. */
  private written = 0;
  private first = NaN;
  private step = NaN;

  constructor(
    readonly capacity: number,
    /** A saved ring (toArray) to resume: kept as an array. */
    saved?: Float64Array
  ) {
    if (saved) {
      this.slots = new Float64Array(capacity);
      this.slots.set(saved);
    }
  }

  /** The p-th time written to a fresh ring, by the formula. */
  private timeOf(p: number): number {
    return p === 0 ? this.first : this.first + p * this.step;
  }

  /** Writes time `t` to `slot`. */
  set(slot: number, t: number): void {
    if (!this.slots) {
      const p = this.written;
      if (p === 0) {
        this.first = t;
      } else if (p === 1) {
        this.step = t - this.first;
      }
      // Object.is: the formula must give back this very number (not -0 for 0, nor NaN for a time).
      if (slot === p % this.capacity && Object.is(this.timeOf(p), t)) {
        this.written++;
        return;
      }
      this.slots = this.toArray();
    }
    this.slots[slot] = t;
  }

  /** The time in `slot` (0 where nothing was written, as in a new Float64Array). */
  get(slot: number): number {
    if (this.slots) {
      return this.slots[slot];
    }
    if (slot >= this.written) {
      return 0;
    }
    // The last write to this slot.
    return this.timeOf(slot + Math.floor((this.written - 1 - slot) / this.capacity) * this.capacity);
  }

  /** The slots as a plain array (what a Float64Array ring would hold; a copy). */
  toArray(): Float64Array {
    if (this.slots) {
      return this.slots.slice();
    }
    const out = new Float64Array(this.capacity);
    for (let s = 0; s < Math.min(this.written, this.capacity); s++) {
      out[s] = this.get(s);
    }
    return out;
  }

  /** Bytes of times held (the formula's are counted with the model's fields). */
  get bytes(): number {
    return this.slots ? this.slots.byteLength : 0;
  }
}
