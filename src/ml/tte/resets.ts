/**
 * Finds the last reset of a series heading toward a limit: a counter drop or a disk clean-up moves the
 * value sharply *away* from the limit in one step and stays there. Only the segment after the last
 * reset says anything about when the limit will be reached.
 *
 * A step i is a reset when, against the direction of travel, the jump from the previous finite value
 * is larger than both 6 robust standard deviations of the one-step differences (MAD-based) and 10 % of
 * the series' range, and the median of the next (up to 5) values stays on the far side of the midpoint
 * of the jump (so that a one-sample glitch is not a reset). Given the step, that median must also lie
 * beyond every value of the {@link MIN_TOOTH_MS} before the jump: a reset undoes a tooth longer than
 * that, unless it falls at least {@link WHOLE_RANGE_SHARE} of the range (a crash loop's restart). A garbage collector's sawtooth (the demo's api-1: 25 MB freed every 7 minutes on a 6 MB/h
 * leak) only returns to where it was minutes before; at 15 s, where the engine's 10,000 points hold
 * 41.7 h without the process's restart, its drops cleared both thresholds and were read as resets.
 */
import { mad, MAD_TO_SIGMA } from '../core/mad';
import { median } from '../../common/median';

/** Index of the first point of the segment after the last reset (0 when there was none). */
export function lastResetIndex(v: Float64Array, direction: 'up' | 'down', stepMs?: number): number {
  return resetIndices(v, direction, 1, stepMs)[0] ?? 0;
}

/** Shortest tooth a reset undoes, with the step known (not tuned: the eval's shortest tooth is 2 h). */
export const MIN_TOOTH_MS = 3_600_000;

/**
 * A jump of at least this share of the series' range is a reset however short the tooth before it: a
 * process OOM-killed and restarted every 50 minutes falls its whole range each time, while the demo's
 * garbage collection (25 MB in a 275 MB window at 15 s) falls a tenth of it. Without it, a crash loop
 * faster than {@link MIN_TOOTH_MS} had no resets and its fit across the teeth read "no trend".
 */
export const WHOLE_RANGE_SHARE = 0.5;

/**
 * Indices of the first point after each reset, latest first, at most `max` of them; the thresholds
 * come from the whole series, so the first is {@link lastResetIndex}.
 */
export function resetIndices(
  v: Float64Array,
  direction: 'up' | 'down',
  max = Infinity,
  stepMs?: number
): number[] {
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
  // Samples (of the grid) a reset must undo; 1 (the previous value) without the step.
  const lookback = stepMs !== undefined && stepMs > 0 ? Math.max(1, Math.round(MIN_TOOTH_MS / stepMs)) : 1;
  for (let k = idx.length - 1; k >= 1; k--) {
    const prev = v[idx[k - 1]];
    const jump = (v[idx[k]] - prev) * sign;
    if (jump > threshold) {
      const after: number[] = [];
      for (let j = k; j < Math.min(idx.length, k + 5); j++) {
        after.push(v[idx[j]]);
      }
      const mid = prev + (sign * jump) / 2;
      const level = median(after);
      const wholeRange = jump >= WHOLE_RANGE_SHARE * (hi - lo);
      if ((level - mid) * sign > 0 && (wholeRange || undoesTooth(v, idx[k], lookback, level, sign))) {
        found.push(idx[k]);
        if (found.length >= max) {
          break;
        }
      }
    }
  }
  return found;
}

/** Whether `level` lies beyond (away from the limit) every finite value of the `lookback` before index `at`. */
function undoesTooth(v: Float64Array, at: number, lookback: number, level: number, sign: number): boolean {
  for (let i = Math.max(0, at - lookback); i < at; i++) {
    if (Number.isFinite(v[i]) && (v[i] - level) * sign >= 0) {
      return false;
    }
  }
  return true;
}
