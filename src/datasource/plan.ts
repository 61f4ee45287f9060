/**
 * The derivation plan: which engine functions an output needs, with every setting resolved, as
 * engine calls. The browser path sends the calls to the worker, which evaluates them with the one
 * engine (src/engine); the companion path serialises the same calls into its query text, and the
 * companion parses them back and runs the same engine. tests/node/datasource/engineParity.test.ts
 * checks that both give the same values. Framework-free.
 */
import { MAX_FORECAST_STEPS, MAX_TRAIN_POINTS } from '../engine/context';
import { alignDown } from '../engine/grid';
import type { DetectRules } from '../engine/detectRules';
import type { FunctionCall, FunctionName } from '../engine/query';
import type { Output } from './types';

export { MAX_FORECAST_STEPS, MAX_TRAIN_POINTS };

/** Engine functions the data source uses. */
export type DerivedFunc = Exclude<FunctionName, 'trend_pvalue'>;

/** Model family behind a function. */
export type DeriveKind = 'detect' | 'forecast' | 'tte' | 'trend' | 'outliers';

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
  /** Detectors: the resolution to score at when the step is coarser (ms); unset, the data's own. */
  resolution?: number;
  /** Detectors: direction, floors and valid range (src/engine/detectRules.ts). */
  rules?: DetectRules;
  /** Outliers: group labels, algorithm and averaging window (ms). */
  group?: { by: string[]; algorithm: 'mad' | 'dbscan'; window: number };
}

/** Detector used when a query names none (src/ml/detect's default). */
export const DEFAULT_DETECT_MODEL = 'ensemble';
/** Forecaster used when a query names none (src/ml/forecast's default). */
export const DEFAULT_FORECAST_MODEL = 'auto';

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
    case 'outliers':
      return ['outliers', 'outliers_lower', 'outliers_upper'];
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
    case 'outliers':
      return 'outliers';
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

/** Milliseconds as a companion/Prometheus duration literal (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ];
  if (ms <= 0) {
    return '0s';
  }
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/**
 * The engine call for one function over `inner` with every option of the spec spelled out, so no
 * engine default (the companion's may be configured) changes the result.
 */
export function callFor(func: DerivedFunc, inner: string, spec: DeriveSpec): FunctionCall {
  // Time to exhaustion's window is never cut: the engine reads one longer than the points limit at a
  // coarser step (context.ts trainRead), the companion's reading of the same train=. A detector's is
  // passed as asked: it may score at a resolution other than the grid's (fineScoring.ts), where the
  // engine counts it and cuts it to the points limit with a warning, as the companion does. Cut here
  // at the grid's step, 3 days at 15 s trained on 41.7 h (10,000 points), not the 4,320 minutes the
  // companion trains on, and said nothing.
  const train =
    spec.kind === 'detect'
      ? spec.train
      : spec.kind === 'tte'
        ? Math.max(2, Math.round(spec.train / spec.step)) * spec.step
        : trainPoints(spec) * spec.step;
  const refit = refitOnGrid(spec);
  const call: FunctionCall = { func, inner, options: { train, step: spec.step } };
  switch (spec.kind) {
    case 'detect':
      Object.assign(call.options, {
        model: spec.model ?? DEFAULT_DETECT_MODEL,
        sensitivity: spec.sensitivity,
        season: spec.season,
      });
      // No resolution=: the companion scores at the data's own resolution when the step is coarser,
      // and the browser path chooses the same one (fineScoring.ts).
      if (spec.resolution !== undefined) {
        call.options.resolution = spec.resolution;
      }
      Object.assign(call.options, spec.rules ?? {});
      break;
    case 'forecast':
      call.horizon = spec.horizon ?? 0;
      Object.assign(call.options, {
        model: spec.model ?? DEFAULT_FORECAST_MODEL,
        season: spec.season,
        level: spec.level,
        refit,
      });
      break;
    case 'tte':
      call.capacity = spec.capacity;
      Object.assign(call.options, { refit, direction: spec.direction ?? 'up', level: spec.level });
      break;
    case 'trend':
      call.options.refit = refit;
      break;
    case 'outliers': {
      const g = spec.group ?? { by: [], algorithm: 'mad', window: 5 * 60_000 };
      Object.assign(call.options, {
        train: spec.train,
        sensitivity: spec.sensitivity,
        algorithm: g.algorithm,
        window: g.window,
      });
      if (g.by.length > 0) {
        call.options.by = g.by;
      }
      break;
    }
  }
  return call;
}

/** Option keys in the order the companion's text spells them. */
const OPTION_ORDER = [
  'model',
  'sensitivity',
  'train',
  'step',
  'season',
  'level',
  'refit',
  'direction',
  'adaptAfter',
  'resolution',
  'min',
  'max',
  'bounds',
  'side',
  'minAbs',
  'minRel',
  'validMin',
  'validMax',
  'by',
  'algorithm',
  'window',
] as const;

/** Option names in the companion's text where they differ from the engine's. */
const OPTION_TEXT: Partial<Record<(typeof OPTION_ORDER)[number], string>> = {
  adaptAfter: 'adapt_after',
  // Detectors' side is spelt direction=, as time_to_exhaustion's up|down (a call has only one).
  side: 'direction',
  minAbs: 'min_abs',
  minRel: 'min_rel',
  validMin: 'valid_min',
  validMax: 'valid_max',
};

/**
 * An engine call as companion query text, which the companion parses back into the same call.
 *
 * @example callToQuery({ func: 'anomaly_score', inner: 'up', options: { model: 'mad', train: 86_400_000 } }) // 'anomaly_score(up, "model=mad train=1d")'
 */
export function callToQuery(call: FunctionCall): string {
  const opts: string[] = [];
  for (const key of OPTION_ORDER) {
    const v = call.options[key];
    if (v !== undefined) {
      const durationKey = ['train', 'step', 'refit', 'season', 'adaptAfter', 'resolution', 'window'].includes(key);
      const text = Array.isArray(v) ? v.join(',') : durationKey && typeof v === 'number' ? formatDuration(v) : v;
      opts.push(`${OPTION_TEXT[key] ?? key}=${text}`);
    }
  }
  const positional =
    call.horizon !== undefined
      ? `, ${formatDuration(call.horizon)}`
      : call.capacity !== undefined
        ? `, ${call.capacity}`
        : '';
  return `${call.func}(${call.inner}${positional}, "${opts.join(' ')}")`;
}

/** The companion query for one function over `inner` PromQL (see {@link callFor}). */
export function companionQuery(func: DerivedFunc, inner: string, spec: DeriveSpec): string {
  return callToQuery(callFor(func, inner, spec));
}
