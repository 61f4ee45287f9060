/**
 * The segment after the last clear reset, for a generic forecast. A disk that is cleaned up every two
 * weeks, or a counter that restarts, is a sawtooth: a model fitted across the teeth sees no trend (or a
 * season) where each tooth falls steadily, so the forecast should follow the current tooth only, as time
 * to exhaustion does (tte/resets.ts finds the jumps).
 *
 * A generic series has no known limit, so a jump is taken for a reset only when it is clearly one:
 * - tte/resets.ts finds it (a sharp move, larger than 6 robust sigmas of the one-step changes and 10 %
 *   of the range, that persists), in either direction, against the trend before it;
 * - it spans at least {@link MIN_JUMP_SHARE} of the series' range;
 * - jumps of that size are rare: at most one per max(4 periods, {@link MIN_SPACING}) points, so a daily
 *   cycle's sharp morning rise is not a reset; a lone such jump in a window too short to show that
 *   (a day at 30 minutes holds 48 points, and no restart was a reset there) passes only by the stretch
 *   after it ({@link toothAfter}, below) or, for a drop given the grid's times, by the stretch before
 *   it when time to exhaustion's carry rule carries it across the jump ({@link carriedBefore}: it
 *   filled steadily toward the jump in each quarter, which a daily cycle does not) and the values
 *   after it stay past its midpoint, so the forecast sees a restart from its own sample, as time to
 *   exhaustion does (not a jump up: a steady fall then a saturation is no clean-up);
 * - the stretch before it (from the reset before, if any) has a significant Mann-Kendall trend
 *   (TREND_ALPHA) toward the jump's start: the series was heading somewhere and was pulled back; or
 *   the stretch after the jump heads back toward its start without returning past its midpoint
 *   ({@link toothAfter}: for a stretch before too short to show its trend, but not limited to one);
 * - neither half of that stretch trends significantly the other way: a tooth heads one way, while a
 *   day of traffic before its 07:00 rise first climbed to midday (a one-day window sees one rise, so
 *   the rarity test above cannot tell it from a reset);
 * - the stretch before starts at the last earlier jump that spans {@link MIN_JUMP_SHARE} of the
 *   range too: the demo api-1's garbage collection (25 MB every 7 minutes) is found by tte/resets.ts
 *   within the day before its restart, so the stretch was the 28 minutes since the last collection,
 *   with no significant trend, and the restart was no reset (`trend_slope` read across it);
 * - at least 3 finite values follow it (what forecast() needs). A reset that meets every other test
 *   with fewer values after it refuses the fit (MlError 'not_enough_data', naming the reset's time):
 *   fitting across it would extrapolate the tooth before the reset, the answer an alert on
 *   `forecast(x, 1h) > limit` fires falsely on after every restart.
 * The later of the 'down' (jump up) and 'up' (jump down) resets wins.
 */
import { finiteExtent } from '../../common/finiteCount';
import { utcMinute } from '../../common/utcMinute';
import { mannKendall } from '../trend/mannKendall';
import { MlError } from '../types';
import { bornInWindow, carriedAcrossReset } from '../tte/carryRate';
import { lastResetIndex, resetIndices } from '../tte/resets';
import { tteSettings } from '../tte/settings';
import { TREND_ALPHA } from './trendTest';

/** Smallest reset, as a share of the series' range. */
export const MIN_JUMP_SHARE = 0.25;
/** Fewest points per reset-sized jump on average (with no season). */
export const MIN_SPACING = 50;

/** Finite values a segment needs after a reset (forecast() fits no fewer). */
export const MIN_AFTER_RESET = 3;

/** The last clear reset of a series: where the segment after it starts, and which way the series was heading. */
export interface ClearReset {
  /** Index of the first point after the reset (0: none). */
  start: number;
  /** 'up' when the series rose to the jump (a jump down: a restart), 'down' when it fell (a clean-up). */
  direction: 'up' | 'down';
  /** Fewer than {@link MIN_AFTER_RESET} finite values follow it. */
  young: boolean;
}

/** The grid's times and step (ms), with which a lone jump the carry rule carries across is a reset. */
export interface CarryGrid {
  t: Float64Array;
  step: number;
}

/**
 * The last clear reset of `v` (grid values, NaN = missing), whatever follows it; undefined when there
 * is none. {@link resetSegmentStart} refuses a young one. With `grid` (forecast() and the trend
 * readout pass it), a jump whose tooth before time to exhaustion's carry rule carries is a reset too.
 */
export function lastClearReset(v: Float64Array, period: number, grid?: CarryGrid): ClearReset | undefined {
  const [lo, hi] = finiteExtent(v);
  const range = hi - lo;
  if (!(range > 0)) {
    return undefined;
  }
  let found: ClearReset | undefined;
  for (const direction of ['down', 'up'] as const) {
    const idx = lastResetIndex(v, direction);
    const verdict = idx > (found?.start ?? 0) ? clearReset(v, idx, direction, range, period, grid) : 'none';
    if (verdict !== 'none') {
      found = { start: idx, direction, young: verdict === 'young' };
    }
  }
  return found;
}

/**
 * Index of the first point after the last clear reset of `v` (grid values, NaN = missing, at times
 * `t`), or 0. Throws MlError('not_enough_data') when that reset has fewer than
 * {@link MIN_AFTER_RESET} finite values after it.
 */
export function resetSegmentStart(v: Float64Array, period: number, t?: Float64Array): number {
  const reset = lastClearReset(v, period);
  if (reset?.young) {
    throw youngReset(v, reset.start, t);
  }
  return reset?.start ?? 0;
}

/** The refusal of a fit across a reset with fewer than {@link MIN_AFTER_RESET} values after it. */
export function youngReset(v: Float64Array, start: number, t?: Float64Array): MlError {
  const after = finiteFrom(v, start);
  const at = t ? ` at ${utcMinute(t[start])}` : '';
  return new MlError(
    'not_enough_data',
    `only ${after} point${after === 1 ? '' : 's'} since the reset${at}, too few to fit (${MIN_AFTER_RESET} needed); ` +
      'fitting across it would extrapolate the segment before the reset'
  );
}

function finiteFrom(v: Float64Array, idx: number): number {
  let n = 0;
  for (let i = idx; i < v.length; i++) {
    n += Number.isFinite(v[i]) ? 1 : 0;
  }
  return n;
}

/** 'clear' when the jump at `idx` is a reset, 'young' when it is one but too few values follow it. */
function clearReset(
  v: Float64Array,
  idx: number,
  direction: 'up' | 'down',
  range: number,
  period: number,
  grid?: CarryGrid
): 'clear' | 'young' | 'none' {
  const sign = direction === 'down' ? 1 : -1;
  const jump = jumpAt(v, idx) * sign;
  if (!(jump >= MIN_JUMP_SHARE * range)) {
    return 'none';
  }
  // Count jumps against the direction of at least half this one's size (ignoring NaN gaps).
  let count = 0;
  let last = NaN;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) {
      continue;
    }
    if ((v[i] - last) * sign >= 0.5 * jump) {
      count++;
    }
    last = v[i];
  }
  // One jump is as rare as a window can show: a day at 30 minutes (48 points) held fewer than
  // MIN_SPACING, so no restart was ever a reset at that step.
  const rare = count * Math.max(4 * period, MIN_SPACING) <= v.length;
  if (count > 1 && !rare) {
    return 'none';
  }
  const before = v.subarray(0, idx);
  const from = resetIndices(before, direction).find((i) => Math.abs(jumpAt(v, i)) >= MIN_JUMP_SHARE * range) ?? 0;
  const tooth = before.subarray(from);
  if (turnsAway(tooth, sign)) {
    return 'none';
  }
  // A lone jump in a window too short to show it is rare may be a daily cycle's rise or an incident,
  // and the stretch before it cannot tell: under four days a daily cycle heads somewhere (two days of
  // 1-minute CPU then a 20-minute saturation read as a reset, and the forecast followed the incident).
  // The values after it must then show the new tooth, or the tooth before must be one time to
  // exhaustion carries across the jump (it filled steadily toward it in each quarter: no daily cycle
  // does), so the forecast follows the restart from its own sample as the "full in" beside it does.
  // Either way the values after it stay past its midpoint: a dip the series climbs back out of is no
  // restart, however steadily the stretch before it filled. And only for a drop (a restart, a counter
  // reset: what time to exhaustion toward a ceiling carries across): a jump up after a steady fall is
  // as likely a saturation as a clean-up (CPU falling through the evening, then a nightly batch job
  // at 95 %: the forecast carried the evening's fall from 0.95), and a clean-up's tooth after shows.
  const shown = () =>
    toothAfter(v, idx, sign) ||
    (grid !== undefined && direction === 'up' && staysPast(v, idx, sign) && carriedBefore(v, idx, direction, grid));
  if (rare ? !headsToJump(tooth, sign) && !shown() : !shown()) {
    return 'none';
  }
  return finiteFrom(v, idx) < MIN_AFTER_RESET ? 'young' : 'clear';
}

/**
 * Whether time to exhaustion's carry rule (tte/carryRate.ts carriedAcrossReset, at any age) carries the
 * tooth before the jump at `idx` across it.
 */
function carriedBefore(v: Float64Array, idx: number, direction: 'up' | 'down', grid: CarryGrid): boolean {
  const settings = { ...tteSettings(), carryRateMs: Infinity };
  return carriedAcrossReset(grid.t, v, direction, idx, settings, grid.step, bornInWindow(v)) !== undefined;
}

/** Whether `values` have a significant Mann-Kendall trend toward the jump's start (`sign` 1: the jump is up, so falling). */
function headsToJump(values: Float64Array, sign: number): boolean {
  const mk = mannKendall(values);
  return mk.pValue < TREND_ALPHA && mk.z * sign < 0;
}

/**
 * Whether the values from the jump at `idx` on are a new tooth: they head significantly back toward
 * the jump's start, neither half of them turns away, and none has come back past the jump's
 * midpoint. A tooth of 9 points before a restart (the demo's api-1 at 15 minutes, a day's window)
 * is too short for its Mann-Kendall test to be significant, while the 86 after it show the leak;
 * a level shift is flat after it, and a daily cycle's sharp rise returns within the day.
 */
function toothAfter(v: Float64Array, idx: number, sign: number): boolean {
  const after = v.subarray(idx);
  return staysPast(v, idx, sign) && headsToJump(after, sign) && !turnsAway(after, sign);
}

/**
 * Whether no value from the jump at `idx` on has come back past the jump's midpoint. Without it, a
 * leak at 30 minutes that dipped to 30 % for 1.5 hours and came back was a reset by the tooth before
 * it (carriedBefore), and the forecast, fitted on that tooth moved down to the dip, began 150 under
 * the value now (resetSegment.test.ts).
 */
function staysPast(v: Float64Array, idx: number, sign: number): boolean {
  const mid = v[idx] - jumpAt(v, idx) / 2;
  for (let i = idx; i < v.length; i++) {
    if (Number.isFinite(v[i]) && (v[i] - mid) * sign <= 0) {
      return false;
    }
  }
  return true;
}

/**
 * Whether either half of `tooth` (by finite values) has a significant Mann-Kendall trend away from
 * the jump's start (`sign` 1: the jump is up, so the tooth should fall). A reset ends a tooth that
 * heads one way; a daily cycle's morning rise (traffic climbing through the morning, falling through
 * the evening, jumping back at 07:00) ends a stretch that first rose: with a one-day window its
 * whole stretch falls significantly and it passed every other test.
 */
function turnsAway(tooth: Float64Array, sign: number): boolean {
  const finite = finiteFrom(tooth, 0);
  let seen = 0;
  let mid = 0;
  while (mid < tooth.length && seen < finite / 2) {
    seen += Number.isFinite(tooth[mid]) ? 1 : 0;
    mid++;
  }
  return [tooth.subarray(0, mid), tooth.subarray(mid)].some((half) => {
    const mk = mannKendall(half);
    return mk.pValue < TREND_ALPHA && mk.z * sign > 0;
  });
}

/**
 * Index of the first jump after index `from` of `v` that may be a reset (in either direction: tte/resets.ts
 * finds it, and it spans at least {@link MIN_JUMP_SHARE} of the range), or -1. The engine refits at
 * such a jump rather than serve a fit made before it (src/engine/windowedFits.ts); the fit then judges
 * whether it was a reset.
 */
export function firstJumpAfter(v: Float64Array, from: number): number {
  const [lo, hi] = finiteExtent(v);
  let first = -1;
  for (const direction of ['down', 'up'] as const) {
    for (const idx of resetIndices(v, direction)) {
      if (idx <= from) {
        break; // latest first
      }
      if (Math.abs(jumpAt(v, idx)) >= MIN_JUMP_SHARE * (hi - lo) && (first < 0 || idx < first)) {
        first = idx;
      }
    }
  }
  return first;
}

/** v[idx] minus the finite value before it (NaN when there is none). */
function jumpAt(v: Float64Array, idx: number): number {
  let prev = idx - 1;
  while (prev >= 0 && !Number.isFinite(v[prev])) {
    prev--;
  }
  return prev >= 0 ? v[idx] - v[prev] : NaN;
}
