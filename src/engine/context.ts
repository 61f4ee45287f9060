/**
 * What every function of the engine receives besides its query: where history comes from, the
 * cache for runs and fits, defaults and limits, and the clock. The companion builds one per request
 * over its upstream; the worker and the CLI build one over a matrix they hold ({@link matrixEnv}).
 */
import { type ByteLru, type Sized, sizedLru } from './byteLru';
import { type GridMatrix, type HistorySource, matrixHistory } from './history';
import { DEFAULT_TRAIN_WINDOW } from '../ml/detect/types';
import type { FunctionName, FunctionOptions } from './query';
import type { SampleIntervalSource } from './resolution';
import { EngineWarnings, formatCount } from './warnings';
import { formatDuration, formatSpan } from '../common/duration';

/** Defaults for options a query leaves out. Durations in ms. */
export interface EngineDefaults {
  /** Grid step of instant queries (range queries use their own step). */
  step: number;
  train: number;
  refit: number;
  /**
   * Detectors score at this resolution when a grid is coarser, and each grid point reports the
   * highest score in its step (so a one-minute spike is not lost at a 10-minute step). With a
   * {@link EngineEnv.sampleIntervals} source it is the finest resolution, and series sampled more
   * coarsely score at their own interval (resolution.ts). Unset: the grid's own step.
   */
  resolution?: number;
  model?: string;
  sensitivity?: number;
  level: number;
}

/** The companion's defaults, which the data source, the panels and the CLI also use. */
export const ENGINE_DEFAULTS: EngineDefaults = { step: 60_000, train: 3 * 86_400_000, refit: 3_600_000, level: 0.95 };

/** Most training points per series, unless configured otherwise. */
export const MAX_TRAIN_POINTS = 10_000;
/** Most forecast steps (horizon + refit) per fit, unless configured otherwise. */
export const MAX_FORECAST_STEPS = 10_000;

/** The environment of one evaluation. */
export interface EngineEnv {
  history: HistorySource;
  cache: ByteLru<Sized>;
  /**
   * Where the fits of time to exhaustion and trend are kept, when apart from `cache`: a few hundred
   * bytes per series, they would otherwise be evicted by a scan's detector runs (about a megabyte
   * per series on the home page's scan).
   */
  fitCache?: ByteLru<Sized>;
  defaults: EngineDefaults;
  /** Upper bound of training points per series (train is shortened to fit). */
  maxTrainPoints: number;
  /** Upper bound of forecast steps. */
  maxForecastSteps: number;
  /** Points newer than this before now may still change upstream: computed, never cached. */
  settleMs: number;
  now(): number;
  signal?: AbortSignal;
  /**
   * The first grid point with history, when nothing exists before it (a matrix a panel or the CLI
   * holds). A detector run that would start earlier starts here instead, so a short series is judged
   * by one continuous run rather than by runs that lack their lead-in. Unset for the companion,
   * whose upstream holds the history.
   */
  historyStart?: number;
  /** Where functions say what limited their answer (see warnings.ts); none collected when unset. */
  warnings?: EngineWarnings;
  /**
   * How often the inner query's series are sampled, so detectors score at the data's own resolution
   * (resolution.ts, scoringResolution). Unset: the default resolution applies.
   */
  sampleIntervals?: SampleIntervalSource;
  /**
   * Set for background work (the companion's scan warmer): awaited between the series a detector
   * run feeds, it holds the work while foreground queries run. `urgent()` says a foreground query
   * waits for this very run (it must then go on, or each would wait for the other). Scheduling
   * only: no result depends on it.
   */
  background?: (urgent: () => boolean) => Promise<void>;
  /**
   * A query that accepts a partial answer (the companion's `partial_response=true`): once this
   * aborts (its deadline), detector runs stop feeding further series (each run feeds at least one
   * first, so every such query makes progress), keep those fed in the cache, and the answer leaves
   * out the series not yet scored with a counted warning (partialAnswerWarning). Unset: a run is
   * fed in full or, when `signal` aborts, stops with its error (still keeping the series it fed).
   */
  wrapUp?: AbortSignal;
}

/** The grid a function evaluates on: its step and the grid points needed, ascending. */
export interface EvalGrid {
  step: number;
  points: number[];
}

/** A function's output for one series: its labels and a value per grid point (NaN = no sample). */
export interface SeriesValues {
  labels: Record<string, string>;
  /** Aligned with `EvalGrid.points`. */
  values: Float64Array;
}

/**
 * An environment over a matrix held in memory (the worker, the CLI): every point is settled and
 * the cache lives as long as the environment.
 */
export function matrixEnv(matrix: GridMatrix, defaults: EngineDefaults = ENGINE_DEFAULTS): EngineEnv {
  return {
    history: matrixHistory(matrix),
    cache: sizedLru(256 * 1024 * 1024),
    defaults,
    maxTrainPoints: MAX_TRAIN_POINTS,
    maxForecastSteps: MAX_FORECAST_STEPS,
    settleMs: 0,
    now: () => Number.POSITIVE_INFINITY,
    historyStart: matrix.from,
    warnings: new EngineWarnings(),
  };
}

/** The part of an environment that decides a call's settings (not where its data comes from). */
export type EngineSettings = Pick<EngineEnv, 'defaults' | 'maxTrainPoints'>;

/** The settings of an environment over a matrix (the worker, the CLI): the engine's defaults and limits. */
export const MATRIX_SETTINGS: EngineSettings = { defaults: ENGINE_DEFAULTS, maxTrainPoints: MAX_TRAIN_POINTS };

/** Groups grid point indices by a key (segment start, fit time), keeping ascending order. */
export function groupIndices(points: number[], keyOf: (g: number) => number): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  points.forEach((g, i) => {
    const k = keyOf(g);
    const list = groups.get(k);
    if (list) {
      list.push(i);
    } else {
      groups.set(k, [i]);
    }
  });
  return groups;
}

/**
 * Time to exhaustion's default training window, apart from the others' (defaults.train, 3 days), also
 * the default of trend functions given direction= (exhaustionWindowed). On the
 * scenario families, left out one at a time (docs/forecasting.md, eval/forecast/trainChoice.ts), 7 days
 * beat 3 in every fold: 3 days read a sawtooth's or a restart's last teeth as a fill. 14 and 30 days
 * scored better still but are not shipped: the panel computes on its dashboard's range (a week on the
 * demo) and would disagree with the companion, and on the demo disk 30 days see two clean-ups and call
 * its fill a recurring tooth. Re-measured (docs/forecasting.md, "A 14-day default under the product's
 * limits"): 14 days miss 72 fills where 7 miss 124, but only at steps of 2 minutes and more; at 1
 * minute, the recording rules' step, the points limit cuts a 14-day window to the same 6.9 days, and
 * reading it at a coarser step raised false alarms on a log-rotation sawtooth. Within the points
 * limit: at a fine step it is the last maxTrainPoints steps (6.9 days at 1 min, 41.7 h at 15 s), by definition rather than as a cut, so no warning; a
 * train= option cut to the limit still warns.
 */
export const TTE_DEFAULT_TRAIN = 7 * 86_400_000;

/**
 * Whether a call without train= trains on time to exhaustion's default window: time_to_exhaustion
 * itself, and a trend function told where the series heads (direction=), which tests the segment
 * time to exhaustion is computed on; so `trend_slope(x, "direction=down")` reads the history
 * `time_to_exhaustion(x, 0)` reads, and prints the figure printed beside it.
 */
function exhaustionWindowed(options: FunctionOptions, func?: FunctionName): boolean {
  return func === 'time_to_exhaustion' || (func?.startsWith('trend_') === true && options.direction !== undefined);
}

/** The training window a call asks for: its train= option, or its function's default. */
function wantedTrain(options: FunctionOptions, env: EngineSettings, func?: FunctionName): number {
  return options.train ?? (exhaustionWindowed(options, func) ? TTE_DEFAULT_TRAIN : env.defaults.train);
}

/**
 * Training window in ms for a query: the option or default (of `func`: time to exhaustion has its own),
 * capped at maxTrainPoints and a multiple of step.
 */
export function trainWindow(options: FunctionOptions, env: EngineSettings, step: number, func?: FunctionName): number {
  const wanted = wantedTrain(options, env, func);
  const points = Math.max(2, Math.min(env.maxTrainPoints, Math.round(wanted / step)));
  return points * step;
}

/**
 * The train= of the trend test printed beside a time to exhaustion: its own train=, or time to
 * exhaustion's default window, so the test reads the history the time was computed on (a trend call
 * with direction= defaults to it too; one inferring the direction from a capacity is told it here).
 * The CLI and the companion's exhaustion endpoint ask it.
 */
export function exhaustionTrendTrain(train: number | undefined, env: EngineSettings, step: number): number {
  return train ?? trainWindow({}, env, step, 'time_to_exhaustion');
}

/**
 * The training-points limit in words when it, not the call's window, sets how far back a call at
 * `step` reads (time to exhaustion's 7 days at 15 s are 40,320 steps: it reads 41.7 h); undefined
 * otherwise. Named where too short a span is the cause of a warning.
 */
export function trainPointsLimit(
  options: FunctionOptions,
  env: EngineSettings,
  step: number,
  func?: FunctionName
): string | undefined {
  return Math.round(wantedTrain(options, env, func) / step) > env.maxTrainPoints
    ? `the limit of ${formatCount(env.maxTrainPoints)} training points at a step of ${formatDuration(step)}`
    : undefined;
}

/**
 * The warning when trainWindow cut the training window to the point limit (undefined when it did
 * not): the model then learns from fewer points than asked, which the answer must say. Time to
 * exhaustion's own default is defined within the limit (TTE_DEFAULT_TRAIN), so it never warns.
 */
export function trainCapWarning(
  options: FunctionOptions,
  env: EngineSettings,
  step: number,
  func?: FunctionName
): string | undefined {
  if (options.train === undefined && exhaustionWindowed(options, func)) {
    return undefined;
  }
  const wanted = Math.round(wantedTrain(options, env, func) / step);
  if (wanted <= env.maxTrainPoints) {
    return undefined;
  }
  return (
    `the training window of ${formatCount(wanted)} points at step ${step / 1000}s was cut to its last ` +
    `${formatCount(env.maxTrainPoints)} (${formatSpan(env.maxTrainPoints * step)}), ` +
    `the limit of training points (${formatCount(wanted - env.maxTrainPoints)} points not used); use a larger step= or a shorter train=`
  );
}

/** Stable key of the options that change a model's output. */
export function optionsKey(options: FunctionOptions, extra: unknown[] = []): string {
  return JSON.stringify([
    ...Object.keys(options)
      .sort()
      .map((k) => [k, options[k as keyof FunctionOptions]]),
    ...extra,
  ]);
}

/** Season option → points on the grid ('auto' default; 'none' → 0). */
export function seasonPoints(options: Pick<FunctionOptions, 'season'>, step: number): number | 'auto' {
  if (options.season === undefined || options.season === 'auto') {
    return 'auto';
  }
  if (options.season === 'none') {
    return 0;
  }
  return Math.max(0, Math.round(options.season / step));
}

/**
 * A detector call's training window (ms): its train= option, or else the engine's default duration
 * but at least the models' own default of DEFAULT_TRAIN_WINDOW points (both within the points
 * limit). A duration alone leaves too few points at coarse steps for the ensemble to learn a daily
 * cycle: 3 days are 72 points at a 1 h step. The panels use it for their default too, so they train
 * on what the companion trains on.
 */
export function detectorTrain(options: FunctionOptions, env: EngineSettings, step: number): number {
  const train = trainWindow(options, env, step);
  if (options.train !== undefined) {
    return train;
  }
  return Math.max(train, Math.min(env.maxTrainPoints, DEFAULT_TRAIN_WINDOW) * step);
}
