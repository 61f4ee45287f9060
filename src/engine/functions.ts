/**
 * The engine's function table: function name → implementation, each with the same signature. The
 * companion's parser keeps its signature table (companion/src/query/signatures.ts) in step with it,
 * checked by a test, as Prometheus does for its function tables.
 */
import { type EngineEnv, type EvalGrid, seasonPoints, type SeriesValues } from './context';
import { detectOnGrid } from './detectRuns';
import { KindedError } from './errors';
import { forecastSeries, timeToExhaustion, trendOf } from './models';
import type { FunctionCall, FunctionName } from './query';
import { finiteCount, type Fitter, fitOnGrid, type Projector } from './windowedFits';

/** Evaluates one of our functions at the grid points; returns a value per grid point per series. */
export type FunctionImpl = (q: FunctionCall, grid: EvalGrid, env: EngineEnv) => Promise<SeriesValues[]>;

function forecastFitter(q: FunctionCall, env: EngineEnv): Fitter {
  return async (window, { step, refit, fitTime }) => {
    // The horizon is rounded to whole steps (at least one).
    const horizonSteps = Math.max(1, Math.round(q.horizon! / step));
    const steps = horizonSteps + Math.round(refit / step);
    if (steps > env.maxForecastSteps) {
      throw new KindedError(
        'bad_input',
        `forecast horizon plus refit interval is ${steps} steps at step ${step / 1000}s, more than the limit of ${env.maxForecastSteps}; use a larger step=`
      );
    }
    if (finiteCount(window.v) < 3) {
      return undefined;
    }
    let trailingGap = 0;
    while (trailingGap < window.v.length && Number.isNaN(window.v[window.v.length - 1 - trailingGap])) {
      trailingGap++;
    }
    const r = await forecastSeries(window, {
      model: q.options.model ?? undefined,
      horizonSteps: steps + trailingGap,
      step,
      season: seasonPoints(q.options, step),
      level: q.options.level ?? env.defaults.level,
    });
    // The value at g = fitTime + delta is the forecast for g + horizon. r.t[0] is one step after the
    // last finite sample the engine used (trailing gaps are not forecast from), so locate by time.
    // Only the slice the refit interval can reach is kept.
    const first = Math.round((fitTime + horizonSteps * step - r.t[0]) / step);
    const slice = (arr: Float64Array): Projector => {
      const kept = Float64Array.from({ length: Math.round(refit / step) }, (_, k) => arr[first + k] ?? NaN);
      return (delta) => kept[Math.round(delta / step)] ?? NaN;
    };
    return { yhat: slice(r.yhat), lower: slice(r.lower), upper: slice(r.upper) };
  };
}

const exhaustionFitter =
  (q: FunctionCall, env: EngineEnv): Fitter =>
  async (window, { step }) => {
    if (finiteCount(window.v) < 3) {
      return undefined;
    }
    const { seconds } = timeToExhaustion(window, q.capacity!, {
      direction: q.options.direction,
      level: q.options.level ?? env.defaults.level,
      // Default: the engine's 'auto', which for time to exhaustion chooses among trend-following models.
      model: q.options.model,
      step,
      season: seasonPoints(q.options, step),
    });
    return { seconds: (delta) => (Number.isFinite(seconds) ? Math.max(0, seconds - delta / 1000) : seconds) };
  };

const trendFitter: Fitter = async (window) => {
  if (finiteCount(window.v) < 3) {
    return undefined;
  }
  const r = trendOf(window);
  return { slope: () => r.slopePerSecond, pvalue: () => r.pValue };
};

/** Function name → implementation. Functions over the same fitter share its cached fits. */
export const FUNCTIONS: Record<FunctionName, FunctionImpl> = {
  anomaly_score: (q, grid, env) => detectOnGrid(q, grid, env, 'score'),
  anomaly_upper: (q, grid, env) => detectOnGrid(q, grid, env, 'upper'),
  anomaly_lower: (q, grid, env) => detectOnGrid(q, grid, env, 'lower'),
  forecast: (q, grid, env) => fitOnGrid(q, grid, env, 'forecast', forecastFitter(q, env), 'yhat', FORECAST_FIT_BYTES),
  forecast_upper: (q, grid, env) =>
    fitOnGrid(q, grid, env, 'forecast', forecastFitter(q, env), 'upper', FORECAST_FIT_BYTES),
  forecast_lower: (q, grid, env) =>
    fitOnGrid(q, grid, env, 'forecast', forecastFitter(q, env), 'lower', FORECAST_FIT_BYTES),
  time_to_exhaustion: (q, grid, env) => fitOnGrid(q, grid, env, 'tte', exhaustionFitter(q, env), 'seconds'),
  trend_slope: (q, grid, env) => fitOnGrid(q, grid, env, 'trend', trendFitter, 'slope'),
  trend_pvalue: (q, grid, env) => fitOnGrid(q, grid, env, 'trend', trendFitter, 'pvalue'),
};

/** Rough bytes of one cached forecast fit (three bands over the refit interval, typically 60 steps). */
const FORECAST_FIT_BYTES = 3 * 8 * 64 + 256;
