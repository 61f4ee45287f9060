/**
 * The engine's function table: function name → implementation, each with the same signature. The
 * companion's parser keeps its signature table (companion/src/query/signatures.ts) in step with it,
 * checked by a test, as Prometheus does for its function tables.
 */
import { labelsKey } from './history';
import { utcMinute } from '../common/utcMinute';
import { type EngineEnv, type EvalGrid, seasonPoints, type SeriesValues, trainPointsLimit, trainRead } from './context';
import { detectOnGrid, explainedScoreOnGrid } from './detectRuns';
import { metricNameOf } from './metricName';
import { KindedError, LimitUnreachable } from './errors';
import { Refusals } from './refusals';
import type { NoTrendBeforeFit, TimeToExhaustion } from '../ml/tte';
import type { TrendSinceReset } from '../ml/trend/sinceReset';
import type { ForecastResult, Series } from '../ml/types';
import { alignDown } from './grid';
import { outliersOnGrid } from './groupOutliers';
import {
  clampMarking,
  describeBounds,
  exhaustionBeforeFit,
  exhaustionDirection,
  type ExhaustionSettings,
  forecastSeries,
  type PhysicalBounds,
  physicalBounds,
  timeToExhaustion,
  trendOf,
  unreachableLimit,
} from './models';
import { finiteCount } from '../common/finiteCount';
import { windowIndex } from '../ml/tte/carryRate';
import { heldAfterClamp } from '../ml/forecast/bandLimit';
import type { FunctionCall, FunctionName } from './query';
import { formatCount } from './warnings';
import { forecastStepCount, pathMarkAt, pathValueAt } from './forecastGrid';
import {
  type Fit,
  type Fitter,
  type FitterFamily,
  fitOnGrid,
  fitsAt,
  type FitsAt,
  jumpsAfter,
  stepFitTime,
  type Projector,
  refitInterval,
  seriesNotes,
} from './windowedFits';

/** Evaluates one of our functions at the grid points; returns a value per grid point per series. */
export type FunctionImpl = (q: FunctionCall, grid: EvalGrid, env: EngineEnv) => Promise<SeriesValues[]>;

function forecastFitter(q: FunctionCall, env: EngineEnv): Fitter<ForecastResult> {
  return async (given, { step, gridStep = step, refit, fitTime, windowStart }) => {
    // A long horizon reads its window on a coarser grid than the call's (forecastGrid.ts); the fit is
    // then read at the call's times from the coarse path.
    const coarse = step > gridStep;
    const { horizonSteps, steps } = forecastSteps(q, step, gridStep, refit, env);
    // With time to exhaustion's look-back (context.ts lookBack), read only for a reset at the window's start.
    const { window, withLookBack } = lookBackWindow(given, windowStart);
    if (finiteCount(window.v) < 3) {
      return undefined;
    }
    let trailingGap = 0;
    while (trailingGap < window.v.length && Number.isNaN(window.v[window.v.length - 1 - trailingGap])) {
      trailingGap++;
    }
    const r = await forecastSeries(given, {
      model: q.options.model ?? undefined,
      horizonSteps: steps + trailingGap,
      step,
      season: seasonPoints(q.options, step),
      level: q.options.level ?? env.defaults.level,
      ...withLookBack,
    });
    // The engine's physics: every door clamps the same way and counts what it clamped.
    const bounds = boundsOf(q, window.v);
    const marks = [r.yhat, r.lower, r.upper].map((a) => clampMarking(a, bounds));
    const pathWarning = clippedPathWarning(marks, r.yhat.length, bounds);
    // A bound the floor or ceiling set counts there, not as held within the window's range.
    const held = heldAfterClamp(r.bandHeld, marks[1], marks[2]);
    const { bandHeld: _, ...rest } = r;
    const detail: ForecastResult = {
      ...rest,
      ...(pathWarning ? { warnings: [...(r.warnings ?? []), pathWarning] } : {}),
      ...(held ? { bandHeld: held } : {}),
    };
    if (coarse) {
      return coarseFit(r, detail, fitTime + horizonSteps * gridStep, marks, held, bounds);
    }
    // The value at g = fitTime + delta is the forecast for g + horizon. r.t[0] is one step after the
    // last finite sample the engine used (trailing gaps are not forecast from), so locate by time.
    const first = Math.round((fitTime + horizonSteps * step - r.t[0]) / step);
    const kept = Math.round(refit / step);
    const slice = (arr: Float64Array): Projector => {
      const part = Float64Array.from({ length: kept }, (_, k) => arr[first + k] ?? NaN);
      return (delta) => part[Math.round(delta / step)] ?? NaN;
    };
    const sliceMarks = (m: Uint8Array | undefined) => {
      const part = Uint8Array.from({ length: kept }, (_, k) => m?.[first + k] ?? 0);
      return (delta: number) => part[Math.round(delta / step)] === 1;
    };
    return {
      outputs: { yhat: slice(r.yhat), lower: slice(r.lower), upper: slice(r.upper) },
      detail,
      warnings: r.warnings,
      ...excursionNote(r),
      // Marks on every forecast fit, held or not, so the warning's "of" counts every value returned.
      held: {
        outputs: { lower: sliceMarks(held?.lower), upper: sliceMarks(held?.upper) },
        ranges: held?.ranges ?? NaN,
      },
      ...(bounds.min !== undefined || bounds.max !== undefined
        ? {
            clipped: {
              outputs: { yhat: sliceMarks(marks[0]), lower: sliceMarks(marks[1]), upper: sliceMarks(marks[2]) },
              bounds: describeBounds(bounds),
            },
          }
        : {}),
    };
  };
}

/** A forecast's excursion warning, which a range query sums per series (stepWarnings.ts). */
function excursionNote(r: ForecastResult): Pick<Fit, 'stepWarning'> {
  return r.excursion
    ? {
        stepWarning: {
          text: r.excursion.warning,
          summary: 'the last samples were an excursion the models did not fit',
        },
      }
    : {};
}

/**
 * A fit on a coarser grid than the call's, read at the call's times: the value at fitTime + delta is
 * the path's at `target` + delta (`target`: the fit time plus the horizon on the call's grid), on the
 * line between the coarse steps either side (forecastGrid.ts pathValueAt); a bound counts as held or
 * clipped there when it was at either.
 */
function coarseFit(
  r: ForecastResult,
  detail: ForecastResult,
  target: number,
  marks: Array<Uint8Array | undefined>,
  held: ForecastResult['bandHeld'],
  bounds: PhysicalBounds
): Fit<ForecastResult> {
  const read =
    (arr: Float64Array): Projector =>
    (delta) =>
      pathValueAt(r.t, arr, target + delta);
  const marked = (m: Uint8Array | undefined) => (delta: number) => pathMarkAt(r.t, m, target + delta);
  return {
    outputs: { yhat: read(r.yhat), lower: read(r.lower), upper: read(r.upper) },
    detail,
    warnings: r.warnings,
    ...excursionNote(r),
    held: { outputs: { lower: marked(held?.lower), upper: marked(held?.upper) }, ranges: held?.ranges ?? NaN },
    ...(bounds.min !== undefined || bounds.max !== undefined
      ? {
          clipped: {
            outputs: { yhat: marked(marks[0]), lower: marked(marks[1]), upper: marked(marks[2]) },
            bounds: describeBounds(bounds),
          },
        }
      : {}),
    // The whole coarse path is kept: four arrays of doubles.
    bytes: 256 + 32 * r.t.length,
  };
}

/**
 * Forecast steps of a fit on the grid of `step` for a call on the grid of `gridStep` (the same grid,
 * or a coarser one for a long horizon: forecastGrid.ts): the horizon on the call's grid
 * (`horizonSteps`, in its steps), and the fit's steps that cover it and the refit interval after it
 * (`steps`), within the limit. On the call's own grid: the horizon (whole steps, at least one) plus the
 * refit interval.
 */
function forecastSteps(
  q: FunctionCall,
  step: number,
  gridStep: number,
  refit: number,
  env: EngineEnv
): { horizonSteps: number; steps: number } {
  const horizonSteps = Math.max(1, Math.round((q.horizon ?? 0) / gridStep));
  const count = forecastStepCount(q.horizon ?? 0, refit, step, gridStep);
  if (count > env.maxForecastSteps) {
    const where = step > gridStep ? `on the coarser grid of ${step / 1000}s` : `at step ${step / 1000}s`;
    throw new KindedError(
      'bad_input',
      `forecast horizon plus refit interval is ${count} steps ${where}, more than the limit of ${env.maxForecastSteps}; use a larger step=`
    );
  }
  return { horizonSteps, steps: count };
}

/** The forecast path's warning when bounds clipped some of its steps (the panel and the CLI show the path). */
function clippedPathWarning(
  marks: Array<Uint8Array | undefined>,
  steps: number,
  bounds: PhysicalBounds
): string | undefined {
  let count = 0;
  for (let k = 0; k < steps; k++) {
    count += marks.some((m) => m?.[k] === 1) ? 1 : 0;
  }
  return count === 0
    ? undefined
    : `${formatCount(count)} of ${formatCount(steps)} forecast steps held at the physical bounds, ${describeBounds(bounds)}; option bounds=none turns inferred bounds off`;
}

/** What a time_to_exhaustion call asks of the model on the grid of `step`, for a training `window`. */
function exhaustionSettings(q: FunctionCall, env: EngineEnv, step: number, window: Float64Array): ExhaustionSettings {
  // The points limit cut the data only when the history reaches the window's start.
  const dataLimit = Number.isFinite(window[0]) ? trainPointsLimit(q.options, env, step, q.func, q.capacity) : undefined;
  return {
    ...(dataLimit ? { dataLimit } : {}),
    direction: q.options.direction,
    level: q.options.level ?? env.defaults.level,
    // Default: the engine's 'auto', which for time to exhaustion chooses among trend-following models.
    model: q.options.model,
    // The companion's function has no horizon (the engine's default); the CLI's --horizon sets one.
    horizon: q.horizon,
    step,
    season: seasonPoints(q.options, step),
  };
}

/**
 * Refuses a limit the series can never reach (src/ml/forecast/bounds.ts unreachableLimit: above a
 * ratio's 1, a percentage's 100 or max=, below their 0 or min=) with a one-line error, in every door:
 * the forecast clamped to the bounds never crosses it, and unclamped it gave a crossing time. Refused
 * per series: the query fails only when every series is (refusals.ts).
 */
function checkReachable(q: FunctionCall, window: { t: Float64Array; v: Float64Array }): void {
  const capacity = q.capacity!;
  const why = unreachableLimit(
    window.v,
    { name: q.options.metric ?? metricNameOf(q.inner), unit: q.options.unit },
    { min: q.options.min, max: q.options.max },
    q.options.bounds ?? 'auto',
    capacity,
    exhaustionDirection(window, capacity, q.options.direction)
  );
  if (why !== undefined) {
    throw new LimitUnreachable(why);
  }
}

/**
 * The training window of what a fitter was given (from `windowStart`: context.ts lookBack), and the
 * settings that hand the look-back before it to the model (time to exhaustion, the trend test,
 * forecast()), which reads it only for a reset at the window's start.
 */
function lookBackWindow(
  given: Series,
  windowStart: number | undefined
): { window: Series; withLookBack: { windowStart?: number } } {
  if (windowStart === undefined || !(given.t.length > 0 && given.t[0] < windowStart)) {
    return { window: given, withLookBack: {} };
  }
  const i = windowIndex(given.t, windowStart);
  return { window: { t: given.t.subarray(i), v: given.v.subarray(i) }, withLookBack: { windowStart } };
}

const exhaustionFitter =
  (q: FunctionCall, env: EngineEnv, keepPath = false): Fitter<TimeToExhaustion> =>
  async (given, { step, windowStart }) => {
    const { window, withLookBack } = lookBackWindow(given, windowStart);
    if (finiteCount(window.v) < 3) {
      return undefined;
    }
    checkReachable(q, window);
    const r = await timeToExhaustion(given, q.capacity!, {
      ...exhaustionSettings(q, env, step, window.v),
      ...withLookBack,
    });
    return exhaustionFit(keepPath ? boundedPath(r, q, window.v) : withoutPath(r));
  };

/** The answer without the forecast it searched: only a view that draws it asks for it (`path`). */
function withoutPath<T extends TimeToExhaustion | NoTrendBeforeFit>(r: T): T {
  if (!('path' in r)) {
    return r;
  }
  const { path: _path, ...rest } = r;
  return rest as T;
}

/**
 * The answer with its forecast path clamped to the engine's physics, as the forecast's own path is
 * (copies: the model's arrays are shared with its cache). The crossings were computed before the
 * clamp; a ceiling at the limit moves a drawn crossing by less than one forecast step.
 */
function boundedPath(r: TimeToExhaustion, q: FunctionCall, window: Float64Array): TimeToExhaustion {
  if (!r.path) {
    return r;
  }
  const bounds = boundsOf(q, window);
  const [yhat, lower, upper] = [r.path.yhat, r.path.lower, r.path.upper].map((a) => Float64Array.from(a));
  [yhat, lower, upper].forEach((a) => clampMarking(a, bounds));
  return { ...r, path: { t: r.path.t, yhat, lower, upper } };
}

/** The fit of a time to exhaustion: seconds left, counted from each grid point. */
function exhaustionFit(r: TimeToExhaustion): Fit<TimeToExhaustion> {
  return {
    outputs: { seconds: (delta) => later(r.seconds, delta) },
    detail: r,
    warnings: r.warnings,
    // A kept path is counted at its size: four arrays of doubles.
    ...(r.path ? { bytes: 256 + 32 * r.path.t.length } : {}),
  };
}

/**
 * Time to exhaustion without a forecast where the trend test alone decides it (no trend toward the
 * limit is significant: 'no_trend', +Inf, the same as the full fit says), else the full fit. For
 * callers that need the time and not the interval of such rows (the home page's sort pass).
 */
const exhaustionFitterBeforeFit =
  (q: FunctionCall, env: EngineEnv): Fitter<TimeToExhaustion | NoTrendBeforeFit> =>
  async (given, { step, windowStart }) => {
    const { window, withLookBack } = lookBackWindow(given, windowStart);
    if (finiteCount(window.v) < 3) {
      return undefined;
    }
    checkReachable(q, window);
    const r = withoutPath(
      await exhaustionBeforeFit(given, q.capacity!, { ...exhaustionSettings(q, env, step, window.v), ...withLookBack })
    );
    return 'lower' in r ? exhaustionFit(r) : { outputs: { seconds: () => Infinity }, detail: r };
  };

/**
 * The trend test over the segment after the last reset: time to exhaustion's when the call says where
 * the series heads (direction=, or a capacity as time_to_exhaustion infers it), so the trend printed
 * beside a time to exhaustion covers the points it was computed on; else the forecast's.
 */
const trendFitter =
  (q: FunctionCall): Fitter<TrendSinceReset> =>
  async (given, { step, windowStart }) => {
    // With time to exhaustion's look-back (context.ts lookBack), read as it reads it.
    const { window, withLookBack } = lookBackWindow(given, windowStart);
    if (finiteCount(window.v) < 3) {
      return undefined;
    }
    const direction =
      q.capacity !== undefined ? exhaustionDirection(window, q.capacity, q.options.direction) : q.options.direction;
    const r = trendOf(given, seasonPoints(q.options, step), direction, withLookBack.windowStart);
    return { outputs: { slope: () => r.slopePerSecond, pvalue: () => r.pValue }, detail: r };
  };

/**
 * The call's physical bounds for a training window: inferred from the window's values, the metric
 * name (the inner query's, or the panel's series' `metric`), the unit and capacity the call carries (physicalBounds), with min= and max=
 * winning; bounds=none keeps only those.
 */
function boundsOf(q: FunctionCall, window: Float64Array): PhysicalBounds {
  const { min, max } = q.options;
  if (min !== undefined && max !== undefined && !(min < max)) {
    throw new KindedError('bad_input', `min must be below max, got min=${min} and max=${max}`);
  }
  return physicalBounds(
    window,
    {
      name: q.options.metric ?? metricNameOf(q.inner),
      unit: q.options.unit,
      capacity: q.capacity,
      direction: q.options.direction,
    },
    { min: q.options.min, max: q.options.max },
    q.options.bounds ?? 'auto'
  );
}

/** The metric name of a plain selector (moved to metricName.ts, which bandBounds.ts reads too). */
export { metricNameOf };

/** Seconds left `delta` ms after a fit that said `seconds` (a crossing does not move). */
export function later(seconds: number, delta: number): number {
  return Number.isFinite(seconds) ? Math.max(0, seconds - delta / 1000) : seconds;
}

/**
 * A time to exhaustion counted `delta` ms later than it was: every crossing (the time, its interval,
 * the segment's own) is that much nearer. The crossing times stay where the fit put them.
 */
export function countedLater<T extends TimeToExhaustion | NoTrendBeforeFit>(e: T, delta: number): T {
  if (delta === 0) {
    return e;
  }
  return {
    ...e,
    seconds: later(e.seconds, delta),
    ...('lower' in e ? { lower: later(e.lower, delta) } : {}),
    upper: later(e.upper, delta),
    ...('segmentAloneSeconds' in e && e.segmentAloneSeconds !== undefined
      ? { segmentAloneSeconds: later(e.segmentAloneSeconds, delta) }
      : {}),
  };
}

/** Rough bytes of one cached forecast fit: the whole path (four arrays) plus the kept slices. */
function forecastFitBytes(q: FunctionCall, step: number, env: EngineEnv): number {
  const at = trainRead(q.options, env, step, q.func, q.capacity, q.horizon).step;
  const refit = refitInterval(q, env, step);
  const { steps } = forecastSteps(q, Math.max(at, step), step, refit, env);
  return 8 * 4 * steps + 256;
}

/**
 * The fitter family of each windowed function, by cache name: its fitter for a call, and whether its
 * fits are a few numbers per series (`scalar`: kept apart from the detector runs, windowedFits.ts).
 */
const FITTERS = {
  forecast: { scalar: false, make: (q: FunctionCall, env: EngineEnv) => forecastFitter(q, env) },
  tte: { scalar: true, make: (q: FunctionCall, env: EngineEnv) => exhaustionFitter(q, env) },
  ttePath: { scalar: true, make: (q: FunctionCall, env: EngineEnv) => exhaustionFitter(q, env, true) },
  tteBeforeFit: { scalar: true, make: (q: FunctionCall, env: EngineEnv) => exhaustionFitterBeforeFit(q, env) },
  trend: { scalar: true, make: (q: FunctionCall) => trendFitter(q) },
} satisfies Record<string, { scalar: boolean; make: (q: FunctionCall, env: EngineEnv) => Fitter }>;

/** The family `name` of FITTERS for call `q`. */
function familyFor(name: keyof typeof FITTERS, q: FunctionCall, env: EngineEnv): FitterFamily {
  const { scalar, make } = FITTERS[name];
  return { name, fitter: make(q, env), scalar };
}

const fit =
  (family: keyof typeof FITTERS, pick: string): FunctionImpl =>
  (q, grid, env) =>
    fitOnGrid(
      q,
      grid,
      env,
      familyFor(family, q, env),
      pick,
      family === 'forecast' ? forecastFitBytes(q, grid.step, env) : 256
    );

/** Function name → implementation. Functions over the same fitter share its cached fits. */
export const FUNCTIONS: Record<FunctionName, FunctionImpl> = {
  anomaly_score: (q, grid, env) =>
    q.options.explain ? explainedScoreOnGrid(q, grid, env) : detectOnGrid(q, grid, env, 'score'),
  anomaly_upper: (q, grid, env) => detectOnGrid(q, grid, env, 'upper'),
  anomaly_lower: (q, grid, env) => detectOnGrid(q, grid, env, 'lower'),
  forecast: fit('forecast', 'yhat'),
  forecast_upper: fit('forecast', 'upper'),
  forecast_lower: fit('forecast', 'lower'),
  time_to_exhaustion: fit('tte', 'seconds'),
  trend_slope: fit('trend', 'slope'),
  trend_pvalue: fit('trend', 'pvalue'),
  outliers: (q, grid, env) => outliersOnGrid(q, grid, env, 'score'),
  outliers_upper: (q, grid, env) => outliersOnGrid(q, grid, env, 'upper'),
  outliers_lower: (q, grid, env) => outliersOnGrid(q, grid, env, 'lower'),
};

/** The fitter family of a windowed function, or undefined for detector functions. */
function familyOf(func: FunctionName): keyof typeof FITTERS | undefined {
  if (func.startsWith('forecast')) {
    return 'forecast';
  }
  return func === 'time_to_exhaustion' ? 'tte' : func.startsWith('trend_') ? 'trend' : undefined;
}

/** What a windowed model said, per series, as seen from one grid point. */
export type FitDetail =
  | { family: 'forecast'; fitTime: number; forecast: ForecastResult }
  | { family: 'tte'; fitTime: number; exhaustion: TimeToExhaustion }
  | { family: 'trend'; fitTime: number; trend: TrendSinceReset };

/**
 * The whole answer behind a windowed function's value at time `g` (ms; the grid point at or before
 * it, fitted at alignDown(point, refit)), per series: the forecast path, the time to exhaustion with
 * its interval, or the trend test. A time to exhaustion is counted from g itself, not from its grid
 * point, so it equals the function's value at g (evaluate.ts atTimes): every door that shows a time
 * asks at the time it shows. The panel asked at its last grid point and printed the countdown from
 * it beside a home page that counted from now: 30 minutes apart at a 30-minute step, "full in 10.0 d"
 * beside "9.9 d" on the demo's db-1 (2026-12-07 14:54 UTC).
 * The panels show these beside the values the companion serves.
 */
export async function fitDetails(
  q: FunctionCall,
  g: number,
  step: number,
  env: EngineEnv
): Promise<Array<{ labels: Record<string, string>; detail: FitDetail | undefined }>> {
  return (await details(q, g, step, env, false)) as Array<{
    labels: Record<string, string>;
    detail: FitDetail | undefined;
  }>;
}

/**
 * fitDetails of a time_to_exhaustion call, without a forecast for the series whose trend test alone
 * decides them ('no_trend', +Inf; their detail has no interval's `lower`): the same time per series
 * as fitDetails, at the cost of the trend test only for those. Cached apart from the full fits.
 */
export async function exhaustionDetailsBeforeFit(
  q: FunctionCall,
  g: number,
  step: number,
  env: EngineEnv
): Promise<Array<{ labels: Record<string, string>; detail: FitDetailBeforeFit | undefined }>> {
  if (q.func !== 'time_to_exhaustion') {
    throw new KindedError('bad_input', `${q.func} is not time_to_exhaustion`);
  }
  return (await details(q, g, step, env, true)) as Array<{
    labels: Record<string, string>;
    detail: FitDetailBeforeFit | undefined;
  }>;
}

/** A time to exhaustion's detail from exhaustionDetailsBeforeFit. */
export type FitDetailBeforeFit = { family: 'tte'; fitTime: number; exhaustion: TimeToExhaustion | NoTrendBeforeFit };

async function details(
  q: FunctionCall,
  at: number,
  step: number,
  env: EngineEnv,
  beforeFit: boolean
): Promise<Array<{ labels: Record<string, string>; detail: FitDetail | FitDetailBeforeFit | undefined }>> {
  const family = familyOf(q.func);
  if (!family) {
    throw new KindedError('bad_input', `${q.func} is not a windowed fit`);
  }
  const name = beforeFit ? 'tteBeforeFit' : family === 'tte' && q.path ? 'ttePath' : family;
  const g = alignDown(at, step);
  const regular = alignDown(g, refitInterval(q, env, step));
  const fam = familyFor(name, q, env);
  const fitted = await fitsAt<unknown>(q, regular, step, env, fam);
  // A series that jumped since the regular fit is refitted at g's step, as fitOnGrid does.
  const jumps = await jumpsAfter(q, regular, g, step, env);
  const atStep = stepFitTime(regular, g, step);
  const redo = (s: { labels: Record<string, string>; tooFew?: string }) =>
    atStep > regular && (s.tooFew !== undefined || jumps.get(labelsKey(s.labels))?.has(atStep) === true);
  const picked: Array<{ s: FitsAt['series'][number]; f: number }> = [];
  const refusals = new Refusals();
  for (const first of fitted.series) {
    // That series alone, as fitOnGrid refits it (the same cache entry): the others keep their fit.
    const again = redo(first)
      ? (await fitsAt<unknown>(q, atStep, step, env, fam, undefined, labelsKey(first.labels))).series[0]
      : undefined;
    const s = again ?? first;
    refusals.see(s.labels, s.refused);
    picked.push(again ? { s: again, f: atStep } : { s: first, f: regular });
  }
  refusals.settle(q, picked.length, env);
  // A refused series has no answer, as it has no sample in a query (its warning names it).
  const answered = picked.filter(({ s }) => s.refused === undefined);
  // The fits' own warnings, worded as the function's value passes them on (windowedFits.ts): the
  // home's exhaustion endpoint and `bellwether tte` said less than `/api/v1/query` for the same call.
  const notes = new Map<string, Map<string, Record<string, string>>>();
  for (const { s } of answered) {
    for (const w of s.fit?.warnings ?? []) {
      notes.set(w, (notes.get(w) ?? new Map()).set(labelsKey(s.labels), s.labels));
    }
  }
  for (const w of seriesNotes(notes, answered.length)) {
    env.warnings?.note(w);
  }
  return answered.map(({ s, f }) => {
    if (!s.fit && s.tooFew !== undefined) {
      // Said, not silent: the CLI prints it as its refusal (cli/commands/forecast.ts, tte.ts).
      env.warnings?.note(`${q.func}: no value at ${utcMinute(g)}: too few points to fit; ${s.tooFew}`);
    }
    if (!s.fit) {
      return { labels: s.labels, detail: undefined };
    }
    const d = s.fit.detail;
    switch (family) {
      case 'forecast':
        return { labels: s.labels, detail: { family, fitTime: f, forecast: d as ForecastResult } };
      case 'trend':
        return { labels: s.labels, detail: { family, fitTime: f, trend: d as TrendSinceReset } };
      default: {
        const e = d as TimeToExhaustion | NoTrendBeforeFit;
        return {
          labels: s.labels,
          detail: { family: 'tte' as const, fitTime: f, exhaustion: countedLater(e, at - f) },
        };
      }
    }
  });
}
