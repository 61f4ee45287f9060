/**
 * The trend test of the segment after the last reset: the segment time to exhaustion and the forecast
 * are computed on. Over a whole window that holds a disk clean-up or a restart, Mann-Kendall and Sen's
 * slope read the teeth of the sawtooth together (a disk "+131 GB/day" across its clean-up while it
 * loses 30 GB a day since), and contradict the time to exhaustion and the forecast printed beside them.
 *
 * - With a `direction` (the series heads up to a ceiling or down to a floor): the segment after time
 *   to exhaustion's last reset or settled level shift toward the limit (tte/resets.ts lastResetIndex,
 *   tte/levelShift.ts lastLevelShiftIndex, on the same prepared values), so the
 *   test covers exactly the points the time to exhaustion was computed on; when that segment is too
 *   young to show its own rate, with the steady tooth before the reset moved by its step, as time to
 *   exhaustion judges it (tte/carryRate.ts).
 * - Without one (no limit is known): the segment after the last clear reset (forecast/resetSegment.ts,
 *   on the grid and season forecast() detects), the one forecast() uses; while it holds less than two
 *   days after a steady tooth, with that tooth moved by the reset's step, as forecast() carries it
 *   (forecast/youngSegment.ts carriedSegment, time to exhaustion's rule tte/carryRate.ts
 *   carriedAcrossReset): a restart frees a leaking process's memory, it does not stop the leak, and
 *   the leak alert reads this test.
 * The test itself is {@link detectLeak}'s (seasonal Mann-Kendall and the seasonal Kendall slope when a
 * season is given or found). With `seasonal: 'auto'` the season is a day once the segment holds two
 * (trend/acrossDays.ts, time to exhaustion's gate rule, which forecast()'s trend test uses too); on
 * less, with a direction none (the gate's plain test, so `pValue` is the gate's two-sided), without
 * one the autocorrelation's. Throws MlError('not_enough_data') below 10 finite points in the segment.
 */
import { finiteCount, firstFiniteTime } from '../../common/finiteCount';
import { prepareSeries } from '../core/prepare';
import { prepareForecastInput } from '../forecast';
import { lastClearReset, youngReset } from '../forecast/resetSegment';
import { carriedSegment, splitLookBack } from '../forecast/youngSegment';
import { carriedAcrossReset, spliceTooth, toothOpening, windowIndex } from '../tte/carryRate';
import { lastLevelShiftIndex } from '../tte/levelShift';
import { lastResetIndex } from '../tte/resets';
import { tteSettings } from '../tte/settings';
import { MlError, Series } from '../types';
import { daySeasonPoints } from './acrossDays';
import { detectLeak, LeakOptions, LeakResult } from './leak';

/** Fewest finite points the trend test takes (detectLeak's minimum). */
const MIN_POINTS = 10;

export interface TrendSinceResetOptions extends LeakOptions {
  /** Where the series is heading ('up' to a ceiling, 'down' to a floor): time to exhaustion's resets. */
  direction?: 'up' | 'down';
  /**
   * Start (ms) of the window when the series holds values read before it (a door's look-back,
   * src/engine context.ts lookBack): read only to tell whether a reset begins the window's first
   * tooth, as time to exhaustion (with a direction) or forecast() (without one) reads them
   * (tte/carryRate.ts toothOpening); never tested.
   */
  windowStart?: number;
}

/** The trend test of the segment, and where that segment starts. */
export interface TrendSinceReset extends LeakResult {
  /** Timestamp (ms) of the segment's first value: the series' first when no reset was found. */
  segmentStart: number;
  /** True when a reset was found and the test covers only the points after it. */
  resets: boolean;
}

/**
 * @example trendSinceReset({ t, v: bytesFree }, { direction: 'down', seasonal: 'auto' }).slopePerHour // since the last clean-up
 */
export function trendSinceReset(series: Series, options: TrendSinceResetOptions = {}): TrendSinceReset {
  // `leak` is a significant trend toward the limit: a fall when the series heads down to a floor.
  const { direction, windowStart, ...rest } = options;
  const leak = { ...rest, toward: direction };
  // With seasonal 'auto': across daily cycles once the segment holds two days (trend/acrossDays.ts);
  // on less, with a direction the plain test (time to exhaustion's gate, so `pValue` is the gate's
  // test two-sided), without one the season the autocorrelation finds.
  const leakOf = (segment: Series, step: number, gate: boolean) => {
    if (leak.seasonal !== 'auto') {
      return detectLeak(segment, leak);
    }
    const days = daySeasonPoints(segment.v, step);
    return detectLeak(segment, { ...leak, seasonal: days > 0 ? days : gate ? 0 : 'auto' });
  };
  let stepMs = 0;
  let t: Float64Array;
  let v: Float64Array;
  let start: number;
  // A reset (not a level shift) starts the segment: views say "since the last reset" (`resets`).
  let reset: boolean;
  if (direction !== undefined) {
    const prepared = prepareSeries(series);
    const from = windowIndex(prepared.t, windowStart);
    t = prepared.t.subarray(from);
    v = prepared.v.subarray(from);
    const resetStart = lastResetIndex(v, direction, prepared.stepMs);
    // A settled step toward the limit (a one-off write) starts time to exhaustion's segment too.
    const shiftStart = lastLevelShiftIndex(v, prepared.stepMs, direction);
    start = Math.max(resetStart, shiftStart);
    reset = resetStart > 0;
    // A young segment carries the steady tooth before the reset, as time to exhaustion judges it:
    // missing first values (the window reaches before the series' birth) or a reset the look-back
    // shows at the window's start decide which tooth, by time to exhaustion's rule.
    const settings = tteSettings();
    const { born, afterReset } = toothOpening(prepared.v, from, resetStart, direction, prepared.stepMs);
    const carried =
      shiftStart <= resetStart
        ? carriedAcrossReset(t, v, direction, resetStart, settings, prepared.stepMs, born, afterReset)
        : undefined;
    if (carried) {
      const segment = { t: t.subarray(carried.from), v: spliceTooth(v, resetStart, carried) };
      return {
        ...leakOf(segment, prepared.stepMs, true),
        segmentStart: firstFiniteTime(segment.t, segment.v),
        resets: true,
      };
    }
    stepMs = prepared.stepMs;
  } else {
    // The look-back only tells whether a reset begins the window's first tooth, as forecast() reads it.
    const split = splitLookBack(series, windowStart);
    series = split.window;
    if (finiteCount(prepareSeries(series).v) < MIN_POINTS) {
      return { ...detectLeak(series, leak), segmentStart: firstFiniteTime(series.t, series.v), resets: false }; // its own refusal
    }
    const season = typeof leak.seasonal === 'number' ? leak.seasonal : 'auto';
    const input = prepareForecastInput(series, { horizon: 1, season });
    ({ t, v } = input);
    const found = lastClearReset(v, input.period, input);
    start = found?.start ?? 0;
    reset = start > 0;
    // Under two days since the reset, the tooth before carried across it as forecast() carries it
    // (forecast/youngSegment.ts, time to exhaustion's rule), so this test is the one the forecast
    // reports (ForecastResult.trend): a restart frees memory, it does not stop a leak, and the leak
    // alert reads this test; unless the segment contradicts the carried rate (a restart that deployed the fix).
    const carried = found
      ? carriedSegment(input, start, found.direction, season, split.afterReset(start, found.direction))
      : undefined;
    if (carried) {
      const segment = { t: carried.input.t, v: carried.input.v };
      return {
        ...leakOf(segment, input.step, false),
        segmentStart: firstFiniteTime(segment.t, segment.v),
        resets: true,
      };
    }
    stepMs = input.step;
    if (found?.young) {
      throw youngReset(v, start, t);
    }
  }
  const segment = { t: t.subarray(start), v: v.subarray(start) };
  const finite = finiteCount(segment.v);
  if (start > 0 && finite < MIN_POINTS) {
    throw new MlError(
      'not_enough_data',
      `the trend test needs at least ${MIN_POINTS} finite points since the last reset, got ${finite}`
    );
  }
  return {
    ...leakOf(segment, stepMs, direction !== undefined),
    segmentStart: firstFiniteTime(segment.t, segment.v),
    resets: reset,
  };
}
