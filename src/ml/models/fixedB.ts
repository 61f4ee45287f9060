/**
 * Fixed-b critical values for the Newey-West t of a least-squares trend slope (Kiefer & Vogelsang
 * 2005): the lag count a fraction b of the sample, not vanishing, as in the whole-tooth test of
 * tte/toothGate.ts, whose lags reach half the tooth (hacSlope.ts hacMaxLag). Normal tails there are
 * far too liberal: a Bartlett Newey-West variance over n/2 lags is biased down and varies as much as
 * a chi-square of few degrees of freedom, so at b = 0.5 the one-sided 0.005 point is 6.3, not 2.58.
 *
 * The values are the quantiles of that t under independent normal noise (n = 200 with lags round(b n),
 * Bartlett weights and the n / (n - 2) factor of hacSlopeVariance, 100,000 draws per b at b = 0.02,
 * 0.05, 0.1, ..., 0.5; seeded, /tmp script in the commit that added this), each level fitted as
 * z + c1 b + c2 b^2 + c3 b^3 (residuals under 0.08). They are the trend slope's own (the intercept
 * and the trend are the regressors), not Kiefer and Vogelsang's table for a mean. Under fixed-b
 * asymptotics the t's law is free of the noise's autocorrelation, which is why it holds the level on
 * a correlated wander of 12-48 points where normal tails did not (eval/toothGate.eval.ts).
 *
 * Small samples: the same t's exact quantiles under independent noise at n = 12 / 16 / 24 / 48 (b =
 * 0.5, 100,000 draws) are 6.99 / 6.78 / 6.43 / 6.21 at 0.005, above the limit's 6.33 when the tooth
 * is short. The normal quantile z in the fit is therefore replaced by Student's t with n - 2 degrees
 * of freedom (the residual variance's), which gives 6.93 / 6.73 / 6.58 / 6.44: within 0.06 of the
 * exact law on the shortest teeth and above it (conservative) on longer ones.
 */
import { normalQuantile } from '../core/normal';

/** [one-sided level, z, c1, c2, c3] by decreasing level. */
const LEVELS: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [0.1, 1.2816, 3.0958, -0.6545, -1.0885],
  [0.05, 1.6449, 4.4256, -0.9064, -1.707],
  [0.02, 2.0537, 6.6692, -3.6367, 0.7769],
  [0.01, 2.3263, 8.8365, -7.6979, 5.1232],
  [0.005, 2.5758, 11.2257, -12.759, 10.6048],
  [0.0025, 2.807, 13.992, -19.3816, 17.5939],
  [0.001, 3.0902, 17.7686, -28.4287, 27.5212],
];

/** Largest b tabulated: hacMaxLag never sums more than half the samples. */
const MAX_B = 0.5;

/**
 * The one-sided critical value at level `alpha` of a trend slope's Newey-West t over `n` samples whose
 * lags are the fraction `b` of them (clamped to [0, 0.5]). Between tabulated levels, linear in log
 * alpha; outside [0.001, 0.1], or with fewer than 7 samples, an error, not a silent clamp.
 */
export function fixedBTrendCritical(alpha: number, b: number, n: number): number {
  const lo = LEVELS[LEVELS.length - 1][0];
  const hi = LEVELS[0][0];
  if (!(alpha >= lo && alpha <= hi)) {
    throw new RangeError(`fixed-b critical values are tabulated for levels ${lo}-${hi}, not ${alpha}`);
  }
  if (!(n >= 7)) {
    throw new RangeError(`fixed-b critical values need at least 7 samples, not ${n}`);
  }
  const x = Math.min(MAX_B, Math.max(0, b));
  const at = ([level, , c1, c2, c3]: readonly number[]) =>
    studentQuantile(1 - level, n - 2) + x * (c1 + x * (c2 + x * c3));
  let k = 0;
  while (k < LEVELS.length - 2 && alpha < LEVELS[k + 1][0]) {
    k++;
  }
  const [a0, a1] = [LEVELS[k][0], LEVELS[k + 1][0]];
  const w = Math.log(alpha / a0) / Math.log(a1 / a0);
  return (1 - w) * at(LEVELS[k]) + w * at(LEVELS[k + 1]);
}

/**
 * Student's t quantile at probability p (0.5 < p < 1) with `df` degrees of freedom: the Cornish-Fisher
 * expansion in 1/df to the fourth order (Abramowitz & Stegun 26.7.5), within 0.001 of the exact
 * quantile from 10 degrees of freedom (a tooth's fewest, 12 values) at the levels above (t(0.995, 10)
 * = 3.169).
 */
export function studentQuantile(p: number, df: number): number {
  const z = normalQuantile(p);
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}
