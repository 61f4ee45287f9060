/**
 * The derivation plan shared by both engines: which companion functions an output needs, the
 * evaluation grid, and the exact option string sent to the companion. The browser engine
 * (derive.ts) evaluates the same plan with the same grid rules as the companion's evaluator
 * (companion/src/eval/grid.ts, detectSegments.ts, windowedFits.ts), so both give the same numbers;
 * tests/node/datasource/engineParity.test.ts checks it. Framework-free: runs in the worker.
 */
import { formatDuration } from '../../common/duration';
import { alignDown, detectorLeadIn, segmentStart } from '../../ml/core/evalGrid';
import type { DetectorModel, DetectorOptions } from '../../ml/detect/types';
import type { Output } from '../types';

// Grid rules shared with the companion (one implementation, so the engines cannot drift apart).
export { alignDown, detectorLeadIn, segmentStart };

/** Companion functions the data source uses (a subset of companion/src/query/signatures.ts). */
export type DerivedFunc =
  | 'anomaly_score'
  | 'anomaly_upper'
  | 'anomaly_lower'
  | 'forecast'
  | 'forecast_lower'
  | 'forecast_upper'
  | 'time_to_exhaustion'
  | 'trend_slope';

/** Model family behind a function. */
export type DeriveKind = 'detect' | 'forecast' | 'tte' | 'trend';

/** Fully resolved derivation settings; every duration in ms. Nothing is left to engine defaults. */
export interface DeriveSpec {
  kind: DeriveKind;
  /** Grid step (ms, whole seconds). */
  step: number;
  /** Training window (ms). */
  train: number;
  /** Refit interval for forecast / tte / trend (ms). */
  refit: number;
  model?: string;
  sensitivity: number;
  /** Season in ms, or 'auto' / 'none'. */
  season: number | 'auto' | 'none';
  /** Forecast horizon (ms). */
  horizon?: number;
  capacity?: number;
  direction?: 'up' | 'down';
  /** Interval coverage for forecast bounds and tte. */
  level: number;
}

/** Detector used when a query names none (src/ml/detect's default). */
export const DEFAULT_DETECT_MODEL = 'ensemble';
/** Forecaster used when a query names none (src/ml/forecast's default). */
export const DEFAULT_FORECAST_MODEL = 'auto';

/** Most training points per series (the companion's `limits.maxTrainPoints` must be at least this). */
export const MAX_TRAIN_POINTS = 10_000;
/** Most forecast steps (horizon + refit) per fit. */
export const MAX_FORECAST_STEPS = 10_000;

/** Functions an output needs, in display order. `raw` needs none. */
export function funcsFor(output: Output): DerivedFunc[] {
  switch (output) {
    case 'band':
      return ['anomaly_lower', 'anomaly_upper'];
    case 'score':
    case 'anomalies':
      return ['anomaly_score'];
    case 'forecast':
      return ['forecast', 'forecast_lower', 'forecast_upper'];
    case 'tte':
      return ['time_to_exhaustion'];
    case 'trend':
      return ['trend_slope'];
    default:
      return [];
  }
}

/** The model family of an output, or undefined for `raw`. */
export function kindOf(output: Output): DeriveKind | undefined {
  switch (output) {
    case 'band':
    case 'score':
    case 'anomalies':
      return 'detect';
    case 'forecast':
      return 'forecast';
    case 'tte':
      return 'tte';
    case 'trend':
      return 'trend';
    default:
      return undefined;
  }
}

/** Training points of a spec: train / step, at least 2, at most {@link MAX_TRAIN_POINTS}. */
export function trainPoints(spec: Pick<DeriveSpec, 'train' | 'step'>): number {
  return Math.max(2, Math.min(MAX_TRAIN_POINTS, Math.round(spec.train / spec.step)));
}

/** Refit interval on the grid: a multiple of the step, at least one step. */
export function refitOnGrid(spec: Pick<DeriveSpec, 'refit' | 'step'>): number {
  return Math.max(spec.step, alignDown(spec.refit, spec.step));
}

/**
 * The detector options of a detect spec, as the companion builds them (eval/detectSegments.ts).
 * Both the browser engine and the warm-up figure the data source asks the worker for use these.
 */
export function detectorOptions(spec: DeriveSpec): DetectorOptions {
  return {
    model: (spec.model ?? DEFAULT_DETECT_MODEL) as DetectorModel,
    sensitivity: spec.sensitivity,
    trainWindow: trainPoints(spec),
    season: seasonPoints(spec.season, spec.step),
  };
}

/**
 * Earliest grid point whose source value the derivation of `firstPoint` and later points reads.
 * `warmupPoints`: for a detect spec, the detector's warm-up at the step,
 * `warmupPointsFor(detectorOptions(spec), spec.step)` (src/ml/detect/warmupPoints.ts; the UI thread
 * gets it from the worker, which holds the detectors); ignored for other kinds.
 */
export function historyStart(spec: DeriveSpec, firstPoint: number, warmupPoints: number): number {
  const train = trainPoints(spec) * spec.step;
  if (spec.kind === 'detect') {
    return segmentStart(firstPoint, detectorLeadIn(train, warmupPoints, spec.step), spec.step);
  }
  return alignDown(firstPoint, refitOnGrid(spec)) - train + spec.step;
}

/** Season option in points, as the companion passes it to the engine (context.ts `seasonPoints`). */
export function seasonPoints(season: DeriveSpec['season'], step: number): number | 'auto' {
  if (season === 'auto') {
    return 'auto';
  }
  if (season === 'none') {
    return 0;
  }
  return Math.max(0, Math.round(season / step));
}

/**
 * The companion query for one function over `inner` PromQL, with every option spelled out so the
 * companion's own defaults never change the result.
 *
 * @example companionQuery('anomaly_score', 'up', spec) // 'anomaly_score(up, "model=mad sensitivity=0.5 train=1d step=1m season=auto")'
 */
export function companionQuery(func: DerivedFunc, inner: string, spec: DeriveSpec): string {
  const opts: string[] = [];
  const train = formatDuration(trainPoints(spec) * spec.step);
  const step = formatDuration(spec.step);
  const season = typeof spec.season === 'number' ? formatDuration(spec.season) : spec.season;
  const refit = formatDuration(refitOnGrid(spec));
  let positional = '';
  switch (spec.kind) {
    case 'detect':
      opts.push(`model=${spec.model ?? DEFAULT_DETECT_MODEL}`);
      opts.push(`sensitivity=${spec.sensitivity}`, `train=${train}`, `step=${step}`, `season=${season}`);
      break;
    case 'forecast':
      positional = `, ${formatDuration(spec.horizon ?? 0)}`;
      opts.push(`model=${spec.model ?? DEFAULT_FORECAST_MODEL}`);
      opts.push(`train=${train}`, `step=${step}`, `season=${season}`, `level=${spec.level}`, `refit=${refit}`);
      break;
    case 'tte':
      positional = `, ${spec.capacity}`;
      opts.push(
        `train=${train}`,
        `step=${step}`,
        `refit=${refit}`,
        `direction=${spec.direction ?? 'up'}`,
        `level=${spec.level}`
      );
      break;
    case 'trend':
      opts.push(`train=${train}`, `step=${step}`, `refit=${refit}`);
      break;
  }
  return `${func}(${inner}${positional}, "${opts.join(' ')}")`;
}
