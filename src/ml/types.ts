/**
 * The shared vocabulary of the engine. Everything in src/ml is framework-free (no React, no
 * `@grafana/*`), deterministic, and runs unchanged in a browser Web Worker and in Node.
 *
 * Conventions:
 * - Timestamps are milliseconds since the Unix epoch (Grafana's unit), ascending.
 * - A missing value is `NaN`.
 * - Outputs are typed arrays aligned with the input points.
 */

/** A single time series: aligned timestamps (ms) and values (NaN = missing). */
export interface Series {
  /** Timestamps in milliseconds since the Unix epoch, ascending. */
  t: Float64Array;
  /** Values; NaN marks a missing sample. */
  v: Float64Array;
}

/** Per-point output of an anomaly detector, aligned with the input points. */
export interface DetectionResult {
  /** What the model expected at each point (NaN while warming up). */
  expected: Float64Array;
  /** Lower edge of the expected band. */
  lower: Float64Array;
  /** Upper edge of the expected band. */
  upper: Float64Array;
  /** Anomaly score in [0, 1]; NaN while the model has not seen enough data. */
  score: Float64Array;
  /** 1 where the point is judged anomalous at the configured sensitivity, else 0. */
  isAnomaly: Uint8Array;
  /** Ensemble only: per point, a bit mask over `members` of the members that fired. */
  fired?: Uint32Array;
  /** Ensemble only: member names, in bit order of `fired`. */
  members?: string[];
}

/** A forecast for future timestamps with a prediction interval. */
export interface ForecastResult {
  /** Future timestamps (ms). */
  t: Float64Array;
  /** Point forecast. */
  yhat: Float64Array;
  /** Lower bound of the prediction interval. */
  lower: Float64Array;
  /** Upper bound of the prediction interval. */
  upper: Float64Array;
  /** Name of the model that produced it (for `auto`, the model chosen). */
  model: string;
  /** Coverage of the interval, e.g. 0.95. */
  level: number;
  /** Timestamp (ms) of the first point used, when a clear reset cut the history (forecast/resetSegment.ts). */
  segmentStart?: number;
  /**
   * Time (ms) of the clear reset a segment younger than two days was carried across
   * (forecast/youngSegment.ts): the forecast ran on the tooth before it, moved by the reset's step, and
   * the segment, from `segmentStart`; absent otherwise.
   */
  carriedAcross?: number;
  /**
   * 'auto' (purpose 'forecast') only: the trend test the choice respected (forecast/trendTest.ts).
   */
  trend?: ForecastTrend;
  /**
   * A trailing excursion the models did not fit (forecast/excursion.ts): its first point's time, its
   * points, its side of the anomaly band, and its warning (also in `warnings`), which a range query
   * sums over its fits rather than repeat (src/engine/windowedFits.ts).
   */
  excursion?: { since: number; count: number; direction: 'above' | 'below'; warning: string };
  /** What limited the answer, in words (e.g. 'auto' ran without augurs because it did not load). */
  warnings?: string[];
  /** The steps whose band was held within a multiple of the window's range (forecast/bandLimit.ts). */
  bandHeld?: BandHeld;
}

/** Steps (1) whose lower or upper bound was held within `ranges` of the window's range (forecast/bandLimit.ts). */
export interface BandHeld {
  lower: Uint8Array;
  upper: Uint8Array;
  ranges: number;
}

/** The trend test of a forecast's input (forecast/trendTest.ts). */
export interface ForecastTrend {
  /** Mann-Kendall z (seasonal when `seasonal`). */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Sen's slope (seasonal Kendall slope when `seasonal`), per second. */
  slopePerSecond: number;
  /**
   * The central 95 % of the pairwise slopes behind Sen's slope (within a season when `seasonal`), per
   * second: a forecast whose mean slope over a whole season lies outside contradicts the test.
   */
  slopeSpread: [number, number];
  /** The season the test read, in steps (0 when plain). */
  seasonPoints: number;
  /** pValue below the test level (1 %) with a non-zero slope of the same sign as z. */
  significant: boolean;
  /** R-squared of the least-squares line: the share of the variance the trend explains. */
  explained: number;
  /** Significant and explaining at least half the variance: 'auto' then chose a forecast that follows it. */
  binding: boolean;
  /** Whether the seasonal variants were used (a period was known). */
  seasonal: boolean;
}

/** Machine-readable reason codes for errors the engine reports instead of numbers. */
export type MlErrorCode = 'not_enough_data' | 'bad_input' | 'unknown_model';

/** An error the engine raises on input it cannot judge; `code` lets adapters map it to a message. */
export class MlError extends Error {
  constructor(
    readonly code: MlErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'MlError';
  }
}
