/**
 * From a saved query and the panel's time range to a fully resolved plan: grid step, the grid points
 * to show, and the derivation spec both engines evaluate. Every default is applied here, once, so the
 * browser worker and the companion never fall back to different defaults of their own.
 */
import { durationProblem, parseDuration } from '../common/duration';
import { MIN_TRAIN_WINDOW } from '../ml/detect/options';
import { modelRefusal } from '../common/models';
import type { DetectRules } from '../engine/detectRules';
import { TTE_DEFAULT_TRAIN } from '../engine/context';
import { tooShortTrainText } from '../engine/trainMinimum';
import { alignDown } from '../engine/grid';
import { type DeriveSpec, kindOf, MAX_TRAIN_POINTS } from './plan';
import { QueryError } from './errors';
import type { BellwetherQuery, Engine, Output } from './types';

/** Points of history a detector learns from when the query gives no training window. */
export const DEFAULT_TRAIN_POINTS = 1000;
/** Refit interval in steps when the query gives none. */
export const DEFAULT_REFIT_STEPS = 50;
/** Smallest step (Prometheus scrape intervals are rarely below this). */
export const MIN_STEP_MS = 1000;

/**
 * A duration in the shared Prometheus grammar (`1d`, `6h`, `1h30m`, `90s`) in ms; undefined for empty;
 * QueryError when malformed or zero.
 *
 * @example parseDurationMs('1h30m', 'train') // 5400000
 */
export function parseDurationMs(text: string | undefined, what: string): number | undefined {
  const s = (text ?? '').trim();
  if (!s) {
    return undefined;
  }
  const ms = parseDuration(s);
  if (ms === undefined) {
    throw new QueryError(`${what} must be a duration such as 1d, 6h, 30m or 90s: ${durationProblem(s)}`);
  }
  if (ms <= 0) {
    throw new QueryError(`${what} must be longer than 0, got "${s}"`);
  }
  return ms;
}

/** The evaluation grid of a request: whole-second step, first and last grid points inside the range. */
export interface GridPlan {
  step: number;
  points: number[];
}

/** Grid for `[from, to]` at `intervalMs` (rounded up to whole seconds, at least 1 s). */
export function gridFor(from: number, to: number, intervalMs: number): GridPlan {
  const step = Math.max(MIN_STEP_MS, Math.ceil(intervalMs / 1000) * 1000);
  const first = Math.ceil(from / step) * step;
  const last = alignDown(to, step);
  const points: number[] = [];
  for (let g = first; g <= last; g += step) {
    points.push(g);
  }
  return { step, points };
}

/** Most grid points one query evaluates at its own step (Prometheus' points per series). */
export const MAX_STEP_POINTS = 11_000;

/**
 * The request's grid, at the query's own `step` when it sets one (both engines evaluate on it), else
 * at Grafana's `intervalMs`. QueryError when the step is malformed or gives more than MAX_STEP_POINTS.
 */
export function gridForQuery(q: BellwetherQuery, from: number, to: number, intervalMs: number): GridPlan {
  const step = parseDurationMs(q.step, 'Step');
  if (step !== undefined && (to - from) / step > MAX_STEP_POINTS) {
    throw new QueryError(
      `the step ${q.step!.trim()} gives ${Math.floor((to - from) / step).toLocaleString('en-US')} points over the time range, more than ${MAX_STEP_POINTS.toLocaleString('en-US')}; lengthen the step or shorten the range`
    );
  }
  return gridFor(from, to, step ?? intervalMs);
}

/**
 * The derivation spec of a query at a step, or undefined for the raw output. A detector's training
 * window is checked at `detectorStep`, the step its detectors score at (fineScoring.ts: 1 m for
 * 1-minute data at a 15 s or a 10-minute step); `null` leaves the check to the caller once that
 * step is chosen ({@link checkDetectorTrain}).
 */
export function specFor(q: BellwetherQuery, step: number, detectorStep: number | null = step): DeriveSpec | undefined {
  const output: Output = q.output ?? 'raw';
  const kind = kindOf(output);
  if (!kind) {
    return undefined;
  }
  // Outliers pool the group's spread over an hour by default (src/engine/groupOutliers.ts); time to
  // exhaustion trains on its own default window, as the companion does.
  const train =
    parseDurationMs(q.train, 'Training window') ??
    (kind === 'outliers' ? 3_600_000 : kind === 'tte' ? TTE_DEFAULT_TRAIN : DEFAULT_TRAIN_POINTS * step);
  if (kind === 'detect') {
    if (detectorStep !== null) {
      checkDetectorTrain(train, q.train, detectorStep);
    }
  } else if (kind !== 'tte') {
    // Time to exhaustion reads a longer window at a coarser step (src/engine/trainingStep.ts), never cut.
    checkTrainLimit(train, step);
  }
  const spec: DeriveSpec = {
    kind,
    step,
    train,
    refit: parseDurationMs(q.refit, 'Refit') ?? DEFAULT_REFIT_STEPS * step,
    model: q.model || undefined,
    sensitivity: sensitivityOf(q.sensitivity),
    season: 'auto',
    level: 0.95,
  };
  if (kind === 'detect') {
    const rules = detectRulesOf(q);
    if (rules) {
      spec.rules = rules;
    }
  }
  if (kind === 'outliers') {
    spec.group = groupOf(q);
  }
  if (kind === 'forecast') {
    spec.horizon = parseDurationMs(q.horizon, 'Horizon') ?? 60 * step;
    if (spec.horizon < step) {
      throw new QueryError(`the forecast horizon must be at least one step (${step / 1000}s)`);
    }
  }
  if (kind === 'tte') {
    if (!Number.isFinite(q.capacity)) {
      throw new QueryError('time to exhaustion needs a capacity (the value the series runs into, e.g. 0 bytes free)');
    }
    spec.capacity = q.capacity;
    spec.direction = q.direction ?? 'up';
  }
  return spec;
}

/**
 * QueryError when a detector's training window `train` (ms; `given` the query's text) holds fewer
 * than 50 points at `step`, the step its detectors score at. More than MAX_TRAIN_POINTS is not refused:
 * the engine trains on the last of them and says so (src/engine/evaluate.ts noteTrainCap), as the
 * companion answers the same query; `train=10d` at a 10-minute step scored every minute was refused
 * here while the companion answered it, and zooming out did not help, the detectors scoring at 1 m.
 */
export function checkDetectorTrain(train: number, given: string | undefined, step: number): void {
  const points = Math.round(train / step);
  if (points < MIN_TRAIN_WINDOW) {
    throw new QueryError(
      tooShortTrainText(
        `the training window (${given || `${points} steps`})`,
        train,
        step,
        `step ${step / 1000}s, the step its detectors score at`,
        (shortest) => `lengthen it to ${shortest} or more`
      )
    );
  }
}

function checkTrainLimit(train: number, step: number): void {
  const points = Math.round(train / step);
  if (points > MAX_TRAIN_POINTS) {
    throw new QueryError(
      `the training window holds ${points} points at step ${step / 1000}s, more than ${MAX_TRAIN_POINTS}; shorten it or zoom out`
    );
  }
}

/**
 * Refuses, before any data is fetched, a model the chosen engine does not run: the browser engine's
 * worker has no TensorFlow.js (src/common/models.ts, `doors`).
 */
export function checkModelForEngine(spec: DeriveSpec | undefined, engine: Engine): void {
  if (!spec?.model || spec.kind === 'trend' || spec.kind === 'outliers') {
    return;
  }
  const refusal = modelRefusal(
    spec.kind === 'detect' ? 'detector' : 'forecast',
    spec.model,
    engine === 'companion' ? 'companion' : 'browser'
  );
  if (refusal) {
    throw new QueryError(refusal);
  }
}

/** Group labels, algorithm and window of an outliers query; QueryError for a bad one. */
function groupOf(q: BellwetherQuery): NonNullable<DeriveSpec['group']> {
  const by = (q.groupBy ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const bad = by.find((l) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(l));
  if (bad !== undefined) {
    throw new QueryError(`Group by must be label names separated by commas, e.g. namespace,pod; got "${bad}"`);
  }
  const algorithm = q.algorithm ?? 'mad';
  if (algorithm !== 'mad' && algorithm !== 'dbscan') {
    throw new QueryError(`Algorithm must be mad or dbscan, got ${JSON.stringify(algorithm)}`);
  }
  return { by, algorithm, window: parseDurationMs(q.window, 'Window') ?? 5 * 60_000 };
}

/** The query's sensitivity (default 0.5); QueryError outside 0..1. */
function sensitivityOf(s: number | undefined): number {
  if (s === undefined || s === null || Number.isNaN(s)) {
    return 0.5;
  }
  if (!(s >= 0 && s <= 1)) {
    throw new QueryError(`Sensitivity must be from 0 to 1, got ${s}`);
  }
  return s;
}

/** Direction, floors and valid range of a detector query; QueryError for a value out of range. */
export function detectRulesOf(q: BellwetherQuery): DetectRules | undefined {
  const number = (v: number | undefined, what: string, min?: number): number | undefined => {
    if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) {
      return undefined;
    }
    if (!Number.isFinite(v) || (min !== undefined && v < min)) {
      throw new QueryError(`${what} must be ${min === undefined ? 'a finite number' : `a number >= ${min}`}, got ${v}`);
    }
    return v;
  };
  const side = q.anomalyDirection;
  if (side !== undefined && side !== 'above' && side !== 'below' && side !== 'both') {
    throw new QueryError(`Direction must be above, below or both, got ${JSON.stringify(side)}`);
  }
  const rules: DetectRules = {
    side: side === 'both' ? undefined : side,
    minAbs: number(q.minAbs, 'Minimum deviation', 0),
    minRel: number(q.minRel, 'Minimum relative deviation', 0),
    validMin: number(q.validMin, 'Valid minimum'),
    validMax: number(q.validMax, 'Valid maximum'),
  };
  if (rules.validMin !== undefined && rules.validMax !== undefined && !(rules.validMin < rules.validMax)) {
    throw new QueryError(`Valid minimum (${rules.validMin}) must be less than valid maximum (${rules.validMax})`);
  }
  for (const k of Object.keys(rules) as Array<keyof DetectRules>) {
    if (rules[k] === undefined) {
      delete rules[k];
    }
  }
  return Object.keys(rules).length > 0 ? rules : undefined;
}
