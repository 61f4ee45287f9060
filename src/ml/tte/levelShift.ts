/**
 * The last settled level shift toward the limit: a one-off bulk write, a backup landing on the disk,
 * a cache filled in one go. Such a step is not a trend (the level moved once and stayed), so the
 * segment a time to exhaustion is judged on starts after it, as it does after a reset (resets.ts, the
 * same kind of step away from the limit).
 *
 * The level before and after each point is the median of {@link levelWindow} points; a step that
 * completes within {@link RAMP_MS} shows as a jump J between the window ending that long before a
 * point and the window starting at it. A shift is a jump toward the limit that exceeds the series' own
 * jumps (their median, which a steady trend moves, plus 6 robust standard deviations, MAD-based) by
 * more than 10 % of the series' range, as resets.ts asks of a one-step reset. It is settled when a
 * whole window of values follows the point where the jump shows, so the window's median is at the new
 * level; the segment starts at the first value near that level.
 */
import { mad, MAD_TO_SIGMA } from '../core/mad';
import { median } from '../../common/median';

/** A level shift completes within this long (ms). */
export const RAMP_MS = 3_600_000;
/** Most points the ramp lag spans (so that second-level data stays cheap to scan). */
const MAX_LAG = 60;

/** Points per level window: the ramp lag, within 3..12. */
function levelWindow(lag: number): number {
  return Math.min(12, Math.max(3, lag));
}

/**
 * Index of the first point after the last settled level shift toward the limit, or 0 when there is
 * none. `stepMs` is the data's spacing.
 */
export function lastLevelShiftIndex(v: Float64Array, stepMs: number, direction: 'up' | 'down'): number {
  const idx: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      idx.push(i);
    }
  }
  const lag = Math.min(MAX_LAG, Math.max(1, Math.round(RAMP_MS / (stepMs > 0 ? stepMs : RAMP_MS))));
  const w = levelWindow(lag);
  const n = idx.length;
  if (n < 2 * w + lag + 1) {
    return 0;
  }
  const vals = idx.map((i) => v[i]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of vals) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  // jumps[k - first]: level of the w values from k on, minus the level of the w values ending lag before k.
  const first = w + lag;
  const last = n - w;
  const jumps = new Float64Array(last - first + 1);
  const after = new Float64Array(last - first + 1);
  for (let k = first; k <= last; k++) {
    const a = median(vals.slice(k, k + w));
    after[k - first] = a;
    jumps[k - first] = a - median(vals.slice(k - lag - w, k - lag));
  }
  const center = median(jumps);
  const threshold = Math.max(6 * MAD_TO_SIGMA * mad(jumps), 0.1 * (hi - lo));
  if (!(threshold > 0)) {
    return 0;
  }
  const sign = direction === 'up' ? 1 : -1;
  for (let k = last; k >= first; k--) {
    const j = jumps[k - first];
    if ((j - center) * sign > threshold) {
      // The segment starts at the first value of the shift's neighbourhood that is near the new level.
      const level = after[k - first];
      for (let m = Math.max(0, k - lag - w); m <= k; m++) {
        if (Math.abs(vals[m] - level) <= Math.abs(j) / 4) {
          return idx[m];
        }
      }
      return idx[k];
    }
  }
  return 0;
}
