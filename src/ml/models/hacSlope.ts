/**
 * The variance of a least-squares slope when the residuals are correlated in time (Newey-West's
 * heteroskedasticity- and autocorrelation-consistent estimator, Bartlett weights).
 *
 * The textbook interval of a line, sigma^2 / Sxx, assumes independent residuals. The residuals of a
 * line through a disk or a memory series are not: they hold the daily cycle, a weekday/weekend wave,
 * a GC sawtooth, each lasting many samples. A day of 10-minute samples then carries far less
 * information about the slope than 144 independent ones, and the textbook interval of the crossing is
 * too narrow far ahead. Newey-West sums the products of the slope's score (x_i - xMean) e_i over lags
 * up to `maxLag`, with weights 1 - lag / (maxLag + 1), which keeps the estimate non-negative.
 */

/**
 * Newey-West variance of the OLS slope of (x, y) with residuals `y - (intercept + slope x)`, over lags
 * up to `maxLag` (in samples; NaN pairs are skipped). 0 with fewer than 3 finite pairs.
 *
 * @example hacSlopeVariance([0, 1, 2, 3], [0, 1, 1, 2], 0.6, 0.1, 1.5, 5, 1)
 */
export function hacSlopeVariance(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  slope: number,
  intercept: number,
  xMean: number,
  sxx: number,
  maxLag: number
): number {
  const score: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      score.push((x[i] - xMean) * (y[i] - (intercept + slope * x[i])));
    }
  }
  const n = score.length;
  if (n < 3 || !(sxx > 0)) {
    return 0;
  }
  const lags = Math.max(0, Math.min(n - 1, Math.floor(maxLag)));
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += score[i] * score[i];
  }
  for (let l = 1; l <= lags; l++) {
    let c = 0;
    for (let i = l; i < n; i++) {
      c += score[i] * score[i - l];
    }
    s += 2 * (1 - l / (lags + 1)) * c;
  }
  // Small-sample correction as for the textbook residual variance (two fitted parameters).
  return (Math.max(0, s) * (n / (n - 2))) / (sxx * sxx);
}
