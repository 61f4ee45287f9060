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
 * than was written since the one before leave troughs that approach the limit, and do not count.
 *
 * One reset is a restart (a deploy restarting a leaking process) when it undid the tooth before it
 * and the data began at a restart too: the level after it (median of the next 5 values, as resets.ts
 * asks) is within {@link RESTART_TOLERANCE} of the tooth's travel of the level the data began at
 * (median of the first 5), either way, so the first tooth is whole. Until the segment is older than
 * 1.5 times that tooth, another restart is assumed about as long after the last one (`everyMs` = the
 * first tooth's span). The troughs then move as the two starting levels did
 * (`troughSlopePerMs` = their difference over that span), so the caller's test that the teeth stay
 * clear of the limit over the horizon still applies.
 */
import { median } from '../../common/median';
import { sensSlope } from '../trend/sensSlope';
import { resetIndices } from './resets';

/** Fewest resets for a pattern that recurs (one reset is a restart only when it undid its tooth). */
export const MIN_RESETS = 2;
/** Share of the tooth's travel toward the limit a restart may leave (noise, a cycle's phase). */
export const RESTART_TOLERANCE = 0.1;
/** Values whose median is the level at the start of a tooth. */
const LEVEL_POINTS = 5;
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
}

/** The recurring-reset pattern of (t, v) up to its end, or undefined when the resets do not recur. */
export function recurringResets(
  t: Float64Array,
  v: Float64Array,
  direction: 'up' | 'down'
): RecurringResets | undefined {
  const starts = resetIndices(v, direction, MAX_RESETS).reverse();
  if (starts.length === 1) {
    return restart(t, v, direction, starts[0]);
  }
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
  return {
    count: starts.length,
    everyMs,
    // With resets hidden by noise, one may have passed unseen: the next one due after the end.
    nextAt: lastStart + everyMs * (hidden ? Math.max(1, Math.ceil(age / everyMs)) : 1),
    troughs,
    troughSlopePerMs,
    lastTroughT: troughT[troughT.length - 1] ?? lastStart,
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

/** Median of the first {@link LEVEL_POINTS} finite values of v from index `from` (NaN when none). */
export function levelFrom(v: Float64Array, from: number): number {
  const xs: number[] = [];
  for (let i = from; i < v.length && xs.length < LEVEL_POINTS; i++) {
    if (Number.isFinite(v[i])) {
      xs.push(v[i]);
    }
  }
  return xs.length > 0 ? median(xs) : NaN;
}

/** The pattern of a single reset at `start` when it is a restart (see the module comment). */
function restart(
  t: Float64Array,
  v: Float64Array,
  direction: 'up' | 'down',
  start: number
): RecurringResets | undefined {
  const everyMs = t[start] - t[0];
  if (!(everyMs > 0) || t[t.length - 1] - t[start] > 1.5 * everyMs) {
    return undefined;
  }
  const before = levelFrom(v, 0);
  const after = levelFrom(v, start);
  let trough = NaN;
  let troughT = NaN;
  for (let i = 0; i < start; i++) {
    if (Number.isFinite(v[i]) && (Number.isNaN(trough) || (direction === 'up' ? v[i] > trough : v[i] < trough))) {
      trough = v[i];
      troughT = t[i];
    }
  }
  // How far the restart's level is toward the limit from where the data began (> 0: a partial
  // clean-up), against how far the tooth travelled toward it.
  const toward = (x: number) => (direction === 'up' ? x : -x);
  const advance = toward(after - before);
  const travel = toward(trough - before);
  // Back where the data began, within the tolerance either way: the data began at a restart too, so
  // the tooth's span is known. Further back (a clean-up after data that began mid-tooth) says nothing
  // of when the next one comes: the demo's volume, cleaned every 14 days, seen through 3 days.
  if (!(travel > 0) || !(Math.abs(advance) <= RESTART_TOLERANCE * travel)) {
    return undefined;
  }
  return {
    count: 1,
    everyMs,
    nextAt: t[start] + everyMs,
    troughs: [trough],
    troughSlopePerMs: (after - before) / everyMs,
    lastTroughT: troughT,
  };
}
