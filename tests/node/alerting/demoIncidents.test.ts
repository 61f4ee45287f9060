/**
 * The shipped anomaly alerts on the demo data (`bellwether serve --demo`, `npm start`): each
 * anomaly rule of provisioning/vmalert/bellwether.rules.yml is evaluated through the companion's
 * query API over the embedded demo series (October 2026, 30 days), as an evaluator running it every
 * minute would see it, and its `for` is applied the same way (firing once the condition has held at
 * every evaluation for `for`).
 *
 * The incidents are read from the demo series themselves (companion/src/upstream/demo/demoSeries.ts),
 * not from the detector: web-1's CPU saturations (samples at 0.93 or more, normal is below 0.65) and
 * api-1's p99 latency spikes (1.5 s or more, normal is below 0.5 s). A rule is expected to fire on
 * each incident of its signal that lasts at least its `for` plus one evaluation, and never outside an
 * incident of the same series (allowing five minutes after its end for the score to settle).
 */
import { join } from 'node:path';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { demoSeries, SCRAPE_MS } from '../../../companion/src/upstream/demo/demoSeries';
import { PROVISIONING, readYaml } from '../provisioning/files';
import { durationSeconds } from './loopFixtures';
import { firingTimes } from '../../support/firingTimes';

const MIN = 60_000;
const DAY = 86_400_000;
const FROM = Date.UTC(2026, 9, 1);
const TO = FROM + 30 * DAY;
const SETTLE = 5 * MIN;

/** Where each anomaly signal's incidents are in the demo data: series and a threshold on its value. */
const INCIDENTS: Record<string, { name: string; labels: Record<string, string>; above: number }> = {
  cpu_anomaly: { name: 'instance:node_cpu_utilisation:rate5m', labels: { instance: 'web-1:9100' }, above: 0.9 },
  latency_anomaly: {
    name: 'http_request_duration_seconds',
    labels: { instance: 'api-1:8080', quantile: '0.99' },
    above: 1.2,
  },
};

interface Rule {
  alert: string;
  expr: string;
  forMs: number;
  signal: string;
}

const rules: Rule[] = readYaml(join(PROVISIONING, 'vmalert', 'bellwether.rules.yml'))
  .groups.flatMap((g: any) => g.rules)
  .filter((r: any) => r.labels.signal in INCIDENTS)
  .map((r: any) => ({ alert: r.alert, expr: r.expr, forMs: durationSeconds(r.for) * 1000, signal: r.labels.signal }));

/** [start, end) of each run of demo samples above the signal's threshold, in the window. */
function incidents(signal: string): Array<[number, number]> {
  const spec = INCIDENTS[signal];
  const series = demoSeries().find(
    (s) => s.labels.__name__ === spec.name && Object.entries(spec.labels).every(([k, v]) => s.labels[k] === v)
  )!;
  const runs: Array<[number, number]> = [];
  let start: number | undefined;
  for (let t = FROM; t <= TO; t += SCRAPE_MS) {
    const high = series.at(t) >= spec.above;
    if (high && start === undefined) {
      start = t;
    } else if (!high && start !== undefined) {
      runs.push([start, t]);
      start = undefined;
    }
  }
  return runs;
}

let companion: Companion;
/** Firing times (every minute) of each rule, per series (by instance). */
const firing = new Map<string, Map<string, number[]>>();

/** The rule's condition every minute over the window, through the companion (in chunks of 7 days). */
async function conditionTimes(expr: string): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (let start = FROM; start < TO; start += 7 * DAY) {
    const end = Math.min(TO, start + 7 * DAY - MIN);
    const r = await fetch(`${companion.url}/api/v1/query_range`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        query: expr,
        start: String(start / 1000),
        end: String(end / 1000),
        step: '60',
      }).toString(),
    });
    const body = (await r.json()) as any;
    expect([expr, body.status, body.error]).toEqual([expr, 'success', undefined]);
    for (const s of body.data.result) {
      const times = out.get(s.metric.instance) ?? [];
      times.push(...s.values.map((v: [number, string]) => Math.round(v[0] * 1000)));
      out.set(s.metric.instance, times);
    }
  }
  return out;
}

beforeAll(async () => {
  // The demo upstream answers for any time; the clock is pinned after the window.
  companion = await startCompanion(fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }), {
    logger: silentLogger,
    now: () => TO + DAY,
  });
  for (const rule of rules) {
    const held = await conditionTimes(rule.expr);
    firing.set(rule.alert, new Map([...held].map(([instance, times]) => [instance, firingTimes(times, rule.forMs, MIN)])));
  }
});

afterAll(async () => {
  await companion?.close();
});

it('covers every shipped anomaly rule, and the window holds incidents due for each rule but the sustained latency one', () => {
  expect(rules.map((r) => r.alert).sort()).toEqual([
    'BellwetherCpuAnomaly',
    'BellwetherCpuAnomalySustained',
    'BellwetherLatencyAnomaly',
    'BellwetherLatencyAnomalySustained',
  ]);
  expect(incidents('cpu_anomaly').length).toBeGreaterThanOrEqual(3);
  expect(incidents('latency_anomaly').length).toBeGreaterThanOrEqual(3);
  expect(withDue.map((r) => r.alert).sort()).toEqual([
    'BellwetherCpuAnomaly',
    'BellwetherCpuAnomalySustained',
    'BellwetherLatencyAnomaly',
  ]);
});

describe.each(rules.map((r) => [r.alert, r] as const))('%s', (_name, rule) => {
  it('stays quiet outside the incidents of its signal', () => {
    const own = INCIDENTS[rule.signal].labels.instance;
    const runs = incidents(rule.signal);
    for (const [instance, times] of firing.get(rule.alert)!) {
      const outside = times.filter((t) => instance !== own || !runs.some(([a, b]) => t >= a && t < b + SETTLE));
      expect([instance, outside.map((t) => new Date(t).toISOString())]).toEqual([instance, []]);
    }
  });
});

/** Incidents of the rule's signal long enough for it to fire on (at least its `for` plus a minute). */
function due(rule: Rule): Array<[number, number]> {
  return incidents(rule.signal).filter(([a, b]) => b - a >= rule.forMs + MIN);
}

// The demo's latency spikes last 2-6 minutes: none is due for the 15-minute (sustained) rule, which
// is therefore only checked for staying quiet.
const withDue = rules.filter((r) => due(r).length > 0);

// The shipped threshold (0.76) sits just below the ensemble's own decision at the default sensitivity
// (0.765), so the alerts fire on what the panel flags. At 0.9 they missed web-1's saturation of
// 2026-10-29 11:37 (43 min; its score held at 0.8995 throughout) and api-1's 6-minute latency spike.
describe.each(withDue.map((r) => [r.alert, r] as const))('%s', (_name, rule) => {
  it('fires on every incident of its signal that lasts at least its `for` plus a minute', () => {
    const own = INCIDENTS[rule.signal].labels.instance;
    const times = firing.get(rule.alert)!.get(own) ?? [];
    const missed = due(rule).filter(([a, b]) => !times.some((t) => t >= a && t < b + SETTLE));
    expect(missed.map(([a, b]) => `${new Date(a).toISOString()} (${(b - a) / MIN} min)`)).toEqual([]);
  });
});
