/**
 * Finds the last reset of a series heading toward a limit: a counter drop or a disk clean-up moves the
 * value sharply *away* from the limit in one step and stays there. Only the segment after the last
 * reset says anything about when the limit will be reached.
 *
 * A step i is a reset when, against the direction of travel, the jump from the previous finite value
 * is larger than both 6 robust standard deviations of the one-step differences (MAD-based) and 10 % of
 * the series' range, and the median of the next (up to 5) values stays on the far side of the midpoint
 * of the jump (so that a one-sample glitch is not a reset).
 */
import { mad, MAD_TO_SIGMA } from '../core/mad';
import { median } from '../../common/median';

/** Index of the first point of the segment after the last reset (0 when there was none). */
export function lastResetIndex(v: Float64Array, direction: 'up' | 'down'): number {
  return resetIndices(v, direction, 1)[0] ?? 0;
}

/**
 * Indices of the first point after each reset, latest first, at most `max` of them; the thresholds
 * come from the whole series, so the first is {@link lastResetIndex}.
 */
export function resetIndices(v: Float64Array, direction: 'up' | 'down', max = Infinity): number[] {
  const found: number[] = [];
  const idx: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      idx.push(i);
    }
  }
  if (idx.length < 3) {
    return found;
  }
  const diffs = new Float64Array(idx.length - 1);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < idx.length; k++) {
    lo = Math.min(lo, v[idx[k]]);
    hi = Math.max(hi, v[idx[k]]);
    if (k > 0) {
      diffs[k - 1] = v[idx[k]] - v[idx[k - 1]];
    }
  }
  const sigma = MAD_TO_SIGMA * mad(diffs);
  const threshold = Math.max(6 * sigma, 0.1 * (hi - lo));
  if (!(threshold > 0)) {
    return found;
  }
  const sign = direction === 'up' ? -1 : 1;
  for (let k = idx.length - 1; k >= 1; k--) {
    const prev = v[idx[k - 1]];
    const jump = (v[idx[k]] - prev) * sign;
    if (jump > threshold) {
      const after: number[] = [];
      for (let j = k; j < Math.min(idx.length, k + 5); j++) {
        after.push(v[idx[j]]);
      }
      const mid = prev + (sign * jump) / 2;
      if ((median(after) - mid) * sign > 0) {
        found.push(idx[k]);
        if (found.length >= max) {
          break;
        }
      }
    }
  }
  return found;
}
