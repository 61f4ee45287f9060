/**
 * The worker's handler table: method name → function of plain, structured-cloneable arguments.
 * Pure: testable in Node. Everything here is synchronous (the worker answers each request with one
 * message), so engine paths that need a dynamic import (the tfjs LSTM, augurs' MSTL) are left out:
 * everything is imported from its own module, never from `ml/index.ts` or `ml/detect/index.ts`, which
 * re-export the LSTM loader (and with it TensorFlow.js).
 */
import { median } from '../common/median';
import type { Series } from '../ml/types';
import { detect } from '../ml/detect/detect';
import { BROWSER_DETECTOR_MODELS } from '../ml/detect/registry';
import { minPointsFor } from '../ml/detect/warmupPoints';
import type { DetectorOptions } from '../ml/detect/types';
import { forecast, ForecastOptions } from '../ml/forecast';
import { detectLeak, LeakOptions } from '../ml/trend';
import { timeToExhaustion, TimeToExhaustionOptions } from '../ml/tte';
// The one exception to the worker's boundary, until the data source's browser engine leaves
// src/datasource (issue 14: derive.ts is being replaced).
// eslint-disable-next-line bellwether/boundaries
import { deriveOnGrid } from '../datasource/engine/derive';
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
  /** The data source's browser engine: a derivation plan on a grid matrix (datasource/engine/derive.ts). */
  deriveOnGrid,
} satisfies HandlerTable;

/** Runs one request against the table; errors become values so the worker never dies on bad input. */
export function handle(method: string, args: unknown[]): HandlerOutcome {
  const fn: HandlerTable[string] | undefined = Object.prototype.hasOwnProperty.call(handlers, method)
    ? (handlers as HandlerTable)[method]
    : undefined;
  if (!fn) {
    return { ok: false, error: { name: 'Error', message: `unknown worker method "${method}"` } };
  }
  try {
    return { ok: true, result: fn(...args) };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { ok: false, error: { name: err.name ?? 'Error', code: err.code, message: err.message ?? String(e) } };
  }
}
