/**
 * The forecasters behind `forecast()`, one small adapter per model core. Each returns the `horizon`
 * steps after the last grid point with an interval of coverage `input.level`:
 * - linear: OLS over every point, prediction interval with the slope's variance allowing for
 *   residuals correlated over up to a day (hacSlope.ts);
 * - theilsen: Theil-Sen line, the same interval with the robust residual scale;
 * - holtwinters: ETS(A,Ad,A) with grid-searched smoothing, analytical interval;
 * - prophet: piecewise-linear trend + daily/weekly Fourier terms (ridge), residual + trend uncertainty;
 * - mstl: augurs MSTL + AutoETS (needs `initForecasting()`; without a season falls back to holtwinters);
 * - seasonal_naive and naive2 live in `naive.ts`.
 */
import { fitHoltWinters, forecastHoltWinters } from '../models/holtWinters';
import { hacMaxLag, hacSlopeVariance } from '../models/hacSlope';
import { LinearFit, fitLinear } from '../models/linear';
import { zForLevel } from '../models/numeric';
import { fitProphetRidge, prophetRidgeInterval } from '../models/prophetRidge';
import { theilSen } from '../models/theilSen';
import { MlError } from '../types';
import { augursMstl } from './augursLoader';
import { Forecaster, ModelInput, ModelOutput } from './model';

function lineOutput(input: ModelInput, slope: number, intercept: number, halfAt: (x: number) => number): ModelOutput {
  const h = input.horizon;
  const yhat = new Float64Array(h);
  const lower = new Float64Array(h);
  const upper = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const x = input.futureT[k];
    yhat[k] = intercept + slope * x;
    const half = halfAt(x);
    lower[k] = yhat[k] - half;
    upper[k] = yhat[k] + half;
  }
  return { yhat, lower, upper };
}

/**
 * Half-width at x of the prediction interval of a line fitted by OLS: residual scale `sigma` for the
 * next value, and for the slope the larger of the textbook variance and the one that allows for
 * residuals correlated over up to a day (hacSlope.ts): a daily cycle or a weekday wave left in the
 * residuals makes the slope less certain than n independent points would, and far ahead the slope's
 * uncertainty is what sets the interval of a crossing.
 */
function lineHalfWidth(input: ModelInput, ols: LinearFit, slope: number, intercept: number, sigma: number, z: number) {
  const n = ols.n;
  const maxLag = hacMaxLag(n, input.step);
  const slopeVar = Math.max(
    (sigma * sigma) / ols.sxx,
    hacSlopeVariance(input.t, input.v, slope, intercept, ols.xMean, ols.sxx, maxLag)
  );
  return (x: number) => {
    const d = x - ols.xMean;
    return z * Math.sqrt(sigma * sigma * (1 + 1 / n) + d * d * slopeVar);
  };
}

/** Ordinary least squares over every point. */
export const linearForecaster: Forecaster = (input) => {
  const fit = fitLinear(input.t, input.v);
  const z = zForLevel(input.level);
  return lineOutput(input, fit.slope, fit.intercept, lineHalfWidth(input, fit, fit.slope, fit.intercept, fit.sigma, z));
};

/** Theil-Sen line; the interval uses OLS leverage with the robust residual scale. */
export const theilSenForecaster: Forecaster = (input) => {
  const fit = theilSen(input.t, input.v);
  const ols = fitLinear(input.t, input.v);
  const z = zForLevel(input.level);
  return lineOutput(input, fit.slope, fit.intercept, lineHalfWidth(input, ols, fit.slope, fit.intercept, fit.sigma, z));
};

/** Holt-Winters (ETS A,Ad,A) with fitted smoothing parameters. */
export const holtWintersForecaster: Forecaster = (input) => {
  const state = fitHoltWinters(input.v, { period: input.period });
  const out = forecastHoltWinters(state, input.horizon, input.level);
  return state.period === input.period ? out : { ...out, model: 'holtwinters' };
};

/** Prophet-style ridge regression on (t, v). */
export const prophetForecaster: Forecaster = (input) => {
  const model = fitProphetRidge(input.t, input.v);
  return prophetRidgeInterval(model, input.futureT, input.level);
};

/** augurs MSTL with an AutoETS trend; requires `initForecasting()` first. */
export const mstlForecaster: Forecaster = (input) => {
  const mod = augursMstl();
  if (!mod) {
    throw new MlError(
      'bad_input',
      "model 'mstl' needs the augurs WebAssembly module: call and await initForecasting() first"
    );
  }
  if (input.period < 2 || input.filled.length < 2 * input.period) {
    return { ...holtWintersForecaster(input), model: 'holtwinters' };
  }
  const model = mod.ets([input.period]);
  try {
    model.fit(input.filled);
    const f = model.predict(input.horizon, input.level);
    const yhat = Float64Array.from(f.point);
    const lower = f.intervals ? Float64Array.from(f.intervals.lower) : Float64Array.from(yhat);
    const upper = f.intervals ? Float64Array.from(f.intervals.upper) : Float64Array.from(yhat);
    return { yhat, lower, upper };
  } finally {
    model.free();
  }
};
