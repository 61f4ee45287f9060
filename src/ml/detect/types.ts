/**
 * Vocabulary of the detectors: the public options and detector shape, and the internal per-point
 * model contract every detector family implements.
 */
import type { DetectorModel } from '../../common/models';
import { DetectionResult } from '../types';

/** Detector families, from the catalogue. 'gaussian' is the windowed-Gaussian baseline; 'lstm' needs tfjs (async factory). */
export type { DetectorModel };

/** Options shared by every detector. */
export interface DetectorOptions {
  /** Which detector; default 'ensemble'. */
  model?: DetectorModel;
  /** 0..1, higher flags more points; default {@link DEFAULT_SENSITIVITY}. */
  sensitivity?: number;
  /** Points of history a model keeps and learns from; default 1000. */
  trainWindow?: number;
  /** Season length in points, 0 = none, 'auto' (default) = detected during warm-up. */
  season?: 'auto' | number;
  /** Seed of the pseudo-random generator (Isolation Forest, LSTM); default 1. */
  seed?: number;
  /**
   * Ensemble: how long (ms of series time) an anomaly must last before its level becomes the new
   * normal; default {@link DEFAULT_ADAPT_AFTER_MS} (1 h). Until then the members learn their own
   * expected value instead of the anomaly, so the score stays high and the band does not widen.
   */
  adaptAfter?: number;
}

/** A stateful, causal detector: feed it points in time order, in any chunking. */
export interface Detector {
  /** Model name (e.g. 'mad', 'ensemble'). */
  readonly name: string;
  /**
   * Scores the new points (ascending timestamps in ms, NaN = missing) and learns from them. Points
   * before index `outputsFrom` (default 0) are judged for the state only, where a detector can do
   * that for less (the ensemble: EnsembleCore.run): their expected value and isAnomaly are exact,
   * their score finite exactly where judged, the rest of their outputs not to be read. The state,
   * and every output from `outputsFrom` on, are the same whatever `outputsFrom` is.
   */
  update(t: Float64Array, v: Float64Array, outputsFrom?: number): DetectionResult;
  /** Plain JSON-serialisable state; `createDetector(options, state)` resumes from it. */
  getState(): DetectorState;
  /**
   * Bytes of the rings of past points its models hold, the part of its state that grows with the
   * training window, for a cache's bound (src/engine/models.ts). Absent: not measured.
   */
  ringBytes?(): number;
}

/** Serialised detector: the model name, the options it was built with and the model's own data. */
export interface DetectorState {
  model: DetectorModel;
  options: Required<Omit<DetectorOptions, 'model'>>;
  data: unknown;
}

/** What a member model says about one point, before thresholds (written into a reused object). */
export interface PointOutput {
  /** Expected value (NaN while warming up). */
  expected: number;
  /** Scale of normal deviations around `expected` (a standard deviation, or NaN). */
  scale: number;
  /**
   * Evidence that the point is anomalous, >= 0, NaN when the model cannot judge (warm-up, missing).
   * Parametric members give -log10 of the two-sided normal tail probability; others any monotone
   * measure. The ensemble calibrates it against the member's own history, so only its order matters.
   */
  evidence: number;
  /**
   * The model's own score in [0, 1], NaN if none. Parametric members: e / (e + 5) with
   * e = -log10(tail), so 0.5 is a one-in-100,000 deviation; unlike 1 - tail it never saturates.
   */
  score: number;
}

/** Marks `out` as "cannot judge this point" (warm-up, missing value): every field NaN. */
export function noJudgement(out: PointOutput): void {
  out.expected = NaN;
  out.scale = NaN;
  out.evidence = NaN;
  out.score = NaN;
}

/**
 * The internal contract of a detector family: each point is first judged (`judge`, no change of
 * state), then learned (`learn`), so that a caller (the ensemble) can decide between the two whether
 * the point is an anomaly that must not be learned as normal. Serialisable state.
 */
export interface PointModel {
  /** Its catalogue name, which also gives its threshold family. */
  readonly name: DetectorModel;
  /** Points needed before the model scores anything (at the most favourable step). */
  readonly warmup: number;
  /**
   * Index of the first point the model scores on a complete, regular series sampled every `stepMs`
   * ms, when that depends on the step (the Prophet-style model waits for two days of data); without
   * it the index is `warmup`. Missing values can only delay that point.
   */
  warmupAt?(stepMs: number): number;
  /** Judges the point (t, v) against what the model has learned so far; changes no state. */
  judge(t: number, v: number, out: PointOutput): void;
  /**
   * Learns the point just judged. `anomalous`: the caller judged it an anomaly; the model then learns
   * its own expected value (or nothing, where it has none) and leaves its error scale alone.
   */
  learn(t: number, v: number, anomalous: boolean): void;
  /** Moves the model's level by `d` (an accepted level shift: the new level is the normal one). */
  shift(d: number): void;
  toJSON(): unknown;
  /** Bytes of its rings of past points, the part of its state that grows with the training window (absent: none). */
  ringBytes?(): number;
}

/** Judges then learns one point as normal (single-model detectors). */
export function stepModel(m: PointModel, t: number, v: number, out: PointOutput): void {
  m.judge(t, v, out);
  m.learn(t, v, false);
}

/** Resolved options with defaults filled in. */
export type ResolvedOptions = Required<Omit<DetectorOptions, 'model'>> & {
  model: DetectorModel;
  /**
   * Internal: a provisional member of the ensemble, which judges while the regular members warm up
   * (registry.ts EnsembleDetector): it warms up on fewer points (warmup.ts PROVISIONAL_*).
   */
  provisional?: boolean;
};

/** Default sensitivity (tuned on the development data, see docs/anomaly-detection.md). */
export const DEFAULT_SENSITIVITY = 0.5;
/** Default points of history. */
export const DEFAULT_TRAIN_WINDOW = 1000;
/** Default time an anomaly lasts before its level is accepted as normal: 1 h. */
export const DEFAULT_ADAPT_AFTER_MS = 3_600_000;
