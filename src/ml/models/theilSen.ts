/**
 * Theil-Sen robust line: slope = median of pairwise slopes (y_j - y_i) / (x_j - x_i), intercept = median
 * of y - slope * x (Sen 1968; the "Sen's slope" of trend analysis).
 *
 * API:
 * - `theilSen(x, y, { maxPairs?, seed? })` -> `{ slope, intercept, n, pairs, exact, sigma }`.
 *   Uses every pair when n(n-1)/2 <= maxPairs (default 200,000, about n = 630), otherwise a seeded
 *   random sample of `maxPairs` pairs, so 10,000 points still fit in a few milliseconds.
 *   `sigma` is a robust residual scale (1.4826 * MAD of residuals) for prediction intervals.
 * - `finitePairs(x, y)` and `pairSlopes(fx, fy, maxPairs, seed)`: the pairwise slopes themselves,
 *   shared with Sen's slope in src/ml/trend (same pairs, same sampling, so both agree).
 * NaN pairs are skipped; pairs with equal x are ignored.
 */
import { mulberry32, quickMedian } from './numeric';

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

/** The points where both x and y are finite, in order. */
export function finitePairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
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

/**
 * Pairwise slopes (y_j - y_i) / (x_j - x_i) over finite points `fx`, `fy` (pairs with equal x are
 * skipped): every pair i < j when there are at most `maxPairs`, otherwise `maxPairs` pairs drawn
 * with a mulberry32 stream seeded by `seed`.
 */
export function pairSlopes(fx: Float64Array, fy: Float64Array, maxPairs: number, seed: number): { slopes: Float64Array; exact: boolean } {
  const n = fx.length;
  const total = (n * (n - 1)) / 2;
  const exact = total <= maxPairs;
  const out = new Float64Array(exact ? total : maxPairs);
  let m = 0;
  if (exact) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = fx[j] - fx[i];
        if (dx !== 0) {
          out[m++] = (fy[j] - fy[i]) / dx;
        }
      }
    }
  } else {
    const rand = mulberry32(seed);
    for (let k = 0; k < maxPairs; k++) {
      const i = Math.floor(rand() * n);
      let j = Math.floor(rand() * (n - 1));
      if (j >= i) {
        j++;
      }
      const dx = fx[j] - fx[i];
      if (dx !== 0) {
        out[m++] = (fy[j] - fy[i]) / dx;
      }
    }
  }
  return { slopes: out.subarray(0, m), exact };
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
  const { slopes, exact } = pairSlopes(fx, fy, maxPairs, options.seed ?? 1);
  const m = slopes.length;
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
