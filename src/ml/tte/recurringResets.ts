/**
 * Resets that recur like clockwork: log rotation, a nightly clean-up job. Each tooth of such a sawtooth
 * heads straight for the limit, so the segment since the last reset alone predicts a crossing, but the
 * next rotation comes first and the teeth never get closer to the limit: no trend toward it.
 *
 * Recurring means at least {@link MIN_RESETS} resets (resets.ts) whose spacings vary by at most
 * {@link MAX_SPACING_CV} (coefficient of variation), or are whole multiples of one spacing when noise
 * hid some resets (recurringSpacing), with the current segment younger than 1.5 spacings
 * (a rotation that stopped is no longer assumed). The trough of each tooth that ended in a reset
 * (including the first, which may have started before the history) is its value nearest the limit;
 * `troughSlopePerMs` is the Sen's slope of the troughs over time. Two resets are enough for a pattern
 * because the caller also asks the troughs to stay clear of the limit: clean-ups that each free less
 * than was written since the one before leave troughs that approach the limit, and do not count. The
 * caller reads that slope only when the troughs' net change (`troughChange`) clears the noise
 * (`stepSd`, settings.ts `troughZ`): each trough is one noisy sample, so with two or three teeth the
 * slope's sign is otherwise the noise's.
 */
import { median } from '../../common/median';
import { mad, MAD_TO_SIGMA } from '../core/mad';
import { sensSlope } from '../trend/sensSlope';
import { resetIndices } from './resets';

/** Fewest resets for a pattern. */
export const MIN_RESETS = 2;
/** Largest coefficient of variation of the spacings between resets. */
export const MAX_SPACING_CV = 0.25;
/** Most consecutive resets noise may hide, plus one: the largest multiple of the spacing between two found. */
const MAX_MULTIPLE = 3;
/** Largest coefficient of variation of the spacings divided by their multiple, when resets were hidden. */
const MAX_HIDDEN_CV = 0.1;
/** Most resets looked at (the latest ones). */
const MAX_RESETS = 50;

export interface RecurringResets {
  /** Number of resets found (up to 50). */
  count: number;
  /** Median spacing between resets, in ms. */
  everyMs: number;
  /**
   * When the next reset is due (last reset + everyMs; with resets hidden by noise, the first multiple
   * of everyMs after the last reset that is not before the end of the data), in ms.
   */
  nextAt: number;
  /** Extreme value toward the limit of each tooth that ended in a reset, oldest first. */
  troughs: number[];
  /** Sen's slope of the troughs, per ms (0 with fewer than 2). */
  troughSlopePerMs: number;
  /** Time (ms) of the last trough. */
  lastTroughT: number;
  /**
   * How far the troughs' Sen's line moves across them (slope x the time from the first trough to the
   * last), toward the limit or away: what the caller weighs against {@link stepSd}.
   */
  troughChange: number;
  /**
   * Robust standard deviation of the series' one-step differences (MAD-based, as resets.ts): the noise
   * of a difference between two values, against which two teeth's extremes are compared.
   */
  stepSd: number;
}

/** The recurring-reset pattern of (t, v) up to its end, or undefined when the resets do not recur. */
export function recurringResets(
  t: Float64Array,
  v: Float64Array,
  direction: 'up' | 'down',
  stepMs?: number
): RecurringResets | undefined {
  const starts = resetIndices(v, direction, MAX_RESETS, stepMs).reverse();
  if (starts.length < MIN_RESETS) {
    return undefined;
  }
  const spacings = starts.slice(1).map((s, k) => t[s] - t[starts[k]]);
  const spacing = recurringSpacing(spacings);
  const lastStart = t[starts[starts.length - 1]];
  const age = t[t.length - 1] - lastStart;
  if (!spacing || age > 1.5 * spacing.everyMs) {
    return undefined;
  }
  const { everyMs, hidden } = spacing;
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
  const finite = Array.from(v).filter(Number.isFinite);
  const diffs = finite.slice(1).map((x, i) => x - finite[i]);
  return {
    count: starts.length,
    everyMs,
    // With resets hidden by noise, one may have passed unseen: the next one due after the end.
    nextAt: lastStart + everyMs * (hidden ? Math.max(1, Math.ceil(age / everyMs)) : 1),
    troughs,
    troughSlopePerMs,
    lastTroughT: troughT[troughT.length - 1] ?? lastStart,
    troughChange: troughs.length >= 2 ? troughSlopePerMs * (troughT[troughT.length - 1] - troughT[0]) : 0,
    stepSd: diffs.length > 0 ? MAD_TO_SIGMA * mad(diffs) : NaN,
  };
}

/** Coefficient of variation (population). */
function cv(xs: number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) / mean;
}

/**
 * The spacing of resets that recur, or undefined: spacings within {@link MAX_SPACING_CV}; or, when
 * noise hid some resets (a reset is found only when its jump clears 6 robust standard deviations),
 * spacings that are each a whole multiple (up to {@link MAX_MULTIPLE}) of a unit seen at least twice,
 * within {@link MAX_HIDDEN_CV} once divided by their multiple (`hidden`).
 */
function recurringSpacing(spacings: number[]): { everyMs: number; hidden: boolean } | undefined {
  if (cv(spacings) <= MAX_SPACING_CV) {
    return { everyMs: median(spacings), hidden: false };
  }
  const smallest = Math.min(...spacings);
  const singles = spacings.filter((x) => x < 1.5 * smallest);
  if (singles.length < 2) {
    return undefined;
  }
  const unit = median(singles);
  const multiples = spacings.map((x) => Math.round(x / unit));
  if (multiples.some((k) => k < 1 || k > MAX_MULTIPLE)) {
    return undefined;
  }
  const each = spacings.map((x, i) => x / multiples[i]);
  return cv(each) <= MAX_HIDDEN_CV ? { everyMs: median(each), hidden: true } : undefined;
}
