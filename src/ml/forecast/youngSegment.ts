/**
 * A segment too young to show its daily pattern, right after a clean-up. A clean-up frees space; it
 * does not change how data is written over a day. Fitted alone, a segment of less than two days holds
 * no daily season: `auto` found none, the trend test read the segment's part of a day (its slope swung
 * with the hour of the clean-up), and Holt-Winters carried the daytime write rate for days (on the
 * demo's db-1 volume -45 to -53 GB/day beside a trend of -27 to -38 and a true -33;
 * docs/forecasting.md, `npm run eval -- demoDisk`).
 *
 * So while the segment after a clear reset (resetSegment.ts) holds less than the two days the trend
 * test needs for its day season (trend/acrossDays.ts), the forecast runs on the tooth before the
 * reset moved by the reset's step, followed by the segment: the level is the segment's own, the daily
 * pattern and the rate are learned across the reset. This is time to exhaustion's carry, decided by
 * the same function (tte/carryRate.ts `carriedAcrossReset`: a whole tooth, bounded by two resets in the
 * window or by one in it and one a door's look-back shows at its start ({@link splitLookBack}), a
 * tooth begun with the series whose reset landed closer to the limit, or one cut by the window's
 * start; it filled steadily toward
 * the reset in each quarter, at the gate's level, and holds no settled step), kept until the segment has
 * two days of its own (trend/acrossDays.ts DAY_SEASON_MS, time to exhaustion's carryRateMs too),
 * because here what is carried is the daily pattern, which takes two days to show. Not when the segment's changes over a day (each value against the
 * spliced one a day earlier, so the daily pattern cancels) trend away from the reset's direction
 * ({@link dayOverDayContradicts}: writes that stopped at the clean-up, a restart that deployed a
 * leak's fix; the segment's second day is checked within itself).
 *
 * When the splice spans less than two days (a day's window: `forecast(mem, 1d, "train=1d")`), there is
 * no daily pattern to carry, but the rate is carried all the same, as time to exhaustion and the trend
 * readout carry it: the same tooth, unless the segment's values with the carried rate taken out trend
 * away from the reset's direction (tte/carryRate.ts `segmentContradicts`: a restart that deployed a
 * leak's fix). Before, only a window of two days carried: on the demo's api-1 (a leak of 6 MB/h,
 * restarted every 3.5 days) a day's window at 15 minutes forecast the level since the restart, flat,
 * for 2.75 hours after each restart (144 MB under the truth a day ahead), beside a trend and a time
 * to exhaustion that carried the leak (`npm run eval -- restartForecast`).
 */
import { prepareSeries } from '../core/prepare';
import { DAY_SEASON_MS, daySeasonPoints } from '../trend/acrossDays';
import { mannKendall } from '../trend/mannKendall';
import {
  bornInWindow,
  CarriedTooth,
  carriedAcrossReset,
  segmentContradicts,
  spliceTooth,
  toothOpening,
  windowIndex,
} from '../tte/carryRate';
import { Series } from '../types';
import { tteSettings } from '../tte/settings';
import { interpolateGaps } from './grid';
import { ModelInput } from './model';
import { seasonPeriod } from './seasonPeriod';

/** The forecast's input carried across a young segment's reset, and the tooth that was carried. */
export interface CarriedSegment {
  input: ModelInput;
  carried: CarriedTooth;
}

/** A series split at its training window's start: the window, and what the look-back before it says. */
export interface LookBackSplit {
  /** The values from the window's start on: all a forecast fits. */
  window: Series;
  /**
   * Whether the look-back shows a reset at or just before the window's first value, so the window's
   * first tooth is whole (tte/carryRate.ts toothOpening's `afterReset`), given the last reset in the
   * window (`resetStart` > 0: one was found) and which way the series was heading to it.
   */
  afterReset(resetStart: number, direction: 'up' | 'down'): boolean;
}

/**
 * `series` split at `windowStart` (ms) when it holds values read before its training window (a door's
 * look-back: src/engine context.ts lookBack), as time to exhaustion splits them (tte/carryRate.ts
 * windowIndex, toothOpening): the look-back only locates a reset that begins the window, it is never
 * fitted. Without `windowStart` the whole series is the window.
 */
export function splitLookBack(series: Series, windowStart?: number): LookBackSplit {
  if (windowStart === undefined) {
    return { window: series, afterReset: () => false };
  }
  const prepared = prepareSeries(series);
  const from = windowIndex(prepared.t, windowStart);
  if (from === 0) {
    return { window: series, afterReset: () => false };
  }
  return {
    window: { t: prepared.t.subarray(from), v: prepared.v.subarray(from) },
    afterReset: (resetStart, direction) =>
      toothOpening(prepared.v, from, resetStart, direction, prepared.stepMs).afterReset,
  };
}

/**
 * `input` from the tooth before the reset at grid index `start` (moved by the reset's step) to its
 * end, with the season detected again as `season` asks; undefined when the segment from `start`
 * already holds two days at the input's step, or when the tooth before is not carried or the segment
 * contradicts it (see the file comment). The forecast and the trend readout without a limit
 * (trend/sinceReset.ts) both carry by this function. `afterReset`: a look-back before the window shows
 * a reset at its start ({@link splitLookBack}), so the window's first tooth is whole.
 */
export function carriedSegment(
  input: ModelInput,
  start: number,
  direction: 'up' | 'down',
  season: 'auto' | number,
  afterReset = false
): CarriedSegment | undefined {
  const { t, v, step } = input;
  if (start <= 0 || daySeasonPoints(v.subarray(start), step) > 0) {
    return undefined;
  }
  const settings = tteSettings();
  const { gateAlpha } = settings;
  // Time to exhaustion's rule (carryRate.ts carriedAcrossReset). The age is bounded in slots above and
  // in time here: where a day holds fewer than two steps (a step over 16 h) the slots bound nothing,
  // and a daily series carried a tooth 40 days after its reset beside a time to exhaustion that
  // stopped carrying after two.
  const carried = carriedAcrossReset(
    t,
    v,
    direction,
    start,
    { ...settings, carryRateMs: DAY_SEASON_MS },
    step,
    bornInWindow(v),
    afterReset
  );
  if (!carried) {
    return undefined;
  }
  const spliced = spliceTooth(v, start, carried);
  const day = daySeasonPoints(spliced, step);
  // With two days in the splice the changes over a day judge the segment (a daily pattern defeats a
  // rate taken out of its values); with less, the rate taken out, as the trend readout always judged it.
  const contradicts =
    day > 0
      ? dayOverDayContradicts(spliced, start - carried.from, day, direction, gateAlpha)
      : segmentContradicts(t, v, direction, start, carried, gateAlpha);
  if (contradicts) {
    return undefined;
  }
  const filled = interpolateGaps(spliced);
  return {
    input: { ...input, t: t.slice(carried.from), v: spliced, filled, period: seasonPeriod(filled, season) },
    carried,
  };
}

/**
 * Whether the segment from `start` of the spliced series contradicts the carried tooth: its changes
 * over a day from the tooth, `spliced[i] - spliced[i - day]` for the segment's first day, trend away
 * from `direction` (one-sided Mann-Kendall at `alpha`). While the segment goes on as the tooth did they hold the tooth's change per day, with no
 * trend; when the filling stopped at the reset they rise by the tooth's own rate (it is what they are
 * measured against). tte/carryRate.ts `segmentContradicts` takes the carried rate out of the
 * segment's values instead, which a daily cycle defeats: on the demo's db-1 volume it found the
 * segment "contradicting" at 11 of the 17 three-hourly ends of the two days after a clean-up (the
 * night's slower writes read as a trend away).
 *
 * True too when fewer than half of the segment's values it judges have a finite value a day earlier
 * to be compared with: a check that cannot see the segment must not let the carry through. A scrape
 * outage over the four hours a day before a clean-up that stopped the writes left no change to test,
 * and the old rate was carried (-33 GB/day four hours later, the level outside the band a day ahead).
 *
 * And true when the segment's changes over a day within itself (from its second day on, tested
 * apart, so the splice's step does not enter them) trend away: writes that stopped a day after the
 * clean-up. The first day alone did not see it: 16 hours flat at 40 hours were carried at -33 GB/day.
 */
export function dayOverDayContradicts(
  spliced: Float64Array,
  start: number,
  day: number,
  direction: 'up' | 'down',
  alpha: number
): boolean {
  const end = Math.min(start + day, spliced.length);
  const fromTooth = dailyChanges(spliced, Math.max(start, day), end, day);
  let judged = 0;
  for (let i = Math.max(start, day); i < end; i++) {
    judged += Number.isFinite(spliced[i]) ? 1 : 0;
  }
  // Only against the tooth: a change measured within the segment lacks the splice's step, and that
  // step's error (a few noise sigmas over five points) made the changes a trend at z = 9.6 over 36 h.
  return (
    2 * fromTooth.length < judged ||
    trendsAway(fromTooth, direction, alpha) ||
    trendsAway(dailyChanges(spliced, start + day, spliced.length, day), direction, alpha)
  );
}

/** The finite `v[i] - v[i - day]` for i in [from, to). */
function dailyChanges(v: Float64Array, from: number, to: number, day: number): Float64Array {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    const change = v[i] - v[i - day];
    if (Number.isFinite(change)) {
      out.push(change);
    }
  }
  return Float64Array.from(out);
}

/** Whether `changes` trend away from `direction` (one-sided Mann-Kendall at `alpha`). */
function trendsAway(changes: Float64Array, direction: 'up' | 'down', alpha: number): boolean {
  const mk = mannKendall(changes);
  return (direction === 'up' ? mk.z < 0 : mk.z > 0) && mk.pValue / 2 < alpha;
}
