/**
 * An interval term for a fill whose rate varies from day to day.
 *
 * The drift term (driftInterval.ts) measures how far the model's trend went wrong over a season at one
 * to three refits, half a season apart: on a disk whose daily use varies (a real one) those few
 * overlapping hold-outs often happen to agree, and the interval then reads "± 0.1 d" twelve days out.
 * Replayed fills whose rate varies independently from day to day held the truth in 35 of 40 cases,
 * a rate that wanders (a random walk) in 31 of 40.
 *
 * This term reads the day-to-day variation from the data itself: going back from the last value a day
 * at a time, the mean of the quarter-day before each of those times is taken, and the changes between
 * consecutive ones are the daily rates (a day apart, both windows sit at the same phase of the daily
 * cycle, so it cancels; a quarter-day's mean averages the noise; whole days' means would average each
 * day's rate with the next and halve the spread of rates that vary independently). With their
 * standard deviation s over N changes, a fill continued h days ahead at their mean is off by the sum
 * of h future days' deviations (variance h s^2) and by the error of the mean rate itself (variance
 * h^2 s^2 / N): the random walk with drift's interval, s sqrt(h (1 + h / N))
 * (Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., 5.5). {@link widenForRate}
 * adds z * scale * that in quadrature to each side's half-width; `scale` is the setting `rateScale`
 * (tte/settings.ts), chosen by leave-one-family-out cross-validation in `npm run eval -- tte`. On a
 * steady fill the daily changes differ only by the noise averaged over a quarter-day, so the term is
 * small.
 */
import { formatDuration } from '../../common/duration';
import { zForLevel } from '../models/numeric';

const DAY_MS = 86_400_000;

/** Fewest daily changes the spread is read from (two days and a quarter). */
const MIN_CHANGES = 2;

/** The day-to-day spread of a segment's daily rate. */
export interface RateSpread {
  /** Standard deviation of the change over a day (value units per day). */
  sd: number;
  /** Number of changes it was read from. */
  changes: number;
}

/**
 * Why the spread could not be read: the step is over a day or a day is not close to a whole number of
 * steps ('step'), the data span less than two days and a quarter, too few for {@link MIN_CHANGES} daily
 * changes ('days', with the span from the first value to the last), or they span enough but gaps at
 * the time of day they end leave fewer changes ('gaps').
 */
export type NoRateSpread = { missing: 'step' } | { missing: 'days'; spanMs: number } | { missing: 'gaps' };

/**
 * The spread of the change over a day of `v` at times `t` (sorted, on a grid of `stepMs` with rows
 * possibly missing): the changes between the means of the quarter-days (one value at a step of a
 * quarter-day to a day) ending at its last time and at each whole day before it, found by time, so a
 * gap does not move a window off its phase. Undefined when it cannot be read (see
 * {@link readDailyRateSpread} for why).
 */
export function dailyRateSpread(t: ArrayLike<number>, v: ArrayLike<number>, stepMs: number): RateSpread | undefined {
  const r = readDailyRateSpread(t, v, stepMs);
  return 'missing' in r ? undefined : r;
}

/**
 * What the data the spread was read from are, to name the cause of a short span: the segment since a
 * reset or a settled level shift, another segment ('segment': a young one carried across a reset with
 * the tooth before it), or all the data time to exhaustion was given ('window'), with what
 * cut them short when the caller knows (`limit`, e.g. the engine's training-points limit at a fine step).
 */
export interface RateSpreadData {
  since: 'reset' | 'level shift' | 'window' | 'segment';
  limit?: string;
}

/**
 * The interval's warning when the spread could not be read: the interval then lacks this term and
 * may be too narrow on a fill whose daily rate varies (time to exhaustion lists it in `warnings`). It
 * names the cause: the step, too short a span and what it spans (all the data, and then the limit
 * that cut them when known, or a segment after a reset), or the gaps. Not the span's length: the
 * companion's envelope says each text once for all series, and lists ten at most.
 *
 * @example noRateSpreadWarning({ missing: 'days', spanMs: 150_000_000 }, 15_000, { since: 'window', limit: 'the limit of 10,000 training points at a step of 15s' })
 */
export function noRateSpreadWarning(
  r: NoRateSpread,
  stepMs: number,
  data: RateSpreadData = { since: 'window' }
): string {
  // Two days and a quarter: the windows of MIN_CHANGES changes.
  const short = 'shorter than two days and a quarter';
  const why =
    r.missing === 'step'
      ? `at a step of ${formatDuration(stepMs)} (it needs a day to be a whole number of steps)`
      : r.missing === 'gaps'
        ? 'from data with gaps at the time of day they end'
        : data.since === 'window'
          ? `from data ${short}${data.limit ? ` (${data.limit} holds no more)` : ''}`
          : data.since === 'segment'
            ? `from a segment ${short}`
            : `from the segment since the last ${data.since}, ${short}`;
  return `the interval leaves out how the daily rate varies, which cannot be read ${why}: it may be too narrow`;
}

/** {@link dailyRateSpread}, or why it could not be read. */
export function readDailyRateSpread(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  stepMs: number
): RateSpread | NoRateSpread {
  // A whole number of steps must make a day (within an eighth, as 4.5 steps round to 5) for the
  // windows to hold the same slots each day; at a step of a quarter-day to a day the window is one value.
  const perDay = Math.round(DAY_MS / stepMs);
  if (!(perDay >= 1 && Math.abs((perDay * stepMs) / DAY_MS - 1) <= 0.125)) {
    return { missing: 'step' };
  }
  let first = 0;
  while (first < t.length && !Number.isFinite(v[first])) {
    first++;
  }
  if (first === t.length) {
    return { missing: 'days', spanMs: 0 };
  }
  const width = Math.max(1, Math.round(perDay / 4));
  const last = t[t.length - 1];
  const means: number[] = [];
  // The window ending at `last - k days` holds the slots in (end - width steps, end], half a step of
  // slack at each side; windows are less than a day long, so one pointer walks back through them all.
  let i = t.length - 1;
  for (let k = 0; last - k * DAY_MS - (width - 1) * stepMs >= t[0] - stepMs / 2; k++) {
    const end = last - k * DAY_MS + stepMs / 2;
    const start = end - width * stepMs;
    while (i >= 0 && t[i] > end) {
      i--;
    }
    let sum = 0;
    let m = 0;
    for (; i >= 0 && t[i] > start; i--) {
      if (Number.isFinite(v[i])) {
        sum += v[i];
        m++;
      }
    }
    means.push(m >= width / 2 ? sum / m : NaN);
  }
  const changes: number[] = [];
  for (let d = 0; d + 1 < means.length; d++) {
    const change = means[d] - means[d + 1];
    if (Number.isFinite(change)) {
      changes.push(change);
    }
  }
  if (changes.length < MIN_CHANGES) {
    // Too few windows fit in the span (means.length - 1 changes at most), or gaps emptied some.
    const windows = Math.floor((last - t[first] - (width - 1) * stepMs + stepMs / 2) / DAY_MS) + 1;
    return windows - 1 < MIN_CHANGES ? { missing: 'days', spanMs: last - t[first] } : { missing: 'gaps' };
  }
  const mean = changes.reduce((a, b) => a + b, 0) / changes.length;
  const ss = changes.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return { sd: Math.sqrt(ss / (changes.length - 1)), changes: changes.length };
}

/**
 * `lower` and `upper` widened in place for a daily rate that varies by `spread`: each side's half-width
 * h_k at step k (0-based, `stepMs` apart) becomes sqrt(h_k^2 + (z * scale * sd * sqrt(d (1 + d / N)))^2)
 * with d = (k + 1) steps in days. Nothing changes without a spread or with scale 0.
 */
export function widenForRate(
  yhat: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  spread: RateSpread | undefined,
  stepMs: number,
  scale: number,
  level: number
): void {
  if (!spread || !(spread.sd > 0 && scale > 0)) {
    return;
  }
  const perDay = zForLevel(level) * scale * spread.sd;
  for (let k = 0; k < yhat.length; k++) {
    const d = ((k + 1) * stepMs) / DAY_MS;
    const grow = perDay * Math.sqrt(d * (1 + d / spread.changes));
    const below = Math.max(0, yhat[k] - lower[k]);
    const above = Math.max(0, upper[k] - yhat[k]);
    lower[k] = yhat[k] - Math.hypot(below, grow);
    upper[k] = yhat[k] + Math.hypot(above, grow);
  }
}
