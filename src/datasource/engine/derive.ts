/**
 * The browser engine: evaluates a {@link DeriveSpec} on a grid matrix with src/ml, following the
 * companion's grid rules so both engines give the same numbers:
 * - detection: the value at grid point g comes from a fresh detector run over
 *   [segmentStart(g, leadIn), g], the lead-in being the training window or the detector's warm-up
 *   at the step, the longer (companion/src/eval/detectSegments.ts);
 * - forecast / tte / trend: a fit at f = alignDown(g, refit) on the window (f - train, f], projected
 *   to g (companion/src/eval/windowedFits.ts).
 * Synchronous and framework-free: it runs inside the engine worker.
 */
import { createDetector } from '../../ml/detect/registry';
import { warmupPointsFor } from '../../ml/detect/warmupPoints';
import { forecast, type ForecastModel } from '../../ml/forecast';
import { timeToExhaustion } from '../../ml/tte';
import { perSecond, sensSlope } from '../../ml/trend/sensSlope';
import { MlError, type Series } from '../../ml/types';
import {
  alignDown,
  type DeriveSpec,
  type DerivedFunc,
  DEFAULT_FORECAST_MODEL,
  detectorLeadIn,
  detectorOptions,
  MAX_FORECAST_STEPS,
  refitOnGrid,
  seasonPoints,
  segmentStart,
  trainPoints,
} from './plan';

/** Source values on a regular grid: series i has `values[k]` at `from + k * step` (NaN = missing). */
export interface GridMatrix {
  from: number;
  step: number;
  series: Array<{ labels: Record<string, string>; values: Float64Array }>;
}

/** Derived values per series at the requested grid points (NaN = no value). */
export interface DerivedSeries {
  labels: Record<string, string>;
  outputs: Partial<Record<DerivedFunc, Float64Array>>;
}

/**
 * Evaluates `spec` at `points` (ascending grid points) for every series of `matrix`. The matrix
 * must start at or before `historyStart(spec, points[0], warmup)`; earlier history is read as missing.
 *
 * @throws MlError('bad_input' | 'unknown_model') for settings the engine refuses.
 */
export function deriveOnGrid(matrix: GridMatrix, spec: DeriveSpec, points: number[]): DerivedSeries[] {
  if (matrix.step !== spec.step) {
    throw new MlError('bad_input', `source step ${matrix.step / 1000}s differs from the derivation step ${spec.step / 1000}s`);
  }
  return matrix.series.map((s) => ({
    labels: s.labels,
    outputs: spec.kind === 'detect' ? detectAt(matrix, s.values, spec, points) : fitAt(matrix, s.values, spec, points),
  }));
}

/** Grid values of one series from `a` to `b` inclusive (NaN outside the matrix). */
function slice(matrix: GridMatrix, values: Float64Array, a: number, b: number): Series {
  const n = Math.round((b - a) / matrix.step) + 1;
  const t = new Float64Array(n);
  const v = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    t[i] = a + i * matrix.step;
    const k = Math.round((t[i] - matrix.from) / matrix.step);
    if (k >= 0 && k < values.length) {
      v[i] = values[k];
    }
  }
  return { t, v };
}

function detectAt(matrix: GridMatrix, values: Float64Array, spec: DeriveSpec, points: number[]): DerivedSeries['outputs'] {
  const options = detectorOptions(spec);
  if (options.model === 'lstm') {
    throw new MlError('unknown_model', 'the lstm detector runs on the companion engine only; choose the companion engine or another model');
  }
  const leadIn = detectorLeadIn(trainPoints(spec) * spec.step, warmupPointsFor(options, spec.step), spec.step);
  const score = new Float64Array(points.length).fill(NaN);
  const upper = new Float64Array(points.length).fill(NaN);
  const lower = new Float64Array(points.length).fill(NaN);
  // Points sharing a run: one detector pass from the run's start to the block's last point.
  const runs = new Map<number, number[]>();
  points.forEach((g, i) => {
    const a = segmentStart(g, leadIn, spec.step);
    runs.set(a, [...(runs.get(a) ?? []), i]);
  });
  for (const [a, idx] of runs) {
    const w = slice(matrix, values, a, points[idx[idx.length - 1]]);
    const r = createDetector(options).update(w.t, w.v);
    for (const i of idx) {
      const k = Math.round((points[i] - a) / spec.step);
      score[i] = r.score[k];
      upper[i] = r.upper[k];
      lower[i] = r.lower[k];
    }
  }
  return { anomaly_score: score, anomaly_upper: upper, anomaly_lower: lower };
}

/** A fit at time f: value at f + delta, or undefined when the window cannot be judged. */
type Projector = Partial<Record<DerivedFunc, (delta: number) => number>>;

function fitAt(matrix: GridMatrix, values: Float64Array, spec: DeriveSpec, points: number[]): DerivedSeries['outputs'] {
  const refit = refitOnGrid(spec);
  const train = trainPoints(spec) * spec.step;
  const funcs: DerivedFunc[] =
    spec.kind === 'forecast' ? ['forecast', 'forecast_lower', 'forecast_upper'] : spec.kind === 'tte' ? ['time_to_exhaustion'] : ['trend_slope'];
  const out: DerivedSeries['outputs'] = {};
  for (const f of funcs) {
    out[f] = new Float64Array(points.length).fill(NaN);
  }
  const fits = new Map<number, Projector | undefined>();
  points.forEach((g, i) => {
    const f = alignDown(g, refit);
    if (!fits.has(f)) {
      fits.set(f, fitWindow(slice(matrix, values, f - train + spec.step, f), spec, refit));
    }
    const p = fits.get(f);
    for (const fn of funcs) {
      const project = p?.[fn];
      if (project) {
        out[fn]![i] = project(g - f);
      }
    }
  });
  return out;
}

function finiteCount(v: Float64Array): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    n += Number.isFinite(v[i]) ? 1 : 0;
  }
  return n;
}

/** One windowed fit, mirroring the companion's fitters in eval/functions.ts. */
function fitWindow(window: Series, spec: DeriveSpec, refit: number): Projector | undefined {
  if (finiteCount(window.v) < 3) {
    return undefined;
  }
  try {
    switch (spec.kind) {
      case 'forecast': {
        const horizon = spec.horizon ?? 0;
        const steps = Math.ceil((horizon + refit) / spec.step);
        if (steps > MAX_FORECAST_STEPS) {
          throw new MlError('bad_input', `forecast horizon plus refit interval is ${steps} steps, more than the limit of ${MAX_FORECAST_STEPS}; use a larger step`);
        }
        const r = forecast(window, {
          model: (spec.model ?? DEFAULT_FORECAST_MODEL) as ForecastModel,
          horizon: steps,
          step: spec.step,
          season: seasonPoints(spec.season, spec.step),
          level: spec.level,
        });
        const first = Math.round(horizon / spec.step) - 1;
        const keep = Math.round(refit / spec.step);
        const pick = (a: Float64Array) => {
          const kept = a.slice(first, first + keep);
          return (delta: number) => kept[Math.round(delta / spec.step)] ?? NaN;
        };
        return { forecast: pick(r.yhat), forecast_lower: pick(r.lower), forecast_upper: pick(r.upper) };
      }
      case 'tte': {
        const { seconds } = timeToExhaustion(window, { capacity: spec.capacity ?? NaN, direction: spec.direction ?? 'up', level: spec.level });
        return { time_to_exhaustion: (delta) => (Number.isFinite(seconds) ? Math.max(0, seconds - delta / 1000) : seconds) };
      }
      default: {
        const slope = perSecond(sensSlope(window.t, window.v).slope);
        return { trend_slope: () => slope };
      }
    }
  } catch (err) {
    if ((err as MlError).code === 'not_enough_data') {
      return undefined;
    }
    throw err;
  }
}
