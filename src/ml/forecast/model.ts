/**
 * The contract between `forecast()` and the individual forecasters: each gets a regular series (with
 * gaps as NaN and a gap-filled copy), the horizon, the seasonal period and the interval level, and
 * returns point forecasts with interval bounds for the `horizon` steps after the last point.
 */

import type { BandHeld } from '../types';

export type { BandHeld };

/** Input every forecaster receives (already validated and regularised). */
export interface ModelInput {
  /** Grid timestamps (ms), t[k] = t[0] + k * step. */
  t: Float64Array;
  /** Values on the grid; NaN = missing. */
  v: Float64Array;
  /** `v` with gaps linearly interpolated. */
  filled: Float64Array;
  /** Step in ms. */
  step: number;
  /** Seasonal period in steps (0 = none). */
  period: number;
  /** Number of steps to forecast. */
  horizon: number;
  /** Interval coverage, e.g. 0.95. */
  level: number;
  /** Timestamps of the forecast steps. */
  futureT: Float64Array;
}

/** What a forecaster returns; `model` overrides the reported name when it fell back to another. */
export interface ModelOutput {
  yhat: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  model?: string;
  /** The steps whose band bandLimit.ts held; absent when none was. */
  bandHeld?: BandHeld;
}

export type Forecaster = (input: ModelInput) => ModelOutput;
