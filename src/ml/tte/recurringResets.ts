/**
 * Resets that recur like clockwork: log rotation, a nightly clean-up job. Each tooth of such a sawtooth
 * heads straight for the limit, so the segment since the last reset alone predicts a crossing, but the
 * next rotation comes first and the teeth never get closer to the limit: no trend toward it.
 *
 * Recurring means at least {@link MIN_RESETS} resets (resets.ts) whose spacings vary by at most
 * {@link MAX_SPACING_CV} (coefficient of variation), with the current segment younger than 1.5 spacings
 * (a rotation that stopped is no longer assumed). The trough of each tooth that ended in a reset
 * (including the first, which may have started before the history) is its value nearest the limit;
 * `troughSlopePerMs` is the Sen's slope of the troughs over time. Two resets are enough for a pattern
 * because the caller also asks the troughs to stay clear of the limit: clean-ups that each free less
 * than was written since the one before leave troughs that approach the limit, and do not count.
 */
import { median } from '../../common/median';
import { sensSlope } from '../trend/sensSlope';
import { resetIndices } from './resets';

/** Fewest resets for a pattern. */
export const MIN_RESETS = 2;
/** Largest coefficient of variation of the spacings between resets. */
export const MAX_SPACING_CV = 0.25;
/** Most resets looked at (the latest ones). */
const MAX_RESETS = 50;

export interface RecurringResets {
  /** Number of resets found (up to 50). */
  count: number;
  /** Median spacing between resets, in ms. */
  everyMs: number;
  /** When the next reset is due (last reset + everyMs), in ms. */
  nextAt: number;
  /** Extreme value toward the limit of each tooth that ended in a reset, oldest first. */
  troughs: number[];
  /** Sen's slope of the troughs, per ms (0 with fewer than 2). */
  troughSlopePerMs: number;
  /** Time (ms) of the last trough. */
  lastTroughT: number;
}

/** The recurring-reset pattern of (t, v) up to its end, or undefined when the resets do not recur. */
export function recurringResets(
  t: Float64Array,
  v: Float64Array,
  direction: 'up' | 'down'
): RecurringResets | undefined {
  const starts = resetIndices(v, direction, MAX_RESETS).reverse();
  if (starts.length < MIN_RESETS) {
    return undefined;
  }
  const spacings = starts.slice(1).map((s, k) => t[s] - t[starts[k]]);
  const mean = spacings.reduce((a, b) => a + b, 0) / spacings.length;
  const sd = Math.sqrt(spacings.reduce((a, b) => a + (b - mean) ** 2, 0) / spacings.length);
  const everyMs = median(spacings);
  const lastStart = t[starts[starts.length - 1]];
  if (sd > MAX_SPACING_CV * mean || t[t.length - 1] - lastStart > 1.5 * everyMs) {
    return undefined;
  }
  const troughs: number[] = [];
  const troughT: number[] = [];
  const bounds = [0, ...starts];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let best = NaN;
    let bestT = NaN;
    for (let i = bounds[k]; i < bounds[k + 1]; i++) {
      if (Number.isFinite(v[i]) && (Number.isNaN(best) || (direction === 'up' ? v[i] > best : v[i] < best))) {
        best = v[i];
        bestT = t[i];
      }
    }
    if (Number.isFinite(best)) {
      troughs.push(best);
      troughT.push(bestT);
    }
  }
  const troughSlopePerMs = troughs.length >= 2 ? sensSlope(troughT, troughs).slope : 0;
  return {
    count: starts.length,
    everyMs,
    nextAt: lastStart + everyMs,
    troughs,
    troughSlopePerMs,
    lastTroughT: troughT[troughT.length - 1] ?? lastStart,
  };
}
