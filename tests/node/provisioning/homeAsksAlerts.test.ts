/**
 * The home page's "Anomalous now" asks each default golden signal what the shipped alert rules on
 * the same expression ask (vmalert, Grafana-managed, the companion's recorded series), so the page and the alerts agree on what is anomalous:
 * the same detector options, with only the page's output-only `explain=true` added.
 */
import { join } from 'node:path';
import { BELLWETHER_RULES, COMPANION_CONFIG, GRAFANA_ALERTS, PROVISIONING, readYaml } from './files';
import { parseQuery } from '../../../companion/src/query/parser';
import { companionQuery } from '../../../src/datasource/plan';
import { gridForQuery, specFor } from '../../../src/datasource/querySpec';
import type { BellwetherQuery } from '../../../src/datasource/types';
import { ENGINE_DEFAULTS } from '../../../src/engine/context';
import { anomalyQuery, OVERLAY_STEP, OVERLAY_TRAIN, STEP_S } from '../../../src/pages/home/anomalous';
import { overlayLink } from '../../../src/pages/home/links';
import { alertForS, GOLDEN_SIGNALS, KUBE_PROMETHEUS, parseSignal } from '../../../src/pages/home/selectors';
import { parseDuration } from '../../../src/common/duration';

jest.mock('@grafana/runtime', () => ({ config: { appSubUrl: '' } }));

const VMALERT_RULES = join(PROVISIONING, 'vmalert', 'bellwether.rules.yml');

/** `anomaly_score(<inner>[, "<options>"])` → inner and its options, sorted; undefined if not one. */
function call(expr: string): { inner: string; options: string[] } | undefined {
  const m = /anomaly_score\((.*?)(?:,\s*"([^"]*)")?\)\s*(?:[<>]|$)/.exec(expr.trim());
  return m ? { inner: m[1].trim(), options: (m[2] ?? '').split(/\s+/).filter(Boolean).sort() } : undefined;
}

/** Every string `expr:` value anywhere in a parsed YAML document (Grafana-managed rules nest theirs). */
function exprsIn(node: unknown): string[] {
  if (Array.isArray(node)) {
    return node.flatMap(exprsIn);
  }
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => (k === 'expr' && typeof v === 'string' ? [v] : exprsIn(v)));
  }
  return [];
}

/** The companion's recorded anomaly series (provisioning/companion), as the call each records. */
const recordedCalls = (
  readYaml(COMPANION_CONFIG).rules.series as Array<{ expr: string; record: string[]; options?: string }>
)
  .filter((r) => r.record.includes('anomaly'))
  .map((r) => ({ inner: r.expr, options: (r.options ?? '').split(/\s+/).filter(Boolean).sort() }));

/** The anomaly calls of the vmalert and Grafana-managed alert rules and the companion's recorded ones. */
const ruleCalls = [...exprsIn(readYaml(VMALERT_RULES)), ...exprsIn(readYaml(GRAFANA_ALERTS))]
  .map(call)
  .filter((c): c is NonNullable<typeof c> => c !== undefined)
  .concat(recordedCalls);

it('reads the anomaly rules of every shipped rule file (2 vmalert, 2 Grafana, 1 recorded, for each signal)', () => {
  for (const inner of [KUBE_PROMETHEUS.cpu, KUBE_PROMETHEUS.apiserverLatencyP99]) {
    expect(ruleCalls.filter((c) => c.inner === inner)).toHaveLength(5);
  }
});

it('finds the shipped anomaly rules it compares with (CPU and p99 latency)', () => {
  const inners = new Set(ruleCalls.map((c) => c.inner));
  expect(inners).toEqual(
    new Set([
      'instance:node_cpu_utilisation:rate5m',
      'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile{quantile="0.99"}',
    ])
  );
});

it.each(GOLDEN_SIGNALS.filter((s) => ruleCalls.some((c) => c.inner === s.expr)))(
  '$title: the scan asks what every shipped rule on $expr asks',
  (signal) => {
    const scan = call(anomalyQuery(signal.expr, signal.rules));
    for (const rule of ruleCalls.filter((c) => c.inner === signal.expr)) {
      expect(scan?.options.filter((o) => o !== 'explain=true')).toEqual(rule.options);
    }
    // The same selector typed in the URL asks the same.
    expect(parseSignal(signal.expr).rules).toEqual(signal.rules);
  }
);

/** The detector rules of a parsed call: the options the engine's rules read (src/engine/detectRules.ts). */
const rulesOf = (o: Record<string, unknown>) => ({ side: o.side, minRel: o.minRel, minAbs: o.minAbs });
const optionsOf = (query: string) => {
  const parsed = parseQuery(query);
  if (parsed.kind !== 'derived') {
    throw new Error(`not a derived query: ${query}`);
  }
  return parsed.options as Record<string, unknown>;
};

it.each(GOLDEN_SIGNALS)(
  "$title: the Overlay link asks the companion the scan's training window, step and rules",
  (signal) => {
    const scan = optionsOf(anomalyQuery(signal.expr, signal.rules));
    const url = overlayLink('bw', signal.expr, OVERLAY_TRAIN, OVERLAY_STEP, 1796489280, signal.rules);
    const queries = JSON.parse(decodeURIComponent(/panes=([^&]+)/.exec(url)![1])).a.queries as BellwetherQuery[];
    expect(queries.map((q) => q.output)).toEqual(['band', 'anomalies']);
    const to = Date.UTC(2026, 11, 6, 10, 0);
    for (const q of queries) {
      // As the data source plans it, at Explore's own interval for 6 hours at 1,000 px (20 s).
      const grid = gridForQuery(q, to - 6 * 3600_000, to, 20_000);
      const link = optionsOf(companionQuery('anomaly_score', q.expr!, specFor(q, grid.step)!));
      expect(rulesOf(link)).toEqual(rulesOf(scan));
      expect({ train: link.train, step: grid.step }).toEqual({
        train: scan.train ?? ENGINE_DEFAULTS.train,
        step: STEP_S * 1000,
      });
    }
  }
);

/** Every alert rule (an object with `for:`) in a parsed YAML document, with the exprs under it. */
function rulesWithFor(node: unknown): Array<{ forS: number; exprs: string[] }> {
  if (Array.isArray(node)) {
    return node.flatMap(rulesWithFor);
  }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    return typeof o.for === 'string'
      ? [{ forS: parseDuration(o.for)! / 1000, exprs: exprsIn(o) }]
      : Object.values(o).flatMap(rulesWithFor);
  }
  return [];
}

/** The shortest `for` of the anomaly alerts on `inner` in each shipped rule file (vmalert, Grafana, Prometheus). */
function shortestFor(inner: string): number[] {
  const recorded = (
    readYaml(COMPANION_CONFIG).rules.series as Array<{ name: string; expr: string; record: string[] }>
  ).find((r) => r.expr === inner && r.record.includes('anomaly'));
  const fires = (e: string) =>
    call(e)?.inner === inner || (recorded !== undefined && e.includes(`${recorded.name}:anomaly_score`));
  return [VMALERT_RULES, GRAFANA_ALERTS, BELLWETHER_RULES].map((file) =>
    Math.min(
      ...rulesWithFor(readYaml(file))
        .filter((r) => r.exprs.some(fires))
        .map((r) => r.forS)
    )
  );
}

it.each(GOLDEN_SIGNALS.filter((s) => ruleCalls.some((c) => c.inner === s.expr)))(
  '$title: Anomalous now lists a run once it has lasted the shortest shipped `for` on $expr, in every rule file',
  (signal) => {
    expect(shortestFor(signal.expr)).toEqual([alertForS(signal), alertForS(signal), alertForS(signal)]);
    expect(alertForS(parseSignal(signal.expr))).toBe(alertForS(signal));
  }
);
