/**
 * The worker's handler table: method name → function of plain, structured-cloneable arguments,
 * answering with a value or a promise of one. Pure: testable in Node. The tfjs LSTM is left out and
 * augurs' loader is supplied by the worker entry (engine.worker.ts); everything is imported from its
 * own module, never from `ml/index.ts` or `ml/detect/index.ts`, which re-export the LSTM loader
 * (and with it TensorFlow.js).
 */
import { median } from '../common/median';
import { detect } from '../ml/detect/detect';
import { BROWSER_DETECTOR_MODELS } from '../ml/detect/registry';
import { resolveOptions } from '../ml/detect/options';
import { minPointsFor, tooShortMessage } from '../ml/detect/warmupPoints';
import { MlError, type Series } from '../ml/types';
import type { DetectorOptions } from '../ml/detect/types';
import { forecast, ForecastOptions } from '../ml/forecast';
import { detectLeak, LeakOptions } from '../ml/trend';
import { timeToExhaustion, TimeToExhaustionOptions } from '../ml/tte';
import { MATRIX_SETTINGS } from '../engine/context';
import { detailsOnMatrix, detectionsOnMatrix, evaluateMatrix } from '../engine/evaluate';
import { callDetectorOptions } from '../engine/detectRuns';
import type { GridMatrix } from '../engine/history';
import { historyStart, leadInReads } from '../engine/leadIn';
import { checkModelDoor } from '../engine/modelDoor';
import type { FunctionCall } from '../engine/query';
import type { HandlerOutcome, HandlerTable } from './protocol';

/** Series as posted by the UI thread: two typed arrays (transferred, not copied). */
function series(t: Float64Array, v: Float64Array): Series {
  return { t, v };
}

export const handlers = {
  ping: () => 'pong',
  median: (xs: ArrayLike<number>) => median(xs),
  /** Batch anomaly detection of one series (see ml/detect/detect.ts). */
  detect: (t: Float64Array, v: Float64Array, options: DetectorOptions) => detect(series(t, v), options),
  /**
   * Points a series sampled every `stepMs` ms needs before the detector judges one (for "needs N
   * points" messages); without a step, the least over all steps. detect() itself reads the step from
   * the timestamps and refuses a too-short series with the same figure.
   */
  minPoints: (options: DetectorOptions, stepMs?: number) => minPointsFor(options, stepMs),
  /** Detector models that run in the browser worker. */
  detectorModels: () => BROWSER_DETECTOR_MODELS.slice(),
  /** Forecast of one series (see ml/forecast). */
  forecast: (t: Float64Array, v: Float64Array, options: ForecastOptions) => forecast(series(t, v), options),
  /** Mann-Kendall trend test with Sen's slope and the leak verdict (see ml/trend/leak.ts). */
  trend: (t: Float64Array, v: Float64Array, options: LeakOptions) => detectLeak(series(t, v), options),
  /** When the series reaches a capacity (ceiling or floor), with an interval (see ml/tte). */
  tte: (t: Float64Array, v: Float64Array, options: TimeToExhaustionOptions) => timeToExhaustion(series(t, v), options),
  /**
   * Engine calls over a grid matrix at grid points of `step` (the matrix's unless given; a finer
   * matrix feeds detectors scoring at its resolution): the same evaluation as the companion's (src/engine).
   */
  evaluate: (matrix: GridMatrix, calls: FunctionCall[], points: number[], step?: number) => {
    checkModelDoor(calls, 'browser');
    return evaluateMatrix(matrix, calls, points, step);
  },
  /** Every detector output of an anomaly_* call at grid points: the anomaly panel's band, verdicts and members. */
  detections: (matrix: GridMatrix, call: FunctionCall, points: number[]) => {
    // A series shorter than the model's warm-up gets the same readable refusal as detect().
    const options = resolveOptions(callDetectorOptions(call, matrix.step));
    const need = minPointsFor(options, matrix.step);
    // Counted from the matrix's start: a lead-in before the first point judged (the anomaly panel's
    // history from its data source) is part of the series the model reads.
    const held = points.length > 0 ? Math.round((points[points.length - 1] - matrix.from) / matrix.step) + 1 : 0;
    if (held < need) {
      throw new MlError('not_enough_data', tooShortMessage(options.model, need, matrix.step, held));
    }
    return detectionsOnMatrix(matrix, call, points);
  },
  /** What the windowed calls' models said at one grid point (forecast path, time to exhaustion, trend test). */
  fitDetails: (matrix: GridMatrix, calls: FunctionCall[], at: number) => detailsOnMatrix(matrix, calls, at),
  /** Earliest grid point the calls read for `firstPoint` on the grid of `step` (src/engine/leadIn.ts). */
  historyStart: (calls: FunctionCall[], step: number, firstPoint: number) => {
    checkModelDoor(calls, 'browser');
    return Math.min(firstPoint, ...calls.map((c) => historyStart(c, step, firstPoint, MATRIX_SETTINGS)));
  },
  /**
   * What the calls read before `firstPoint`, and at which step (src/engine/leadIn.ts leadInReads): a
   * caller fetches the part before `fineFrom` at the coarse step only; `alsoAt`, a point evaluated alone.
   */
  leadInReads: (calls: FunctionCall[], step: number, firstPoint: number, alsoAt?: number) => {
    checkModelDoor(calls, 'browser');
    return leadInReads(calls, step, firstPoint, MATRIX_SETTINGS, alsoAt);
  },
} satisfies HandlerTable;

/** Runs one request against the table; errors become values so the worker never dies on bad input. */
export async function handle(method: string, args: unknown[]): Promise<HandlerOutcome> {
  const fn: HandlerTable[string] | undefined = Object.prototype.hasOwnProperty.call(handlers, method)
    ? (handlers as HandlerTable)[method]
    : undefined;
  if (!fn) {
    return { ok: false, error: { name: 'Error', message: `unknown worker method "${method}"` } };
  }
  try {
    return { ok: true, result: await fn(...args) };
  } catch (e) {
    // Model errors carry a `code`, engine errors a `kind`: either tells the caller what went wrong.
    const err = e as Error & { code?: string; kind?: string };
    return {
      ok: false,
      error: { name: err.name ?? 'Error', code: err.code ?? err.kind, message: err.message ?? String(e) },
    };
  }
}
