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
  // Small-sample correction as for the textbook residual variance (two fitted parameters).
  return (neweyWestSum(score, maxLag) * (n / (n - 2))) / (sxx * sxx);
}

/**
 * Newey-West's long-run sum of a score series: sum of s_i s_j over |i - j| <= `maxLag` (in samples),
 * each lag weighted 1 - lag / (maxLag + 1) (Bartlett), which keeps it non-negative. The variance of a
 * least-squares coefficient b = sum w_i y_i is this sum of the scores w_i e_i.
 */
export function neweyWestSum(score: ArrayLike<number>, maxLag: number): number {
  const n = score.length;
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
  return Math.max(0, s);
}

const DAY_MS = 86_400_000;

/**
 * The lags Newey-West sums over for `n` samples `stepMs` apart: up to a day (a daily cycle left in the
 * residuals lasts that long), at least the usual 4 (n / 100)^(2/9), at most half the samples.
 */
export function hacMaxLag(n: number, stepMs: number): number {
  const dayLag = stepMs > 0 ? Math.round(DAY_MS / stepMs) : 0;
  return Math.min(Math.floor(n / 2), Math.max(Math.floor(4 * (n / 100) ** (2 / 9)), dayLag));
}
