/**
 * Ordinary least squares line fits.
 *
 * API:
 * - `predictLinear(tSeconds, values, evalTimeSeconds, offsetSeconds)`: Prometheus `predict_linear`.
 * - `deriv(tSeconds, values)`: Prometheus `deriv` (slope per second).
 * - `promLinearRegression(tSeconds, values, interceptTimeSeconds)`: the shared regression behind both.
 * - `fitLinear(x, y)`: OLS with residual sigma, ignoring NaN pairs; `linearInterval(fit, x0, z)` gives
 *   the prediction interval half-width at `x0` (sigma * z * sqrt(1 + 1/n + (x0 - xMean)^2 / Sxx)).
 *
 * Prometheus semantics (promql/functions.go, `linearRegression`, v2.42): least squares over every sample
 * of the range; x is (sample time - intercept time) in seconds computed from integer milliseconds; sums
 * use Kahan-Neumaier compensation; a range whose values are all equal gives slope 0 and intercept that
 * value (NaN for an infinite constant). `predict_linear` puts the intercept at the evaluation time and
 * returns intercept + slope * offset; `deriv` puts it at the first sample and returns the slope.
 */

/** Result of Prometheus' linear regression: slope per second and value at the intercept time. */
export interface PromRegression {
  slope: number;
  intercept: number;
}

function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  // Neumaier: compensate with whichever operand is larger in magnitude.
  const nc = Math.abs(sum) >= Math.abs(inc) ? c + (sum - t + inc) : c + (inc - t + sum);
  return [t, nc];
}

/**
 * Prometheus' `linearRegression`: least squares over all samples with x = (t - interceptTime) seconds.
 * Timestamps are seconds (as in PromQL) and are rounded to whole milliseconds first, like Prometheus.
 *
 * @example promLinearRegression([0, 60, 120], [1, 2, 3], 120) // { slope: 1/60, intercept: 3 }
 */
export function promLinearRegression(
  tSeconds: ArrayLike<number>,
  values: ArrayLike<number>,
  interceptTimeSeconds: number
): PromRegression {
  const n = tSeconds.length;
  if (n === 0 || values.length !== n) {
    return { slope: NaN, intercept: NaN };
  }
  const interceptMs = Math.round(interceptTimeSeconds * 1000);
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = values[0];
  let constY = true;
  for (let i = 0; i < n; i++) {
    const y = values[i];
    if (constY && i > 0 && y !== initY) {
      constY = false;
    }
    const x = (Math.round(tSeconds[i] * 1000) - interceptMs) / 1e3;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(y, sumY, cY);
    [sumXY, cXY] = kahanInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) {
    return Number.isFinite(initY) || Number.isNaN(initY)
      ? { slope: 0, intercept: initY }
      : { slope: NaN, intercept: NaN };
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return { slope, intercept: sumY / n - (slope * sumX) / n };
}

/**
 * Prometheus `predict_linear(v[range], offset)` evaluated at `evalTimeSeconds` over the samples of the range.
 * Returns NaN for fewer than 2 samples (Prometheus drops the series).
 */
export function predictLinear(
  tSeconds: ArrayLike<number>,
  values: ArrayLike<number>,
  evalTimeSeconds: number,
  offsetSeconds: number
): number {
  if (tSeconds.length < 2) {
    return NaN;
  }
  const { slope, intercept } = promLinearRegression(tSeconds, values, evalTimeSeconds);
  return slope * offsetSeconds + intercept;
}

/** Prometheus `deriv(v[range])`: least-squares slope per second; NaN for fewer than 2 samples. */
export function deriv(tSeconds: ArrayLike<number>, values: ArrayLike<number>): number {
  if (tSeconds.length < 2) {
    return NaN;
  }
  return promLinearRegression(tSeconds, values, tSeconds[0]).slope;
}

/** An ordinary least squares fit y = intercept + slope * x with what a prediction interval needs. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Residual standard deviation, sqrt(SSE / (n - 2)); 0 for an exact fit, NaN when n < 3. */
  sigma: number;
  /** Number of finite (x, y) pairs used. */
  n: number;
  xMean: number;
  /** Sum of squared deviations of x from its mean. */
  sxx: number;
}

/**
 * OLS fit over the pairs whose x and y are both finite. x is centred internally for accuracy (use any
 * unit; millisecond timestamps are fine). Slope is NaN when fewer than 2 distinct x exist.
 *
 * @example fitLinear([0, 1, 2, 3], [1, 3, 5, 7]) // slope 2, intercept 1, sigma 0
 */
export function fitLinear(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      n++;
      sx += x[i];
      sy += y[i];
    }
  }
  const xMean = sx / n;
  const yMean = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      const dx = x[i] - xMean;
      sxx += dx * dx;
      sxy += dx * (y[i] - yMean);
    }
  }
  const slope = n >= 2 && sxx > 0 ? sxy / sxx : NaN;
  const intercept = yMean - slope * xMean;
  let sse = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      const r = y[i] - (intercept + slope * x[i]);
      sse += r * r;
    }
  }
  const sigma = n >= 3 ? Math.sqrt(sse / (n - 2)) : NaN;
  return { slope, intercept, sigma, n, xMean, sxx };
}

/** Value of a fitted line at `x0`. */
export function linearAt(fit: LinearFit, x0: number): number {
  return fit.intercept + fit.slope * x0;
}

/** Half-width of the OLS prediction interval at `x0` for multiplier `z` (e.g. 1.96 for 95 %). */
export function linearInterval(fit: LinearFit, x0: number, z: number): number {
  const d = x0 - fit.xMean;
  return z * fit.sigma * Math.sqrt(1 + 1 / fit.n + (d * d) / fit.sxx);
}
