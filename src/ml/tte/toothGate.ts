/**
 * Whether a tooth filled steadily toward the limit in each of its equal pieces: the gate a tooth's
 * rate must pass before it is carried across a reset (carryRate.ts carriedTooth).
 *
 * Four tests, chosen by settings.ts carryGate (shipped: 3, for the demo's api-1 after a restart; 0 and 3 tie under leave-one-family-out, docs/forecasting.md):
 * - 0, Mann-Kendall in each piece at the gate's level. Its power collapses with the piece's length:
 *   at 5 values (an hour's step on a day's window) the smallest one-sided p it can give is 0.043, so
 *   no tooth is ever carried, and at 11 (30 minutes) the demo's garbage-collection sawtooth put one
 *   quarter's p at 0.015.
 * - 1, each piece's least-squares slope against the noise of the whole tooth: t = b_k / sqrt(L / Sxx_k),
 *   L the long-run (Newey-West) variance of the residuals of all pieces' lines, at least their plain
 *   variance. A piece of 5 values borrows the noise estimate of the tooth's 20, so a steady fill
 *   passes at any step, while a flat piece's t stays a standard normal (a flat tooth that took a burst
 *   still fails in its flat pieces).
 * - 2, the whole tooth's least-squares slope toward the limit significant (Newey-West variance, lags up
 *   to a day, at most half the tooth; fixed-b critical values, models/fixedB.ts: with normal tails a
 *   correlated wander with no fill (AR(1), phi 0.5-0.9) passed 3.5-11.7 % of the time at 0.005 on 12-48 values, now 0.0-2.8 %,
 *   `npm run eval -- toothGate`) and no piece filling significantly slower than the whole tooth, against the same pooled
 *   noise: a tooth that was flat and then took a burst has pieces far slower than its mean rate; nor
 *   any piece's mean risen significantly less above the previous piece's than the whole tooth's slope
 *   says (a piece's slope under a sawtooth says little: without this, on the 25-unit sawtooth of
 *   toothGate.test.ts, warm-ups to a plateau and bursts after flat quarters passed).
 *   Alone it refuses the teeth of a disk written with a daily pattern: a quarter of a 3.5-day tooth
 *   is under a day, its slope follows the day's phase, and the pooled noise (short lags within each
 *   piece) does not hold that (13 tests of tte/ and forecast/ on such disks failed).
 * - 3, either passes: Mann-Kendall in each piece (it has the power on long pieces, a daily pattern
 *   under the fill), or 2 (short pieces under a sawtooth). Both refuse a tooth that
 *   was flat and then took a burst.
 */
import { normalUpperTail } from '../core/normal';
import { fixedBTrendCritical } from '../models/fixedB';
import { hacMaxLag, hacSlopeVariance, neweyWestSum } from '../models/hacSlope';
import { mannKendall } from '../trend/mannKendall';

/** Fewest finite values in a piece for Mann-Kendall. */
const MANN_KENDALL_PIECE = 5;

/** Fewest finite values in each piece for `gate`: Mann-Kendall's five, a line's three. */
export function minPiece(gate: number): number {
  return gate === 1 || gate === 2 || gate === 3 ? 3 : MANN_KENDALL_PIECE;
}

/** The whole tooth's critical t at level `alpha`, lags the fraction `b` of its `n` values. */
export type WholeCritical = (alpha: number, b: number, n: number) => number;

/**
 * Whether each of the `pieces` pieces of the tooth (indices `tooth` into t, v) fills toward the limit.
 * `wholeCritical` is the whole tooth's critical value (gates 2, 3): fixed-b, the shipped one; the
 * eval passes the normal quantile it replaced to print before beside after.
 */
export function fillsInEachPiece(
  t: Float64Array,
  v: Float64Array,
  tooth: number[],
  pieces: number,
  direction: 'up' | 'down',
  alpha: number,
  gate: number,
  wholeCritical: WholeCritical = fixedBTrendCritical
): boolean {
  const piece = Math.floor(tooth.length / pieces);
  const parts = Array.from({ length: pieces }, (_, k) =>
    tooth.slice(k * piece, k + 1 < pieces ? (k + 1) * piece : tooth.length)
  );
  const sign = direction === 'up' ? 1 : -1;
  const mannKendallPasses = () =>
    parts.every(
      (ix) =>
        ix.length >= MANN_KENDALL_PIECE &&
        ((mk) => sign * mk.z > 0 && mk.pValue / 2 < alpha)(mannKendall(ix.map((i) => v[i])))
    );
  if (gate !== 1 && gate !== 2 && gate !== 3) {
    return mannKendallPasses();
  }
  if (gate === 3 && mannKendallPasses()) {
    return true;
  }
  const fits = parts.map((ix) =>
    lineFit(
      ix.map((i) => t[i]),
      ix.map((i) => v[i])
    )
  );
  const residuals = fits.flatMap((f) => f.residuals);
  const n = residuals.length;
  const df = n - 2 * pieces;
  if (df < 2) {
    return false;
  }
  // The standard lag count for n samples, within a piece: a lag longer than a piece would sum the
  // negative covariances each piece's own line leaves across its ends.
  const lag = Math.min(Math.floor(4 * (n / 100) ** (2 / 9)), piece - 1);
  const plain = residuals.reduce((a, e) => a + e * e, 0) / df;
  const longRun = Math.max(plain, (neweyWestSum(residuals, lag) / n) * (n / df));
  const se = (f: LineFit) => Math.sqrt(longRun / f.sxx);
  if (gate === 1) {
    return fits.every((f) => f.sxx > 0 && normalUpperTail((sign * f.slope) / se(f)) < alpha);
  }
  // 2: the whole tooth fills (its slope's Newey-West t, lags up to a day) and no piece fills
  // significantly slower than the whole does.
  const whole = lineFit(
    tooth.map((i) => t[i]),
    tooth.map((i) => v[i])
  );
  const wholeLag = hacMaxLag(tooth.length, (t[tooth[tooth.length - 1]] - t[tooth[0]]) / (tooth.length - 1));
  const wholePlain = whole.residuals.reduce((a, e) => a + e * e, 0) / (tooth.length - 2) / whole.sxx;
  const wholeVar = Math.max(
    wholePlain,
    hacSlopeVariance(
      tooth.map((i) => t[i] - whole.mx),
      whole.residuals,
      0,
      0,
      0,
      whole.sxx,
      wholeLag
    )
  );
  // Fixed-b critical value (lags a fraction of the tooth, up to half of it): normal tails carried a
  // correlated wander with no fill 3.5-11.7 % of the time at 0.005 on 12-48 values (eval/toothGate.eval.ts).
  // The floor at the plain variance only lowers t, so the fixed-b level still bounds the test's.
  return (
    wholeVar > 0 &&
    (sign * whole.slope) / Math.sqrt(wholeVar) > wholeCritical(alpha, wholeLag / tooth.length, tooth.length) &&
    fits.every((f) => f.sxx > 0 && normalUpperTail((sign * (whole.slope - f.slope)) / se(f)) >= alpha) &&
    risesAsTheWhole(t, v, parts, whole.slope, sign, longRun, alpha)
  );
}

/**
 * Whether no piece's mean rose significantly less above the previous piece's than the whole tooth's
 * slope over the distance between their mean times (`longRun` the pooled long-run variance of a value).
 * A piece's slope under a sawtooth as tall as hours of fill says little (a piece of 5-11 values), so
 * without this a tooth that rose and then held a plateau, or was flat and then took a burst four times
 * the sawtooth's height, passed the test of slopes; a piece's mean averages the sawtooth out.
 */
function risesAsTheWhole(
  t: Float64Array,
  v: Float64Array,
  parts: number[][],
  slope: number,
  sign: number,
  longRun: number,
  alpha: number
): boolean {
  const mean = (ix: number[], a: Float64Array) => ix.reduce((s, i) => s + a[i], 0) / ix.length;
  for (let k = 1; k < parts.length; k++) {
    const [prev, cur] = [parts[k - 1], parts[k]];
    const shortfall = slope * (mean(cur, t) - mean(prev, t)) - (mean(cur, v) - mean(prev, v));
    const sd = Math.sqrt(longRun * (1 / prev.length + 1 / cur.length));
    if (normalUpperTail((sign * shortfall) / sd) < alpha) {
      return false;
    }
  }
  return true;
}

interface LineFit {
  slope: number;
  /** Mean of x. */
  mx: number;
  /** Spread of x: sum of (x - mean)^2. */
  sxx: number;
  /** y less the line, in order. */
  residuals: number[];
}

/** Least-squares line of (x, y). */
function lineFit(x: number[], y: number[]): LineFit {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, mx, sxx, residuals: y.map((yi, i) => yi - my - slope * (x[i] - mx)) };
}
