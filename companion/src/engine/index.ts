/**
 * The companion's only door into the engine (src/ml). The function table calls these helpers;
 * nothing else in the companion imports src/ml, so engine API changes are absorbed here.
 *
 * Engine modules are loaded on first use: a missing module surfaces as an `internal` API error
 * naming it instead of breaking the whole service.
 */
import { ApiError } from '../api/apiError';
import type { DetectionResult, ForecastResult, Series } from '../../../src/ml/types';
import { MlError } from '../../../src/ml/types';

/** A causal streaming detector (wraps src/ml/detect's Detector). */
export interface StreamDetector {
  update(t: Float64Array, v: Float64Array): DetectionResult;
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
}

interface DetectModule {
  createDetector(options: Record<string, unknown>, state?: unknown): {
    update(t: Float64Array, v: Float64Array): DetectionResult;
    getState(): unknown;
  };
}

function load<T>(path: string, what: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(path.split('/').pop()!)) {
      throw new ApiError('internal', `${what} is not available in this build (${path} is missing)`);
    }
    throw err;
  }
}

/** Creates a streaming detector. */
export function createStreamDetector(settings: DetectSettings): StreamDetector {
  const mod = load<DetectModule>('../../../src/ml/detect', 'anomaly detection');
  const options = {
    model: settings.model,
    sensitivity: settings.sensitivity,
    trainWindow: settings.trainPoints,
    season: settings.season,
  };
  const wrap = (inner: ReturnType<DetectModule['createDetector']>): StreamDetector => ({
    update: (t, v) => engineCall(() => inner.update(t, v)),
    clone: () => wrap(engineCall(() => mod.createDetector(options, inner.getState()))),
    // Ensemble members each keep a window of values plus per-member scales: about 6 doubles a point.
    approxBytes: 48 * settings.trainPoints + 1024,
  });
  return wrap(engineCall(() => mod.createDetector(options)));
}

/** Forecast settings in engine units. */
export interface ForecastSettings {
  model?: string;
  /** Steps to forecast. */
  horizonSteps: number;
  step: number;
  season: number | 'auto';
  level: number;
}

interface ForecastModule {
  forecast(series: Series, options: Record<string, unknown>): ForecastResult | Promise<ForecastResult>;
}

/** Forecasts `horizonSteps` steps after the last point of `series`. */
export async function forecastSeries(series: Series, s: ForecastSettings): Promise<ForecastResult> {
  const mod = load<ForecastModule>('../../../src/ml/forecast', 'forecasting');
  return engineCallAsync(() =>
    mod.forecast(series, { model: s.model, horizon: s.horizonSteps, step: s.step, season: s.season, level: s.level })
  );
}

/** Result of a time-to-exhaustion estimate, seconds from the window's last point. */
export interface ExhaustionEstimate {
  /** Seconds until the capacity is reached; +Inf when the trend never reaches it. */
  seconds: number;
}

interface TteModule {
  timeToExhaustion(series: Series, options: Record<string, unknown>): unknown;
}

/** Time until `series` reaches `capacity`, from its last point. */
export function timeToExhaustion(series: Series, capacity: number, direction: 'up' | 'down' | undefined, level: number): ExhaustionEstimate {
  const mod = load<TteModule>('../../../src/ml/tte', 'time to exhaustion');
  const r = engineCall(() => mod.timeToExhaustion(series, { capacity, direction, level })) as Record<string, unknown>;
  return { seconds: readSeconds(r) };
}

/** Reads the seconds-until-exhaustion field of the engine's result, whatever its unit. */
function readSeconds(r: Record<string, unknown>): number {
  if (typeof r.seconds === 'number') {
    return r.seconds;
  }
  if (typeof r.ms === 'number') {
    return r.ms / 1000;
  }
  if (typeof r.tte === 'number') {
    return r.tte / 1000;
  }
  throw new ApiError('internal', `unexpected time-to-exhaustion result shape: ${Object.keys(r).join(', ')}`);
}

/** Sen's slope (per second) and Mann-Kendall two-sided p-value of a window. */
export function trendOf(series: Series): { slopePerSecond: number; pValue: number; n: number } {
  const mod = load<typeof import('../../../src/ml/trend')>('../../../src/ml/trend', 'trend tests');
  return engineCall(() => {
    const slope = mod.sensSlope(series.t, series.v);
    const mk = mod.mannKendall(series.v);
    return { slopePerSecond: mod.perSecond(slope.slope), pValue: mk.pValue, n: mk.n };
  });
}

/** Maps engine errors to API errors: unknown model → bad_data; other engine refusals → execution. */
function engineCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw mapError(err);
  }
}

async function engineCallAsync<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapError(err);
  }
}

function mapError(err: unknown): unknown {
  if (err instanceof MlError || (err as Error)?.name === 'MlError') {
    const e = err as MlError;
    if (e.code === 'not_enough_data') {
      return new NotEnoughData(e.message);
    }
    return new ApiError(e.code === 'unknown_model' ? 'bad_data' : 'execution', e.message);
  }
  return err;
}

/** The engine could not judge a window yet; evaluators emit no sample for it. */
export class NotEnoughData extends Error {}
