import { fft } from './fft';

/** A seasonal period found in a series. */
export interface SeasonalPeriod {
  /** Period in points. */
  period: number;
  /** Autocorrelation at that lag, in (0, 1]; higher means a clearer cycle. */
  strength: number;
}

/** Options of {@link detectSeasonality}. */
export interface SeasonalityOptions {
  /** Smallest period considered, in points (default 4). */
  minPeriod?: number;
  /** Largest period considered, in points (default n / 2, so that two cycles are visible). */
  maxPeriod?: number;
  /** Smallest autocorrelation accepted as a cycle (default 0.3). */
  minStrength?: number;
  /**
   * How far the ACF must have dipped below a peak at a shorter lag for the peak to count (default 0:
   * no such rule). On a smooth series with noise, the ACF decays slowly from lag 0 with noise ripples
   * on it, and a ripple at lag 5 at 0.99 would outrank the daily peak; a true cycle's ACF first falls
   * (to about -strength at half the period) and then rises again.
   */
  minProminence?: number;
}

/**
 * Sample autocorrelation of `v` at lags 0..maxLag, computed through the FFT (O(n log n)).
 * The series is linearly detrended first; NaN values count as the (detrended) mean, i.e. zero.
 * Uses the standard biased estimator r(k) = sum x_i x_{i+k} / sum x_i^2.
 */
export function autocorrelation(v: ArrayLike<number>, maxLag: number): Float64Array {
  const x = detrend(v);
  const products = lagProducts(x, maxLag);
  const r0 = products[0];
  return products.map((p) => (r0 > 0 ? p / r0 : 0));
}

/** sum x_i x_{i+k} over the overlap, for k = 0..min(maxLag, n - 1), through the FFT. */
function lagProducts(x: Float64Array, maxLag: number): Float64Array {
  const n = x.length;
  let size = 1;
  while (size < 2 * n) {
    size <<= 1;
  }
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re.set(x);
  fft(re, im);
  for (let i = 0; i < size; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fft(re, im, true);
  // The inverse transform is unscaled: divide by its length.
  return re.slice(0, Math.min(maxLag, n - 1) + 1).map((p) => p / size);
}

/**
 * Variance of the lagged differences x_{i+k} - x_i over the overlap, for each k in [lo, hi]: zero at
 * the exact period of a cycle, whatever linear trend rides on it (its differences are a constant).
 * O(1) per lag from the lag products and prefix sums.
 */
function lagDifferenceVariance(x: Float64Array, products: Float64Array, lo: number, hi: number): Map<number, number> {
  const n = x.length;
  const sum = new Float64Array(n + 1);
  const sumSq = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    sum[i + 1] = sum[i] + x[i];
    sumSq[i + 1] = sumSq[i] + x[i] * x[i];
  }
  const out = new Map<number, number>();
  for (let k = lo; k <= hi; k++) {
    const m = n - k;
    const squares = sumSq[n] - sumSq[k] + sumSq[m] - 2 * products[k];
    const mean = (sum[n] - sum[k] - sum[m]) / m;
    out.set(k, squares / m - mean * mean);
  }
  return out;
}

/**
 * The lag near an ACF peak where the series best repeats itself. The ACF's own peak sits a few points
 * off the period: the biased estimator weighs lag k by (n - k) / n, and detrending a whole number of
 * cycles leaves a slant that shifts it too (a clean 288-point cycle over 864 points peaked at 282 to
 * 287, the demo's daily disk cycle at 289). The variance of the lagged differences has neither
 * effect. The peak stays where it is when that variance has no minimum inside the window (no cycle
 * to lock onto, e.g. a random walk, whose differences grow with the lag).
 */
function refinePeriod(x: Float64Array, products: Float64Array, peak: number, maxPeriod: number): number {
  const w = Math.max(1, Math.floor(peak / 10));
  const lo = Math.max(2, peak - w);
  const hi = Math.min(maxPeriod, x.length - 2, peak + w);
  if (hi - lo < 2) {
    return peak;
  }
  const d = lagDifferenceVariance(x, products, lo, hi);
  let best = peak;
  for (const [k, v] of d) {
    if (v < d.get(best)!) {
      best = k;
    }
  }
  return best > lo && best < hi ? best : peak;
}

/**
 * Finds seasonal periods by autocorrelation: local maxima of the ACF (after linear detrending) above
 * `minStrength`, each moved to the lag nearby where the series best repeats itself (refinePeriod),
 * strongest first; `strength` is the ACF's peak value. A peak that is a
 * multiple of a stronger one is still reported (e.g. weekly after daily). Returns [] for constant,
 * short or aperiodic series.
 *
 * @example detectSeasonality(Float64Array.from({length: 200}, (_, i) => Math.sin(2*Math.PI*i/24)))[0].period // 24
 */
export function detectSeasonality(v: ArrayLike<number>, options: SeasonalityOptions = {}): SeasonalPeriod[] {
  const n = v.length;
  const minPeriod = Math.max(2, options.minPeriod ?? 4);
  const maxPeriod = Math.min(options.maxPeriod ?? Math.floor(n / 2), Math.floor(n / 2));
  const minStrength = options.minStrength ?? 0.3;
  if (maxPeriod < minPeriod) {
    return [];
  }
  const x = detrend(v);
  const products = lagProducts(x, maxPeriod + 1);
  const acf = products.map((p) => (products[0] > 0 ? p / products[0] : 0));
  const minProminence = options.minProminence ?? 0;
  const found: SeasonalPeriod[] = [];
  let trough = Infinity; // lowest ACF at lags 1..k
  for (let k = 1; k < minPeriod && k < acf.length; k++) {
    trough = Math.min(trough, acf[k]);
  }
  for (let k = minPeriod; k <= maxPeriod && k + 1 < acf.length; k++) {
    trough = Math.min(trough, acf[k]);
    if (acf[k] >= minStrength && acf[k] > acf[k - 1] && acf[k] >= acf[k + 1] && acf[k] - trough >= minProminence) {
      found.push({ period: k, strength: acf[k] });
    }
  }
  // Keep only peaks that beat every ACF value within +-period/4 (suppresses noise ripples on a hump).
  const kept = found.filter((p) => {
    const w = Math.max(1, Math.floor(p.period / 4));
    for (let k = Math.max(1, p.period - w); k <= Math.min(acf.length - 1, p.period + w); k++) {
      if (acf[k] > p.strength) {
        return false;
      }
    }
    return true;
  });
  const refined = new Map<number, SeasonalPeriod>();
  for (const p of kept) {
    const period = refinePeriod(x, products, p.period, maxPeriod);
    if ((refined.get(period)?.strength ?? -Infinity) < p.strength) {
      refined.set(period, { period, strength: p.strength });
    }
  }
  return [...refined.values()].sort((a, b) => b.strength - a.strength || a.period - b.period);
}

/** The shortest strong period: the first detected period, preferring a fundamental over its multiples. */
export function dominantPeriod(v: ArrayLike<number>, options: SeasonalityOptions = {}): number {
  const periods = detectSeasonality(v, options);
  if (periods.length === 0) {
    return 0;
  }
  const best = periods[0];
  // If a shorter period divides the best one and is nearly as strong, it is the fundamental.
  for (const p of periods) {
    if (p.period < best.period && best.period % p.period <= 1 && p.strength >= 0.8 * best.strength) {
      return p.period;
    }
  }
  return best.period;
}

function detrend(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const y = v[i];
    if (Number.isFinite(y)) {
      sx += i;
      sy += y;
      sxx += i * i;
      sxy += i * y;
      c++;
    }
  }
  const out = new Float64Array(n);
  if (c < 2) {
    return out;
  }
  const den = c * sxx - sx * sx;
  const b = den > 0 ? (c * sxy - sx * sy) / den : 0;
  const a = (sy - b * sx) / c;
  for (let i = 0; i < n; i++) {
    const y = v[i];
    out[i] = Number.isFinite(y) ? y - (a + b * i) : 0;
  }
  return out;
}
