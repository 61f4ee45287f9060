/**
 * The engine's only door into the models (src/ml). The function table calls these helpers; nothing
 * else in the engine imports src/ml, so model API changes are absorbed here. Durations arrive in ms
 * and are converted to the models' units (points, steps) here. Imports name each model module
 * (never ml/index.ts or ml/detect/index.ts, which re-export the tfjs LSTM loader) so the worker
 * bundle stays free of TensorFlow.js.
 */
import { DETECTORS, FORECASTERS, isDetectorModel, isForecastModel } from '../common/models';
import { createDetector } from '../ml/detect/registry';
import type { Detector, DetectorModel, DetectorOptions, DetectorState } from '../ml/detect/types';
import { warmupPointsFor } from '../ml/detect/warmupPoints';
import { forecast, type ForecastModel, initForecasting, initForecastingIfSupplied } from '../ml/forecast';
import {
  type NoTrendBeforeFit,
  type TimeToExhaustion,
  timeToExhaustion as engineTte,
  timeToExhaustionBeforeFit,
} from '../ml/tte';
import { type TrendSinceReset, trendSinceReset } from '../ml/trend/sinceReset';
import { type DetectionResult, type ForecastResult, MlError, type Series } from '../ml/types';
import { KindedError, NotEnoughData } from './errors';

/** The physics every door applies to a forecast (src/ml/forecast/bounds.ts). */
export {
  clampMarking,
  describeBounds,
  type PhysicalBounds,
  physicalBounds,
  unreachableLimit,
} from '../ml/forecast/bounds';

/** A causal streaming detector (wraps src/ml/detect's Detector). */
export interface StreamDetector {
  /** Detector.update: points before `outputsFrom` are judged for the state only (src/ml/detect/types.ts). */
  update(t: Float64Array, v: Float64Array, outputsFrom?: number): DetectionResult;
  /** An independent copy with the same state (for points that must not be cached). */
  clone(): StreamDetector;
  /** Rough size of the model state in bytes, for the cache bound. */
  readonly approxBytes: number;
}

/** Detector settings in engine units (points, not durations). */
export interface DetectSettings {
  model?: string;
  sensitivity?: number;
  /** Points of history the model learns from. */
  trainPoints: number;
  /** Season length in points, 0 = none, or 'auto'. */
  season: number | 'auto';
  /** How long (ms) a level shift stays anomalous before it is the new normal; the models' default when unset. */
  adaptAfter?: number;
}

/** Builds a detector whose model was loaded first, from options or a saved state. */
export type LoadedDetectorFactory = (options: DetectorOptions, state?: DetectorState) => Detector;

/**
 * Detectors that load something first (the LSTM: TensorFlow.js). The engine cannot import them: the
 * browser engine's worker must stay one chunk without tfjs. A host that runs them installs a loader
 * (companion/src/runtime/nodeMlRuntime.ts); `prepareDetector` awaits it once.
 */
const detectorLoaders = new Map<string, () => Promise<LoadedDetectorFactory>>();
const loadedDetectors = new Map<string, LoadedDetectorFactory>();

/** Installs how this host loads `model` (a detector of the catalogue with `loads`). */
export function setDetectorLoader(model: DetectorModel, load: () => Promise<LoadedDetectorFactory>): void {
  detectorLoaders.set(model, load);
  loadedDetectors.delete(model);
}

/**
 * Loads what detector `model` needs before createStreamDetector can build it (a no-op for models
 * that load nothing). A model this host has no loader for is refused as bad input.
 */
export async function prepareDetector(model: string | undefined): Promise<void> {
  if (model === undefined || !isDetectorModel(model) || !('loads' in DETECTORS[model]) || loadedDetectors.has(model)) {
    return;
  }
  const load = detectorLoaders.get(model);
  if (!load) {
    throw new KindedError('bad_input', `model ${model} needs TensorFlow.js, which this engine does not load`);
  }
  loadedDetectors.set(model, await load());
}

/** Loads what forecaster `model` needs (augurs' WebAssembly for mstl; 'auto' loads it in forecastSeries). */
export async function prepareForecaster(model: string | undefined): Promise<void> {
  if (model !== undefined && isForecastModel(model) && 'loads' in FORECASTERS[model]) {
    try {
      await initForecasting();
    } catch (err) {
      throw new KindedError('execution', `model ${model} could not start: ${(err as Error).message}`);
    }
  }
}

/**
 * Bytes a detector's state holds, for the cache bound. The ensemble (the default) and the
 * Prophet-style model keep that model's ring of values, 1.25 training windows of float64s, and of
 * times, which on a regular grid is a formula (src/ml/detect/timeRing.ts) and otherwise another
 * float64 a point: `ringBytes`, the rings the detector holds now (its provisional ensemble's too,
 * while a series is younger than the warm-up); before a detector says, 20 bytes a training point.
 * Some 24 KB besides (calibrations, tail tables, scales): `npm run bench -- detectorState` prints
 * the live bytes beside this count. Other models keep the older estimate of 6 doubles a point
 * (above what they hold).
 */
export function detectorStateBytes(
  settings: Pick<DetectSettings, 'model' | 'trainPoints'>,
  ringBytes?: number
): number {
  const model = settings.model ?? 'ensemble';
  if (model === 'ensemble' || model === 'prophet') {
    return (ringBytes ?? 20 * settings.trainPoints) + 24 * 1024;
  }
  return 48 * settings.trainPoints + 1024;
}

/** Creates a streaming detector (one that loads something: after `prepareDetector`). */
export function createStreamDetector(settings: DetectSettings): StreamDetector {
  const options = {
    model: settings.model as DetectorModel | undefined,
    sensitivity: settings.sensitivity,
    trainWindow: settings.trainPoints,
    season: settings.season,
    adaptAfter: settings.adaptAfter,
  };
  // The state's model wins over the options', as in createDetector.
  const make = (state?: DetectorState) => {
    const loaded = loadedDetectors.get(state?.model ?? options.model ?? '');
    return loaded ? loaded(options, state) : createDetector(options, state);
  };
  const wrap = (inner: Detector): StreamDetector => ({
    update: (t, v, outputsFrom) => engineCall(() => inner.update(t, v, outputsFrom)),
    clone: () => wrap(engineCall(() => make(inner.getState()))),
    get approxBytes() {
      return detectorStateBytes(settings, inner.ringBytes?.());
    },
  });
  return wrap(engineCall(() => make()));
}

/**
 * Index of the first point a detector of `settings` judges on a complete series sampled every
 * `stepMs` ms (its warm-up): detector runs start at least this long before the points they answer.
 */
export function detectorWarmupPoints(settings: DetectSettings, stepMs: number): number {
  return engineCall(() =>
    warmupPointsFor(
      {
        model: settings.model as DetectorModel | undefined,
        sensitivity: settings.sensitivity,
        trainWindow: settings.trainPoints,
        season: settings.season,
      },
      stepMs
    )
  );
}

/** Forecast settings in engine units. */
export interface ForecastSettings {
  model?: string;
  /** Steps to forecast. */
  horizonSteps: number;
  step: number;
  season: number | 'auto';
  level: number;
  /**
   * Start of the training window when the series holds a look-back before it (context.ts lookBack),
   * read only for a reset at the window's start (src/ml/forecast `windowStart`).
   */
  windowStart?: number;
}

/**
 * Why augurs did not load for 'auto', once it failed: later forecasts in this process (a worker, the
 * companion) do not fetch it again for every window, and each says it ran without it.
 */
let augursFailure: string | undefined;

/** Loads augurs for 'auto' where the host supplies it; on failure, the reason (remembered). */
async function augursForAuto(): Promise<string | undefined> {
  if (augursFailure === undefined) {
    try {
      await initForecastingIfSupplied();
    } catch (err) {
      augursFailure = (err as Error).message;
    }
  }
  return augursFailure;
}

/** Forecasts `horizonSteps` steps after the last point of `series`. */
export async function forecastSeries(series: Series, s: ForecastSettings): Promise<ForecastResult> {
  await prepareForecaster(s.model);
  // 'auto' uses MSTL and the combination where the host supplies augurs (the engine worker, the
  // companion, the CLI); if loading fails, 'auto' chooses by backtest without them and says so.
  const failure = s.model === undefined || s.model === 'auto' ? await augursForAuto() : undefined;
  const r = engineCall(() =>
    forecast(series, {
      model: s.model as ForecastModel | undefined,
      horizon: s.horizonSteps,
      step: s.step,
      season: s.season,
      level: s.level,
      ...(s.windowStart !== undefined ? { windowStart: s.windowStart } : {}),
    })
  );
  if (failure !== undefined) {
    const warning = `model auto chose by backtest without MSTL and the combination: ${failure}`;
    r.warnings = [...(r.warnings ?? []), warning];
  }
  return r;
}

/** How far time to exhaustion looks ahead unless a caller says otherwise (the CLI's --horizon). */
export const TTE_DEFAULT_HORIZON_MS = 30 * 86_400_000;

/** What time to exhaustion is asked, in engine units. */
export interface ExhaustionSettings {
  direction?: 'up' | 'down';
  level: number;
  model?: string;
  step: number;
  season: number | 'auto';
  horizon?: number;
  /** What cut the window to its start when a limit did (src/ml/tte `dataLimit`). */
  dataLimit?: string;
  /** Start of the training window when the series holds a look-back before it (src/ml/tte `windowStart`). */
  windowStart?: number;
}

/**
 * Time until `series` reaches `capacity`, from its last point. Without a direction, a capacity
 * below the last value is a floor ('down', e.g. 0 bytes free) and one above it a ceiling ('up').
 */
export async function timeToExhaustion(
  series: Series,
  capacity: number,
  opts: ExhaustionSettings
): Promise<TimeToExhaustion> {
  await prepareForecaster(opts.model);
  return engineCall(() => engineTte(series, tteOptions(series, capacity, opts)));
}

/**
 * Time to exhaustion without a forecast where its trend test alone decides it ('no_trend', +Inf; an
 * answer without `lower`, src/ml/tte noTrendBeforeFit), else the full answer of timeToExhaustion; the
 * trend test runs once either way (src/ml/tte timeToExhaustionBeforeFit).
 */
export async function exhaustionBeforeFit(
  series: Series,
  capacity: number,
  opts: ExhaustionSettings
): Promise<TimeToExhaustion | NoTrendBeforeFit> {
  // A model that cannot start is refused on both paths.
  await prepareForecaster(opts.model);
  return engineCall(() => timeToExhaustionBeforeFit(series, tteOptions(series, capacity, opts)));
}

function tteOptions(series: Series, capacity: number, opts: ExhaustionSettings) {
  return {
    capacity,
    direction: exhaustionDirection(series, capacity, opts.direction),
    level: opts.level,
    model: opts.model as ForecastModel | undefined,
    // The models forecast long horizons on a coarser grid and say so in `warnings` if they must cut one.
    horizon: opts.horizon ?? TTE_DEFAULT_HORIZON_MS,
    season: opts.season,
    dataLimit: opts.dataLimit,
    windowStart: opts.windowStart,
  };
}

/**
 * Where a series heads for time to exhaustion: the given direction, else a capacity at or below the
 * last value is a floor ('down', e.g. 0 bytes free) and one above it a ceiling ('up').
 */
export function exhaustionDirection(series: Series, capacity: number, direction?: 'up' | 'down'): 'up' | 'down' {
  if (direction !== undefined) {
    return direction;
  }
  let last = NaN;
  for (let i = series.v.length - 1; i >= 0 && Number.isNaN(last); i--) {
    last = Number.isFinite(series.v[i]) ? series.v[i] : NaN;
  }
  if (Number.isNaN(last)) {
    throw new NotEnoughData('no finite values in the window');
  }
  return capacity <= last ? 'down' : 'up';
}

/**
 * The trend test of a window, over the segment after its last reset (src/ml/trend/sinceReset.ts): with
 * a direction, time to exhaustion's segment; without, the forecast's (the last clear reset). The
 * seasonal Mann-Kendall test with the seasonal Kendall slope when a season is given or detected, so a
 * daily cycle neither hides nor fakes a trend; else the plain test with Sen's slope. `leak` is a
 * significant trend toward the limit at the 1 % level: a rise, or a fall with direction 'down'
 * (src/ml/trend/leak.ts). `windowStart`: as time to exhaustion's (the series holds its look-back).
 */
export function trendOf(
  series: Series,
  season: number | 'auto',
  direction?: 'up' | 'down',
  windowStart?: number
): TrendSinceReset {
  return engineCall(() => trendSinceReset(series, { seasonal: season, direction, windowStart }));
}

/** Maps model errors: unknown model → bad_input; not enough data → no sample; other refusals → execution. */
function engineCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MlError) {
      if (err.code === 'not_enough_data') {
        throw new NotEnoughData(err.message);
      }
      throw new KindedError(err.code === 'unknown_model' ? 'bad_input' : 'execution', err.message);
    }
    throw err;
  }
}
