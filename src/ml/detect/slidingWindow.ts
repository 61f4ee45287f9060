/**
 * A fixed-capacity window of the most recent finite values kept both in arrival order (ring) and
 * sorted, so the rolling median is O(1) and the MAD O(w) without sorting: the absolute deviations
 * from the median are increasing on both sides of it, so a two-pointer merge finds their median.
 */
export class SortedWindow {
  readonly ring: Float64Array;
  readonly sorted: Float64Array;
  /** Next write position in the ring. */
  head = 0;
  size = 0;

  constructor(readonly capacity: number) {
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  /** Adds x (finite), evicting the oldest value when full. */
  push(x: number): void {
    if (this.size === this.capacity) {
      const old = this.ring[this.head];
      const i = this.lowerBound(old);
      this.sorted.copyWithin(i, i + 1, this.size);
      this.size--;
    }
    const j = this.lowerBound(x);
    this.sorted.copyWithin(j + 1, j, this.size);
    this.sorted[j] = x;
    this.size++;
    this.ring[this.head] = x;
    this.head = (this.head + 1) % this.capacity;
  }

  median(): number {
    const n = this.size;
    if (n === 0) {
      return NaN;
    }
    const h = n >> 1;
    return n % 2 === 1 ? this.sorted[h] : (this.sorted[h - 1] + this.sorted[h]) / 2;
  }

  /** Median absolute deviation from `m` (the window median), unscaled. */
  mad(m: number): number {
    const n = this.size;
    if (n === 0) {
      return NaN;
    }
    const s = this.sorted;
    // Left pointer walks down from the last value < m, right pointer up from the first value >= m.
    let r = this.lowerBound(m);
    let l = r - 1;
    const k1 = (n - 1) >> 1;
    const k2 = n >> 1;
    let a = NaN;
    for (let k = 0; k <= k2; k++) {
      let d: number;
      if (l < 0) {
        d = s[r++] - m;
      } else if (r >= n) {
        d = m - s[l--];
      } else if (m - s[l] <= s[r] - m) {
        d = m - s[l--];
      } else {
        d = s[r++] - m;
      }
      if (k === k1) {
        a = d;
      }
      if (k === k2) {
        return (a + d) / 2;
      }
    }
    return a;
  }

  /** Mean absolute deviation from `m` (fallback scale when the MAD is 0). */
  meanAbsDev(m: number): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) {
      s += Math.abs(this.sorted[i] - m);
    }
    return this.size > 0 ? s / this.size : NaN;
  }

  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Values in arrival order (oldest first). */
  values(): Float64Array {
    const out = new Float64Array(this.size);
    const start = (this.head - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      out[i] = this.ring[(start + i) % this.capacity];
    }
    return out;
  }
}
