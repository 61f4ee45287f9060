/**
 * The shipped anomaly alerts on the demo data (`bellwether serve --demo`, `npm start`), through a
 * real vmalert (Debian `victoria-metrics`): its replay mode evaluates the anomaly groups of
 * provisioning/vmalert/bellwether.rules.yml through the companion's query API over the embedded demo
 * series, every minute (the groups' interval), applies each rule's `for` as it does live, and writes
 * its `ALERTS` series to a remote-write receiver, which the test reads. Two windows: October 2026
 * (30 days) and 2026-11-22 to 12-06 (the 14 days a user review counted).
 *
 * The incidents are read from the demo series themselves (companion/src/upstream/demo/demoSeries.ts),
 * not from the detector: web-1's CPU saturations (samples at 0.9 or more, normal is below 0.65) and
 * the apiserver's p99 latency spikes on reading pods (1.2 s or more, normal is below 0.5 s; the demo
 * draws them 2-6 min long). Checked, per signal: every incident fires an alert of its signal, however short (before
 * `for: 1m` and the latency rules' floor, `for: 5m` fired on none of the spikes under 6 minutes);
 * each rule fires on every incident that lasts at least its `for` plus a minute; and no rule fires
 * outside an incident of its own series (allowing five minutes after its end for the score to settle).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Companion } from '../../../companion/src/app';
import { SCRAPE_MS } from '../../../companion/src/upstream/demo/demoSeries';
import { demoSeriesOf, runsAtOrAbove } from '../../support/demoRuns';
import { startRemoteWrite, type TestRemoteWrite } from '../../support/remoteWrite';
import { startTestCompanion } from '../../support/testCompanion';
import { replayVmalert } from '../../support/vmalert';
import { PROVISIONING, readYaml } from '../provisioning/files';
import { durationSeconds } from './loopFixtures';

const MIN = 60_000;
const DAY = 86_400_000;
const WINDOWS: Array<[number, number]> = [
  [Date.UTC(2026, 9, 1), Date.UTC(2026, 9, 31)],
  [Date.UTC(2026, 10, 22), Date.UTC(2026, 11, 6)],
];
const SETTLE = 5 * MIN;

/**
 * Where each anomaly signal's incidents are in the demo data: series, a threshold on its value, and
 * the labels that tell its series apart in the ALERTS series.
 */
const INCIDENTS: Record<string, { name: string; labels: Record<string, string>; above: number; by: string[] }> = {
  cpu_anomaly: {
    name: 'instance:node_cpu_utilisation:rate5m',
    labels: { instance: 'web-1:9100' },
    above: 0.9,
    by: ['instance'],
  },
  // The apiserver's p99 as kube-prometheus records it: per verb and resource, no instance.
  latency_anomaly: {
    name: 'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile',
    labels: { verb: 'read', resource: 'pods', quantile: '0.99' },
    above: 1.2,
    by: ['verb', 'resource'],
  },
};

interface Rule {
  alert: string;
  forMs: number;
  signal: string;
}

const shipped = readYaml(join(PROVISIONING, 'vmalert', 'bellwether.rules.yml'));
/** The groups holding anomaly rules, as shipped (expressions, `for`, interval). */
const anomalyGroups = shipped.groups.filter((g: any) => g.rules.some((r: any) => r.labels.signal in INCIDENTS));
const rules: Rule[] = anomalyGroups
  .flatMap((g: any) => g.rules)
  .filter((r: any) => r.labels.signal in INCIDENTS)
  .map((r: any) => ({ alert: r.alert, forMs: durationSeconds(r.for) * 1000, signal: r.labels.signal }));

/** [start, end) of each run of demo samples at or above the signal's threshold, in the windows. */
function incidents(signal: string): Array<[number, number]> {
  const spec = INCIDENTS[signal];
  const series = demoSeriesOf(spec.name, spec.labels);
  return WINDOWS.flatMap(([from, to]) => runsAtOrAbove(series, spec.above, from, to, SCRAPE_MS));
}

const label = ([a, b]: [number, number]) => `${new Date(a).toISOString()} (${(b - a) / MIN} min)`;

let dir: string;
let companion: Companion;
let rw: TestRemoteWrite;
/** Evaluation times of each rule, per series (by its signal's `by` labels), from vmalert's ALERTS series. */
const firing = new Map<string, Map<string, number[]>>();
/** The same for the times the condition held (pending or firing). */
const held = new Map<string, Map<string, number[]>>();

function add(to: Map<string, Map<string, number[]>>, labels: Record<string, string>, times: number[]): void {
  const series = seriesOf(labels);
  const bySeries = to.get(labels.alertname) ?? new Map<string, number[]>();
  bySeries.set(
    series,
    [...(bySeries.get(series) ?? []), ...times].sort((a, b) => a - b)
  );
  to.set(labels.alertname, bySeries);
}

/** Which series an ALERTS sample is about: its signal's `by` labels. */
function seriesOf(labels: Record<string, string>): string {
  const spec = INCIDENTS[labels.signal];
  return spec ? spec.by.map((l) => labels[l]).join(' ') : JSON.stringify(labels);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-demo-alerts-'));
  const ruleFile = join(dir, 'anomaly.rules.yml');
  writeFileSync(ruleFile, JSON.stringify({ groups: anomalyGroups }));
  // The demo upstream answers for any time; the clock is pinned after the windows.
  companion = await startTestCompanion(WINDOWS[WINDOWS.length - 1][1] + DAY);
  rw = await startRemoteWrite();
  const intervals = [...new Set(anomalyGroups.map((g: any) => g.interval))];
  expect(intervals).toEqual(['1m']);
  for (const [from, to] of WINDOWS) {
    // 7 days of one-minute evaluations per query_range (the companion's default limits allow it).
    await replayVmalert({
      ruleFiles: [ruleFile],
      datasourceUrl: companion.url,
      remoteWriteUrl: rw.url,
      from,
      to,
      maxDatapointsPerQuery: 7 * 1440,
      queryStep: '1m',
    });
  }
  expect(rw.errors).toEqual([]);
  for (const s of rw.series.filter((x) => x.labels.__name__ === 'ALERTS')) {
    const times = s.samples.filter(([, v]) => v === 1).map(([t]) => t);
    add(held, s.labels, times);
    if (s.labels.alertstate === 'firing') {
      add(firing, s.labels, times);
    }
  }
});

afterAll(async () => {
  await companion?.close();
  await rw?.close();
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Whether the rule fired on its signal's series within [a, b + SETTLE). */
function firedOn(rule: Rule, [a, b]: [number, number]): boolean {
  const spec = INCIDENTS[rule.signal];
  const times = firing.get(rule.alert)?.get(seriesOf({ ...spec.labels, signal: rule.signal })) ?? [];
  return times.some((t) => t >= a && t < b + SETTLE);
}

it('covers every shipped anomaly rule, and the windows hold incidents of each signal', () => {
  expect(rules.map((r) => r.alert).sort()).toEqual([
    'BellwetherCpuAnomaly',
    'BellwetherCpuAnomalySustained',
    'BellwetherLatencyAnomaly',
    'BellwetherLatencyAnomalySustained',
  ]);
  expect(incidents('cpu_anomaly').length).toBeGreaterThanOrEqual(5);
  // October holds 29 spikes of 2-6 min, the 14 days 14 of 2.5-5.75 min (the apiserver p99 for reading pods).
  expect(incidents('latency_anomaly').length).toBeGreaterThanOrEqual(25);
  expect(Math.min(...incidents('latency_anomaly').map(([a, b]) => b - a))).toBeLessThanOrEqual(3 * MIN);
});

describe.each(Object.keys(INCIDENTS))('%s', (signal) => {
  it('every incident fires an alert of its signal, however short', () => {
    const own = rules.filter((r) => r.signal === signal);
    const missed = incidents(signal).filter((inc) => !own.some((r) => firedOn(r, inc)));
    expect(missed.map(label)).toEqual([]);
  });
});

describe.each(rules.map((r) => [r.alert, r] as const))('%s', (_name, rule) => {
  it('stays quiet outside the incidents of its signal', () => {
    const own = seriesOf({ ...INCIDENTS[rule.signal].labels, signal: rule.signal });
    const runs = incidents(rule.signal);
    for (const [series, times] of firing.get(rule.alert) ?? []) {
      const outside = times.filter((t) => series !== own || !runs.some(([a, b]) => t >= a && t < b + SETTLE));
      expect([series, outside.map((t) => new Date(t).toISOString())]).toEqual([series, []]);
    }
  });

  it('keeps a margin outside the incidents: its condition holds at most `for` minus a minute in a row', () => {
    const own = seriesOf({ ...INCIDENTS[rule.signal].labels, signal: rule.signal });
    const runs = incidents(rule.signal);
    const allowed = rule.forMs / MIN - 1;
    const over: string[] = [];
    for (const [series, times] of held.get(rule.alert) ?? []) {
      const outside = times.filter((t) => series !== own || !runs.some(([a, b]) => t >= a && t < b + SETTLE));
      // Evaluations in a row: firing takes `for` / interval + 1 of them.
      let run = 0;
      outside.forEach((t, i) => {
        run = i > 0 && t - outside[i - 1] === MIN ? run + 1 : 1;
        if (run === allowed + 1) {
          over.push(`${series} from ${new Date(outside[i - allowed]).toISOString()}`);
        }
      });
    }
    expect(over).toEqual([]);
  });

  it('fires on every incident of its signal that lasts at least its `for` plus a minute', () => {
    const due = incidents(rule.signal).filter(([a, b]) => b - a >= rule.forMs + MIN);
    // The demo's latency spikes last 2-6 minutes: none is due for the 15-minute (sustained) rule.
    expect(due.length > 0).toBe(rule.alert !== 'BellwetherLatencyAnomalySustained');
    expect(due.filter((inc) => !firedOn(rule, inc)).map(label)).toEqual([]);
  });
});
