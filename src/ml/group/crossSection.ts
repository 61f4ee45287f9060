/**
 * The group's shape at each time: the median of its members and their spread (MAD) per grid point,
 * and the trailing robust scale the outlier detectors measure distances in. Each value at index i
 * reads only indices at or before i, so detectors built on it are causal.
 */
import { MAD_TO_SIGMA } from '../core/mad';

/** Per-index median and MAD across members (NaN where fewer than `minMembers` have a value). */
export interface CrossSection {
  center: Float64Array;
  /**
   * The MAD of the members present, made a consistent estimate (times MAD_TO_SIGMA) of the standard
   * deviation of a member's distance from the median: times n / (n - 0.8), Croux and Rousseeuw's
   * (1992) small-sample correction of the MAD, and sqrt(1 + pi / (2n)), the variance the median
   * itself adds. Six pods otherwise look twice as tight as they are.
   */
  mad: Float64Array;
}

/**
 * Median and MAD across the members at each index, ignoring missing values.
 *
 * @example crossSection([[1], [2], [9]], 3).center // Float64Array [2]
 */
export function crossSection(members: Array<ArrayLike<number>>, minMembers: number): CrossSection {
  const n = members.reduce((a, m) => Math.max(a, m.length), 0);
  const center = new Float64Array(n).fill(NaN);
  const mad = new Float64Array(n).fill(NaN);
  const buf = new Float64Array(members.length);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (const m of members) {
      const v = m[i];
      if (Number.isFinite(v)) {
        buf[k++] = v;
      }
    }
    if (k < minMembers) {
      continue;
    }
    const xs = buf.subarray(0, k);
    const med = selectMedian(xs);
    for (let j = 0; j < k; j++) {
      xs[j] = Math.abs(xs[j] - med);
    }
    center[i] = med;
    mad[i] = MAD_TO_SIGMA * selectMedian(xs) * (k / (k - 0.8)) * Math.sqrt(1 + Math.PI / (2 * k));
  }
  return { center, mad };
}

/** Median of xs by selection (Hoare's quickselect, in place: reorders xs), O(n) on average. */
function selectMedian(xs: Float64Array): number {
  const n = xs.length;
  const hi = select(xs, n >> 1);
  if (n % 2 === 1) {
    return hi;
  }
  // The lower middle is the largest value left of the upper one after selection.
  let lo = -Infinity;
  for (let j = 0; j < n >> 1; j++) {
    lo = Math.max(lo, xs[j]);
  }
  return (lo + hi) / 2;
}

/** The k-th smallest value of xs (0-based), moving it to index k with smaller values before it. */
function select(xs: Float64Array, k: number): number {
  let left = 0;
  let right = xs.length - 1;
  while (left < right) {
    const pivot = xs[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (xs[i] < pivot) {
        i++;
      }
      while (xs[j] > pivot) {
        j--;
      }
      if (i <= j) {
        const t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) {
      right = j;
    } else if (k >= i) {
      left = i;
    } else {
      break;
    }
  }
  return xs[k];
}

/**
 * Robust standard deviation of the group at each index: the median of the per-index scaled MADs
 * over the trailing `window` indices (a single index's MAD over six pods is too
 * noisy to measure against). Floored at a millionth of |center| so an identical group still has a
 * scale; NaN until half the window has a MAD.
 */
export function trailingScale(cs: CrossSection, window: number): Float64Array {
  const n = cs.mad.length;
  const out = new Float64Array(n).fill(NaN);
  const w = Math.max(1, Math.round(window));
  const buf: number[] = [];
  for (let i = 0; i < n; i++) {
    buf.length = 0;
    for (let j = Math.max(0, i - w + 1); j <= i; j++) {
      if (Number.isFinite(cs.mad[j])) {
        buf.push(cs.mad[j]);
      }
    }
    if (buf.length * 2 < w || !Number.isFinite(cs.center[i])) {
      continue;
    }
    buf.sort((a, b) => a - b);
    const mid = buf.length >> 1;
    const m = buf.length % 2 === 1 ? buf[mid] : (buf[mid - 1] + buf[mid]) / 2;
    out[i] = Math.max(m, 1e-6 * Math.abs(cs.center[i]), Number.MIN_VALUE);
  }
  return out;
}

/**
 * Trailing mean over `window` indices of the finite values of `xs` (NaN when fewer than half are
 * finite): a member's recent level, so one noisy sample does not make it an outlier. Summed afresh
 * at each index (no running sum), so a value does not depend on where the array starts.
 *
 * @example trailingMean([1, 2, 3, 4], 2) // Float64Array [1, 1.5, 2.5, 3.5] (one of two is half)
 */
export function trailingMean(xs: ArrayLike<number>, window: number): Float64Array {
  const w = Math.max(1, Math.round(window));
  const out = new Float64Array(xs.length).fill(NaN);
  for (let i = 0; i < xs.length; i++) {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, i - w + 1); j <= i; j++) {
      if (Number.isFinite(xs[j])) {
        sum += xs[j];
        count++;
      }
    }
    if (count > 0 && count * 2 >= w) {
      out[i] = sum / count;
    }
  }
  return out;
}
