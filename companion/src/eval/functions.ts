/**
 * The implementation table: one entry per function of the parser's signature table
 * (query/signatures.ts), each with the same signature. A test keeps both tables in step.
 */
import { ApiError } from '../api/apiError';
import { forecastSeries, timeToExhaustion, trendOf } from '../engine';
import type { DerivedQuery } from '../query/ast';
import type { FunctionName } from '../query/signatures';
import type { EvalEnv, EvalGrid, SeriesValues } from './context';
import { seasonPoints } from './context';
import { detectOnGrid } from './detectSegments';
import { finiteCount, type Fitter, fitOnGrid } from './windowedFits';

/** Evaluates one of our functions at the grid points; returns a value per grid point per series. */
export type FunctionImpl = (q: DerivedQuery, grid: EvalGrid, env: EvalEnv) => Promise<SeriesValues[]>;

function forecastFitter(q: DerivedQuery, env: EvalEnv, band: 'yhat' | 'upper' | 'lower'): Fitter {
  return async (window, { step, refit, fitTime }) => {
    // The horizon is rounded to whole steps (at least one).
    const horizonSteps = Math.max(1, Math.round(q.horizon! / step));
    const steps = horizonSteps + Math.round(refit / step);
    if (steps > env.maxForecastSteps) {
      throw new ApiError(
        'bad_data',
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
    const arr = band === 'yhat' ? r.yhat : r[band];
    const kept = Float64Array.from({ length: Math.round(refit / step) }, (_, i) => arr[first + i] ?? NaN);
    return (delta) => kept[Math.round(delta / step)] ?? NaN;
  };
}

const exhaustionFitter =
  (q: DerivedQuery, env: EvalEnv): Fitter =>
  async (window, { step }) => {
    if (finiteCount(window.v) < 3) {
      return undefined;
    }
    const { seconds } = timeToExhaustion(window, q.capacity!, {
      direction: q.options.direction,
      level: q.options.level ?? env.defaults.level,
      // The engine's 'auto' choice can pick a flat model for a steady ramp; a robust trend is the
      // safer default for capacity questions. model=auto restores the engine's choice.
      model: q.options.model ?? 'theilsen',
      step,
      season: seasonPoints(q.options, step),
    });
    return (delta) => (Number.isFinite(seconds) ? Math.max(0, seconds - delta / 1000) : seconds);
  };

const trendFitter =
  (field: 'slopePerSecond' | 'pValue'): Fitter =>
  async (window) => {
    if (finiteCount(window.v) < 3) {
      return undefined;
    }
    const r = trendOf(window);
    return () => r[field];
  };

/** Function name → implementation. */
export const FUNCTIONS: Record<FunctionName, FunctionImpl> = {
  anomaly_score: (q, grid, env) => detectOnGrid(q, grid, env, 'score'),
  anomaly_upper: (q, grid, env) => detectOnGrid(q, grid, env, 'upper'),
  anomaly_lower: (q, grid, env) => detectOnGrid(q, grid, env, 'lower'),
  forecast: (q, grid, env) => fitOnGrid(q, grid, env, 'forecast_yhat', forecastFitter(q, env, 'yhat'), 8 * 64),
  forecast_upper: (q, grid, env) => fitOnGrid(q, grid, env, 'forecast_upper', forecastFitter(q, env, 'upper'), 8 * 64),
  forecast_lower: (q, grid, env) => fitOnGrid(q, grid, env, 'forecast_lower', forecastFitter(q, env, 'lower'), 8 * 64),
  time_to_exhaustion: (q, grid, env) => fitOnGrid(q, grid, env, 'tte', exhaustionFitter(q, env)),
  trend_slope: (q, grid, env) => fitOnGrid(q, grid, env, 'trend_slope', trendFitter('slopePerSecond')),
  trend_pvalue: (q, grid, env) => fitOnGrid(q, grid, env, 'trend_pvalue', trendFitter('pValue')),
};
