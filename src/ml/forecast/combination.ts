/**
 * The combination forecast `auto` uses on seasonal series: the median, step by step, of five simple
 * forecasts (M4's lesson, Makridakis et al. 2020: combinations of simple statistical models beat
 * picking one of them):
 * - seasonal naive (the last season repeated);
 * - MSTL + AutoETS (augurs) over every season the data holds: the detected one and, when it is a day
 *   and at least two weeks are there, the week;
 * - the same MSTL on the logarithm of the values, which turns a seasonal swing that grows with the
 *   level into a constant one (with a value <= 0, on the values themselves: plain MSTL counts twice);
 * - the mean of the same position in the last three longest seasons (the last three weeks, or days);
 * - the Prophet-style ridge model (piecewise-linear trend with daily and weekly terms).
 * The median ignores the two most extreme members at every step, so one member that runs away does
 * not carry the forecast. The members were chosen by rolling-origin cross-validation on the M4 Hourly
 * training series (docs/forecasting.md).
 *
 * Interval: the median of the members' lower and upper bounds (each member's own, uncalibrated),
 * scaled around the forecast by {@link INTERVAL_SCALE}, chosen by cross-validation so that 95 %
 * intervals hold the held-out values about 95 % of the time.
 *
 * Needs augurs' WebAssembly (`initForecasting()`) and a season; without a season it is not used.
 */
import { zForLevel } from '../models/numeric';
import { MlError } from '../types';
import { augursMstl } from './augursLoader';
import { widened } from './calibration';
import { prophetForecaster } from './forecasters';
import { Forecaster, ModelInput, ModelOutput } from './model';
import { seasonalNaiveForecaster } from './naive';

const DAY_MS = 86_400_000;
/** How many of the longest seasons the seasonal mean averages. */
const MEAN_SEASONS = 3;

/**
 * Half-width multiplier of the combined interval, chosen by cross-validation on the M4 Hourly training
 * series (validation origin 96 points before the end, coverage of the 95 % interval 0.963 at 1.0 and
 * 0.948 at 0.9; calibration.ts, docs/forecasting.md).
 */
export const INTERVAL_SCALE = 0.9;

/** The seasons the MSTL members model: the detected period, and the week when it is a day. */
export function combinationPeriods(input: Pick<ModelInput, 'period' | 'step' | 'filled'>): number[] {
  const p = input.period;
  const week = 7 * p;
  const isDay = Math.abs(p * input.step - DAY_MS) < input.step / 2;
  return isDay && input.filled.length >= 2 * week ? [p, week] : [p];
}

/** augurs MSTL + AutoETS on `y` for `periods`, with its interval at `level`. */
function mstlOn(y: Float64Array, periods: number[], horizon: number, level: number): ModelOutput {
  const mod = augursMstl();
  if (!mod) {
    throw new MlError(
      'bad_input',
      'the combination needs the augurs WebAssembly module: call and await initForecasting() first'
    );
  }
  const model = mod.ets(periods);
  try {
    model.fit(y);
    const f = model.predict(horizon, level);
    const yhat = Float64Array.from(f.point);
    const lower = f.intervals ? Float64Array.from(f.intervals.lower) : Float64Array.from(yhat);
    const upper = f.intervals ? Float64Array.from(f.intervals.upper) : Float64Array.from(yhat);
    return { yhat, lower, upper };
  } finally {
    model.free();
  }
}

/** MSTL on log(y) mapped back with exp (a multiplicative season); on y itself if any value is <= 0. */
function logMstl(y: Float64Array, periods: number[], horizon: number, level: number): ModelOutput {
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] > 0)) {
      return mstlOn(y, periods, horizon, level);
    }
  }
  const out = mstlOn(y.map(Math.log), periods, horizon, level);
  return { yhat: out.yhat.map(Math.exp), lower: out.lower.map(Math.exp), upper: out.upper.map(Math.exp) };
}

/**
 * Mean of the values at the same position in the last `MEAN_SEASONS` seasons of length `m`; its
 * interval uses the spread of each value around that mean in the training data.
 */
export function seasonalMean(y: Float64Array, m: number, horizon: number, level: number): ModelOutput {
  const n = y.length;
  const k = Math.max(1, Math.min(MEAN_SEASONS, Math.floor(n / m)));
  const at = (base: number) => {
    let s = 0;
    for (let j = 0; j < k; j++) {
      s += y[base - j * m];
    }
    return s / k;
  };
  // Residual scale: each point of the last season against the mean of the k seasons before it.
  let ss = 0;
  let c = 0;
  for (let i = Math.max(k * m, n - m); i < n; i++) {
    const d = y[i] - at(i - m);
    ss += d * d;
    c++;
  }
  const sigma = c > 0 ? Math.sqrt(ss / c) : 0;
  const z = zForLevel(level);
  const out: ModelOutput = {
    yhat: new Float64Array(horizon),
    lower: new Float64Array(horizon),
    upper: new Float64Array(horizon),
  };
  for (let h = 0; h < horizon; h++) {
    out.yhat[h] = at(n - m * Math.ceil((h + 1) / m) + h);
    const half = z * sigma * Math.sqrt(Math.floor(h / m) + 1);
    out.lower[h] = out.yhat[h] - half;
    out.upper[h] = out.yhat[h] + half;
  }
  return out;
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const q = xs.length;
  return q % 2 === 1 ? xs[(q - 1) / 2] : 0.5 * (xs[q / 2 - 1] + xs[q / 2]);
}

/** Step-by-step median of the members' forecasts and of their bounds, the bounds widened by `scale`. */
export function combineMedian(members: ModelOutput[], horizon: number, scale = INTERVAL_SCALE): ModelOutput {
  const out: ModelOutput = {
    yhat: new Float64Array(horizon),
    lower: new Float64Array(horizon),
    upper: new Float64Array(horizon),
  };
  for (let h = 0; h < horizon; h++) {
    out.yhat[h] = median(members.map((m) => m.yhat[h]));
    out.lower[h] = median(members.map((m) => m.lower[h]));
    out.upper[h] = median(members.map((m) => m.upper[h]));
  }
  return widened(out, scale);
}

/** The five members' forecasts for `input` (a season is required). */
export function combinationMembers(input: ModelInput): ModelOutput[] {
  const periods = combinationPeriods(input);
  const longest = periods[periods.length - 1];
  const { filled: y, horizon, level } = input;
  return [
    seasonalNaiveForecaster(input),
    mstlOn(y, periods, horizon, level),
    logMstl(y, periods, horizon, level),
    seasonalMean(y, longest, horizon, level),
    prophetForecaster(input),
  ];
}

/** The median combination; throws without a season of two full cycles or without augurs. */
export const combinationForecaster: Forecaster = (input) => {
  if (input.period < 2 || input.filled.length < 2 * input.period) {
    throw new MlError('bad_input', 'the combination needs a season with at least two full cycles of data');
  }
  return combineMedian(combinationMembers(input), input.horizon);
};
