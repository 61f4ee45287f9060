import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import type { DeviationSide } from '../engine/query';

/** Where the models run: in a Web Worker in the browser, or in the companion service. */
export type Engine = 'browser' | 'companion';

/** Which system a query reads from. */
export type SourceKind = 'prometheus' | 'parca' | 'pixie';

/**
 * What a query returns:
 * - `raw`: the source series unchanged;
 * - `band`: the source series plus the detector's lower and upper band;
 * - `score`: anomaly score in [0, 1];
 * - `anomalies`: only the points whose score reaches the model's threshold (also used for annotations);
 * - `forecast`: the value predicted `horizon` ahead (value at t = forecast made at or before t for t + horizon);
 * - `tte`: seconds until the series reaches `capacity`;
 * - `trend`: Sen's slope per second over the training window;
 * - `outliers`: the source series, each member's outlier score within its group (`groupBy`) and
 *   its group's band (src/engine/groupOutliers.ts);
 * - `moved`: "what moved together" with the query's one series around `movedAt`: a table of the
 *   candidate series ranked by the companion (src/engine/movedTogether.ts), with sparklines.
 */
export type Output = 'raw' | 'band' | 'score' | 'anomalies' | 'forecast' | 'tte' | 'trend' | 'outliers' | 'moved';

/** A Bellwether query. Fields not used by the chosen source or output are ignored. */
export interface BellwetherQuery extends DataQuery {
  /** Source system; default 'prometheus'. */
  source?: SourceKind;
  /** UID of the Prometheus data source the inner PromQL runs on (Prometheus source). */
  datasourceUid?: string;
  /** Inner PromQL expression (Prometheus source). */
  expr?: string;
  /** Parca profile type, e.g. `parca_agent:samples:count:cpu:nanoseconds:delta` (Parca source). */
  profileType?: string;
  /** Parca label selector without braces, e.g. `comm="api"` (Parca source). */
  labelSelector?: string;
  /** PxL script (Pixie source); `__time_from`, `__time_to` and `__interval` are replaced. */
  pxl?: string;
  /** Pixie: column to use as the value (default: first numeric column). */
  valueColumn?: string;
  /** Derived output; default 'raw'. */
  output?: Output;
  /** Detector or forecast model name; default: the engine's default ('ensemble' / 'auto'). */
  model?: string;
  /** Sensitivity in [0, 1]; higher flags more points. */
  sensitivity?: number;
  /** Training window as a duration, e.g. `1d`. */
  train?: string;
  /** Forecast horizon as a duration, e.g. `1h` (forecast output). */
  horizon?: string;
  /** Capacity the series runs into (tte output). */
  capacity?: number;
  /** tte: 'up' when the series rises to a ceiling, 'down' when it falls to a floor; default 'up'. */
  direction?: 'up' | 'down';
  /** Detector outputs: which side of the expected value may be anomalous; default 'both'. */
  anomalyDirection?: DeviationSide;
  /** Detector outputs: deviations smaller than this (series' unit) are never anomalous. */
  minAbs?: number;
  /** Detector outputs: deviations smaller than this fraction of |expected| are never anomalous. */
  minRel?: number;
  /** Detector outputs: values below validMin or above validMax are always anomalous. */
  validMin?: number;
  validMax?: number;
  /**
   * The grid step, as a duration (e.g. `1h`); default: Grafana's interval for the panel's width. Both
   * engines evaluate on it, so a link (the home page's Forecast) can open at the step its figure came from.
   */
  step?: string;
  /** Forecast / tte / trend: how often the model is refitted, as a duration; default 50 steps. */
  refit?: string;
  /** Engine override; default: the data source's default engine. */
  engine?: Engine;
  /** Set by the annotation support: return anomalies as annotation events. */
  asAnnotations?: boolean;
  /** Outliers: labels that make a group, comma-separated (e.g. `namespace,deployment`); empty = one group. */
  groupBy?: string;
  /** Outliers: `mad` (default) or `dbscan`. */
  algorithm?: 'mad' | 'dbscan';
  /** Outliers: how long a member's level is averaged over, as a duration; default 5m. */
  window?: string;
  /** What moved together: the anomalous time (ms); default the end of the panel's time range. */
  movedAt?: number;
  /** What moved together: the candidates' PromQL; default the target's namespace, else job, else instance. */
  candidates?: string;
  /** What moved together: how long before the time a cause may have started, as a duration; default 30m. */
  lookBack?: string;
  /** What moved together: how long after the time still counts, as a duration; default 5m. */
  after?: string;
  /** Legend, e.g. `{{instance}}` (Prometheus source). */
  legendFormat?: string;
}

/** Defaults applied to new queries. */
export const DEFAULT_QUERY: Partial<BellwetherQuery> = { source: 'prometheus', output: 'raw', sensitivity: 0.5 };

/** Settings stored in jsonData (never secrets). */
export interface BellwetherOptions extends DataSourceJsonData {
  /** Base URL of the companion; reached through the `companion` proxy route. */
  companionUrl?: string;
  /** Base URL of Parca (the HTTP port serving `/api/profiles/...`); reached through the `parca` route. */
  parcaUrl?: string;
  /** Where models run when a query does not say. */
  defaultEngine?: Engine;
  /** Prometheus data source preselected in new queries and used for template variables. */
  defaultPrometheusUid?: string;
  /** Whether Pixie queries are offered (they need the companion). */
  pixieEnabled?: boolean;
  /** Pixie cluster id (UUID) sent with each script. */
  pixieClusterId?: string;
  /** Most series a query may produce before it is refused; default 50. */
  maxSeries?: number;
}

/** Settings stored in secureJsonData: write-only from the browser, sent upstream by Grafana's proxy. */
export interface BellwetherSecureOptions {
  companionToken?: string;
  /** Pixie API key; Grafana's proxy sends it to the companion as the `X-Pixie-Api-Key` header. */
  pixieApiKey?: string;
}

/** Default upper bound on series per query (the worker computes every series in the browser). */
export const DEFAULT_MAX_SERIES = 50;
