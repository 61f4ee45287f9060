import { scoreThreshold } from '../src/datasource/threshold';
import { LATENCY_RULES } from '../src/pages/home/selectors';

/**
 * What the preview page shows: each view is one panel over demo series from the companion's
 * Prometheus API, plus the derived queries the companion evaluates for it. Plain data, shared by
 * the page and the browser test so both agree on what must appear.
 */

/** One query sent to `/api/v1/query_range` (or `/api/v1/query` when `instant`). */
export interface PreviewQuery {
  /** PromQL, possibly wrapped in one of the companion's functions. */
  expr: string;
  /** Legend name of the resulting field. Derived fields keep the query text so panels know their role. */
  legend?: string;
}

/** One panel of the preview page. */
export interface PreviewView {
  /** DOM id of the panel's container (also used for screenshots). */
  id: string;
  title: string;
  /** What to look at, in one sentence. */
  caption: string;
  /** Which built plugin draws it. */
  panel: 'anomaly' | 'forecast';
  /** Look-back of the range query, and its step, in seconds. */
  rangeSeconds: number;
  stepSeconds: number;
  /** The raw series. */
  base: PreviewQuery;
  /** Derived series drawn with the raw one (range queries). */
  derived: PreviewQuery[];
  /** Instant queries whose latest values are listed under the panel. */
  facts: Array<{ label: string; expr: string; unit: 'score' | 'seconds' | 'pvalue' | 'bytes_per_second' }>;
  /**
   * Draw used space instead of the free bytes of `base`: size − free, and the size series beside it
   * as the capacity, as a dashboard gets from Grafana's "Add field from calculation" transformation
   * (the demo upstream evaluates selectors only, not `size - avail`).
   */
  usedOf?: { size: PreviewQuery };
  /**
   * Show the latest incident of `expr` instead of the range ending now: the view's range ends
   * `afterSeconds` after the last time within `searchSeconds` at which `expr` rose above `above`
   * (by default ten times its median), or now if sooner. Without one the view shows the range
   * ending now and says so.
   */
  incident?: { expr: string; searchSeconds: number; afterSeconds: number; above?: number };
  /**
   * The panel's query is the base expression on the Bellwether data source, as on a Grafana
   * dashboard: panel actions that ask the data source (the anomaly panel's "What else moved?") work.
   */
  viaDataSource?: boolean;
  /** Panel options (merged over the panel's defaults). */
  options?: Record<string, unknown>;
  /** Field config as a dashboard sets it: the unit of the series (Standard options → Unit). */
  fieldConfig: { defaults: { unit: string }; overrides: [] };
}

/** A dashboard's field config that sets only the unit. */
const unit = (id: string): PreviewView['fieldConfig'] => ({ defaults: { unit: id }, overrides: [] });

const CPU = 'instance:node_cpu_utilisation:rate5m{instance="web-1:9100"}';
const LATENCY = 'http_request_duration_seconds{instance="api-1:8080",quantile="0.99"}';
/** The shipped p99 latency alerts' options (provisioning/vmalert): upward only, 50 % over the expected. */
const LATENCY_OPTIONS = `"direction=${LATENCY_RULES.side} min_rel=${LATENCY_RULES.minRel}"`;
const DISK = 'node_filesystem_avail_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}';
const DISK_SIZE = 'node_filesystem_size_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}';
const MEMORY = 'process_resident_memory_bytes{instance="api-1:8080"}';
const PODS = 'pod_cpu_usage_cores{namespace="shop",deployment="web"}';
const PODS_OPTIONS = 'by=namespace,deployment, algorithm=mad';
const CHECKOUT_ERRORS = 'shop_checkout_errors_per_second';
const DAY = 86400;
/** Score at which the ensemble calls a point anomalous at the default sensitivity (0.765). */
const ENSEMBLE_DECISION = scoreThreshold('ensemble', 0.5);

/** The panels of the preview page, in page order. */
export const PREVIEW_VIEWS: PreviewView[] = [
  {
    id: 'cpu',
    title: 'CPU utilisation, web-1 — anomaly overlay',
    caption:
      'The latest CPU incident of the last 14 days, at a 1-minute step: 40 to 45 minutes near 100% (the demo starts inside one, so the latest may still be running), flagged as one region over its length. The expected band follows the daily cycle and comes from the companion (anomaly_upper/lower).',
    panel: 'anomaly',
    // Incidents hit about one day in three and last about 40 minutes: half a day around the latest
    // one at 1 m (as a dashboard zoomed to it) draws it over some 40 points, not the 4 of 4 d at 10 m.
    rangeSeconds: 12 * 3600,
    stepSeconds: 60,
    incident: { expr: CPU, searchSeconds: 14 * DAY, afterSeconds: 3 * 3600, above: 0.9 },
    base: { expr: CPU, legend: 'cpu web-1' },
    derived: [{ expr: `anomaly_upper(${CPU})` }, { expr: `anomaly_lower(${CPU})` }, { expr: `anomaly_score(${CPU})` }],
    facts: [{ label: 'anomaly_score now', expr: `anomaly_score(${CPU})`, unit: 'score' }],
    // node_exporter's CPU utilisation is a ratio 0..1.
    fieldConfig: unit('percentunit'),
  },
  {
    id: 'latency',
    title: 'p99 latency, api-1 /api/orders — anomaly overlay',
    caption:
      'The latest latency spike of the last 14 days, with up to 12 hours after it (fewer when it was recent). ' +
      'Latency follows load, with short spikes to 1.5–3 s in about one hour in 25.',
    panel: 'anomaly',
    rangeSeconds: DAY,
    stepSeconds: 120,
    // Spikes last 2-6 min in 4 % of hours: the day ending now often has none to show.
    incident: { expr: LATENCY, searchSeconds: 14 * DAY, afterSeconds: 12 * 3600, above: 1.2 },
    base: { expr: LATENCY, legend: 'p99 api-1' },
    // With the alert rules' options, so a red region here is one the shipped alert fires on: without
    // them a healthy 0.42 s (40 % over the expected) was flagged beside the spike (2026-12-05 14:44).
    derived: [
      { expr: `anomaly_upper(${LATENCY}, ${LATENCY_OPTIONS})` },
      { expr: `anomaly_lower(${LATENCY}, ${LATENCY_OPTIONS})` },
      { expr: `anomaly_score(${LATENCY}, ${LATENCY_OPTIONS})` },
    ],
    facts: [{ label: 'anomaly_score now', expr: `anomaly_score(${LATENCY}, ${LATENCY_OPTIONS})`, unit: 'score' }],
    // The ensemble's own decision at the default sensitivity (the alert rules' 0.76): its scores for
    // the demo's 2-6 min spikes peak near 0.89, under the panel's default of 0.9 for score-only data.
    // The panel's Direction and floor as the queries': a flagged step whose sample lies under the band
    // (normal, when only a rise counts) is marked as a step, not a dot on the sample (flagMark.ts).
    options: { scoreThreshold: ENSEMBLE_DECISION, direction: LATENCY_RULES.side, minRel: LATENCY_RULES.minRel },
    fieldConfig: unit('s'),
  },
  {
    id: 'disk',
    title: 'PostgreSQL volume, db-1 — forecast and time to exhaustion',
    caption: 'Fills at about 30 GB a day with a daily write pattern and is cleaned up every 14 days.',
    panel: 'forecast',
    // Time to exhaustion's whole training window (14 days, TTE_DEFAULT_TRAIN): the preview gives the
    // panel no query to fetch older history with (its used space is computed here), so on 7 days it
    // noted a shortfall beside the same answer as the companion's.
    rangeSeconds: 14 * DAY,
    // The home page's step (the shipped recording rule's, runningOut.ts TTE_EVALUATION): the same fit,
    // so its Running out row and this panel print one figure. At 30 minutes the two differed by a few
    // thousandths of a day and printed one digit apart across a rounding boundary.
    stepSeconds: 60 * 60,
    base: { expr: DISK, legend: 'used /var/lib/postgresql' },
    usedOf: { size: { expr: DISK_SIZE, legend: 'size /var/lib/postgresql' } },
    derived: [],
    // The companion's figure for the same volume, as free bytes falling to 0 (same step, same window).
    facts: [
      { label: 'time_to_exhaustion (companion)', expr: `time_to_exhaustion(${DISK}, 0, "step=1h")`, unit: 'seconds' },
    ],
    // Used space rising to the filesystem size, the capacity line taken from the size series.
    options: { horizon: '14d', capacityMode: 'series', capacitySeries: '/^size /', direction: 'up' },
    // The volume is sized in decimal gigabytes (500 GB), as `df -H` shows it.
    fieldConfig: unit('decbytes'),
  },
  {
    id: 'memory',
    title: 'Resident memory, api-1 — leak and trend test',
    caption: 'Leaks about 6 MB an hour and is restarted every 3.5 days; api-2 (not shown) is healthy.',
    panel: 'forecast',
    rangeSeconds: 3 * DAY,
    stepSeconds: 15 * 60,
    base: { expr: MEMORY, legend: 'rss api-1' },
    derived: [],
    facts: [
      {
        label: 'trend_slope (companion)',
        expr: `trend_slope(${MEMORY}, "train=1d step=15m")`,
        unit: 'bytes_per_second',
      },
      { label: 'trend_pvalue (companion)', expr: `trend_pvalue(${MEMORY}, "train=1d step=15m")`, unit: 'pvalue' },
    ],
    // The same window and step as the companion's facts beside it.
    options: { horizon: '1d', showTrend: true, train: '1d' },
    // Decimal megabytes, as the caption and the companion's trend_slope beside it.
    fieldConfig: unit('decbytes'),
  },
  {
    id: 'pods',
    title: 'CPU of the six web pods — the pod out of line',
    caption:
      'One pod (web-7d9c5-4) drifts away from the others on about one day in three; the view ends 12 hours after its latest drift of the last 14 days, which outliers() marks (above 0.5, the shipped pod alert’s threshold). A healthy pod may touch 0.5 at a single 10-minute point; the alert waits 10 minutes.',
    panel: 'anomaly',
    rangeSeconds: 4 * DAY,
    stepSeconds: 600,
    // The latest drift: pod 4's outlier score passes 0.7 only then. In the 14 days before 2026-12-06
    // 23:30 UTC the drift scored up to 0.86 and the healthy pods at most 0.49 at the search's 2-minute
    // step (0.6 at the view's 10 minutes). A fixed 4 days ending now may hold no drift: on 2026-12-06
    // the last one (12-02 17:30) was out of view while the caption said outliers() marks it.
    incident: {
      expr: `outliers(${PODS}, "${PODS_OPTIONS}")`,
      searchSeconds: 14 * DAY,
      afterSeconds: DAY / 2,
      above: 0.7,
    },
    base: { expr: PODS, legend: '{{pod}}' },
    // The group's band on each member's labels, and each member's outlier score (0.5 = out of line).
    derived: [
      { expr: `outliers_upper(${PODS}, "${PODS_OPTIONS}")`, legend: 'group upper' },
      { expr: `outliers_lower(${PODS}, "${PODS_OPTIONS}")`, legend: 'group lower' },
      { expr: `outliers(${PODS}, "${PODS_OPTIONS}")`, legend: 'outlier score' },
    ],
    // No fact: outliers() must be the outermost function, so there is no max() of it to show.
    facts: [],
    // Six pods: the legend goes to the right so every name fits the panel's height.
    options: { scoreThreshold: 0.5, legend: { showLegend: true, displayMode: 'list', placement: 'right', calcs: [] } },
    fieldConfig: unit('none'),
  },
  {
    id: 'checkout',
    title: 'Checkout errors — what else moved?',
    caption:
      'The latest checkout incident of the last 14 days. Hover an anomalous point and click: the companion ranks the shop’s series by how much and how early they moved (in the demo the orders queue backs up first, latency 3 min later, errors 6 min later).',
    panel: 'anomaly',
    // Three hours before the incident's last errors, and 30 minutes after, at 1 m.
    rangeSeconds: 3.5 * 3600,
    stepSeconds: 60,
    incident: { expr: CHECKOUT_ERRORS, searchSeconds: 14 * DAY, afterSeconds: 1800 },
    viaDataSource: true,
    base: { expr: CHECKOUT_ERRORS, legend: 'checkout errors' },
    derived: [
      { expr: `anomaly_upper(${CHECKOUT_ERRORS})` },
      { expr: `anomaly_lower(${CHECKOUT_ERRORS})` },
      { expr: `anomaly_score(${CHECKOUT_ERRORS})` },
    ],
    facts: [],
    options: { scoreThreshold: ENSEMBLE_DECISION },
    fieldConfig: unit('reqps'),
  },
];
