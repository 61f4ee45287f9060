/**
 * A segment too young to show its own rate, right after a clean-up: a clean-up frees space, it does not
 * change how fast data is written. On the clean-up's own sample the segment holds one value (no answer
 * at all), and six hours later on a noisy disk its trend is not yet significant, though the tooth before
 * it filled steadily for days. Time to exhaustion then judges the tooth before the reset, moved by the
 * reset's step so that it ends where the segment begins, together with the segment: the fill rate is
 * carried across the reset, the level is the segment's own.
 *
 * Which tooth is carried is one rule for time to exhaustion and forecast() ({@link carriedAcrossReset}):
 * a whole tooth, bounded by two resets (tte/resets.ts); one that begins with the series inside the window
 * when the reset clearly landed closer to the limit than it began (a clean-up, not a restart to the
 * baseline: {@link landedCloser}); and one cut by the window's start (settings.ts carryPartialTooth),
 * whose beginning is not seen. The last makes the carried rate depend a little on where the window
 * begins, as the forecast's always did; without it the panel's "full in" read the segment alone beside
 * a forecast line that carried the tooth (the demo's db-1, 16.4 d beside 13.9 d, docs/forecasting.md).
 * And only when the tooth filled steadily, a trend toward
 * the limit significant in each quarter of it (one-sided Mann-Kendall at settings.ts carryGateAlpha;
 * failing that, the whole tooth's trend with no quarter significantly slower: tte/toothGate.ts), so a tooth
 * that was flat and then took a burst (a backup written and shipped off, a burst of logs deleted) carries
 * nothing, nor one that holds a burst and a deletion noise hid from the reset search (halves were not
 * enough there: on the noisy 13-hourly bursts each half of a 26-hour tooth held a burst, and the carried
 * rate read 2.7-3.6 d). Resets that recur like clockwork are still judged by recurringResets.ts on the raw series.
 */
import { median } from '../../common/median';
import { mad, MAD_TO_SIGMA } from '../core/mad';
import { mannKendall } from '../trend/mannKendall';
import { MlError } from '../types';
import { lastLevelShiftIndex } from './levelShift';
import { resetIndices } from './resets';
import { fillsInEachPiece, minPiece } from './toothGate';

/**
 * Most values on each side of a single reset whose medians {@link landedCloser} compares; also how many
 * values before the training window a door reads (src/engine: time to exhaustion's look-back), so a
 * window that begins within them after a reset sees that reset ({@link resetBeginsWindow}).
 */
export const LANDING_POINTS = 15;

/** Values on each side of the reset whose medians measure its step. */
const STEP_POINTS = 5;
/** Most day-apart pairs on each side of the reset whose medians measure its step ({@link samePhaseOffset}). */
const FILL_PAIRS = 15;
const DAY_MS = 86_400_000;
/** The tooth before the reset must fill in each of this many equal pieces of it. */
const PIECES = 4;

export interface CarriedTooth {
  /** Index of the first point of the tooth before the last reset. */
  from: number;
  /** What is added to that tooth's values so it ends at the level the segment begins at. */
  offset: number;
  /** The tooth's fill rate (value per ms). */
  rate: number;
}

/** Indices of the finite values of v[from, to) in order. */
export function finiteIn(v: Float64Array, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    if (Number.isFinite(v[i])) {
      out.push(i);
    }
  }
  return out;
}

/**
 * The tooth's fill rate (value per ms): the change between the medians of its first and last quarters
 * over the change between their median times. Robust to noise and cheap on a long tooth.
 */
function toothRate(t: Float64Array, v: Float64Array, tooth: number[], piece: number): number {
  const first = tooth.slice(0, piece);
  const last = tooth.slice(-piece);
  const dt = median(last.map((i) => t[i])) - median(first.map((i) => t[i]));
  return dt > 0 ? (median(last.map((i) => v[i])) - median(first.map((i) => v[i]))) / dt : 0;
}

/**
 * The tooth before the last reset (starting at `resetStart`) whose rate the segment after it carries,
 * or undefined: when the segment is `youngMs` or older (its own data say enough), when fewer than two
 * resets were found, when the tooth did not fill steadily toward the limit, or when it holds a settled
 * step toward the limit (a bulk write is a new level, not a rate: carried, a steady fill plus a +15
 * write half-way read 4.5 d for 17 d). `stepMs` is the data's spacing. With `fromStart`, a tooth
 * with no reset before it starts at the data's start (the generic trend test, trend/sinceReset.ts: a
 * day's window holds one restart of a process that leaks for days between restarts); it must still
 * fill steadily in each quarter.
 */
export function carriedTooth(
  t: Float64Array,
  v: Float64Array,
  direction: 'up' | 'down',
  resetStart: number,
  youngMs: number,
  alpha: number,
  stepMs: number,
  fromStart = false,
  gate = 0
): CarriedTooth | undefined {
  if (!(youngMs > 0) || resetStart <= 0) {
    return undefined;
  }
  let last = v.length - 1;
  while (last >= resetStart && !Number.isFinite(v[last])) {
    last--;
  }
  if (last < resetStart || t[last] - t[resetStart] >= youngMs) {
    return undefined;
  }
  const [latest, previous] = resetIndices(v, direction, 2, stepMs);
  const before = previous ?? (fromStart ? 0 : undefined);
  if (latest !== resetStart || before === undefined) {
    return undefined;
  }
  if (lastLevelShiftIndex(v.subarray(before, resetStart), stepMs, direction) > 0) {
    return undefined;
  }
  const tooth = finiteIn(v, before, resetStart);
  const piece = Math.floor(tooth.length / PIECES);
  if (piece < minPiece(gate)) {
    return undefined;
  }
  if (!fillsInEachPiece(t, v, tooth, PIECES, direction, alpha, gate)) {
    return undefined;
  }
  const rate = toothRate(t, v, tooth, piece);
  const segment = finiteIn(v, resetStart, last + 1);
  // Without a day of tooth at a step that divides a day: the step with the tooth's mean rate taken out
  // of both sides' values (their medians lie about five steps apart; the plain difference moved the
  // tooth those five steps of fill too far toward the limit, a step back at the reset).
  const level = (ix: number[]) => median(ix.map((i) => v[i] - rate * t[i]));
  const offset =
    samePhaseOffset(t, v, before, resetStart, segment.slice(0, FILL_PAIRS), stepMs) ??
    level(segment.slice(0, STEP_POINTS)) - level(tooth.slice(-STEP_POINTS));
  return { from: before, offset, rate };
}

/**
 * The reset's step measured at the same phase of the daily cycle: each of the segment's first values
 * (`after`) less the tooth's value a day earlier, less a day's fill (the tooth's last values less their
 * values a day earlier), medians of each; undefined when the tooth (from `before` to `resetStart`)
 * holds no such pairs or a day is not a whole number of steps. A disk written with a daily pattern
 * fills at 0.4-0.6 of its mean rate around midnight, its demo's clean-up time: the step read from the
 * medians on each side with the mean rate taken out was off by what that rate missed over five steps
 * (+0.008 GB at 3 minutes, +1.4 GB at 30, +2.2 GB at an hour), which the drift interval read as a
 * slope and grew 70-100 times to the crossing (13.6 d due: 11.2-17.4 d at 30 minutes, 10.0-20.7 d at
 * an hour; tte/carryAcrossSteps.test.ts). A day's fill is the same whatever hour it ends at when the
 * pattern repeats daily, and for a constant rate, so these differences leave no phase and no rate to
 * estimate.
 */
function samePhaseOffset(
  t: Float64Array,
  v: Float64Array,
  before: number,
  resetStart: number,
  after: number[],
  stepMs: number
): number | undefined {
  const lag = Math.round(DAY_MS / stepMs);
  if (!(stepMs > 0) || lag < 1 || Math.abs(lag * stepMs - DAY_MS) > stepMs / 8) {
    return undefined;
  }
  // The value a day before index i, within the tooth, or NaN.
  const dayBefore = (i: number) => {
    const j = i - lag;
    return j >= before && j < resetStart && Math.abs(t[i] - t[j] - DAY_MS) <= stepMs / 2 ? v[j] : NaN;
  };
  const across = after.map((i) => v[i] - dayBefore(i)).filter(Number.isFinite);
  const fill: number[] = [];
  for (let i = resetStart - 1; i - lag >= before && fill.length < FILL_PAIRS; i--) {
    const d = v[i] - dayBefore(i);
    if (Number.isFinite(d)) {
      fill.push(d);
    }
  }
  return across.length > 0 && fill.length > 0 ? median(across) - median(fill) : undefined;
}

/**
 * The one rule that decides which tooth a young segment carries, for time to exhaustion, the trend
 * readout beside it (trend/sinceReset.ts) and forecast() (forecast/youngSegment.ts) alike, so the
 * panel's forecast line and its "full in" never carry different teeth. {@link carriedTooth} with the
 * settings in force (youngMs: time to exhaustion's carryRateMs; the forecast passes the same constant,
 * trend/acrossDays.ts DAY_SEASON_MS, and bounds the age by its own two days of slots too):
 * - the whole tooth between the last two resets;
 * - else, when `born` (the series begins inside the window: its first values are missing), the tooth
 *   since the data began, if the single reset clearly landed closer to the limit than that tooth
 *   began ({@link landedCloser} at settings.ts carryBirthZ): a clean-up, not a restart to the baseline;
 * - else, when `afterReset` (values read before the window show a reset at or just before its first
 *   value: {@link resetBeginsWindow}), the tooth since the window's start, which is whole: read back to
 *   the previous reset, the whole-tooth rule applies. Without it, a window that began just after the
 *   previous clean-up (a 14-day window over the demo's 14-day clean-ups, at 00:00-01:59 after each)
 *   saw the reset land where the data began, the landing check below read a restart to the baseline,
 *   and time to exhaustion had no answer for two hours at a 1 h step, +Inf for half an hour at 1 m;
 * - else (the data begin with values), with settings.ts carryPartialTooth, the tooth since the data
 *   began, if the single reset landed clearly away from the level the data began at (by more than
 *   carryBirthZ standard deviations, {@link landingZ}): closer to the limit, a clean-up; farther, the
 *   window cut a tooth that began before it (the demo's db-1). Landing back where the data began is
 *   what a restart to the baseline does when the data begin with the process (a file read by the CLI,
 *   `--train all`): carried, the eval's leak restarted by deploys read 2.1-5.1 d on days 2-3.5.
 * Each must still fill steadily in each quarter and hold no settled step toward the limit.
 */
export function carriedAcrossReset(
  t: Float64Array,
  v: Float64Array,
  direction: 'up' | 'down',
  resetStart: number,
  settings: {
    carryRateMs: number;
    carryGate: number;
    carryGateAlpha: number;
    carryBirthZ: number;
    carryPartialTooth: number;
  },
  stepMs: number,
  born: boolean,
  afterReset = false
): CarriedTooth | undefined {
  const { carryRateMs, carryGate, carryGateAlpha, carryBirthZ, carryPartialTooth } = settings;
  const whole = carriedTooth(t, v, direction, resetStart, carryRateMs, carryGateAlpha, stepMs, false, carryGate);
  if (whole || afterReset) {
    return whole ?? carriedTooth(t, v, direction, resetStart, carryRateMs, carryGateAlpha, stepMs, true, carryGate);
  }
  // A reset that lands where the data began is a restart to the baseline, carried by neither door,
  // whether or not the window reaches before the series (a file read from a process's start).
  const z = carryBirthZ > 0 ? landingZ(v, direction, resetStart, stepMs) : NaN;
  const fromStart = born ? z > carryBirthZ : carryPartialTooth > 0 && Math.abs(z) > carryBirthZ;
  return fromStart
    ? carriedTooth(t, v, direction, resetStart, carryRateMs, carryGateAlpha, stepMs, true, carryGate)
    : undefined;
}

/**
 * Whether a reset begins the training window's first tooth: `v` holds values read before the window
 * (the window's first value at index `windowStart`, at most {@link LANDING_POINTS} after the look-back's
 * first) and, with them, its last two resets (tte/resets.ts, `stepMs` the data's spacing) are one in the
 * window and one at or before the window's first value (carriedAcrossReset's `afterReset`). The
 * thresholds come from the look-back and the window together, as they would from a longer window.
 */
export function resetBeginsWindow(
  v: Float64Array,
  windowStart: number,
  direction: 'up' | 'down',
  stepMs?: number
): boolean {
  if (windowStart <= 0) {
    return false;
  }
  const [latest, previous] = resetIndices(v, direction, 2, stepMs);
  return latest > windowStart && previous !== undefined && previous <= windowStart;
}

/**
 * Index of the training window's first value in values that may hold a door's look-back before it
 * (src/engine context.ts lookBack): the first at or after `windowStart` (ms), among the first `end`;
 * 0 without a `windowStart`.
 *
 * @throws MlError('bad_input') for a `windowStart` that is not a finite time.
 */
export function windowIndex(t: Float64Array, windowStart: number | undefined, end = t.length): number {
  if (windowStart !== undefined && !Number.isFinite(windowStart)) {
    throw new MlError('bad_input', `windowStart must be a timestamp in ms, got ${windowStart}`);
  }
  let i = 0;
  while (windowStart !== undefined && i < end && t[i] < windowStart) {
    i++;
  }
  return i;
}

/**
 * Index of the first finite value of `v` at or after `from` (the window's first index: {@link windowIndex}),
 * among the first `end`; `end` when there is none.
 */
export function firstFiniteFrom(v: Float64Array, from: number, end = v.length): number {
  let i = from;
  while (i < end && !Number.isFinite(v[i])) {
    i++;
  }
  return i;
}

/**
 * How the window's first tooth begins, carriedAcrossReset's `born` and `afterReset`: one rule for time
 * to exhaustion, the trend test beside it (trend/sinceReset.ts) and forecast() (forecast/index.ts), so
 * all three carry the same tooth right after a clean-up. `all`: the values with the look-back, up to the
 * fit time; `from`: the window's first index in them ({@link windowIndex}); `resetStart`: the last reset
 * in the window (> 0: one was found). The look-back is read only here, to locate a reset: never fitted.
 */
export function toothOpening(
  all: Float64Array,
  from: number,
  resetStart: number,
  direction: 'up' | 'down',
  stepMs?: number
): { born: boolean; afterReset: boolean } {
  const first = firstFiniteFrom(all, from);
  // Missing first values: the window reaches before the series' birth.
  const born = first > from;
  return { born, afterReset: resetStart > 0 && !born && resetBeginsWindow(all, first, direction, stepMs) };
}

/** Whether the window begins before the series: its first value is missing (carriedAcrossReset's `born`). */
export function bornInWindow(v: Float64Array): boolean {
  return v.length > 0 && !Number.isFinite(v[0]);
}

/**
 * Whether the only reset of `v` (at `resetStart`, after the tooth that begins with `v`) landed closer
 * to the limit than that tooth began by more than `z` standard deviations of the difference: a
 * clean-up that freed less than was written since the data began, whose tooth's rate time to
 * exhaustion may carry (tte/index.ts, settings.ts carryBirthZ), not a restart to the baseline the
 * tooth began at (oneRestart.ts reads those as the start of a pattern; carried, a deploy's restart
 * read "full in 3.7 d" on its own sample). See {@link landingZ}. `stepMs` is the data's spacing.
 */
export function landedCloser(
  v: Float64Array,
  direction: 'up' | 'down',
  resetStart: number,
  z: number,
  stepMs?: number
): boolean {
  return landingZ(v, direction, resetStart, stepMs) > z;
}

/**
 * How far toward the limit the only reset of `v` (at `resetStart`) landed from where the tooth that
 * begins with `v` began, in standard deviations of the difference (negative: away from the limit);
 * NaN when `v` holds another reset or too few values. The medians of the same number m of values on
 * each side (at most {@link LANDING_POINTS}, at most a quarter of the tooth), so both span the same
 * time since their start and a steady rate cancels; the difference's standard deviation is taken as
 * sqrt(pi / 2) x the one-step noise (MAD of one-step differences) / sqrt(m), the large-sample figure,
 * above the exact one for m = 1 (the reset's own sample). `stepMs` is the data's spacing.
 */
export function landingZ(v: Float64Array, direction: 'up' | 'down', resetStart: number, stepMs?: number): number {
  const resets = resetIndices(v, direction, 2, stepMs);
  if (resets.length !== 1 || resets[0] !== resetStart) {
    return NaN;
  }
  const tooth = finiteIn(v, 0, resetStart);
  const after = finiteIn(v, resetStart, v.length);
  const m = Math.min(LANDING_POINTS, Math.floor(tooth.length / 4), after.length);
  if (m < 1) {
    return NaN;
  }
  const finite = finiteIn(v, 0, v.length);
  const stepSd = MAD_TO_SIGMA * mad(finite.slice(1).map((i, k) => v[i] - v[finite[k]]));
  const began = median(tooth.slice(0, m).map((i) => v[i]));
  const landed = median(after.slice(0, m).map((i) => v[i]));
  const approach = direction === 'up' ? landed - began : began - landed;
  return approach / ((Math.sqrt(Math.PI / 2) * stepSd) / Math.sqrt(m));
}

/**
 * Whether the segment after the reset (from `resetStart`) contradicts the carried rate: with that
 * rate taken out, its values trend significantly away from the limit (one-sided Mann-Kendall at
 * `alpha`). A restart that deployed a leak's fix frees the memory and stops the leak: carried for
 * 12 hours regardless, the generic trend test read the old leak (1,523 B/s 8 hours after a fix, the
 * segment flat) and the leak alert kept firing.
 */
export function segmentContradicts(
  t: Float64Array,
  v: Float64Array,
  direction: 'up' | 'down',
  resetStart: number,
  c: CarriedTooth,
  alpha: number
): boolean {
  const rest = finiteIn(v, resetStart, v.length).map((i) => v[i] - c.rate * (t[i] - t[resetStart]));
  const mk = mannKendall(rest);
  return (direction === 'up' ? mk.z < 0 : mk.z > 0) && mk.pValue / 2 < alpha;
}

/** The segment from `c.from` to the end, the tooth before the reset moved by `c.offset`. */
export function spliceTooth(v: Float64Array, resetStart: number, c: CarriedTooth): Float64Array {
  const out = Float64Array.from(v.subarray(c.from));
  for (let i = 0; i < resetStart - c.from; i++) {
    out[i] += c.offset;
  }
  return out;
}
