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
 * - at least 3 finite values follow it (what forecast() needs).
 * The later of the 'down' (jump up) and 'up' (jump down) resets wins.
 */
import { mannKendall } from '../trend/mannKendall';
import { lastResetIndex } from '../tte/resets';
import { TREND_ALPHA } from './trendTest';

/** Smallest reset, as a share of the series' range. */
export const MIN_JUMP_SHARE = 0.25;
/** Fewest points per reset-sized jump on average (with no season). */
export const MIN_SPACING = 50;

/** Index of the first point after the last clear reset of `v` (grid values, NaN = missing), or 0. */
export function resetSegmentStart(v: Float64Array, period: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      lo = Math.min(lo, v[i]);
      hi = Math.max(hi, v[i]);
    }
  }
  const range = hi - lo;
  if (!(range > 0)) {
    return 0;
  }
  let best = 0;
  for (const direction of ['down', 'up'] as const) {
    const idx = lastResetIndex(v, direction);
    if (idx > best && isClearReset(v, idx, direction, range, period)) {
      best = idx;
    }
  }
  return best;
}

function isClearReset(v: Float64Array, idx: number, direction: 'up' | 'down', range: number, period: number): boolean {
  let prev = idx - 1;
  while (prev >= 0 && !Number.isFinite(v[prev])) {
    prev--;
  }
  if (prev < 0) {
    return false;
  }
  const sign = direction === 'down' ? 1 : -1;
  const jump = (v[idx] - v[prev]) * sign;
  if (jump < MIN_JUMP_SHARE * range) {
    return false;
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
    return false;
  }
  let after = 0;
  for (let i = idx; i < v.length && after < 3; i++) {
    after += Number.isFinite(v[i]) ? 1 : 0;
  }
  if (after < 3) {
    return false; // forecast() needs 3 finite values; until then the whole series is used
  }
  const before = v.subarray(0, idx);
  const from = lastResetIndex(before, direction);
  const mk = mannKendall(before.subarray(from));
  return mk.pValue < TREND_ALPHA && mk.z * sign < 0;
}
