/**
 * Time to exhaustion: when will a series reach a limit (a ceiling for 'up', a floor for 'down')?
 *
 * `timeToExhaustion(series, { capacity, direction, model?, horizon?, now?, level? })` returns
 * {@link TimeToExhaustion}:
 * - `seconds`: from `now` until the point forecast first reaches `capacity` (linear interpolation between
 *   forecast steps); `+Infinity` when it does not within the horizon (not heading there, or too slowly);
 *   0 when the limit is already reached (`alreadyExceeded`).
 * - `lower`, `upper`: the same crossing for the edges of the prediction interval (coverage `level`): the
 *   pessimistic edge gives `lower` (it may be finite while `seconds` is +Infinity: "could happen by
 *   then"), the optimistic edge gives `upper` (+Infinity when it stays clear of the limit).
 * - `confidence` in [0, 1]: how much to trust `seconds`. For a finite crossing: (one-sided Mann-Kendall
 *   probability of a trend toward the limit) x (lower / upper, or 0.5 lower / seconds when upper is
 *   +Infinity): a significant trend and a tight interval give values near 1. For +Infinity: 1 when even
 *   the pessimistic edge stays clear of the limit over the horizon, else lower / horizon (a pessimistic
 *   crossing soon means little confidence in "never").
 * - `model`: the forecaster used (default 'auto': chosen by backtest among the trend-following models,
 *   see forecast/trendCandidates.ts; 'holt' is Holt-Winters with an undamped trend, 'quadratic' a
 *   parabola for accelerating fills, used only when it clearly wins the backtest).
 * - `trend`: Mann-Kendall test of the segment; `slopePerSecond`: its Sen's slope.
 * - `segmentStart`: timestamp (ms) of the first point after the last reset (see resets.ts); only that
 *   segment is used. `resets` tells whether a reset was found.
 * - `withinHorizon`: false when the horizon ended before the point forecast reached the limit.
 * - `lastValue`: the last finite value used.
 * `now` (ms, default the last timestamp) cuts off later data, so a past `now` replays history.
 * `horizon` is in ms (default 30 days), at most 20,000 steps of the series' step.
 * Errors (MlError): 'bad_input' for a non-finite capacity, a bad direction or horizon; 'not_enough_data'
 * when fewer than 3 finite values remain in the segment; plus those of `forecast()`.
 */
import { prepareSeries } from '../core/prepare';
import { ForecastModel, forecast } from '../forecast';
import { MannKendallResult, mannKendall } from '../trend/mannKendall';
import { perSecond, sensSlope } from '../trend/sensSlope';
import { MlError, Series } from '../types';
import { lastResetIndex } from './resets';

export interface TimeToExhaustionOptions {
  /** The limit: a ceiling when direction is 'up', a floor (e.g. 0 bytes free) when 'down'. */
  capacity: number;
  direction: 'up' | 'down';
  /** Forecaster (default 'auto'). */
  model?: ForecastModel;
  /** How far ahead to look, in ms (default 30 days). */
  horizon?: number;
  /** Evaluation time in ms (default: the last timestamp); later points are ignored. */
  now?: number;
  /** Coverage of the interval the bounds come from (default 0.95). */
  level?: number;
  /** Seasonal period passed to the forecaster (default 'auto'). */
  season?: 'auto' | number;
}

export interface TimeToExhaustion {
  seconds: number;
  lower: number;
  upper: number;
  confidence: number;
  model: string;
  alreadyExceeded: boolean;
  withinHorizon: boolean;
  trend: MannKendallResult;
  slopePerSecond: number;
  segmentStart: number;
  resets: boolean;
  lastValue: number;
}

const DAY_MS = 86_400_000;
const MAX_STEPS = 20_000;

/** First time (ms) at which `y` reaches `capacity` in `direction`, interpolated; Infinity if never. */
function firstCrossing(
  t0: number,
  y0: number,
  t: Float64Array,
  y: Float64Array,
  capacity: number,
  up: boolean
): number {
  let prevT = t0;
  let prevY = y0;
  for (let k = 0; k < t.length; k++) {
    const reached = up ? y[k] >= capacity : y[k] <= capacity;
    if (reached) {
      const frac = y[k] === prevY ? 1 : Math.min(1, Math.max(0, (capacity - prevY) / (y[k] - prevY)));
      return prevT + frac * (t[k] - prevT);
    }
    prevT = t[k];
    prevY = y[k];
  }
  return Infinity;
}

/**
 * @example timeToExhaustion({ t, v: bytesFree }, { capacity: 0, direction: 'down' }).seconds / 86400 // days left
 */
export function timeToExhaustion(series: Series, options: TimeToExhaustionOptions): TimeToExhaustion {
  const { capacity, direction } = options;
  if (!Number.isFinite(capacity)) {
    throw new MlError('bad_input', `capacity must be a finite number, got ${capacity}`);
  }
  if (direction !== 'up' && direction !== 'down') {
    throw new MlError(
      'bad_input',
      `direction must be 'up' (rising to a ceiling) or 'down' (falling to a floor), got ${direction}`
    );
  }
  const horizonMs = options.horizon ?? 30 * DAY_MS;
  if (!(horizonMs > 0 && Number.isFinite(horizonMs))) {
    throw new MlError('bad_input', `horizon must be a positive number of milliseconds, got ${horizonMs}`);
  }
  const up = direction === 'up';
  const prepared = prepareSeries(series);
  const now = options.now ?? prepared.t[prepared.t.length - 1];
  if (options.now !== undefined && !Number.isFinite(options.now)) {
    throw new MlError('bad_input', `now must be a timestamp in ms, got ${options.now}`);
  }
  let end = prepared.t.length;
  while (end > 0 && prepared.t[end - 1] > now) {
    end--;
  }
  const t = prepared.t.subarray(0, end);
  const v = prepared.v.subarray(0, end);
  const start = lastResetIndex(v, direction);
  const segT = t.subarray(start);
  const segV = v.subarray(start);
  let finite = 0;
  let lastValue = NaN;
  for (let i = 0; i < segV.length; i++) {
    if (Number.isFinite(segV[i])) {
      finite++;
      lastValue = segV[i];
    }
  }
  if (finite < 3) {
    throw new MlError(
      'not_enough_data',
      `time to exhaustion needs at least 3 finite values since the last reset, got ${finite}`
    );
  }
  const trend = mannKendall(segV);
  const slopePerSecond = perSecond(sensSlope(segT, segV).slope);
  const base = { trend, slopePerSecond, segmentStart: segT[0], resets: start > 0, lastValue };
  const towardP = (up ? trend.z > 0 : trend.z < 0) ? 1 - trend.pValue / 2 : trend.pValue / 2;

  if (up ? lastValue >= capacity : lastValue <= capacity) {
    return {
      ...base,
      seconds: 0,
      lower: 0,
      upper: 0,
      confidence: 1,
      model: 'none',
      alreadyExceeded: true,
      withinHorizon: true,
    };
  }

  const probe = prepareSeries({ t: segT, v: segV });
  const step = probe.stepMs > 0 ? probe.stepMs : horizonMs;
  const lastT = segT[segT.length - 1];
  const steps = Math.max(1, Math.min(MAX_STEPS, Math.ceil((horizonMs + (now - lastT)) / step)));
  const f = forecast(
    { t: segT, v: segV },
    {
      model: options.model ?? 'auto',
      horizon: steps,
      season: options.season,
      level: options.level,
      step,
      purpose: 'exhaustion',
    }
  );
  const fromNow = (ms: number) => (Number.isFinite(ms) ? Math.max(0, (ms - now) / 1000) : Infinity);
  const seconds = fromNow(firstCrossing(lastT, lastValue, f.t, f.yhat, capacity, up));
  const pessimistic = up ? f.upper : f.lower;
  const optimistic = up ? f.lower : f.upper;
  const lower = Math.min(seconds, fromNow(firstCrossing(lastT, lastValue, f.t, pessimistic, capacity, up)));
  const upper = Math.max(seconds, fromNow(firstCrossing(lastT, lastValue, f.t, optimistic, capacity, up)));
  let confidence: number;
  if (Number.isFinite(seconds)) {
    const precision = Number.isFinite(upper)
      ? upper > 0
        ? lower / upper
        : 1
      : seconds > 0
        ? (0.5 * lower) / seconds
        : 0.5;
    confidence = towardP * precision;
  } else {
    confidence = Number.isFinite(lower) ? lower / (horizonMs / 1000) : 1;
  }
  return {
    ...base,
    seconds,
    lower,
    upper,
    confidence: Math.min(1, Math.max(0, confidence)),
    model: f.model,
    alreadyExceeded: false,
    withinHorizon: Number.isFinite(seconds),
  };
}
