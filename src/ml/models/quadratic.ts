/**
 * Quadratic least squares: y = b0 + b1 u + b2 u^2 with u = (x - xMean) / xScale (centred and scaled so
 * that the normal equations stay well conditioned for millisecond timestamps). NaN pairs are skipped.
 *
 * - `fitQuadratic(x, y)` returns the coefficients, the residual sigma (n - 3 degrees of freedom), the
 *   inverse of U'U (for intervals) and the t statistic of the curvature b2, which tells whether the
 *   curve is needed at all (|t| large) or a straight line would do.
 * - `quadraticInterval(fit, x0, z)` is the textbook prediction interval half-width
 *   z * sigma * sqrt(1 + u0' (U'U)^-1 u0) with u0 = (1, u, u^2).
 * - `hacCurvatureT(fit, x, y, maxLag)` is the curvature's t statistic with a Newey-West standard error
 *   (hacSlope.ts): residuals correlated in time (a daily cycle, a weekday wave) make the textbook t
 *   several times too large.
 */
import { MlError } from '../types';
import { neweyWestSum } from './hacSlope';

/** A fitted parabola (see the module comment for the parametrisation). */
export interface QuadraticFit {
  /** Coefficients of 1, u, u^2. */
  b: [number, number, number];
  xMean: number;
  xScale: number;
  /** Residual standard deviation (n - 3 degrees of freedom); NaN when n < 4. */
  sigma: number;
  /** Number of finite (x, y) pairs used. */
  n: number;
  /** (U'U)^-1, row-major 3 x 3. */
  inv: Float64Array;
  /** t statistic of b2 (b2 / its standard error); NaN when n < 4, +-Infinity for an exact curve. */
  tCurvature: number;
}

/**
 * Fits a parabola by least squares. Throws `not_enough_data` with fewer than 3 finite pairs or fewer
 * than 3 distinct x.
 *
 * @example fitQuadratic([-1, 0, 1], [1, 0, 1]).b // [0, 0, 1] (xMean 0, xScale 1)
 */
export function fitQuadratic(x: ArrayLike<number>, y: ArrayLike<number>): QuadraticFit {
  let n = 0;
  let xMin = Infinity;
  let xMax = -Infinity;
  let xSum = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      n++;
      xSum += x[i];
      xMin = Math.min(xMin, x[i]);
      xMax = Math.max(xMax, x[i]);
    }
  }
  if (n < 3) {
    throw new MlError('not_enough_data', `a quadratic fit needs at least 3 finite points, got ${n}`);
  }
  const xMean = xSum / n;
  const xScale = Math.max(xMax - xMean, xMean - xMin) || 1;
  // Sums of u^k (k = 0..4) and u^k y (k = 0..2).
  const su = new Float64Array(5);
  const sy = new Float64Array(3);
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      const u = (x[i] - xMean) / xScale;
      const u2 = u * u;
      su[0] += 1;
      su[1] += u;
      su[2] += u2;
      su[3] += u2 * u;
      su[4] += u2 * u2;
      sy[0] += y[i];
      sy[1] += u * y[i];
      sy[2] += u2 * y[i];
    }
  }
  const inv = invert3(su[0], su[1], su[2], su[3], su[4]);
  if (!inv) {
    throw new MlError('not_enough_data', 'a quadratic fit needs at least 3 distinct timestamps');
  }
  const b: [number, number, number] = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    b[r] = inv[3 * r] * sy[0] + inv[3 * r + 1] * sy[1] + inv[3 * r + 2] * sy[2];
  }
  let sse = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      const u = (x[i] - xMean) / xScale;
      const e = y[i] - (b[0] + b[1] * u + b[2] * u * u);
      sse += e * e;
    }
  }
  const sigma = n >= 4 ? Math.sqrt(sse / (n - 3)) : NaN;
  const se2 = sigma * Math.sqrt(inv[8]);
  let tCurvature = NaN;
  if (se2 > 0) {
    tCurvature = b[2] / se2;
  } else if (sigma === 0) {
    tCurvature = b[2] === 0 ? 0 : Math.sign(b[2]) * Infinity;
  }
  return { b, xMean, xScale, sigma, n, inv, tCurvature };
}

/** Inverse of the symmetric Hankel matrix [[s0, s1, s2], [s1, s2, s3], [s2, s3, s4]]; null if singular. */
function invert3(s0: number, s1: number, s2: number, s3: number, s4: number): Float64Array | null {
  const c00 = s2 * s4 - s3 * s3;
  const c01 = -(s1 * s4 - s3 * s2);
  const c02 = s1 * s3 - s2 * s2;
  const c11 = s0 * s4 - s2 * s2;
  const c12 = -(s0 * s3 - s1 * s2);
  const c22 = s0 * s2 - s1 * s1;
  const det = s0 * c00 + s1 * c01 + s2 * c02;
  // Relative to the scale of the entries (u is in [-1, 1], so s0 = n dominates).
  if (!(Math.abs(det) > 1e-12 * s0 * s0 * s0)) {
    return null;
  }
  return Float64Array.from([c00, c01, c02, c01, c11, c12, c02, c12, c22].map((c) => c / det));
}

/** The fitted parabola at `x0`. */
export function quadraticAt(fit: QuadraticFit, x0: number): number {
  const u = (x0 - fit.xMean) / fit.xScale;
  return fit.b[0] + fit.b[1] * u + fit.b[2] * u * u;
}

/** Prediction interval half-width at `x0` for the normal quantile `z`. */
export function quadraticInterval(fit: QuadraticFit, x0: number, z: number): number {
  const u = (x0 - fit.xMean) / fit.xScale;
  const v = [1, u, u * u];
  let lev = 0;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      lev += v[r] * fit.inv[3 * r + c] * v[c];
    }
  }
  return z * fit.sigma * Math.sqrt(1 + lev);
}

/**
 * The t statistic of the curvature b2 with a Newey-West standard error over lags up to `maxLag`
 * (samples), never smaller than the textbook one: b2 = sum w_i y_i with w the last row of (U'U)^-1 U',
 * so its variance is Newey-West's sum of the scores w_i e_i. NaN when the fit has no residual scale.
 * A daily cycle left in the residuals of a few days of data gives a textbook |t| up to about 15; this
 * one stays near the noise's.
 *
 * @example hacCurvatureT(fitQuadratic(x, y), x, y, hacMaxLag(x.length, stepMs))
 */
export function hacCurvatureT(fit: QuadraticFit, x: ArrayLike<number>, y: ArrayLike<number>, maxLag: number): number {
  const score: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      const u = (x[i] - fit.xMean) / fit.xScale;
      const e = y[i] - (fit.b[0] + fit.b[1] * u + fit.b[2] * u * u);
      score.push((fit.inv[6] + fit.inv[7] * u + fit.inv[8] * u * u) * e);
    }
  }
  const n = score.length;
  if (n < 4 || !Number.isFinite(fit.sigma)) {
    return NaN;
  }
  // Small-sample correction as for the residual sigma (three fitted parameters).
  const variance = Math.max(neweyWestSum(score, maxLag) * (n / (n - 3)), fit.sigma * fit.sigma * fit.inv[8]);
  return variance > 0 ? fit.b[2] / Math.sqrt(variance) : fit.tCurvature;
}
