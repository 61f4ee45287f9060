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
import { callDetectorOptions } from './detectRuns';
import { detectionsOnMatrix } from './evaluate';
import { gridSlots, matrixPoints, seriesMatrix } from './history';
import type { FunctionOptions } from './query';

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
}

/**
 * Detects anomalies over a series whose points `t` (ms, ascending, distinct) are about `step` apart,
 * with the options of an anomaly_score call (durations in ms).
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
  const slots = gridSlots(t, step);
  const matrix = seriesMatrix(t, v, step, {}, slots);
  const points = matrixPoints(matrix);
  const call = { func: 'anomaly_score' as const, inner: 'series', options: { ...options, step } };
  const resolved = resolveOptions(callDetectorOptions(call, step));
  const need = minPointsFor(resolved, step);
  if (points.length < need) {
    throw new MlError('not_enough_data', tooShortMessage(resolved.model, need, step, points.length));
  }
  const [d] = await detectionsOnMatrix(matrix, call, points);
  const n = t.length;
  const out: SeriesDetection = {
    expected: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    score: new Float64Array(n),
    isAnomaly: new Uint8Array(n),
    fired: new Uint32Array(n),
    kind: new Uint8Array(n),
    members: d?.members,
    shared: 0,
  };
  out.shared = slots.dropped;
  let judged = 0;
  for (let i = 0; i < n; i++) {
    const k = slots.at[i];
    const o = d?.outputs;
    out.expected[i] = o ? o.expected[k] : NaN;
    out.lower[i] = o ? o.lower[k] : NaN;
    out.upper[i] = o ? o.upper[k] : NaN;
    out.score[i] = o ? o.score[k] : NaN;
    out.isAnomaly[i] = o && o.isAnomaly[k] === 1 ? 1 : 0;
    out.fired[i] = o && Number.isFinite(o.fired[k]) ? o.fired[k] : 0;
    out.kind[i] = o && Number.isFinite(o.kind[k]) ? o.kind[k] : 0;
    judged += Number.isFinite(out.score[i]) ? 1 : 0;
  }
  if (judged === 0) {
    throw new MlError(
      'not_enough_data',
      tooShortMessage(resolved.model, need, step, `${points.length} grid points; none could be judged`)
    );
  }
  return out;
}
