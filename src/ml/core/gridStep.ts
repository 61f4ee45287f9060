/**
 * The sampling step of irregular timestamps, fitted as a grid. The median spacing misses it both
 * ways: with rows missing at random most spacings are one step but many are two, so the median lies
 * above the step (6 minutes on 5-minute rows with 30 % dropped and whole-minute times); with every
 * time moved by up to most of a step it lies below (0.95 of the step at +-0.9). A grid drifts off
 * the rows by the error over the whole series, so rows crowd onto one point and leave others empty.
 *
 * The fit: the step s whose grid the times agree with, measured by the phase coherence
 * |mean exp(2 pi i t / s)| (1 when every time lies on a multiple of s, about 1/sqrt(n) for
 * unrelated times). Missing rows do not lower it; jitter lowers it evenly at every s near the step,
 * so the peak stays at the step. Only a clear grid is used (coherence at least MIN_COHERENCE): rows
 * moved by nearly half a step or more keep the median. The search runs over 1/s in [1/(1.25 m), 1/(0.6 m)] around the
 * median spacing m (wide enough for 1.2 m and 0.95 m above, narrow enough to leave out half and
 * twice the step), first on the first rows and then on twice as many, narrowing each time.
 */

/** Rows of the first, full-width search; later rounds only narrow the peak it found. */
const FIRST_ROWS = 2000;
/** Grid points per peak width (1 / span) in a search: fine enough not to step over the peak. */
const PER_WIDTH = 4;
/** Bounds of the search around the median spacing. */
const LOW = 0.6;
const HIGH = 1.25;
/**
 * Most search points per row in the first round (its cost is rows x points): more means most of the
 * rows are missing (a span of over 5 median spacings per row), and the median is kept.
 */
const MAX_POINTS_PER_ROW = 20;
/** The median is kept when its grid is this coherent relative to the fitted one. */
const KEEP_MEDIAN = 0.95;
/**
 * Least coherence of the fitted grid: times moved uniformly by up to +-a step have coherence
 * |sin(2 pi a) / (2 pi a)|, 0.25 at a = 0.4. Below it (rows moved by nearly half a step or more, which
 * cross their neighbours whatever the step) the exact step scored worse than the median on the
 * `irregular` proxy (docs/anomaly-detection.md, "Irregular timestamps"), and the median is kept.
 */
const MIN_COHERENCE = 0.25;

/** Summed phasors of `t[0..count)` (relative to t[0]) at frequencies f0, f0 + df, ..: the index of the largest. */
function strongest(t: ArrayLike<number>, count: number, f0: number, df: number, k: number): number {
  const re = new Float64Array(k);
  const im = new Float64Array(k);
  for (let j = 0; j < count; j++) {
    const x = 2 * Math.PI * (t[j] - t[0]);
    let c = Math.cos(x * f0);
    let s = Math.sin(x * f0);
    const cd = Math.cos(x * df);
    const sd = Math.sin(x * df);
    for (let q = 0; q < k; q++) {
      re[q] += c;
      im[q] += s;
      const c2 = c * cd - s * sd;
      s = s * cd + c * sd;
      c = c2;
    }
  }
  let best = 0;
  for (let q = 1; q < k; q++) {
    if (re[q] * re[q] + im[q] * im[q] > re[best] * re[best] + im[best] * im[best]) {
      best = q;
    }
  }
  return best;
}

/** Phase coherence of all of `t` on the grid of `step`: |mean exp(2 pi i (t - t0) / step)|. */
export function gridCoherence(t: ArrayLike<number>, step: number): number {
  let re = 0;
  let im = 0;
  for (let j = 0; j < t.length; j++) {
    const x = (2 * Math.PI * (t[j] - t[0])) / step;
    re += Math.cos(x);
    im += Math.sin(x);
  }
  return Math.hypot(re, im) / t.length;
}

/** The coarsest of 1 min, 1 s and 1 ms that every time is a whole multiple of (from the first). */
function resolution(t: ArrayLike<number>): number {
  for (const r of [60_000, 1000]) {
    let all = true;
    for (let j = 1; j < t.length && all; j++) {
      all = (t[j] - t[0]) % r === 0;
    }
    if (all) {
      return r;
    }
  }
  return 1;
}

/**
 * The step (ms) of sorted, distinct times `t` whose median spacing is `median`: the grid fitted to
 * the times (see the module comment), or `median` when the median's grid is about as coherent (a
 * regular series, or one the fit cannot improve), or the fitted grid is not clear (coherence under
 * MIN_COHERENCE, or not clearly above chance for so few rows), or has fewer points than there are
 * rows (a sideband of periodic delays). The fit is rounded to the times'
 * own resolution (whole minutes or seconds) when that moves the grid by under 1 % of a step over
 * the series. Deterministic; at most 20 x 2,000 passes over the first 2,000 rows, then about 30
 * passes over twice as many at each round.
 */
export function fittedStep(t: ArrayLike<number>, median: number): number {
  const n = t.length;
  const span = n > 1 ? t[n - 1] - t[0] : 0;
  if (!(median > 0) || !(span > 0) || n < 3) {
    return median;
  }
  let count = Math.min(n, FIRST_ROWS);
  let width = 1 / (t[count - 1] - t[0]);
  let lo = 1 / (HIGH * median);
  let hi = 1 / (LOW * median);
  let f = lo;
  for (;;) {
    const df = width / PER_WIDTH;
    const k = Math.ceil((hi - lo) / df) + 1;
    if (k > MAX_POINTS_PER_ROW * count) {
      return median;
    }
    f = lo + strongest(t, count, lo, df, k) * df;
    if (count === n) {
      break;
    }
    count = Math.min(n, 2 * count);
    lo = f - 2 * df;
    hi = f + 2 * df;
    width = 1 / (t[count - 1] - t[0]);
  }
  // Last round: a tenth of the grid spacing, over all rows.
  const df = width / PER_WIDTH;
  f = f - df + strongest(t, n, f - df, df / 10, 21) * (df / 10);
  let step = 1 / f;
  const r = resolution(t);
  const rounded = Math.round(step / r) * r;
  if (rounded > 0 && Math.abs(rounded - step) * (span / step) < 0.01 * step) {
    step = rounded;
  }
  // A grid has a point for every row: fewer (beyond the 2 that moved end rows may cost) is no grid of
  // these times but a sideband of delays that recur every few rows (0.3 of a step over 15 rows: a
  // step 7 % long, 133 of 2,000 rows dropped).
  const roomForEveryRow = span / step + 1 >= n - 2;
  const fitted = gridCoherence(t, step);
  const chance = Math.sqrt((Math.log((span / median) * PER_WIDTH) + 6) / n);
  return roomForEveryRow && fitted > Math.max(chance, MIN_COHERENCE) && gridCoherence(t, median) < KEEP_MEDIAN * fitted
    ? step
    : median;
}
