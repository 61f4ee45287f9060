/**
 * What every function of the engine receives besides its query: where history comes from, the
 * cache for runs and fits, defaults and limits, and the clock. The companion builds one per request
 * over its upstream; the worker and the CLI build one over a matrix they hold ({@link matrixEnv}).
 */
import { type ByteLru, type Sized, sizedLru } from './byteLru';
import { type GridMatrix, type HistorySource, matrixHistory } from './history';
import { DEFAULT_TRAIN_WINDOW } from '../ml/detect/types';
import { LANDING_POINTS } from '../ml/tte/carryRate';
import type { FunctionName, FunctionOptions } from './query';
import type { SampleIntervalSource } from './resolution';
import { FORECAST_STEP_LIMIT, forecastReadStep, isForecastCall } from './forecastGrid';
import { trainingStep } from './trainingStep';
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
/**
 * Most forecast steps (horizon + refit) per fit, unless configured otherwise: the companion's default,
 * so a matrix's door (the panel, the CLI) forecasts where the companion does (forecastGrid.ts).
 */
export const MAX_FORECAST_STEPS = FORECAST_STEP_LIMIT;

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
   * A query that accepts a partial answer (the companion's `bellwether_partial=true`): once this
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
    historyStart: matrix.lead?.from ?? matrix.from,
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
 * the default of trend functions given direction= (exhaustionWindowed). On the scenario families, left
 * out one at a time (docs/forecasting.md, eval/forecast/trainChoice.ts), 7 days beat 3 in every fold
 * (3 days read a sawtooth's or a restart's last teeth as a fill), and 14 days read coarsely beat 7 in
 * every fold ("A 14-day default, read coarsely"): a weekly cycle is seen twice. Longer than the points
 * limit at fine steps (20,160 points at 1 minute), it is read at trainingStep's coarser step (every
 * third sample at 1 minute, 6,720 points), never cut; so every door and every step reads 14 days.
 */
export const TTE_DEFAULT_TRAIN = 14 * 86_400_000;

/**
 * Whether a call trains on time to exhaustion's window: time_to_exhaustion itself, and a trend
 * function told where the series heads (direction=, or the capacity time_to_exhaustion infers it
 * from), which tests the segment time to exhaustion is computed on; so `trend_slope(x,
 * "direction=down")` reads the history `time_to_exhaustion(x, 0)` reads, and prints the figure printed
 * beside it. Such a call defaults to TTE_DEFAULT_TRAIN and reads a window longer than the points limit
 * at a coarser step (trainRead).
 */
function exhaustionWindowed(options: FunctionOptions, func?: FunctionName, capacity?: number): boolean {
  return (
    func === 'time_to_exhaustion' ||
    (func?.startsWith('trend_') === true && (options.direction !== undefined || capacity !== undefined))
  );
}

/** The training window a call asks for: its train= option, or its function's default. */
function wantedTrain(options: FunctionOptions, env: EngineSettings, func?: FunctionName, capacity?: number): number {
  return options.train ?? (exhaustionWindowed(options, func, capacity) ? TTE_DEFAULT_TRAIN : env.defaults.train);
}

/** How a call reads its training window: how far back (ms, a multiple of `step`) and at what step. */
export interface TrainRead {
  /** The window: the samples at `step` in (fitTime - train, fitTime]. */
  train: number;
  /** The step the window is read at: the call's, or a multiple of it (trainingStep.ts). */
  step: number;
}

/**
 * How a call on the grid of `step` reads its training window (the option or its function's default).
 * Time to exhaustion (and a trend call beside it, exhaustionWindowed) reads a window longer than
 * maxTrainPoints at trainingStep's coarser step: every k-th sample ending at the fit time, what
 * Prometheus answers at that step, so 14 days at 1 minute are 6,720 samples 3 minutes apart. A
 * forecast whose `horizon` is more steps than one fit makes reads at its coarser forecast grid
 * (forecastGrid.ts: 14 days ahead at 1 minute reads every second sample). Other calls read at `step`;
 * all but time to exhaustion's are cut to the last maxTrainPoints (trainCapWarning says so).
 */
export function trainRead(
  options: FunctionOptions,
  env: EngineSettings,
  step: number,
  func?: FunctionName,
  capacity?: number,
  horizon?: number
): TrainRead {
  const wanted = wantedTrain(options, env, func, capacity);
  const at = exhaustionWindowed(options, func, capacity)
    ? trainingStep(wanted, step, env.maxTrainPoints)
    : forecastReadStep(options, env.defaults, step, func, horizon);
  const points = Math.max(2, Math.min(env.maxTrainPoints, Math.round(wanted / at)));
  return { train: points * at, step: at };
}

/**
 * How far before its training window (ms) a call reads values it does not fit: time_to_exhaustion's
 * look-back of src/ml/tte/carryRate.ts LANDING_POINTS samples at its read step, so a window that
 * begins just after a reset sees that reset and carries the whole tooth after it across the next one
 * (carryRate.ts resetBeginsWindow). A 14-day window over the demo's 14-day clean-ups began at the
 * previous one and had no answer for two hours after each at a 1 h step. The trend test beside it
 * (a trend call told where the series heads, exhaustionWindowed), forecast*() and the forecast's trend
 * test (a trend call without a direction) read it too, by the same rule (carryRate.ts toothOpening):
 * without it, trend_slope had no value there at 1 h and a rate 4-8x too low for half an hour at 1 m,
 * and `forecast(disk, 1d, "train=14d step=1h")` had none for two hours ("only 1 point since the
 * reset") beside "full in 14.5 d". 0 for detectors and outliers.
 */
export function lookBack(
  call: { func?: FunctionName; options: FunctionOptions; capacity?: number },
  read: TrainRead
): number {
  return isForecastCall(call.func) || call.func === 'time_to_exhaustion' || call.func?.startsWith('trend_') === true
    ? LANDING_POINTS * read.step
    : 0;
}

/**
 * Training window in ms for a query: the option or default (of `func`: time to exhaustion has its own),
 * a multiple of step; capped at maxTrainPoints steps, except for time to exhaustion's calls, which
 * read a longer window at a coarser step (trainRead).
 */
export function trainWindow(
  options: FunctionOptions,
  env: EngineSettings,
  step: number,
  func?: FunctionName,
  capacity?: number
): number {
  return trainRead(options, env, step, func, capacity).train;
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
 * `step` reads (a 3-day forecast at 15 s is 17,280 steps: it reads 41.7 h); undefined otherwise, and
 * always for time to exhaustion's calls, which read a longer window coarsely instead. Named where too
 * short a span is the cause of a warning.
 */
export function trainPointsLimit(
  options: FunctionOptions,
  env: EngineSettings,
  step: number,
  func?: FunctionName,
  capacity?: number
): string | undefined {
  return !exhaustionWindowed(options, func, capacity) &&
    Math.round(wantedTrain(options, env, func, capacity) / step) > env.maxTrainPoints
    ? `the limit of ${formatCount(env.maxTrainPoints)} training points at a step of ${formatDuration(step)}`
    : undefined;
}

/**
 * The warning when trainWindow cut the training window to the point limit (undefined when it did
 * not): the model then learns from fewer points than asked, which the answer must say. Time to
 * exhaustion's calls are never cut (they read coarsely, trainRead), so they never warn.
 */
export function trainCapWarning(
  options: FunctionOptions,
  env: EngineSettings,
  step: number,
  func?: FunctionName,
  capacity?: number,
  horizon?: number
): string | undefined {
  if (exhaustionWindowed(options, func, capacity)) {
    return undefined;
  }
  // A long forecast reads at its coarser grid: the limit counts the points of that read.
  const at = trainRead(options, env, step, func, capacity, horizon).step;
  const wanted = Math.round(wantedTrain(options, env, func, capacity) / at);
  if (wanted <= env.maxTrainPoints) {
    return undefined;
  }
  return (
    `the training window of ${formatCount(wanted)} points at step ${at / 1000}s was cut to its last ` +
    `${formatCount(env.maxTrainPoints)} (${formatSpan(env.maxTrainPoints * at)}), ` +
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
