/**
 * The forecast panel asks the one engine (src/engine, in the worker) what the companion would
 * answer for the same series and step: its forecast, time to exhaustion and trend test, from the
 * fit at the panel's last point. So the readouts equal `time_to_exhaustion(...)`, `trend_slope(...)`
 * and `trend_pvalue(...)` evaluated by the companion at that point with the same options.
 */
import { medianStep, optionDurationMs, toPoints } from '../../components/charts/durations';
import type { PanelSeries } from '../../components/charts/panelSeries';
import { ENGINE_DEFAULTS, MATRIX_SETTINGS, trainWindow } from '../../engine/context';
import { coarseForecastWarning, forecastGridStep, refitEvery } from '../../engine/forecastGrid';
import { alignDown } from '../../engine/grid';
import { type CoarseLead, type GridMatrix, type RowCounts, rowsOnGrid } from '../../engine/history';
import { bandHeldPathWarnings, keptBandHeld } from '../../engine/bandHold';
import type { FunctionCall } from '../../engine/query';
import type { TimeToExhaustion } from '../../ml/tte';
import type { ForecastResult } from '../../ml/types';
import type { ForecastOptions } from './types';

/** The engine's view of one panel series: the matrix, its last grid point, and the calls to make. */
export interface PanelPlan {
  matrix: GridMatrix;
  /** The matrix the forecast reads: `matrix`, or every k-th point of it for a long horizon. */
  forecastMatrix: GridMatrix;
  point: number;
  /** Add to the engine's times to get the series' own (see seriesMatrix). */
  shift: number;
  /** Forecast horizon (ms) and its grid step (ms): the series' step, or a multiple of it for long horizons. */
  horizonMs: number;
  forecastStep: number;
  /**
   * The point the forecast call is asked at on `forecastMatrix`: the last point, or on a coarser grid
   * the last of its points at or before it (a multiple of `forecastStep`, as the engine's fit times).
   */
  forecastPoint: number;
  /** What the forecast says when it runs on a coarser grid than the series' (the companion's words). */
  coarseNote?: string;
  calls: { forecast: FunctionCall; tte?: FunctionCall; trend?: FunctionCall };
  /** What ordering, merging and placing the rows changed (history.ts rowsOnGrid), for the panel's notes. */
  rowCounts: RowCounts;
  /** The history the series holds on its grid (points × step, ms), and the window each call trains on. */
  historyMs: number;
  stepMs: number;
  windows: { forecast: CallWindow; tte?: CallWindow; trend?: CallWindow };
}

/** The training window (ms) the engine reads for one call at its step, as the companion reads it. */
export interface CallWindow {
  func: FunctionCall['func'];
  ms: number;
  /** Set by the panel's Training window option rather than the function's default. */
  explicit: boolean;
}

/**
 * A series' training shortfall: the largest window (at its call's step, within the points limit, see
 * context.ts trainWindow) its calls read beyond the history the series holds, or undefined when the
 * series holds every call's window. The panel's notes say it when the time range is the cause
 * (messages.ts trainingNote), as the companion, the CLI and the recording rules read the whole window.
 */
export interface TrainingShortfall {
  historyMs: number;
  /** The series' step (ms): a history more than a step short of the range began within it. */
  stepMs: number;
  window: CallWindow;
}

/** The shortfall of the calls made for a series (see TrainingShortfall). */
export function trainingShortfall(
  historyMs: number,
  stepMs: number,
  windows: Array<CallWindow | undefined>
): TrainingShortfall | undefined {
  const short = windows.filter((w): w is CallWindow => w !== undefined && w.ms > historyMs);
  if (short.length === 0) {
    return undefined;
  }
  return { historyMs, stepMs, window: short.reduce((a, w) => (w.ms > a.ms ? w : a)) };
}

function callWindow(call: FunctionCall): CallWindow {
  const step = call.options.step as number;
  return {
    func: call.func,
    ms: trainWindow(call.options, MATRIX_SETTINGS, step, call.func, call.capacity),
    explicit: call.options.train !== undefined,
  };
}

/**
 * Every k-th point of a matrix, ending at grid point `end`: what Prometheus answers at a step k times
 * coarser. `end` is on the coarse grid's multiples (planFor), where the engine's fit times are: ending
 * at the series' last point instead, a last point off them (an odd minute on a 2-minute grid) had the
 * engine read samples the matrix did not hold, and the panel showed "matrix history holds step 120s,
 * asked for 120s from …" where the companion answered.
 */
function coarsen(m: GridMatrix, k: number, end: number): GridMatrix {
  const values = m.series[0].values;
  const last = Math.min(Math.round((end - m.from) / m.step), values.length - 1);
  const first = ((last % k) + k) % k;
  const kept = Float64Array.from(
    { length: last < 0 ? 0 : Math.floor((last - first) / k) + 1 },
    (_, i) => values[first + i * k]
  );
  return { from: m.from + first * m.step, step: m.step * k, series: [{ labels: {}, values: kept }] };
}

/** Horizon in steps of the series and in ms, or a readable problem. */
export function horizonFor(s: PanelSeries, text: string): { steps: number; ms: number } | { problem: string } {
  const step = medianStep(s.t);
  if (!Number.isFinite(step)) {
    return { problem: 'needs at least two points to know the sampling step' };
  }
  const steps = toPoints(text, step);
  if (!(steps >= 1)) {
    return { problem: `horizon "${text}" is neither a duration such as 7d nor a number of steps` };
  }
  return { steps, ms: Number.isFinite(optionDurationMs(text)) ? optionDurationMs(text) : steps * step };
}

/** What the panel knows of a series' physical bounds besides its values: its metric name and field unit. */
function boundsEvidence(s: PanelSeries): { unit?: string; metric?: string } {
  const metric = s.labels?.__name__;
  return { ...(s.unit ? { unit: s.unit } : {}), ...(metric ? { metric } : {}) };
}

/** The engine calls for one series, or a readable problem. */
export function planFor(
  s: PanelSeries,
  o: ForecastOptions,
  capacity: number | undefined,
  lead?: CoarseLead
): PanelPlan | { problem: string } {
  const step = medianStep(s.t);
  if (!Number.isFinite(step)) {
    return { problem: 'needs at least two points to know the sampling step' };
  }
  const h = horizonFor(s, o.horizon);
  if ('problem' in h) {
    return h;
  }
  // Empty: each call trains on the engine's default window for its function, as the companion does
  // without train= (3 days for the forecast and the trend, TTE_DEFAULT_TRAIN for time to exhaustion).
  const trainText = (o.train ?? '').trim();
  const train = trainText === '' ? undefined : optionDurationMs(trainText);
  if (train !== undefined && !(train > 0)) {
    return { problem: `training window "${o.train}" is not a duration such as 3d` };
  }
  const horizonMs = h.ms;
  // Sorted, merged and placed as the CLI's forecast and tte place a file's rows.
  let onGrid: ReturnType<typeof rowsOnGrid>;
  try {
    onGrid = rowsOnGrid(s.t, s.v, step);
  } catch (e) {
    return { problem: (e as Error).message };
  }
  // The coarse lead-in before the fetched history (useForecasts.ts), on the engine's grid: only for a
  // series on the epoch's grid, where the two agree.
  const matrix: GridMatrix & { shift: number } =
    lead && onGrid.matrix.shift === 0 ? { ...onGrid.matrix, lead } : onGrid.matrix;
  const { counts } = onGrid;
  const point = matrix.from + (matrix.series[0].values.length - 1) * step;
  const options = { ...(train === undefined ? {} : { train }), step, refit: ENGINE_DEFAULTS.refit, level: o.level };
  // A long horizon on fine data is forecast on a coarser grid: the engine's rule (forecastGrid.ts), so
  // the panel fits on the grid the companion's forecast() of the same horizon fits on.
  const refitOnGrid = refitEvery({}, ENGINE_DEFAULTS, step);
  const forecastStep = forecastGridStep(horizonMs, refitOnGrid, step);
  const k = Math.round(forecastStep / step);
  const coarseNote = coarseForecastWarning(horizonMs, refitOnGrid, step, forecastStep);
  const forecastPoint = k > 1 ? alignDown(point, forecastStep) : point;
  const calls: PanelPlan['calls'] = {
    forecast: {
      func: 'forecast',
      inner: 'panel',
      horizon: horizonMs,
      options: {
        ...options,
        step: forecastStep,
        model: o.model,
        refit: Math.max(forecastStep, options.refit),
        // The engine's physics (src/ml/forecast/bounds.ts) from the metric name (as the companion
        // reads it from the query), the field unit and the capacity.
        ...boundsEvidence(s),
        direction: o.direction,
      },
      ...(capacity !== undefined ? { capacity } : {}),
    },
  };
  if (capacity !== undefined) {
    const model = o.model === 'auto' ? {} : { model: o.model };
    calls.tte = {
      func: 'time_to_exhaustion',
      inner: 'panel',
      capacity,
      // Its detail keeps the forecast it searched: the panel draws it, inside the same physics as the
      // forecast's (the field unit: a percentage never above 100).
      path: true,
      options: { ...options, ...model, direction: o.direction, ...boundsEvidence(s) },
    };
  }
  if (o.showTrend && capacity === undefined) {
    // Beside a time to exhaustion the panel prints the time's own trend test (its `gate` and slope, as
    // the home page does), so the trend call is made only without a capacity.
    calls.trend = { func: 'trend_slope', inner: 'panel', options };
  }
  return {
    matrix,
    forecastMatrix: k > 1 ? coarsen(matrix, k, forecastPoint) : matrix,
    point,
    shift: matrix.shift,
    horizonMs,
    forecastStep,
    forecastPoint,
    ...(coarseNote ? { coarseNote } : {}),
    calls,
    rowCounts: counts,
    historyMs: matrix.series[0].values.length * step,
    stepMs: step,
    windows: {
      forecast: callWindow(calls.forecast),
      ...(calls.tte ? { tte: callWindow(calls.tte) } : {}),
      ...(calls.trend ? { trend: callWindow(calls.trend) } : {}),
    },
  };
}

/**
 * The time (engine ms) a series' time to exhaustion is counted from: the range's end `rangeEnd` when
 * it lies within the step after the series' last grid point `point` (the data source aligned the
 * range down to the step), else that point (no range, or a series that ended before the range did).
 */
export function shownTime(point: number, stepMs: number, rangeEnd: number | undefined): number {
  return rangeEnd !== undefined && rangeEnd >= point && rangeEnd < point + stepMs ? rangeEnd : point;
}

/** The forecast path from the last point to the horizon (the fit's path starts at its fit time). */
export function fromPoint(r: ForecastResult, point: number, horizonMs: number, shift: number): ForecastResult {
  const keep: number[] = [];
  r.t.forEach((t, i) => t > point && t <= point + horizonMs && keep.push(i));
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
  const { bandHeld: _, ...rest } = r;
  const bandHeld = keptBandHeld(r, keep);
  const shown = { t: Float64Array.from(keep, (i) => r.t[i]), ...(bandHeld ? { bandHeld } : {}) };
  // How many of the steps drawn had their band held, as the CLI and the companion say it.
  const held = bandHeldPathWarnings(shown, () => true);
  return {
    ...rest,
    t: Float64Array.from(keep, (i) => r.t[i] + shift),
    yhat: pick(r.yhat),
    lower: pick(r.lower),
    upper: pick(r.upper),
    ...(bandHeld ? { bandHeld } : {}),
    ...(held.length ? { warnings: [...(r.warnings ?? []), ...held] } : {}),
  };
}

/**
 * The forecast time to exhaustion searched (src/ml/tte `path`, clamped by the engine's physics), as a
 * forecast to draw: its line crosses the limit at the readout's time and its band's edges at the
 * readout's interval, and the legend names its model.
 */
export function exhaustionForecast(e: TimeToExhaustion, level: number, end: number): ForecastResult | undefined {
  if (!e.path || e.alreadyExceeded || deniedCrossing(e, end)) {
    return undefined;
  }
  return { ...e.path, model: e.model, level };
}

/**
 * The code of the forecast outcome withheld beside a 'no_trend' verdict: no failure, so the panel keeps
 * the series' chart, readout and note (messages.ts forecastFailure).
 */
export const DENIED_CROSSING_CODE = 'no_trend';

/** Why no forecast is drawn for a series whose time to exhaustion denied its line's crossing. */
export const DENIED_CROSSING =
  'not drawn: its line reaches the limit, where time to exhaustion declares no fill (see the note)';

/**
 * Time to exhaustion cut its forecast before a crossing its 'no_trend' verdict denies (src/ml/tte
 * `path`, `pathCut`), and the cut falls within the panel's horizon (ending at `end`, ms on the engine's
 * times): the panel then draws no forecast for the series, neither a line stopping short of the limit
 * nor its own forecast call, which could show the same crossing. A cut beyond the horizon is drawn.
 */
export function deniedCrossing(e: TimeToExhaustion, end: number): boolean {
  if (e.verdict !== 'no_trend' || e.alreadyExceeded) {
    return false;
  }
  // A path cut by an engine without `pathCut` left none.
  return !e.path || (e.pathCut === true && !(e.path.t[e.path.t.length - 1] >= end));
}
