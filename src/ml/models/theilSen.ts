/**
 * Theil-Sen robust line: slope = median of pairwise slopes (y_j - y_i) / (x_j - x_i), intercept = median
 * of y - slope * x (Sen 1968; the "Sen's slope" of trend analysis).
 *
 * API:
 * - `theilSen(x, y, { maxPairs?, seed? })` -> `{ slope, intercept, n, pairs, exact, sigma }`.
 *   Uses every pair when n(n-1)/2 <= maxPairs (default 200,000, about n = 630), otherwise a seeded
 *   random sample of `maxPairs` pairs, so 10,000 points still fit in a few milliseconds.
 *   `sigma` is a robust residual scale (1.4826 * MAD of residuals) for prediction intervals.
 * - `pairwiseSlopes(x, y)`: all pairwise slopes (for the confidence interval of Sen's slope).
 * NaN pairs are skipped; pairs with equal x are ignored.
 */
import { mulberry32, quickMedian, quickSelect } from './numeric';

/** A robust line fit. */
export interface TheilSenFit {
  slope: number;
  intercept: number;
  /** Number of finite points used. */
  n: number;
  /** Number of pairwise slopes the median was taken over. */
  pairs: number;
  /** True when every pair was used (the exact estimator), false when pairs were subsampled. */
  exact: boolean;
  /** Robust residual scale: 1.4826 * median absolute residual. */
  sigma: number;
}

export interface TheilSenOptions {
  /** Maximum number of pairwise slopes to evaluate (default 200,000). */
  maxPairs?: number;
  /** Seed for pair subsampling (default 1). */
  seed?: number;
}

function finitePairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      n++;
    }
  }
  const fx = new Float64Array(n);
  const fy = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      fx[k] = x[i];
      fy[k] = y[i];
      k++;
    }
  }
  return [fx, fy];
}

/** Every pairwise slope over finite pairs with distinct x (i < j). */
export function pairwiseSlopes(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const [fx, fy] = finitePairs(x, y);
  const n = fx.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = fx[j] - fx[i];
      if (dx !== 0) {
        out[m++] = (fy[j] - fy[i]) / dx;
      }
    }
  }
  return out.subarray(0, m);
}

/**
 * Theil-Sen line fit.
 *
 * @example theilSen([0, 1, 2, 3, 4], [0, 1, 2, 3, 40]).slope // 1 (the outlier does not move it)
 */
export function theilSen(x: ArrayLike<number>, y: ArrayLike<number>, options: TheilSenOptions = {}): TheilSenFit {
  const maxPairs = options.maxPairs ?? 200_000;
  const [fx, fy] = finitePairs(x, y);
  const n = fx.length;
  const total = (n * (n - 1)) / 2;
  let slopes: Float64Array;
  let m = 0;
  let exact = true;
  if (total <= maxPairs) {
    slopes = pairwiseSlopes(fx, fy);
    m = slopes.length;
  } else {
    exact = false;
    const rand = mulberry32(options.seed ?? 1);
    slopes = new Float64Array(maxPairs);
    for (let k = 0; k < maxPairs; k++) {
      const i = Math.floor(rand() * n);
      let j = Math.floor(rand() * (n - 1));
      if (j >= i) {
        j++;
      }
      const dx = fx[j] - fx[i];
      if (dx !== 0) {
        slopes[m++] = (fy[j] - fy[i]) / dx;
      }
    }
  }
  const slope = m > 0 ? quickMedian(slopes, m) : NaN;
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    resid[i] = fy[i] - slope * fx[i];
  }
  const intercept = quickMedian(resid, n);
  for (let i = 0; i < n; i++) {
    resid[i] = Math.abs(resid[i] - intercept);
  }
  const sigma = n > 0 ? 1.4826 * quickMedian(resid, n) : NaN;
  return { slope, intercept, n, pairs: m, exact, sigma };
}

/** k-th smallest (0-based) of a copy of `xs`; helper for Sen's slope confidence bounds. */
export function orderStatistic(xs: Float64Array, k: number): number {
  const buf = Float64Array.from(xs);
  const kk = Math.min(Math.max(0, Math.round(k)), buf.length - 1);
  return quickSelect(buf, buf.length, kk);
}
