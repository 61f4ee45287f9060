/**
 * From a saved query and the panel's time range to a fully resolved plan: grid step, the grid points
 * to show, and the derivation spec both engines evaluate. Every default is applied here, once, so the
 * browser worker and the companion never fall back to different defaults of their own.
 */
import { durationProblem, parseDuration } from '../common/duration';
import { modelRefusal } from '../common/models';
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

/** The derivation spec of a query at a step, or undefined for the raw output. */
export function specFor(q: BellwetherQuery, step: number): DeriveSpec | undefined {
  const output: Output = q.output ?? 'raw';
  const kind = kindOf(output);
  if (!kind) {
    return undefined;
  }
  const train = parseDurationMs(q.train, 'Training window') ?? DEFAULT_TRAIN_POINTS * step;
  const points = Math.round(train / step);
  if (kind === 'detect' && points < 50) {
    throw new QueryError(
      `the training window (${q.train || `${points} steps`}) holds ${points} points at step ${step / 1000}s; detectors need at least 50: lengthen it or zoom in`
    );
  }
  if (points > MAX_TRAIN_POINTS) {
    throw new QueryError(
      `the training window holds ${points} points at step ${step / 1000}s, more than ${MAX_TRAIN_POINTS}; shorten it or zoom out`
    );
  }
  const spec: DeriveSpec = {
    kind,
    step,
    train,
    refit: parseDurationMs(q.refit, 'Refit') ?? DEFAULT_REFIT_STEPS * step,
    model: q.model || undefined,
    sensitivity: Number.isFinite(q.sensitivity) ? Math.min(1, Math.max(0, q.sensitivity!)) : 0.5,
    season: 'auto',
    level: 0.95,
  };
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
 * Refuses, before any data is fetched, a model the chosen engine does not run: the browser engine's
 * worker has no TensorFlow.js (src/common/models.ts, `doors`).
 */
export function checkModelForEngine(spec: DeriveSpec | undefined, engine: Engine): void {
  if (!spec?.model || spec.kind === 'trend') {
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
