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
 *   cycle's sharp morning rise is not a reset;
 * - the stretch before it (from the reset before, if any) has a significant Mann-Kendall trend
 *   (TREND_ALPHA) toward the jump's start: the series was heading somewhere and was pulled back;
 * - at least 3 finite values follow it (what forecast() needs). A reset that meets every other test
 *   with fewer values after it refuses the fit (MlError 'not_enough_data', naming the reset's time):
 *   fitting across it would extrapolate the tooth before the reset, the answer an alert on
 *   `forecast(x, 1h) > limit` fires falsely on after every restart.
 * The later of the 'down' (jump up) and 'up' (jump down) resets wins.
 */
import { utcMinute } from '../../common/utcMinute';
import { mannKendall } from '../trend/mannKendall';
import { MlError } from '../types';
import { lastResetIndex, resetIndices } from '../tte/resets';
import { TREND_ALPHA } from './trendTest';

/** Smallest reset, as a share of the series' range. */
export const MIN_JUMP_SHARE = 0.25;
/** Fewest points per reset-sized jump on average (with no season). */
export const MIN_SPACING = 50;

/** Finite values a segment needs after a reset (forecast() fits no fewer). */
export const MIN_AFTER_RESET = 3;

/**
 * Index of the first point after the last clear reset of `v` (grid values, NaN = missing, at times
 * `t`), or 0. Throws MlError('not_enough_data') when that reset has fewer than
 * {@link MIN_AFTER_RESET} finite values after it.
 */
export function resetSegmentStart(v: Float64Array, period: number, t?: Float64Array): number {
  const [lo, hi] = finiteExtent(v);
  const range = hi - lo;
  if (!(range > 0)) {
    return 0;
  }
  let best = 0;
  let young = false;
  for (const direction of ['down', 'up'] as const) {
    const idx = lastResetIndex(v, direction);
    const verdict = idx > best ? clearReset(v, idx, direction, range, period) : 'none';
    if (verdict !== 'none') {
      best = idx;
      young = verdict === 'young';
    }
  }
  if (young) {
    const after = finiteFrom(v, best);
    const at = t ? ` at ${utcMinute(t[best])}` : '';
    throw new MlError(
      'not_enough_data',
      `only ${after} point${after === 1 ? '' : 's'} since the reset${at}, too few to fit (${MIN_AFTER_RESET} needed); ` +
        'fitting across it would extrapolate the segment before the reset'
    );
  }
  return best;
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
  period: number
): 'clear' | 'young' | 'none' {
  let prev = idx - 1;
  while (prev >= 0 && !Number.isFinite(v[prev])) {
    prev--;
  }
  if (prev < 0) {
    return 'none';
  }
  const sign = direction === 'down' ? 1 : -1;
  const jump = (v[idx] - v[prev]) * sign;
  if (jump < MIN_JUMP_SHARE * range) {
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
  if (count * Math.max(4 * period, MIN_SPACING) > v.length) {
    return 'none';
  }
  const before = v.subarray(0, idx);
  const from = lastResetIndex(before, direction);
  const mk = mannKendall(before.subarray(from));
  if (!(mk.pValue < TREND_ALPHA && mk.z * sign < 0)) {
    return 'none';
  }
  return finiteFrom(v, idx) < MIN_AFTER_RESET ? 'young' : 'clear';
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
      let prev = idx - 1;
      while (prev >= 0 && !Number.isFinite(v[prev])) {
        prev--;
      }
      if (prev >= 0 && Math.abs(v[idx] - v[prev]) >= MIN_JUMP_SHARE * (hi - lo) && (first < 0 || idx < first)) {
        first = idx;
      }
    }
  }
  return first;
}

/** Smallest and largest finite value of `v` ([Infinity, -Infinity] when there is none). */
function finiteExtent(v: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      lo = Math.min(lo, v[i]);
      hi = Math.max(hi, v[i]);
    }
  }
  return [lo, hi];
}
