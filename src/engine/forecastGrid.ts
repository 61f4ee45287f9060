/**
 * Long forecast horizons on a coarser grid: the one rule of every door (the companion, the data
 * source, the panel, the CLI). A forecast fit makes its horizon plus the refit interval in steps; at a
 * fine step a long horizon is more steps than one fit may make (14 days ahead at 1 minute, plus the
 * hourly refit, is 20,220 steps). Rather than refuse it, the call reads its training window at the
 * smallest coarser step that fits the limit (every k-th sample ending at the fit time, what Prometheus
 * answers at that step: the engine's coarse read, context.ts trainRead, as time to exhaustion's long
 * window), forecasts on that grid, and reads the path at the asked times (functions.ts). A warning
 * says which grid and why. Within the limit nothing changes.
 */
import { formatDuration } from '../common/duration';
import { alignDown } from './grid';
import { KindedError } from './errors';
import type { EngineDefaults } from './context';
import type { FunctionName, FunctionOptions } from './query';
import { formatCount } from './warnings';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Most forecast steps (horizon plus refit interval) one fit makes: Prometheus' 11,000 points per query. */
export const FORECAST_STEP_LIMIT = 11_000;

/** The longest horizon a forecast is asked: a year, the longest a capacity plan looks ahead. */
export const MAX_FORECAST_HORIZON = 365 * DAY_MS;

/**
 * Forecast steps of a fit on the grid of `step` for a call on the grid of `callStep` (the same grid
 * unless given). On the call's own grid: the horizon (whole steps, at least one) plus the refit
 * interval. On a coarser grid: the steps up to the last time read, the fit time plus the horizon (in
 * whole steps of the call) plus the refit interval less one step of the call, and one more to
 * interpolate to it. The count the limit is held to, and the fit makes (functions.ts): counting
 * the coarse path as the horizon plus the refit interval in its own steps let it pass the limit by
 * one or two steps (11,001 for 5485m at 15 s with refit=15m, on the 30 s grid).
 */
export function forecastStepCount(horizon: number, refit: number, step: number, callStep = step): number {
  if (!(step > callStep)) {
    return Math.max(1, Math.round(horizon / step)) + Math.round(refit / step);
  }
  const horizonSteps = Math.max(1, Math.round(horizon / callStep));
  return Math.ceil((horizonSteps * callStep + refit - callStep) / step) + 1;
}

/**
 * A call's refit interval on the grid of `step`: its `refit=` or the default, aligned down to the step,
 * at least one step (windowedFits.ts refitInterval, for a parsed call).
 */
export function refitEvery(options: FunctionOptions, defaults: Pick<EngineDefaults, 'refit'>, step: number): number {
  return Math.max(step, alignDown(options.refit ?? defaults.refit, step));
}

/**
 * The step a forecast of `horizon` ms, refitted every `refit` ms, fits on when its call's grid is
 * `step`: `step` itself when the fit's steps fit `limit`, else the smallest multiple `k * step` that
 * does and divides an hour (the refit grid: every hourly fit time is a sample of the coarse read), else
 * one that divides a day (a daily cycle keeps a whole number of steps), else the smallest that fits.
 *
 * @example forecastGridStep(14 * 86_400_000, 3_600_000, 60_000) // 120_000: 10,111 steps of 2 minutes
 * @example forecastGridStep(365 * 86_400_000, 3_600_000, 15_000) // 3_600_000: 8,762 steps of 1 hour
 */
export function forecastGridStep(horizon: number, refit: number, step: number, limit = FORECAST_STEP_LIMIT): number {
  if (!(step > 0) || forecastStepCount(horizon, refit, step) <= limit) {
    return step;
  }
  const least = Math.max(2, Math.ceil((horizon + refit) / step / limit));
  const fits = (k: number) => forecastStepCount(horizon, refit, k * step, step) <= limit;
  for (const grid of [HOUR_MS, DAY_MS]) {
    for (let k = least; k * step <= grid; k++) {
      if (grid % (k * step) === 0 && fits(k)) {
        return k * step;
      }
    }
  }
  let k = least;
  while (!fits(k)) {
    k++;
  }
  return k * step;
}

/** Whether a call is a forecast (forecast, forecast_lower, forecast_upper). */
export function isForecastCall(func: FunctionName | undefined): boolean {
  return func?.startsWith('forecast') === true;
}

/**
 * The step a forecast call on the grid of `step` reads its window at and forecasts on
 * ({@link forecastGridStep}); `step` for any other call. Refuses, with a one-line error, a horizon
 * beyond {@link MAX_FORECAST_HORIZON} that its grid cannot hold, and one shorter than the coarse step its refit interval needs.
 */
export function forecastReadStep(
  options: FunctionOptions,
  defaults: Pick<EngineDefaults, 'refit'>,
  step: number,
  func: FunctionName | undefined,
  horizon: number | undefined
): number {
  if (!isForecastCall(func) || horizon === undefined) {
    return step;
  }
  const refit = refitEvery(options, defaults, step);
  const at = forecastGridStep(horizon, refit, step);
  // Within the limit a call answers as it always has, whatever its horizon (365 steps of a day or more).
  if (at > step && horizon > MAX_FORECAST_HORIZON) {
    throw new KindedError(
      'bad_input',
      `forecast horizon plus refit interval is ${formatCount(forecastStepCount(horizon, refit, step))} steps at step ${formatDuration(step)}, more than the limit of ${formatCount(FORECAST_STEP_LIMIT)}, and a horizon of ${formatDuration(horizon)} is beyond the year a coarser grid serves; use a horizon of at most 365d`
    );
  }
  if (at > step && Math.max(1, Math.round(horizon / step)) * step < at) {
    throw new KindedError(
      'bad_input',
      `forecast horizon ${formatDuration(horizon)} is shorter than the ${formatDuration(at)} grid its refit interval of ${formatDuration(refit)} needs within ${formatCount(FORECAST_STEP_LIMIT)} forecast steps; use a shorter refit=`
    );
  }
  return at;
}

/**
 * What a forecast read on the coarser grid `at` rather than its call's `step` says: the grid, and the
 * steps the call's grid would have taken. Undefined when it was not coarsened.
 */
export function coarseForecastWarning(horizon: number, refit: number, step: number, at: number): string | undefined {
  if (at <= step) {
    return undefined;
  }
  return (
    `forecast fitted on a ${formatDuration(at)} grid (one sample in ${formatCount(Math.round(at / step))}), not step ` +
    `${formatDuration(step)}: its horizon of ${formatDuration(horizon)} plus the ${formatDuration(refit)} refit interval ` +
    `is ${formatCount(forecastStepCount(horizon, refit, step))} steps at ${formatDuration(step)}, more than the limit of ` +
    `${formatCount(FORECAST_STEP_LIMIT)}; values between its steps are interpolated`
  );
}

/**
 * A forecast path on the grid `t` (ascending, evenly spaced) read at time `at`: the value at the path's
 * point there, else the straight line between the points either side; NaN outside the path.
 */
export function pathValueAt(t: ArrayLike<number>, values: ArrayLike<number>, at: number): number {
  const n = t.length;
  if (n === 0) {
    return NaN;
  }
  const stepMs = n > 1 ? t[1] - t[0] : 1;
  const p = (at - t[0]) / stepMs;
  const i = Math.floor(p + 1e-9);
  if (i < 0 || i >= n) {
    return NaN;
  }
  const w = p - i;
  if (Math.abs(w) < 1e-9) {
    return values[i];
  }
  return i + 1 < n ? values[i] + w * (values[i + 1] - values[i]) : NaN;
}

/** Whether either point of the path beside time `at` is marked (a bound held or clipped there). */
export function pathMarkAt(t: ArrayLike<number>, marks: ArrayLike<number> | undefined, at: number): boolean {
  if (!marks || t.length === 0) {
    return false;
  }
  const stepMs = t.length > 1 ? t[1] - t[0] : 1;
  const p = (at - t[0]) / stepMs;
  const i = Math.floor(p + 1e-9);
  const w = p - i;
  return marks[i] === 1 || (Math.abs(w) >= 1e-9 && marks[i + 1] === 1);
}
