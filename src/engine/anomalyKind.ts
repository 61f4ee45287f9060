/**
 * What kind of anomaly a point belongs to, from the shape of its episode so far (causal: the kind
 * at t uses only points at or before t, so the companion's instant and range answers agree):
 * - `out_of_range`: the value is outside the valid range (detectRules.ts);
 * - `missing_seasonality`: the expected value moved (a seasonal peak or trough) and the value did
 *   not follow: most anomalous points of the episode sit near the level before it;
 * - `variance_change`: the episode's anomalous points fall on both sides of the expected value in
 *   similar numbers (the spread grew, the mean did not move);
 * - `level_shift`: the episode is one-sided, longer than a spike and mostly anomalous (a sustained
 *   offset);
 * - `spike`: anything shorter (a short excursion), or sparse one-sided points.
 * An episode is a group of anomalous points at most {@link EPISODE_GAP} normal points apart. A level
 * shift is therefore a spike for its first {@link SPIKE_SPAN} points: the kind says what the data
 * showed so far. Deterministic, no model: a few counters per series.
 */

import { median } from '../common/median';

/** Kinds, in code order (code = index + 1; 0 = not anomalous). */
export const ANOMALY_KINDS = [
  'spike',
  'level_shift',
  'variance_change',
  'missing_seasonality',
  'out_of_range',
] as const;

/** One kind of anomaly. */
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** The kind of a code from the engine's `kind` output, or undefined for 0 / NaN. */
export function kindName(code: number): AnomalyKind | undefined {
  return Number.isInteger(code) && code >= 1 ? ANOMALY_KINDS[code - 1] : undefined;
}

/** Normal points that may separate two anomalous points of one episode. */
export const EPISODE_GAP = 5;
/** Longest episode (points from its first to its latest anomalous point) that is a spike. */
export const SPIKE_SPAN = 3;
/** Normal points that set the level before an episode. */
const CONTEXT = 16;

interface Episode {
  /** Points since the first anomalous point, inclusive. */
  span: number;
  /** Normal points since the latest anomalous point. */
  gap: number;
  anomalous: number;
  above: number;
  below: number;
  /** Anomalous points the expected value's move explains better than the value's. */
  expectedMoved: number;
  /** Medians of the value and the expected value over the context before the episode. */
  levelValue: number;
  levelExpected: number;
}

/** Per-series state: the recent normal points and the open episode. Plain data (cloned by copy). */
export interface KindState {
  values: number[];
  expected: number[];
  episode?: Episode;
}

/** Fresh state for a new series. */
export function newKindState(): KindState {
  return { values: [], expected: [] };
}

/** An independent copy (for a run's unsettled tail). */
export function cloneKindState(s: KindState): KindState {
  return { values: [...s.values], expected: [...s.expected], episode: s.episode && { ...s.episode } };
}

/**
 * Feeds one point's verdict; returns its kind code (0 when not anomalous). `outOfRange` comes from
 * the valid-range rule.
 */
export function nextKind(
  s: KindState,
  p: { value: number; expected: number; isAnomaly: number; outOfRange: boolean }
): number {
  if (p.isAnomaly !== 1) {
    if (s.episode && ++s.episode.gap > EPISODE_GAP) {
      s.episode = undefined;
    }
    if (!s.episode && Number.isFinite(p.value) && Number.isFinite(p.expected)) {
      push(s.values, p.value);
      push(s.expected, p.expected);
    }
    if (s.episode) {
      s.episode.span++;
    }
    return 0;
  }
  const e = (s.episode ??= {
    span: 0,
    gap: 0,
    anomalous: 0,
    above: 0,
    below: 0,
    expectedMoved: 0,
    // NaN for an episode at the very start: no level, so nothing counts as having moved.
    levelValue: median(s.values),
    levelExpected: median(s.expected),
  });
  e.span++;
  e.gap = 0;
  e.anomalous++;
  if (Number.isFinite(p.value) && Number.isFinite(p.expected)) {
    if (p.value > p.expected) {
      e.above++;
    } else if (p.value < p.expected) {
      e.below++;
    }
    const movedExpected = Math.abs(p.expected - e.levelExpected);
    const movedValue = Math.abs(p.value - e.levelValue);
    if (movedExpected > 2 * movedValue && movedExpected > 0.5 * Math.abs(p.value - p.expected)) {
      e.expectedMoved++;
    }
  }
  if (p.outOfRange) {
    return code('out_of_range');
  }
  return code(episodeKind(e));
}

function episodeKind(e: Episode): AnomalyKind {
  if (2 * e.expectedMoved > e.anomalous) {
    return 'missing_seasonality';
  }
  if (e.anomalous >= 3 && Math.min(e.above, e.below) >= 0.25 * e.anomalous) {
    return 'variance_change';
  }
  if (e.span > SPIKE_SPAN && e.anomalous >= 0.7 * e.span) {
    return 'level_shift';
  }
  return 'spike';
}

/** The code of a kind in the engine's `kind` output. */
export function code(k: AnomalyKind): number {
  return ANOMALY_KINDS.indexOf(k) + 1;
}

function push(ring: number[], x: number): void {
  ring.push(x);
  if (ring.length > CONTEXT) {
    ring.shift();
  }
}
