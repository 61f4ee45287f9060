/**
 * What the engine evaluates: one of its functions over the values of an inner query, with options.
 * The companion parses this from PromQL text (`anomaly_score(up, "train=1d")`); the data source
 * builds it directly, and serialises it for the companion with the same meaning.
 */

/** Names of the engine's functions (the companion's parser keeps its signature table in step). */
export const FUNCTION_NAMES = [
  'anomaly_score',
  'anomaly_upper',
  'anomaly_lower',
  'forecast',
  'forecast_upper',
  'forecast_lower',
  'time_to_exhaustion',
  'trend_slope',
  'trend_pvalue',
  'outliers',
  'outliers_upper',
  'outliers_lower',
] as const;

/** Name of one of the engine's functions. */
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Options of a function call. Durations are in milliseconds. */
export interface FunctionOptions {
  model?: string;
  sensitivity?: number;
  train?: number;
  step?: number;
  /** Season length in ms, or 'auto' / 'none'. */
  season?: number | 'auto' | 'none';
  level?: number;
  refit?: number;
  direction?: 'up' | 'down';
  /** Detectors: how long a level shift stays anomalous before it becomes the new normal (ms). */
  adaptAfter?: number;
  /** Detectors: the resolution to score at when the grid is coarser (ms); see EngineDefaults.resolution. */
  resolution?: number;
  /** Forecasts: the smallest and largest possible values (free space >= 0, a ratio <= 1); they win over inferred bounds. */
  min?: number;
  max?: number;
  /**
   * Forecasts: 'auto' (default) infers physical bounds from the values, the metric name, `unit` and a
   * capacity (src/ml/forecast/bounds.ts, physicalBounds); 'none' keeps only min and max.
   */
  bounds?: 'auto' | 'none';
  /** Forecasts: the series' unit when its name does not say it (a panel's field unit, e.g. percentunit). */
  unit?: string;
  /**
   * Forecasts: the series' metric name when the inner query is not a selector that says it (the
   * panel's series, by its `__name__` label), so its bounds follow the name as the companion's do.
   */
  metric?: string;
  /** Detectors: which side of the expected value may be anomalous (default both); see detectRules.ts. */
  side?: DeviationSide;
  /** Detectors: deviations smaller than this (in the series' unit) are never anomalous. */
  minAbs?: number;
  /** Detectors: deviations smaller than this fraction of |expected| are never anomalous. */
  minRel?: number;
  /** Detectors: values below validMin or above validMax are always anomalous. */
  validMin?: number;
  validMax?: number;
  /** anomaly_score: label anomalous points with their kind and the members that fired. */
  explain?: boolean;
  /** Detectors: points where the call's gate series is below this (or absent) are not anomalous. */
  minRate?: number;
  /** outliers: the labels whose values make a group (one group when unset). */
  by?: string[];
  /** outliers: how members are compared with their group (src/ml/group/groupOutliers.ts). */
  algorithm?: 'mad' | 'dbscan';
  /** outliers: how long a member's level is averaged over before it is compared (ms). */
  window?: number;
}

/** Which side of the expected value a detector's deviation may be on to count. */
export type DeviationSide = 'above' | 'below' | 'both';

/** One function call over an inner query. */
export interface FunctionCall {
  func: FunctionName;
  /** The inner query: the history source's key for the source series (PromQL for the companion). */
  inner: string;
  /** Forecast horizon in ms (forecast*). */
  horizon?: number;
  /** Capacity (time_to_exhaustion). */
  capacity?: number;
  /**
   * time_to_exhaustion's detail keeps the forecast it searched (`path`), for a view that draws it (the
   * forecast panel); fitted and cached apart, and counted at its size. Values are the same.
   */
  path?: boolean;
  /** Detectors: the gate series' query (min_rate=), e.g. the request rate behind a latency. */
  gate?: string;
  options: FunctionOptions;
}
