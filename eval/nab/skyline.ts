/**
 * Etsy Skyline's consensus of simple tests, as NAB's "skyline" detector runs them (the seven NAB kept:
 * numenta/NAB nab/detectors/skyline/algorithms.py), written from that description for the research
 * table (eval/nabResearch.eval.ts). At each point, over the history so far (all of it, or the last
 * `window` values), each test votes and the score is the fraction of tests that flag the point:
 * - median absolute deviation: |x - median| > 6 MAD (MAD 0: no vote);
 * - first hour average: the mean of the last 3 values is more than 3 sd (ddof 1) from the mean of
 *   the values from 24 h to 23 h before the point;
 * - stddev from average: the mean of the last 3 values is more than 3 sd from the history's mean;
 * - stddev from moving average: x is more than 3 sd from the exponentially weighted mean (com 50,
 *   pandas' adjusted weights, bias-corrected sd);
 * - mean subtraction cumulation: x is more than 3 sd from the mean of the values before it;
 * - least squares: the mean of the last 3 residuals of a straight line fitted to (time in s, value)
 *   is more than 3 residual sd, and both round to non-zero (Skyline's own scale test);
 * - histogram bins: the mean of the last 3 values falls in one of 15 equal bins over [min, max]
 *   holding at most 20 values.
 * Skyline's CONSENSUS rule flags a point when at least 6 of its tests agree; here the fraction is the
 * score and the evaluation chooses the threshold.
 */
import { lowerBound } from '../lowerBound';

const TESTS = 7;
const HOUR = 3_600_000;

function upperBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** k-th smallest (0-based) of |s - med| over sorted s[0..n). */
function kthDeviation(s: Float64Array, n: number, med: number, k: number): number {
  const count = (d: number) => upperBound(s, n, med + d) - lowerBound(s, med - d, n);
  if (count(0) > k) {
    return 0;
  }
  let lo = 0;
  let hi = Math.max(med - s[0], s[n - 1] - med);
  for (let it = 0; it < 64 && hi - lo > 1e-12 * Math.max(1, hi); it++) {
    const mid = (lo + hi) / 2;
    if (count(mid) > k) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

export interface SkylineOptions {
  /** Values of history the tests see (default: all). */
  window?: number;
}

/** Skyline scores (fraction of the 7 tests that flag each point; NaN for a missing value). */
export function skyline(t: Float64Array, v: Float64Array, o: SkylineOptions = {}): Float64Array {
  const W = o.window ?? Infinity;
  const out = new Float64Array(v.length).fill(NaN);
  const ts: number[] = [];
  const xs: number[] = [];
  const sorted = new Float64Array(v.length);
  let n = 0;
  let start = 0;
  // Sums relative to the first value and time (precision with large offsets).
  let x0 = NaN;
  let t0 = NaN;
  let sx = 0;
  let sxx = 0;
  let st = 0;
  let stt = 0;
  let stx = 0;
  // Exponentially weighted sums (com 50, adjusted weights).
  const keep = 1 - 1 / 51;
  let e0 = 0;
  let e1 = 0;
  let e2 = 0;
  let ew2 = 0;
  // The hour from 24 h to 23 h before the point: indices [h0, h1) of xs.
  let h0 = 0;
  let h1 = 0;
  let hs = 0;
  let hss = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) {
      continue;
    }
    if (Number.isNaN(x0)) {
      x0 = x;
      t0 = t[i];
    }
    const y = x - x0;
    const s = (t[i] - t0) / 1000;
    // Drop the oldest value when the window is full.
    if (xs.length - start >= W) {
      const oy = xs[start] - x0;
      const os = (ts[start] - t0) / 1000;
      sx -= oy;
      sxx -= oy * oy;
      st -= os;
      stt -= os * os;
      stx -= os * oy;
      const at = lowerBound(sorted, xs[start], n);
      sorted.copyWithin(at, at + 1, n);
      n--;
      start++;
    }
    // Previous-values mean and sd (mean subtraction cumulation) before adding x.
    const m = n;
    const prevMean = m > 0 ? sx / m : NaN;
    const prevVar = m > 1 ? Math.max(0, (sxx - (sx * sx) / m) / (m - 1)) : NaN;
    ts.push(t[i]);
    xs.push(x);
    sx += y;
    sxx += y * y;
    st += s;
    stt += s * s;
    stx += s * y;
    const at = upperBound(sorted, n, x);
    sorted.copyWithin(at + 1, at, n);
    sorted[at] = x;
    n++;
    e0 = e0 * keep + 1;
    e1 = e1 * keep + y;
    e2 = e2 * keep + y * y;
    ew2 = ew2 * keep * keep + 1;
    // Hour window [t - 24 h, t - 23 h), within the history kept.
    h0 = Math.max(h0, start);
    h1 = Math.max(h1, h0);
    while (h1 < xs.length && ts[h1] < t[i] - 23 * HOUR) {
      const a = xs[h1] - x0;
      hs += a;
      hss += a * a;
      h1++;
    }
    while (h0 < h1 && ts[h0] < t[i] - 24 * HOUR) {
      const a = xs[h0] - x0;
      hs -= a;
      hss -= a * a;
      h0++;
    }
    const last = xs.length - 1;
    const k3 = Math.min(3, n);
    let tail = 0;
    for (let j = 0; j < k3; j++) {
      tail += xs[last - j] - x0;
    }
    tail /= k3;
    let votes = 0;
    // Median absolute deviation.
    const med = n % 2 === 1 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    const mad =
      n % 2 === 1
        ? kthDeviation(sorted, n, med, n >> 1)
        : (kthDeviation(sorted, n, med, n / 2 - 1) + kthDeviation(sorted, n, med, n / 2)) / 2;
    votes += mad > 0 && Math.abs(x - med) / mad > 6 ? 1 : 0;
    // First hour average (the hour a day ago).
    const hn = h1 - h0;
    if (hn > 1) {
      const hm = hs / hn;
      const hsd = Math.sqrt(Math.max(0, (hss - (hs * hs) / hn) / (hn - 1)));
      votes += Math.abs(tail - hm) > 3 * hsd ? 1 : 0;
    }
    // Stddev from average.
    const mean = sx / n;
    if (n > 1) {
      const sd = Math.sqrt(Math.max(0, (sxx - (sx * sx) / n) / (n - 1)));
      votes += Math.abs(tail - mean) > 3 * sd ? 1 : 0;
    }
    // Stddev from moving average.
    if (n > 1) {
      const em = e1 / e0;
      const ev = Math.max(0, e2 / e0 - em * em) * ((e0 * e0) / (e0 * e0 - ew2));
      votes += Math.abs(y - em) > 3 * Math.sqrt(ev) ? 1 : 0;
    }
    // Mean subtraction cumulation.
    if (m > 1) {
      votes += Math.abs(y - prevMean) > 3 * Math.sqrt(prevVar) ? 1 : 0;
    }
    // Least squares on (seconds, value).
    const dt = stt - (st * st) / n;
    if (n >= 3 && dt > 0) {
      const slope = (stx - (st * sx) / n) / dt;
      const icpt = sx / n - (slope * st) / n;
      const sse = Math.max(0, sxx - (sx * sx) / n - slope * (stx - (st * sx) / n));
      const sdr = Math.sqrt(sse / n);
      let e = 0;
      for (let j = 0; j < 3; j++) {
        const tt = (ts[last - j] - t0) / 1000;
        e += xs[last - j] - x0 - (slope * tt + icpt);
      }
      e /= 3;
      // Skyline rounds the residual and its sd in the series' own units.
      votes += Math.abs(e) > 3 * sdr && Math.round(sdr) !== 0 && Math.round(e) !== 0 ? 1 : 0;
    }
    // Histogram bins.
    {
      const lo = sorted[0];
      const hi = sorted[n - 1];
      const tx = tail + x0;
      if (hi > lo) {
        const w = (hi - lo) / 15;
        if (tx <= lo) {
          votes += upperBound(sorted, n, lo + w) <= 20 ? 1 : 0;
        } else if (tx < hi) {
          const b = Math.min(14, Math.floor((tx - lo) / w));
          const a0 = lo + b * w;
          const a1 = b === 14 ? Infinity : lo + (b + 1) * w;
          const c = (b === 14 ? n : lowerBound(sorted, a1, n)) - lowerBound(sorted, a0, n);
          votes += c <= 20 ? 1 : 0;
        }
      }
    }
    out[i] = votes / TESTS;
  }
  return out;
}
