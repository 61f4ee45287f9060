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
  const n = v.length;
  const x = detrend(v);
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
  const out = new Float64Array(Math.min(maxLag, n - 1) + 1);
  const r0 = re[0];
  for (let k = 0; k < out.length; k++) {
    out[k] = r0 > 0 ? re[k] / r0 : 0;
  }
  return out;
}

/**
 * Finds seasonal periods by autocorrelation: local maxima of the ACF (after linear detrending) above
 * `minStrength`, each refined to the best lag among its neighbours, strongest first. A peak that is a
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
  const acf = autocorrelation(v, maxPeriod + 1);
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
  return kept.sort((a, b) => b.strength - a.strength || a.period - b.period);
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
