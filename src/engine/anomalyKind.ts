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
 * An episode is a group of anomalous points at most {@link EPISODE_GAP} normal points apart. A spike
 * lasts up to {@link SPIKE_SPAN} points and up to {@link SPIKE_MS} (whichever is longer at the step):
 * a latency spike of 4–6 minutes that returns to normal stays a spike at a 1-minute step, where 3
 * points alone named its 4th minute a level shift. A level shift is therefore a spike until it has
 * lasted longer than that: the kind says what the data showed so far. Deterministic, no model: a
 * few counters per series.
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
/** Longest episode (points from its first to its latest anomalous point) that is a spike, at least. */
export const SPIKE_SPAN = 3;
/**
 * Longest episode that is a spike, in time: an excursion that returns within it is a spike at any
 * step. 10 minutes holds the demo's latency spikes (2–6 minutes) with room; a definition of "short",
 * not fitted (there are no labelled kinds to fit it on).
 */
export const SPIKE_MS = 10 * 60_000;
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
  /** Longest span of a spike at the series' step, in points ({@link spikeSpan}). */
  spikeSpan: number;
  values: number[];
  expected: number[];
  episode?: Episode;
}

/**
 * Longest span of a spike in points at `stepMs`: {@link SPIKE_SPAN} points or {@link SPIKE_MS},
 * whichever is longer (a step that is not a positive number: {@link SPIKE_SPAN}).
 * @example spikeSpan(60_000) // 10
 */
export function spikeSpan(stepMs: number): number {
  return stepMs > 0 ? Math.max(SPIKE_SPAN, Math.floor(SPIKE_MS / stepMs)) : SPIKE_SPAN;
}

/** Fresh state for a new series sampled every `stepMs`. */
export function newKindState(stepMs: number): KindState {
  return { spikeSpan: spikeSpan(stepMs), values: [], expected: [] };
}

/** An independent copy (for a run's unsettled tail). */
export function cloneKindState(s: KindState): KindState {
  return { spikeSpan: s.spikeSpan, values: [...s.values], expected: [...s.expected], episode: s.episode && { ...s.episode } };
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
  return code(episodeKind(e, s.spikeSpan));
}

function episodeKind(e: Episode, spikeSpan: number): AnomalyKind {
  if (2 * e.expectedMoved > e.anomalous) {
    return 'missing_seasonality';
  }
  if (e.anomalous >= 3 && Math.min(e.above, e.below) >= 0.25 * e.anomalous) {
    return 'variance_change';
  }
  if (e.span > spikeSpan && e.anomalous >= 0.7 * e.span) {
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
