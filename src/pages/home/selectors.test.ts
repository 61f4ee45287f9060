import {
  alertForS,
  FILESYSTEMS,
  GOLDEN_SIGNALS,
  LATENCY_RULES,
  parseSignal,
  unitOf,
  userPair,
  withAlertRules,
} from './selectors';

describe('capacity pairs', () => {
  it('takes a user pair unit from its metric names: *_bytes is bytes', () => {
    // The demo's pair: its trend once read "+143 M/d", without the unit.
    const memory = userPair('API memory vs 1 GB|process_resident_memory_bytes{job="api"}|1e9', 0);
    expect(memory).toMatchObject({ unit: 'bytes', kind: 'other', direction: 'up', capacity: 1e9 });
    expect(userPair('Queue|sum(queue_depth)|1000', 1)).toMatchObject({ unit: 'none', kind: 'other' });
    expect(unitOf('sum by (pod) (container_memory_working_set_bytes{container!=""})')).toBe('bytes');
    expect(unitOf('rate(node_network_receive_bytes_total[5m])')).toBe('bytes');
    expect(unitOf('http_requests_total')).toBe('none');
  });

  it('knows a filesystem pair fills rather than leaks', () => {
    expect(FILESYSTEMS.kind).toBe('filesystem');
    const pvc = userPair('PVC|kubelet_volume_stats_used_bytes|kubelet_volume_stats_capacity_bytes', 0);
    expect(pvc).toMatchObject({ unit: 'bytes', kind: 'filesystem', direction: 'down' });
  });
});

/**
 * The recording rules a stock kube-prometheus install has (node-exporter's node-mixin
 * docs/node-mixin/rules/rules.libsonnet; kubernetes-mixin rules/kube_apiserver-histogram.libsonnet
 * and rules/kube_apiserver-availability.libsonnet), read from those files; a default on any other
 * name matches nothing on a real cluster.
 */
const KUBE_PROMETHEUS_RECORDS = new Set([
  'instance:node_cpu_utilisation:rate5m',
  'instance:node_memory_utilisation:ratio',
  'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile',
  'code_resource:apiserver_request_total:rate5m',
]);

/** The metric name a selector reads (a bare selector `name{...}`; anything else is undefined). */
const metricOf = (expr: string) => /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?$/.exec(expr)?.[1];

describe('golden signals (the default selectors of "Anomalous now")', () => {
  it('are CPU, memory, latency, traffic and errors, each a recorded series kube-prometheus ships', () => {
    expect(GOLDEN_SIGNALS.map((s) => s.title)).toEqual(['CPU', 'Memory', 'Latency p99', 'Traffic', 'Errors']);
    for (const s of GOLDEN_SIGNALS) {
      expect([s.title, KUBE_PROMETHEUS_RECORDS.has(metricOf(s.expr) ?? '')]).toEqual([s.title, true]);
    }
  });

  it('read the p99 of the latency histogram and the 5xx of the request rate', () => {
    const by = Object.fromEntries(GOLDEN_SIGNALS.map((s) => [s.title, s.expr]));
    expect(by['Latency p99']).toMatch(/\{quantile="0\.99"\}$/);
    expect(by.Errors).toBe(`${by.Traffic}{code=~"5.."}`);
  });

  it("latency keeps the shipped latency alert's rules and pending period, typed in the URL too", () => {
    const latency = GOLDEN_SIGNALS.find((s) => s.title === 'Latency p99')!;
    expect(latency.rules).toEqual(LATENCY_RULES);
    expect(parseSignal(`p99=${latency.expr}`)).toEqual({
      title: 'p99',
      expr: latency.expr,
      rules: LATENCY_RULES,
      forS: 60,
    });
    expect(alertForS(parseSignal(latency.expr))).toBe(60);
    // The app's own summary is not a default any more: typed in the URL it asks the plain scan.
    expect(
      withAlertRules({ title: 'app', expr: 'http_request_duration_seconds{quantile="0.99"}' }).rules
    ).toBeUndefined();
  });
});
