/**
 * Forecasting entry point.
 *
 * `forecast(series, { model, horizon, step?, season?, level? })` returns the `horizon` steps after the
 * last point (ms timestamps) with a prediction interval (`ForecastResult`, see ../types).
 * - The series is sanitised by `prepareSeries` (sorted, duplicates merged, +-Inf -> NaN), then put on a
 *   regular grid of `step` ms (default: prepareSeries' step, the median spacing or, for irregular
 *   times, the fitted grid's); empty slots are NaN. Models that cannot
 *   skip NaN see a linearly interpolated copy.
 * - `season`: a period in steps, 0 for none, or 'auto' (default) to detect one by autocorrelation.
 *   Seasonal models need two full seasons; with less they run without a season.
 * - `model` 'auto' (default): on a seasonal series (two full seasons) once augurs is loaded, the median
 *   of the three of nine simple forecasts that backtested best on the series (combination.ts;
 *   `ForecastResult.model` 'combination');
 *   otherwise the best of the other models by rolling-origin backtest (see auto.ts), where a model
 *   whose band would be held gives way to one within 50 % of its score that keeps its own
 *   (heldChoice.ts);
 *   `ForecastResult.model` names the one used. Intervals of 'mstl', 'prophet' and the combination are
 *   calibrated (calibration.ts). A model that fell back (e.g. mstl without a season ->
 *   holtwinters) is reported under the name actually used. `purpose: 'exhaustion'` restricts 'auto' to
 *   trend-following models (trendCandidates.ts: linear, theilsen, prophet, 'holt', an undamped
 *   Holt-Winters, and 'quadratic', a parabola admitted only when it clearly wins).
 * - When the Mann-Kendall trend of the input is significant (trendTest.ts, 1 %) and its line explains at
 *   least half the variance, 'auto' does not choose a model whose forecast does not follow it: naive2 and seasonal naive are skipped, and a candidate whose
 *   forecast drifts by less than half of Sen's slope (or the other way) gives way to the next best; when
 *   none follows, the best trend-following model (trendCandidates.ts) is used. `ForecastResult.trend`
 *   reports the test.
 * - With `purpose: 'forecast'` only the segment after the last clear reset is used (a disk clean-up or a
 *   counter restart; resetSegment.ts): `ForecastResult.segmentStart` says where it starts. While that
 *   segment holds less than two days, the steady tooth before the reset, moved by the reset's step,
 *   comes first when time to exhaustion's carry rule carries it (youngSegment.ts: a clean-up does not
 *   change the daily write pattern, a restart does not stop a leak), from the reset's own sample on;
 *   `ForecastResult.carriedAcross` then names the reset. `resets: false` uses the whole series.
 *   With `windowStart` the values before it (a door's look-back) are read only to tell whether a reset
 *   begins the window's first tooth, by time to exhaustion's rule (tte/carryRate.ts toothOpening).
 * - `bounds: { min?, max? }` clamps the forecast and its interval (free space >= 0, a ratio in [0, 1]).
 * - With purpose 'forecast', the band of the combination and of the models in bandLimit.ts
 *   MODEL_BAND_RANGES is held within a multiple of the window's range of the forecast;
 *   `ForecastResult.bandHeld` marks the steps held.
 * - A constant series gets a flat forecast with a zero-width interval from every model.
 * - 'mstl' uses WebAssembly: `await initForecasting()` once before; until then it throws and 'auto'
 *   leaves it and the combination out. Everything else is synchronous.
 * Errors (MlError): 'bad_input' for bad options, mismatched lengths, values beyond 1e150 or a grid of
 * more than 1,000,000 steps; 'not_enough_data' for fewer than 3 finite values; 'unknown_model'.
 */
import { FORECAST_MODELS, type ForecastModel, isForecastModel, unknownModelMessage } from '../../common/models';
import { finiteCount } from '../../common/finiteCount';
import { prepareSeries } from '../core/prepare';
import { ForecastResult, ForecastTrend, MlError, Series } from '../types';
import { augursLoaderSupplied, loadAugursMstl, augursMstl } from './augursLoader';
import { backtest } from './auto';
import { INTERVAL_SCALES, calibrated } from './calibration';
import { combinationForecaster, combinationRankedOver } from './combination';
import { Bounds, checkBounds, clampMarking } from './bounds';
import { heldAfterClamp, MODEL_BAND_RANGES, windowLimitedBand } from './bandLimit';
import { bandWouldBeHeldAgainst, chooseKeepingBand } from './heldChoice';
import {
  holtWintersForecaster,
  linearForecaster,
  mstlForecaster,
  prophetForecaster,
  theilSenForecaster,
} from './forecasters';
import { interpolateGaps, toGrid } from './grid';
import { Forecaster, ModelInput, ModelOutput } from './model';
import { naive2Forecaster, seasonalNaiveForecaster } from './naive';
import { lastClearReset, youngReset } from './resetSegment';
import { carriedSegment, splitLookBack } from './youngSegment';
import { seasonPeriod } from './seasonPeriod';
import { excursionWarning, trailingExcursion, withoutExcursion } from './excursion';
import { DEFAULT_ADAPT_AFTER_MS } from '../detect/types';
import { CURVES } from './curvedTrend';
import {
  TREND_CANDIDATES,
  chooseTrendModel,
  trendBacktest,
  trendCandidatesFor,
  unscoredTrendModel,
} from './trendCandidates';
import { tteSettings } from '../tte/settings';
import { driftHorizon, followsTrend, spreadSeason, trendTest, withinSpread } from './trendTest';

/** Names accepted by `forecast({ model })`, and all of them 'auto' first: from the catalogue. */
export type { ForecastModel };
export { FORECAST_MODELS };

const IMPLEMENTATIONS: Record<Exclude<ForecastModel, 'auto'>, Forecaster> = {
  linear: linearForecaster,
  theilsen: theilSenForecaster,
  holtwinters: holtWintersForecaster,
  mstl: calibrated(mstlForecaster, INTERVAL_SCALES.mstl),
  prophet: calibrated(prophetForecaster, INTERVAL_SCALES.prophet),
  seasonal_naive: seasonalNaiveForecaster,
  naive2: naive2Forecaster,
};

/** Options of {@link forecast}. */
export interface ForecastOptions {
  model?: ForecastModel;
  /** Number of steps to forecast (1..100,000). */
  horizon: number;
  /** Step in ms; default prepareSeries' step (the median spacing; for irregular times the fitted grid's). */
  step?: number;
  /** Seasonal period in steps, 0 = none, or 'auto' (default). */
  season?: 'auto' | number;
  /** Interval coverage in (0, 1); default 0.95. */
  level?: number;
  /**
   * What 'auto' chooses for: 'forecast' (default) backtests every model; 'exhaustion' only models that
   * keep following a trend far ahead (see trendCandidates.ts), as time to exhaustion needs.
   */
  purpose?: 'forecast' | 'exhaustion';
  /** Physical limits the forecast and interval are clamped to, e.g. { min: 0 } for free space. */
  bounds?: Bounds;
  /** With purpose 'forecast': use only the segment after the last clear reset (default true). */
  resets?: boolean;
  /**
   * With purpose 'forecast': a trailing excursion younger than this (ms; anomaly detection's
   * `adaptAfter`, default 1 h) is not carried forward (excursion.ts); 0 carries every point.
   */
  adaptAfter?: number;
  /**
   * Start (ms) of the training window when the series holds values read before it (a door's
   * look-back, src/engine context.ts lookBack): with purpose 'forecast', read only to tell whether a
   * reset begins the window's first tooth, as time to exhaustion reads them (youngSegment.ts
   * splitLookBack, tte/carryRate.ts toothOpening); never fitted.
   */
  windowStart?: number;
}

/** Models whose forecast has no trend at all; 'auto' skips them when the trend rule binds. */
const TREND_FREE = ['naive2', 'seasonal_naive'];

/** Loads the WebAssembly needed by 'mstl'. Safe to call more than once. */
export async function initForecasting(): Promise<void> {
  await loadAugursMstl();
}

/**
 * Loads augurs when the host supplied a loader (Node: the companion, CLI, eval and bench; the
 * browser's engine worker: src/worker/augursBundled.ts), so 'auto' and 'mstl' behave the same behind
 * every door; without one (e.g. a page that imports src/ml directly) it does nothing, and 'auto'
 * runs without MSTL and the combination.
 */
export async function initForecastingIfSupplied(): Promise<void> {
  if (augursLoaderSupplied()) {
    await loadAugursMstl();
  }
}

/** True once `initForecasting()` has completed (so 'mstl' is available). */
export function isMstlReady(): boolean {
  return augursMstl() !== undefined;
}

const MAX_GRID = 1_000_000;

/**
 * The level and season a forecast runs with, or the refusal of a bad one (time to exhaustion checks
 * them before it decides without a forecast, so both paths refuse the same options).
 */
export function checkLevelAndSeason(options: Pick<ForecastOptions, 'level' | 'season'>): {
  level: number;
  season: 'auto' | number;
} {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new MlError('bad_input', `level must be between 0 and 1 (e.g. 0.95), got ${level}`);
  }
  const season = options.season ?? 'auto';
  if (season !== 'auto' && !(Number.isInteger(season) && season >= 0)) {
    throw new MlError('bad_input', `season must be 'auto' or a whole number of steps >= 0, got ${season}`);
  }
  return { level, season };
}

/** Validates the input and builds what every forecaster receives. Exported for eval/bench. */
export function prepareForecastInput(series: Series, options: ForecastOptions): ModelInput {
  const horizon = options.horizon;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 100_000) {
    throw new MlError('bad_input', `horizon must be a whole number of steps from 1 to 100000, got ${horizon}`);
  }
  const { level, season } = checkLevelAndSeason(options);
  const prepared = prepareSeries(series);
  const finite = finiteCount(prepared.v);
  if (finite < 3) {
    throw new MlError('not_enough_data', `forecasting needs at least 3 finite values, got ${finite}`);
  }
  const step = options.step ?? prepared.stepMs;
  if (!(step > 0 && Number.isFinite(step))) {
    throw new MlError('bad_input', `step must be a positive number of milliseconds, got ${step}`);
  }
  const n = prepared.t.length;
  const slots = (prepared.t[n - 1] - prepared.t[0]) / step + 1;
  if (slots > MAX_GRID) {
    throw new MlError(
      'bad_input',
      `the series spans ${Math.round(slots)} steps of ${step} ms (limit ${MAX_GRID}); pass a larger step`
    );
  }
  const grid = toGrid(prepared.t, prepared.v, step);
  const filled = interpolateGaps(grid.v);
  const period = seasonPeriod(filled, season);
  const last = grid.t[grid.t.length - 1];
  const futureT = Float64Array.from({ length: horizon }, (_, k) => last + (k + 1) * step);
  return { t: grid.t, v: grid.v, filled, step, period, horizon, level, futureT };
}

function isConstant(v: Float64Array): boolean {
  let first = NaN;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      if (Number.isNaN(first)) {
        first = v[i];
      } else if (v[i] !== first) {
        return false;
      }
    }
  }
  return true;
}

/** Candidates for 'auto': every model except mstl before initForecasting(). */
export function autoCandidates(): Record<string, Forecaster> {
  const out: Record<string, Forecaster> = { ...IMPLEMENTATIONS };
  if (!isMstlReady()) {
    delete out.mstl;
  }
  return out;
}

/**
 * Forecasts `horizon` steps after the last point of `series`.
 *
 * @example forecast({ t, v }, { model: 'holtwinters', horizon: 24, season: 24 }).yhat
 */
export function forecast(series: Series, options: ForecastOptions): ForecastResult {
  const model = options.model ?? 'auto';
  if (!isForecastModel(model)) {
    throw new MlError('unknown_model', unknownModelMessage('forecast', model));
  }
  checkBounds(options.bounds);
  const exhaustion = options.purpose === 'exhaustion';
  if (options.purpose !== undefined && options.purpose !== 'forecast' && !exhaustion) {
    throw new MlError('bad_input', `purpose must be 'forecast' or 'exhaustion', got ${options.purpose}`);
  }
  // Values before the window (a look-back) only locate a reset that begins it: the models fit the window.
  const split = splitLookBack(series, options.windowStart);
  let input = prepareForecastInput(split.window, options);
  // Judged on the whole window (the detector needs its warm-up), before a reset cuts it.
  const adaptAfter = options.adaptAfter ?? DEFAULT_ADAPT_AFTER_MS;
  let excursion = exhaustion ? undefined : trailingExcursion(input.t, input.v, adaptAfter);
  let segmentStart: number | undefined;
  let carriedAcross: number | undefined;
  if (!exhaustion && options.resets !== false) {
    const reset = lastClearReset(input.v, input.period, input);
    const start = reset?.start ?? 0;
    if (reset && start > 0) {
      // Under two days since the reset: the tooth before carried across it as time to exhaustion
      // carries it (youngSegment.ts), from the reset's own sample on.
      const season = checkLevelAndSeason(options).season;
      const carried = carriedSegment(input, start, reset.direction, season, split.afterReset(start, reset.direction));
      if (reset.young && !carried) {
        throw youngReset(input.v, start, input.t);
      }
      const from = carried ? carried.carried.from : start;
      carriedAcross = carried ? input.t[start] : undefined;
      input = carried ? carried.input : fromIndex(input, start);
      segmentStart = input.t[0];
      // A clear reset (a restart, a clean-up) where the excursion starts is the new tooth, as before.
      excursion = excursion && excursion.start > start ? { ...excursion, start: excursion.start - from } : undefined;
    }
  }
  // The trend test reads the values as they are (a stock's jump is real); the models fit the
  // detector's expected values in place of a trailing excursion younger than adaptAfter.
  const observed = input;
  if (excursion) {
    const v = withoutExcursion(input.v, excursion);
    const filled = input.filled.slice();
    filled.set(excursion.expected, excursion.start);
    input = { ...input, v, filled };
  }
  const lastValue = observed.v[observed.v.length - 1];
  const extra = {
    ...(segmentStart !== undefined ? { segmentStart } : {}),
    ...(carriedAcross !== undefined ? { carriedAcross } : {}),
  };
  const result = (name: string, modelOut: ModelOutput, trend?: ForecastTrend): ForecastResult => {
    // A forecast's band held within the window's range as the model's was measured to need (the
    // combination holds its own); time to exhaustion's band is its own matter (src/ml/tte).
    const ranges = MODEL_BAND_RANGES[name];
    const limited =
      !exhaustion && name !== COMBINATION && ranges !== undefined
        ? windowLimitedBand(modelOut, input.filled, ranges)
        : modelOut;
    const out = excursion ? holdingValue(limited, lastValue) : limited;
    const said = excursion ? excursionWarning(excursion, out.yhat[0], lastValue, input.step, adaptAfter) : undefined;
    const warnings = said !== undefined ? [said] : [];
    const [, clampedLower, clampedUpper] = [out.yhat, out.lower, out.upper].map((a) => clampMarking(a, options.bounds));
    const bandHeld = heldAfterClamp(out.bandHeld, clampedLower, clampedUpper);
    return {
      t: input.futureT,
      yhat: out.yhat,
      lower: out.lower,
      upper: out.upper,
      model: name,
      level: input.level,
      ...extra,
      ...(excursion && said !== undefined
        ? {
            excursion: {
              since: input.t[excursion.start],
              count: excursion.count,
              direction: excursion.direction,
              warning: said,
            },
          }
        : {}),
      ...(trend ? { trend } : {}),
      ...(bandHeld ? { bandHeld } : {}),
      ...(warnings.length ? { warnings } : {}),
    };
  };
  const fallback = exhaustion ? 'linear' : 'naive2';
  if (isConstant(input.v)) {
    const c = input.filled[0];
    const flat = () => new Float64Array(input.horizon).fill(c);
    return result(model === 'auto' ? fallback : model, { yhat: flat(), lower: flat(), upper: flat() });
  }
  if (model !== 'auto') {
    return result(...checked(model, IMPLEMENTATIONS[model], input));
  }
  if (exhaustion) {
    const candidates = trendCandidatesFor(input);
    const scores = trendBacktest(input, candidates);
    const { choiceMargin, curveHacT, curveNeedsAcceleration } = tteSettings();
    const name =
      chooseTrendModel(input, scores, choiceMargin, curveHacT, curveNeedsAcceleration === 1) ??
      unscoredTrendModel(input);
    const chosen = checked(name, candidates[name], input);
    return result(...(tteSettings().curveUnion === 1 ? withOtherCurve(chosen, candidates, input) : chosen));
  }
  const trend = trendTest(observed.t, observed.v, observed.period, observed.step);
  // Over a whole season of the test, the forecast's mean slope must also lie within the test's spread.
  const season = spreadSeason(trend, input.horizon);
  // Forecast far enough to measure the drift, then keep the requested steps.
  const long = withHorizon(input, driftHorizon(input.horizon, Math.max(input.period, season)));
  const follows = (out: ModelOutput) =>
    followsTrend(out.yhat, input.step, input.period, trend.slopePerSecond) &&
    (season === 0 || withinSpread(out.yhat, input.step, season, trend.slopeSpread));
  if (usesCombination(input)) {
    // Members ranked on the requested horizon's hold-out even when forecasting `long` for the drift.
    const out = trend.binding
      ? tryChecked(COMBINATION, combinationRankedOver(input.horizon, true), long)
      : tryChecked(COMBINATION, combinationForecaster, input);
    if (out && (!trend.binding || follows(out[1]))) {
      return result(out[0], firstSteps(out[1], input.horizon), trend);
    }
  }
  const candidates = autoCandidates();
  const ranked = backtest(input, candidates).filter((s) => Number.isFinite(s.score));
  // A band the hold would cut gives way to a near-equal candidate that keeps its own (heldChoice.ts).
  const held = (name: string, out: ModelOutput, instead?: string) =>
    bandWouldBeHeldAgainst(name, out, input.filled, instead);
  if (!trend.binding) {
    const first = ranked[0]?.model ?? fallback;
    const fit = (model: string) =>
      model === first ? checked(model, candidates[model], input) : tryChecked(model, candidates[model], input);
    return result(...(chooseKeepingBand(ranked, fit, held) ?? fit(first)!), trend);
  }
  const following = chooseKeepingBand(
    ranked,
    (model) => {
      if (TREND_FREE.includes(model)) {
        return undefined;
      }
      const [name, out] = checked(model, candidates[model], long);
      return follows(out) ? [name, firstSteps(out, input.horizon)] : undefined;
    },
    held
  );
  if (following) {
    return result(...following, trend);
  }
  // None of them follows: the trend-following models, best backtest first (a curve only as the admitted
  // first choice), the first that follows; Sen's own line (Theil-Sen) otherwise.
  const scores = backtest(input, TREND_CANDIDATES).filter((s) => Number.isFinite(s.score));
  const first = chooseTrendModel(input, scores);
  for (const name of [first, ...scores.map((s) => s.model).filter((m) => m !== first && !CURVES.includes(m))]) {
    if (name !== undefined) {
      const [used, out] = checked(name, TREND_CANDIDATES[name], long);
      if (follows(out)) {
        return result(used, firstSteps(out, input.horizon), trend);
      }
    }
  }
  return result(...checked('theilsen', TREND_CANDIDATES.theilsen, input), trend);
}

/**
 * `out` with its band widened to hold `value` at every step (the last value of a trailing excursion:
 * it may yet be the new level); a widened edge is no longer held (bandLimit.ts).
 */
function holdingValue(out: ModelOutput, value: number): ModelOutput {
  const lower = out.lower.map((x) => Math.min(x, value));
  const upper = out.upper.map((x) => Math.max(x, value));
  const held = out.bandHeld;
  return {
    ...out,
    lower,
    upper,
    ...(held
      ? {
          bandHeld: {
            ...held,
            lower: held.lower.map((x, k) => (lower[k] !== out.lower[k] ? 0 : x)),
            upper: held.upper.map((x, k) => (upper[k] !== out.upper[k] ? 0 : x)),
          },
        }
      : {}),
  };
}

/** The same input forecasting `horizon` steps. */
function withHorizon(input: ModelInput, horizon: number): ModelInput {
  if (horizon === input.horizon) {
    return input;
  }
  const last = input.t[input.t.length - 1];
  const futureT = Float64Array.from({ length: horizon }, (_, k) => last + (k + 1) * input.step);
  return { ...input, horizon, futureT };
}

/** The first `h` steps of a forecast. */
function firstSteps(out: ModelOutput, h: number): ModelOutput {
  const { bandHeld: held } = out;
  return {
    ...out,
    yhat: out.yhat.slice(0, h),
    lower: out.lower.slice(0, h),
    upper: out.upper.slice(0, h),
    ...(held ? { bandHeld: { ...held, lower: held.lower.slice(0, h), upper: held.upper.slice(0, h) } } : {}),
  };
}

/** The input from grid index `start` on (the season is dropped when fewer than two remain). */
function fromIndex(input: ModelInput, start: number): ModelInput {
  const v = input.v.slice(start);
  return {
    ...input,
    t: input.t.slice(start),
    v,
    filled: input.filled.slice(start),
    period: v.length >= 2 * input.period ? input.period : 0,
  };
}

/** Name `ForecastResult.model` gives the median combination (combination.ts). */
export const COMBINATION = 'combination';

/** 'auto' forecasts a seasonal series (two full seasons) with the combination once augurs is loaded. */
function usesCombination(input: ModelInput): boolean {
  return isMstlReady() && input.period >= 2 && input.filled.length >= 2 * input.period;
}

/** Like `checked`, but undefined when the model throws (the caller falls back to the backtest). */
function tryChecked(name: string, fn: Forecaster, input: ModelInput): [string, ModelOutput] | undefined {
  try {
    return checked(name, fn, input);
  } catch {
    return undefined;
  }
}

/**
 * A curve's forecast with its interval widened to the union of its own and the other curve's (the
 * parabola's and the exponential's, both fitted to the same segment): a few days of acceleration do not
 * tell a parabola from an exponential, and each interval alone assumes its own shape. Any other model,
 * or the other curve failing to fit, leaves the forecast as it is.
 */
function withOtherCurve(
  chosen: [string, ModelOutput],
  candidates: Readonly<Record<string, Forecaster>>,
  input: ModelInput
): [string, ModelOutput] {
  const [name, out] = chosen;
  const otherName = CURVES.find((c) => c !== name);
  if (!CURVES.includes(name) || !otherName || !candidates[otherName]) {
    return chosen;
  }
  const other = tryChecked(otherName, candidates[otherName], input);
  if (!other) {
    return chosen;
  }
  const lower = Float64Array.from(out.lower, (x, k) => Math.min(x, other[1].lower[k]));
  const upper = Float64Array.from(out.upper, (x, k) => Math.max(x, other[1].upper[k]));
  return [name, { ...out, lower, upper }];
}

/** Runs `fn` and refuses a non-finite point forecast. */
function checked(name: string, fn: Forecaster, input: ModelInput): [string, ModelOutput] {
  const out = fn(input);
  for (let k = 0; k < input.horizon; k++) {
    if (!Number.isFinite(out.yhat[k])) {
      throw new MlError(
        'bad_input',
        `model '${name}' produced a non-finite forecast; the values may be too large or degenerate`
      );
    }
  }
  return [out.model ?? name, out];
}

export { backtest } from './auto';
export type { BacktestScore } from './auto';
export type { ModelInput, ModelOutput, Forecaster } from './model';
/** The forecaster behind each model name but 'auto'. */
export { IMPLEMENTATIONS as FORECAST_IMPLEMENTATIONS };
export type { Bounds } from './bounds';
export { TREND_ALPHA } from './trendTest';
