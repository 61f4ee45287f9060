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
}

/** A stateful, causal detector: feed it points in time order, in any chunking. */
export interface Detector {
  /** Model name (e.g. 'mad', 'ensemble'). */
  readonly name: string;
  /** Scores the new points (ascending timestamps in ms, NaN = missing) and learns from them. */
  update(t: Float64Array, v: Float64Array): DetectionResult;
  /** Plain JSON-serialisable state; `createDetector(options, state)` resumes from it. */
  getState(): DetectorState;
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

/** The internal contract of a detector family: one point in, one output, serialisable state. */
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
  step(t: number, v: number, out: PointOutput): void;
  toJSON(): unknown;
}

/** Resolved options with defaults filled in. */
export type ResolvedOptions = Required<Omit<DetectorOptions, 'model'>> & { model: DetectorModel };

/** Default sensitivity (tuned on the development data, see docs/anomaly-detection.md). */
export const DEFAULT_SENSITIVITY = 0.5;
/** Default points of history. */
export const DEFAULT_TRAIN_WINDOW = 1000;
