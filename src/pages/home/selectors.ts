/**
 * What the home page evaluates by default: capacity pairs (filesystems from node-exporter,
 * container memory against its limit from cAdvisor and kube-state-metrics) and the golden-signal
 * selectors as a stock kube-prometheus install records them ({@link KUBE_PROMETHEUS}). Each can be
 * replaced from the URL (see urlState.ts).
 */
import { resourceKind, type ResourceKind } from '../../common/growthVerdict';
import type { DeviationSide } from '../../engine/query';

/** Filesystems node-exporter reports that are not real disks (the shipped rules exclude the same). */
export const PSEUDO_FS = 'tmpfs|overlay|squashfs|ramfs|nsfs';

/**
 * A capacity pair: a series that runs into a limit. `expr` is PromQL whose value falls to 0 as the
 * resource runs out (free bytes, or limit − usage); `presence` is a selector that tells whether the
 * metrics exist at all (a missing exporter is a note, not an error).
 */
export interface CapacityPair {
  id: string;
  title: string;
  expr: string;
  /** What time_to_exhaustion runs into: a floor the value falls to (free bytes → 0) or a ceiling. */
  capacity: number;
  direction: 'down' | 'up';
  presence: string;
  /** Labels that name a row, in order. */
  nameLabels: string[];
  /** The value's unit: bytes print in SI units ("143 MB/day"), else as plain numbers. */
  unit: 'bytes' | 'none';
  /** What it measures: a filesystem "fills", anything else "leaks" (src/common/growthVerdict.ts). */
  kind: ResourceKind;
  /** Shard large selectors by this label (each shard stays under the companion's limits.maxSeries). */
  shardLabel: string;
}

export const FILESYSTEMS: CapacityPair = {
  id: 'fs',
  title: 'Filesystems',
  expr: `node_filesystem_avail_bytes{fstype!~"${PSEUDO_FS}"}`,
  capacity: 0,
  direction: 'down',
  presence: `node_filesystem_avail_bytes{fstype!~"${PSEUDO_FS}"}`,
  nameLabels: ['instance', 'mountpoint'],
  unit: 'bytes',
  kind: 'filesystem',
  shardLabel: 'instance',
};

export const CONTAINER_MEMORY: CapacityPair = {
  id: 'mem',
  title: 'Container memory',
  expr:
    'max by (namespace, pod, container) (kube_pod_container_resource_limits{resource="memory"})' +
    ' - on (namespace, pod, container) max by (namespace, pod, container) (container_memory_working_set_bytes{container!=""})',
  capacity: 0,
  direction: 'down',
  presence: 'kube_pod_container_resource_limits{resource="memory"}',
  nameLabels: ['namespace', 'pod', 'container'],
  unit: 'bytes',
  kind: 'other',
  shardLabel: 'namespace',
};

/**
 * A pair the user adds in the URL as `pair=<title>|<usage PromQL>|<capacity>`: the capacity is a
 * number (a ceiling the usage rises to) or PromQL (matched on all labels, `capacity - usage`).
 */
export function userPair(text: string, index: number): CapacityPair | string {
  const parts = text.split('|');
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) {
    return `capacity pair "${text}" must be <title>|<usage PromQL>|<capacity number or PromQL>`;
  }
  const [title, usage, capacity] = parts.map((p) => p.trim());
  const n = Number(capacity);
  const common = {
    id: `pair${index}`,
    title,
    presence: usage,
    nameLabels: [],
    unit: unitOf(usage),
    kind: resourceKind({ expr: usage }),
    shardLabel: 'instance',
  };
  // A number: the usage rises to it (a ceiling). PromQL: the headroom falls to 0.
  return Number.isFinite(n)
    ? { ...common, expr: usage, capacity: n, direction: 'up' }
    : { ...common, expr: `(${capacity}) - (${usage})`, capacity: 0, direction: 'down', shardLabel: '' };
}

/**
 * The unit of a usage PromQL, by Prometheus' naming convention (a metric's name ends in its base
 * unit): bytes when a metric in it is `*_bytes`, else none.
 *
 * @example unitOf('process_resident_memory_bytes{job="api"}') // 'bytes'
 */
export function unitOf(usage: string): 'bytes' | 'none' {
  return /[a-zA-Z0-9_:]_bytes(?:_total)?\b(?!\s*[=(])/.test(usage) ? 'bytes' : 'none';
}

/** A golden-signal selector of "Anomalous now". */
export interface SignalSelector {
  title: string;
  expr: string;
  /**
   * The detector rules the shipped alert rule on this signal adds (src/engine/detectRules.ts), so the
   * scan and its Overlay link ask what the alert asks: p99 latency counts only upward moves at least
   * 50 % over the expected value (docs/alerting.md).
   */
  rules?: ScanRules;
  /**
   * The shortest pending period (`for`) of the shipped alert rules on this signal, in seconds: a run
   * of anomalous points shorter than it does not fire, so "Anomalous now" counts it as pending
   * instead of listing it. Unset: {@link DEFAULT_ALERT_FOR_S}.
   */
  forS?: number;
}

/** Detector rules of a scan: which side may be anomalous, and the smallest relative deviation. */
export interface ScanRules {
  side: DeviationSide;
  minRel: number;
}

/** The shipped latency rules' options (provisioning/vmalert, prometheus and alerting files). */
export const LATENCY_RULES: ScanRules = { side: 'above', minRel: 0.5 };

/**
 * The shortest `for` of the shipped anomaly alerts (provisioning/vmalert, prometheus and alerting
 * files; tests/node/provisioning/homeAsksAlerts.test.ts reads them): CPU fires after 5 minutes,
 * p99 latency (with its floor) after 1.
 */
export const CPU_ALERT_FOR_S = 5 * 60;
export const LATENCY_ALERT_FOR_S = 60;
/**
 * The pending period of a signal no shipped rule alerts on (memory, traffic, errors, your own):
 * the CPU rule's, which reads the same score with no floor, so a one-minute blip is not listed.
 */
export const DEFAULT_ALERT_FOR_S = CPU_ALERT_FOR_S;

/** How long a signal's anomaly must last before the shipped alert on it fires. */
export const alertForS = (selector: SignalSelector): number => selector.forS ?? DEFAULT_ALERT_FOR_S;

/**
 * The recorded series the defaults read, as a stock kube-prometheus install names them (its
 * PrometheusRule objects are rendered from these mixin files):
 * - node-exporter's node-mixin, `docs/node-mixin/rules/rules.libsonnet` (group node-exporter.rules):
 *   `instance:node_cpu_utilisation:rate5m`, `instance:node_memory_utilisation:ratio`;
 * - kubernetes-mixin, `rules/kube_apiserver-histogram.libsonnet` (kube-apiserver-histogram.rules):
 *   the apiserver's p99 request latency per `verb` (read, write) and `resource`; kube-prometheus
 *   before the SLI rename recorded it as `cluster_quantile:apiserver_request_slo_duration_seconds:…`
 *   or `cluster_quantile:apiserver_request_duration_seconds:…` (docs/home.md says how to select those);
 * - kubernetes-mixin, `rules/kube_apiserver-availability.libsonnet`
 *   (kube-apiserver-availability.rules): the apiserver's request rate per `code`, `resource` and
 *   `verb`, traffic (every code) and errors (5xx).
 * Your own services' latency and errors have no kube-prometheus name: add them as selectors
 * (docs/home.md).
 */
export const KUBE_PROMETHEUS = {
  cpu: 'instance:node_cpu_utilisation:rate5m',
  memory: 'instance:node_memory_utilisation:ratio',
  apiserverLatencyP99: 'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile{quantile="0.99"}',
  apiserverRequests: 'code_resource:apiserver_request_total:rate5m',
  apiserverErrors: 'code_resource:apiserver_request_total:rate5m{code=~"5.."}',
} as const;

/** The defaults: CPU and memory of every node, the apiserver's p99 latency, traffic and errors. */
export const GOLDEN_SIGNALS: SignalSelector[] = [
  { title: 'CPU', expr: KUBE_PROMETHEUS.cpu, forS: CPU_ALERT_FOR_S },
  { title: 'Memory', expr: KUBE_PROMETHEUS.memory },
  {
    title: 'Latency p99',
    expr: KUBE_PROMETHEUS.apiserverLatencyP99,
    rules: LATENCY_RULES,
    forS: LATENCY_ALERT_FOR_S,
  },
  { title: 'Traffic', expr: KUBE_PROMETHEUS.apiserverRequests },
  { title: 'Errors', expr: KUBE_PROMETHEUS.apiserverErrors },
];

/** `title=expr` from the URL, or the expression alone (its own title); see {@link withAlertRules}. */
export function parseSignal(text: string): SignalSelector {
  const m = /^([^=]{1,40})=(.+)$/.exec(text);
  return withAlertRules(
    m && !/[{}()]/.test(m[1]) ? { title: m[1].trim(), expr: m[2].trim() } : { title: text, expr: text }
  );
}

/**
 * A selector with the rules of the shipped alert on the same expression (a default golden signal's),
 * so a selector from the URL or the companion's warm list asks what the alert and the default page ask.
 */
export function withAlertRules(selector: SignalSelector): SignalSelector {
  const shipped = GOLDEN_SIGNALS.find((s) => s.expr === selector.expr);
  return {
    ...selector,
    ...(shipped?.rules && !selector.rules ? { rules: shipped.rules } : {}),
    ...(shipped?.forS !== undefined && selector.forS === undefined ? { forS: shipped.forS } : {}),
  };
}
