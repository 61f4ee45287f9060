/**
 * Per-series analysis behind the anomaly overlay: either model output carried by the data (derived
 * fields) or a detection run in the engine worker. Everything is aligned with the series' own points.
 */
import { alignTo, PanelSeries } from '../../components/charts/panelSeries';
import { medianStep, toPoints } from '../../components/charts/durations';
import { detectorTrain, MATRIX_SETTINGS } from '../../engine/context';
import type { DetectRules } from '../../engine/detectRules';
import type { DetectionOnGrid } from '../../engine/detectRuns';
import { judgeSeries } from '../../engine/judgeSeries';
import { bandBoundsOf, holdSeriesInBounds } from '../../engine/bandBounds';
import {
  atRows,
  type GridMatrix,
  type GridSlots,
  matrixPoints,
  type RowCounts,
  rowsOnGrid,
} from '../../engine/history';
import type { FunctionCall } from '../../engine/query';
import type { DetectorOptions } from '../../ml/detect/types';
import { AnomalyOptions } from './types';

/** A usable analysis of one series. */
export interface SeriesAnalysis {
  status: 'ok';
  /** 'data': drawn from derived fields; 'engine': computed in the worker. */
  source: 'data' | 'engine';
  /** Model name ('ensemble', 'mad', ... or 'from data'). */
  model: string;
  expected?: Float64Array;
  lower?: Float64Array;
  upper?: Float64Array;
  score?: Float64Array;
  isAnomaly: Uint8Array;
  /** Ensemble: per point, bit mask over `members` of the members that fired. */
  fired?: Uint32Array;
  members?: string[];
  /** Per point, the kind of anomaly as a code of src/engine/anomalyKind.ts (0 = none). */
  kind?: Uint8Array;
  /**
   * Scored finer than the rows (plainSource.ts): per row, the time (ms) and value of the fine point
   * whose score the row reports (the highest in its step, src/engine/resolution.ts fineIndexAt), NaN
   * where there is none. The row's value stays the sample the data source returned at its time.
   */
  peak?: ScoredPeak;
  /**
   * Index of the row of the earliest judged time (finite score, or band without a score) when rows of
   * earlier times were not judged: the model's warm-up, which the legend explains. Absent when the
   * earliest row is judged.
   */
  judgedFrom?: number;
  /**
   * Engine only: rows dropped from the grid (irregular timestamps: their grid point and the neighbour
   * they lean to were both taken, history.ts gridSlots). Each shows the verdict of the point it would
   * share, as `bellwether detect` reports them.
   */
  shared?: number;
  /**
   * Engine only, when any is not 0: rows sorted into time order, merged with a row of the same time,
   * dropped without a time, and points off the grid (history.ts rowsOnGrid), as the CLI counts them.
   */
  rowCounts?: RowCounts;
  /**
   * Engine on a plain data source: how the history before the range and the scoring resolution were
   * had, or why not (plainSource.ts), for the panel's note.
   */
  note?: string;
}

/** Per row, the fine point that scored: its time (ms) and its value, NaN where there is none. */
export interface ScoredPeak {
  t: Float64Array;
  v: Float64Array;
}

/** Why one series could not be analysed (engine error codes, or 'worker'). */
export interface SeriesFailure {
  status: 'error';
  code: string;
  message: string;
}

export type SeriesOutcome = SeriesAnalysis | SeriesFailure;

/** Whether the series came with model output the panel can draw. */
export function hasDerived(s: PanelSeries): boolean {
  const d = s.derived;
  return Boolean(d.upper || d.lower || d.score || d.anomaly);
}

/**
 * Analysis from derived fields. Anomalous points: the `anomaly` field when present (> 0), else a
 * score at or above `scoreThreshold`, else a value outside [lower, upper].
 */
export function analysisFromData(s: PanelSeries, scoreThreshold: number): SeriesAnalysis {
  const { expected, lower, upper, score, anomaly } = s.derived;
  const n = s.v.length;
  const isAnomaly = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = s.v[i];
    if (anomaly) {
      isAnomaly[i] = anomaly[i] > 0 ? 1 : 0;
    } else if (score) {
      isAnomaly[i] = score[i] >= scoreThreshold ? 1 : 0;
    } else if (Number.isFinite(v)) {
      isAnomaly[i] = (upper && v > upper[i]) || (lower && v < lower[i]) ? 1 : 0;
    }
  }
  return {
    status: 'ok',
    source: 'data',
    model: 'from data',
    expected,
    lower,
    upper,
    score,
    isAnomaly,
    judgedFrom: warmupEnd(score ?? upper ?? lower),
  };
}

/**
 * Index of the first finite value of a per-point output when it is not the first point (the model was
 * warming up before it); undefined when the first point has one, or when none has (nothing to explain).
 */
export function warmupEnd(a: Float64Array | undefined): number | undefined {
  if (!a) {
    return undefined;
  }
  const i = a.findIndex((x) => Number.isFinite(x));
  return i > 0 ? i : undefined;
}

/**
 * The row of the earliest time with a finite output when a row of an earlier time has none (the model
 * was warming up before it); undefined otherwise. In time order, not row order: the engine takes a
 * frame's rows in any order (history.ts rowsOnGrid), so the first row need not be the earliest (a
 * frame in descending time order lost its "judged from" and history hint with {@link warmupEnd}).
 */
export function judgedFromRow(t: Float64Array, a: Float64Array): number | undefined {
  let first = -1;
  let earliest = Infinity;
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i])) {
      continue;
    }
    earliest = Math.min(earliest, t[i]);
    if (Number.isFinite(a[i]) && (first < 0 || t[i] < t[first])) {
      first = i;
    }
  }
  return first >= 0 && t[first] > earliest ? first : undefined;
}

/** Engine options for one series: durations are turned into points at the series' step. */
export function detectorOptionsFor(s: PanelSeries, o: AnomalyOptions): DetectorOptions | SeriesFailure {
  const step = medianStep(s.t);
  // Empty: the engine's default, as the companion's (3 days, at least 1,000 points).
  const train = o.trainWindow
    ? toPoints(o.trainWindow, step)
    : Math.round(detectorTrain({}, MATRIX_SETTINGS, step) / step);
  if (!Number.isFinite(train)) {
    return {
      status: 'error',
      code: 'bad_input',
      message: `Training window "${o.trainWindow}" is neither a number of points nor a duration such as 2d.`,
    };
  }
  let season: DetectorOptions['season'] = 'auto';
  if (o.seasonality === 'none') {
    season = 0;
  } else if (o.seasonality === 'manual') {
    const p = toPoints(o.seasonPeriod, step);
    if (!Number.isFinite(p)) {
      return {
        status: 'error',
        code: 'bad_input',
        message: `Season length "${o.seasonPeriod}" is neither a number of points nor a duration such as 1d.`,
      };
    }
    season = p;
  }
  return { model: o.model, sensitivity: o.sensitivity, trainWindow: Math.min(100_000, Math.max(50, train)), season };
}

/** What the engine worker needs to judge one series as the companion's anomaly_* functions do. */
export interface AnomalyRequest {
  matrix: GridMatrix;
  call: FunctionCall;
  points: number[];
  /** Where each of the series' rows sits on the grid: the engine's outputs are read back through it. */
  slots: GridSlots;
  /** What ordering, merging and placing the rows changed (history.ts rowsOnGrid). */
  counts: RowCounts;
}

/**
 * The engine call for one series: the panel's options in the engine's units (durations in ms at
 * the series' step), over the series on its own grid. The LSTM runs in its own worker instead.
 */
export function anomalyRequestFor(s: PanelSeries, o: AnomalyOptions): AnomalyRequest | SeriesFailure {
  const opts = detectorOptionsFor(s, o);
  if ('status' in opts) {
    return opts;
  }
  const step = medianStep(s.t);
  const season = opts.season === 'auto' ? 'auto' : opts.season === 0 ? 'none' : (opts.season as number) * step;
  const call: FunctionCall = {
    func: 'anomaly_score',
    inner: 'panel',
    options: {
      model: o.model,
      sensitivity: o.sensitivity,
      // No train= when the option is empty, so the engine applies its default exactly as the companion does.
      ...(o.trainWindow ? { train: (opts.trainWindow as number) * step } : {}),
      step,
      season,
      ...panelRules(o),
      ...bandEvidence(s),
    },
  };
  // Sorted, merged and placed once, as detectSeries does for the CLI: the matrix and the read-back
  // use the same slots.
  const { matrix, rows, counts } = rowsOnGrid(s.t, s.v, step);
  return { matrix, call, points: matrixPoints(matrix), slots: rows, counts };
}

/**
 * The band's physics (src/engine/bandBounds.ts) from the metric name, as the companion reads it
 * from its selector, and the field unit (a latency in s is never negative).
 */
function bandEvidence(s: PanelSeries): { unit?: string; metric?: string } {
  return { ...(s.unit ? { unit: s.unit } : {}), ...(s.labels?.__name__ ? { metric: s.labels.__name__ } : {}) };
}

/** The panel's direction, floors and valid range as engine rules (unset fields left out). */
export function panelRules(o: AnomalyOptions): DetectRules {
  const r: DetectRules = {};
  if (o.direction === 'above' || o.direction === 'below') {
    r.side = o.direction;
  }
  for (const k of ['minAbs', 'minRel', 'validMin', 'validMax'] as const) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) {
      r[k] = v;
    }
  }
  return r;
}

/**
 * The engine's detection on the grid read back at the series' own rows through the slots that
 * placed them (history.ts atRows, as detectSeries does for the CLI): a row off the grid gets its
 * slot's verdict, a row of a repeated time that of the merged point, and a dropped row that of the
 * point it would share (counted in `shared`).
 */
export function onRows(
  s: PanelSeries,
  req: Pick<AnomalyRequest, 'slots' | 'counts'>,
  d: DetectionOnGrid
): WorkerDetection {
  const { slots, counts } = req;
  const on = (a: Float64Array) => atRows(slots, a);
  const whole = (x: number) => (Number.isFinite(x) ? x : 0);
  return {
    t: s.t,
    expected: on(d.outputs.expected),
    lower: on(d.outputs.lower),
    upper: on(d.outputs.upper),
    score: on(d.outputs.score),
    isAnomaly: Uint8Array.from(on(d.outputs.isAnomaly), (x) => (x > 0 ? 1 : 0)),
    kind: Uint8Array.from(on(d.outputs.kind), whole),
    ...(d.members ? { fired: Uint32Array.from(on(d.outputs.fired), whole), members: d.members } : {}),
    shared: counts.offGrid,
    rowCounts: counts,
  };
}

/** The worker's batch detection, as it arrives (typed arrays plus the cleaned timestamps). */
export interface WorkerDetection {
  t: Float64Array;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  score: Float64Array;
  isAnomaly: Uint8Array;
  fired?: Uint32Array;
  members?: string[];
  /** Kind codes (anomalyKind.ts); absent from the LSTM worker until the panel judges its result. */
  kind?: Uint8Array;
  /** Scored finer than the rows: the fine point each row's score comes from (see SeriesAnalysis.peak). */
  peak?: ScoredPeak;
  /** Rows dropped from the engine's grid (see SeriesAnalysis.shared). */
  shared?: number;
  /** What ordering, merging and placing the rows changed (see SeriesAnalysis.rowCounts). */
  rowCounts?: RowCounts;
}

/** What the LSTM worker judges: the series' points as the engine takes every other model's. */
export interface LstmInput {
  /** Rows in time order, rows of a repeated time merged into the mean of their values (history.ts rowsOnGrid). */
  t: Float64Array;
  v: Float64Array;
  /** What sorting and merging changed, for the panel's counted notice (no grid: the LSTM keeps every point). */
  counts: RowCounts;
}

/**
 * The series' rows for the LSTM worker, merged as {@link anomalyRequestFor} merges them for the
 * engine: a repeated time is one point at the mean of its rows, whose verdict every such row shows.
 */
export function lstmInputFor(s: PanelSeries): LstmInput {
  const { t, v, counts } = rowsOnGrid(s.t, s.v, medianStep(s.t));
  return { t, v, counts: { ...counts, offGrid: 0 } };
}

/**
 * The LSTM worker's result on `input`'s points as the series' analysis: the panel's rules judge the
 * merged values the model saw ({@link judgedLstm}), each row reads its time's verdict, and the
 * merges are counted as the engine path counts them.
 */
export function lstmAnalysis(s: PanelSeries, input: LstmInput, r: WorkerDetection, o: AnomalyOptions): SeriesAnalysis {
  const values = alignTo(r.t, input.t, input.v);
  const judged = judgedLstm(values, r, o);
  // The band held as the engine worker holds every other model's, so the LSTM's reads as theirs.
  const bounds = bandBoundsOf({ func: 'anomaly_score', inner: 'panel', options: bandEvidence(s) });
  const band = bounds ? holdSeriesInBounds(bounds, values, judged) : {};
  return analysisFromEngine(s, { ...judged, ...band, rowCounts: input.counts }, o.model);
}

/**
 * The LSTM worker's batch result after the panel's rules, with kinds (the engine worker applies
 * both itself): the same rules module, so the LSTM's verdicts mean what the others' do.
 */
export function judgedLstm(v: Float64Array, r: WorkerDetection, o: AnomalyOptions): WorkerDetection {
  const rules = panelRules(o);
  const j = judgeSeries(v, r, Object.keys(rules).length > 0 ? rules : undefined, medianStep(r.t));
  return { ...r, score: j.score, isAnomaly: j.isAnomaly, fired: j.fired, kind: j.kind };
}

/** Maps a worker result (at its points `r.t`) onto the series' own points by timestamp. */
export function analysisFromEngine(s: PanelSeries, r: WorkerDetection, model: string): SeriesAnalysis {
  const on = (a: Float64Array) => alignTo(s.t, r.t, a);
  const mask = on(Float64Array.from(r.isAnomaly));
  const isAnomaly = Uint8Array.from(mask, (x) => (x > 0 ? 1 : 0));
  const fired = r.fired
    ? Uint32Array.from(on(Float64Array.from(r.fired)), (x) => (Number.isFinite(x) ? x : 0))
    : undefined;
  const score = on(r.score);
  const kind = r.kind ? Uint8Array.from(on(Float64Array.from(r.kind)), (x) => (Number.isFinite(x) ? x : 0)) : undefined;
  return {
    status: 'ok',
    source: 'engine',
    model,
    expected: on(r.expected),
    lower: on(r.lower),
    upper: on(r.upper),
    score,
    isAnomaly,
    fired,
    members: r.members,
    kind,
    ...(r.peak ? { peak: { t: on(r.peak.t), v: on(r.peak.v) } } : {}),
    judgedFrom: judgedFromRow(s.t, score),
    ...(r.shared ? { shared: r.shared } : {}),
    ...(r.rowCounts && Object.values(r.rowCounts).some((n) => n > 0) ? { rowCounts: r.rowCounts } : {}),
  };
}

/** A readable message for an engine or worker error. */
export function failureMessage(code: string | undefined, message: string): SeriesFailure {
  const prefix = code === 'not_enough_data' ? 'Too short: ' : code === 'bad_input' ? 'Cannot analyse: ' : '';
  return { status: 'error', code: code ?? 'error', message: `${prefix}${message}` };
}
