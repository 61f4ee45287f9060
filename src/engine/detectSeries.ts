/**
 * A whole series through the engine's detector runs, for batch callers (the CLI's `detect`, the
 * evaluation): the series goes on the engine's grid at its own step (history.ts seriesMatrix) and
 * every grid point is evaluated as the companion's anomaly_score and the anomaly panel evaluate it
 * at that step (detectRuns.ts: the same runs, lead-ins, incident handling, rules and kinds), then
 * read back at each of the series' points.
 */
import { resolveOptions } from '../ml/detect/options';
import { minPointsFor, tooShortMessage } from '../ml/detect/warmupPoints';
import { MlError } from '../ml/types';
import { MATRIX_SETTINGS } from './context';
import { callDetectorOptions, detectLeadIn } from './detectRuns';
import { detectionsOnMatrix } from './evaluate';
import { alignDown, segmentStart } from './grid';
import { atRows, matrixPoints, rowsOnGrid } from './history';
import type { FunctionOptions } from './query';
import type { Learning } from './learning';

/** Every detector output at each point of the series (NaN = not judged). */
export interface SeriesDetection {
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  score: Float64Array;
  isAnomaly: Uint8Array;
  fired: Uint32Array;
  /** Anomaly kind codes (anomalyKind.ts). */
  kind: Uint8Array;
  /** Ensemble members, in bit order of `fired`. */
  members?: string[];
  /**
   * Points dropped from the grid (an irregular series at this step): their grid point and the free
   * neighbour they lean to were both taken (history.ts gridSlots). Each reports the verdict of the
   * grid point it would have shared. Rows moved to a free neighbour report their own point's.
   */
  shared: number;
  /** Set when points were scored by a model short of its lead-in: learningWarning(learning) says so. */
  learning?: Learning;
  /** Set when some rows' runs start later than the companion's (see {@link LaterRuns}). */
  laterRuns?: LaterRuns;
}

/**
 * Rows scored by a run that starts at the series' first point, where the companion's run for them
 * starts earlier (grid.ts segmentStart: runs restart on epoch-aligned blocks, one lead-in before
 * each). A run chooses its season and its models' parameters from its first points and keeps them
 * (Holt-Winters, Prophet's refit phase), so a companion holding history before the series scores
 * these rows differently, however long the series; one that holds none gives the same figures.
 */
export interface LaterRuns {
  /** How many input rows (distinct times). */
  rows: number;
  /** First row from which the runs start where the companion's do; undefined when none does. */
  until?: number;
  /** Where the companion's run for the first row starts: a series from here gives its figures. */
  companionFrom: number;
}

/**
 * The rows of `t` (ms) whose detector run starts at `first` (the series' first grid point) rather than
 * at its block's start, for a run lead-in of `leadIn`; undefined when none.
 */
export function laterRuns(t: ArrayLike<number>, first: number, leadIn: number, step: number): LaterRuns | undefined {
  const companionFrom = segmentStart(first, leadIn, step);
  if (companionFrom >= first) {
    return undefined;
  }
  let rows = 0;
  let until: number | undefined;
  for (let i = 0; i < t.length; i++) {
    if (segmentStart(alignDown(t[i], step), leadIn, step) < first) {
      rows++;
    } else if (until === undefined || t[i] < until) {
      until = t[i];
    }
  }
  return rows > 0 ? { rows, ...(until !== undefined ? { until } : {}), companionFrom } : undefined;
}

/**
 * Detects anomalies over a series whose points `t` (ms) are about `step` apart, with the options of
 * an anomaly_score call (durations in ms). Rows out of time order are sorted and rows of equal time
 * merged into their mean (history.ts rowsOnGrid, as the panels do); the outputs are per input row.
 *
 * @throws MlError('not_enough_data') when the series spans fewer grid points than the detector's
 *         warm-up needs (the message the panel and detect() give), or when no point could be judged.
 */
export async function detectSeries(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  step: number,
  options: FunctionOptions
): Promise<SeriesDetection> {
  // Placed once: the matrix and the read-back below use the same slots.
  const { matrix, rows, slots } = rowsOnGrid(t, v, step);
  const points = matrixPoints(matrix);
  const call = { func: 'anomaly_score' as const, inner: 'series', options: { ...options, step } };
  const resolved = resolveOptions(callDetectorOptions(call, step));
  const need = minPointsFor(resolved, step);
  if (points.length < need) {
    throw new MlError('not_enough_data', tooShortMessage(resolved.model, need, step, points.length));
  }
  const [d] = await detectionsOnMatrix(matrix, call, points);
  const later = laterRuns(t, points[0], detectLeadIn(call, MATRIX_SETTINGS, step), step);
  const o = d?.outputs;
  const on = (a: Float64Array | undefined) => atRows(rows, a);
  const whole = (x: number) => (Number.isFinite(x) ? x : 0);
  const out: SeriesDetection = {
    expected: on(o?.expected),
    lower: on(o?.lower),
    upper: on(o?.upper),
    score: on(o?.score),
    isAnomaly: Uint8Array.from(on(o?.isAnomaly), (x) => (x === 1 ? 1 : 0)),
    fired: Uint32Array.from(on(o?.fired), whole),
    kind: Uint8Array.from(on(o?.kind), whole),
    members: d?.members,
    shared: slots.dropped,
    ...(d?.learning ? { learning: d.learning } : {}),
    ...(later ? { laterRuns: later } : {}),
  };
  const judged = out.score.reduce((a, x) => a + (Number.isFinite(x) ? 1 : 0), 0);
  if (judged === 0) {
    throw new MlError(
      'not_enough_data',
      tooShortMessage(resolved.model, need, step, `${points.length} grid points; none could be judged`)
    );
  }
  return out;
}
