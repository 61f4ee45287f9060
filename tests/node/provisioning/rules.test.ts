/**
 * Every alert and recording rule query runs end to end: a real Prometheus (Debian package) holds
 * four days of the demo series (backfilled from `bellwether demo-exporter --history`), the companion
 * runs with the provisioned companion.yaml pointed at it, and Prometheus scrapes the companion's
 * recorded series as in docker-compose.yaml.
 *
 * - Grafana-managed rules: each query to the companion data source parses as one of our functions
 *   and the companion answers it with a vector; expectations are worked out from the demo formulas
 *   (companion/src/upstream/demo/demoSeries.ts).
 * - Prometheus rules: each expression parses (as plain PromQL the companion passes through) and
 *   runs through the companion; the recorded series they read exist in Prometheus, which loads
 *   the rule files and evaluates them (the tests wait for an evaluation, not for a fixed time).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { writeHistory } from '../../../cli/commands/demo-exporter';
import { loadConfig } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { parseQuery } from '../../../companion/src/query/parser';
import { demoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus';
import { until } from '../../support/until';
import { COMPANION_CONFIG, filesUnder, grafanaAlertQueries, PROM_RULES_DIR, prometheusRules } from './files';

const HOUR = 3600_000;
const DAY = 86400_000;
// History ends on a whole hour at least 2 h ago (clear of Prometheus' head block) and spans 4 days.
// The demo's api-1 leaks and restarts every 3.5 days (t mod 3.5 d = 0); END is moved back to 6 h
// before a restart when the last day would contain one, so at END api-1 has leaked for over a day.
const LATEST = Math.floor((Date.now() - 2 * HOUR) / HOUR) * HOUR;
const SINCE_RESTART = LATEST % (3.5 * DAY);
const END = SINCE_RESTART >= 1.1 * DAY ? LATEST : LATEST - SINCE_RESTART - 6 * HOUR;
const START = END - 4 * DAY;

let prom: TestPrometheus;
let companion: Companion;

async function query(base: string, q: string, time = END): Promise<{ status: number; body: any }> {
  const r = await fetch(`${base}/api/v1/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: q, time: String(time / 1000) }).toString(),
  });
  return { status: r.status, body: await r.json() };
}

/** Polls Prometheus until `q` returns at least `n` series (recorded samples arrive with scrapes). */
async function readBack(q: string, n = 1): Promise<any[]> {
  return until(`${n} series of ${q} in Prometheus`, async () => {
    const result = (await query(prom.url, q, Date.now())).body?.data?.result ?? [];
    return result.length >= n && result;
  });
}

/** A rule as GET /api/v1/rules reports it. */
interface RuleState {
  name: string;
  health: string;
  lastError?: string;
  lastEvaluation: string;
  alerts?: Array<{ labels: Record<string, string>; state: string; value: string }>;
}

/** Every loaded rule, as Prometheus' rule manager reports it now. */
async function ruleStates(): Promise<RuleState[]> {
  const r = await fetch(`${prom.url}/api/v1/rules`);
  const body = (await r.json()) as { data: { groups: Array<{ rules: RuleState[] }> } };
  return body.data.groups.flatMap((g) => g.rules);
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-demo-history-'));
  let history: string;
  try {
    await writeHistory(join(dir, 'demo.om'), demoSeries(), START, END, 60_000);
    history = readFileSync(join(dir, 'demo.om'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  prom = await startPrometheus({ openMetrics: history, ruleFiles: filesUnder(PROM_RULES_DIR, /\.ya?ml$/) });
  // The provisioned config with the test's Prometheus and a port the OS assigns. The clock is
  // pinned, so the rules' first evaluation (at start) gives the values every later one would.
  const config = loadConfig(COMPANION_CONFIG, {
    BELLWETHER_UPSTREAM_URL: prom.url,
    BELLWETHER_LISTEN_HOST: '127.0.0.1',
    BELLWETHER_LISTEN_PORT: '0',
  });
  companion = await startCompanion(config, { logger: silentLogger, now: () => END });
  // Prometheus scrapes the companion's recorded series, as in docker-compose.yaml.
  await prom.scrape([{ job: 'bellwether', target: new URL(companion.url).host, honorLabels: true }]);
});

afterAll(async () => {
  await companion?.close();
  await prom?.stop();
});

describe('Grafana-managed alert rules', () => {
  const companionQueries = grafanaAlertQueries().filter((q) => q.datasourceUid === 'bellwether-prom');

  it('send every data query to the companion data source, as instant queries', () => {
    const dataQueries = grafanaAlertQueries().filter((q) => q.datasourceUid !== '__expr__');
    expect(dataQueries).toEqual(companionQueries);
    expect(companionQueries.length).toBeGreaterThanOrEqual(6);
    for (const q of companionQueries) {
      expect([q.rule, q.model.instant, q.model.range]).toEqual([q.rule, true, false]);
    }
  });

  it.each(companionQueries.map((q) => [`${q.rule}/${q.refId}`, q.model.expr]))('%s parses as one of our functions and answers a vector: %s', async (_id, expr) => {
    expect(parseQuery(expr).kind).toBe('derived');
    const r = await query(companion.url, expr);
    expect(r.body).toMatchObject({ status: 'success', data: { resultType: 'vector' } });
    expect(r.body.data.result.length).toBeGreaterThan(0);
  });

  it('anomaly scores are in [0, 1] for every CPU and latency series', async () => {
    for (const q of companionQueries.filter((x) => x.model.expr.startsWith('anomaly_score'))) {
      const r = await query(companion.url, q.model.expr);
      for (const s of r.body.data.result) {
        const v = Number(s.value[1]);
        expect([s.metric.instance, v >= 0 && v <= 1]).toEqual([s.metric.instance, true]);
      }
    }
  });

  it('time to exhaustion of the filling PostgreSQL volume matches its fill rate; the stable root volume is not flagged', async () => {
    const q = companionQueries.find((x) => x.rule === 'bw-disk-tte-2d')!;
    const r = await query(companion.url, q.model.expr);
    const byMount = Object.fromEntries(r.body.data.result.map((s: any) => [s.metric.mountpoint, Number(s.value[1])]));
    // demoSeries.ts: 0.92 * 500 GB written per 14 days on average; time left = available / rate.
    const disk = demoSeries().find((s) => s.labels.mountpoint === '/var/lib/postgresql' && s.labels.__name__ === 'node_filesystem_avail_bytes')!;
    const perSecond = (0.92 * 500e9) / (14 * 86400);
    const expected = disk.at(END) / perSecond;
    expect(byMount['/var/lib/postgresql']).toBeGreaterThan(0.7 * expected);
    expect(byMount['/var/lib/postgresql']).toBeLessThan(1.3 * expected);
    // The root volume oscillates ±0.5 GB around 61 GB: the 30-day (info) alert's condition (value < 30 d)
    // must not hold (the companion answers a long time, +Inf, or NaN when it sees no trend).
    expect(byMount['/'] < 30 * 86400).toBe(false);
    expect(Object.keys(byMount)).toContain('/');
  });

  it('the leak rule flags api-1 (≈6 MB/h since its last restart) and not api-2', async () => {
    // api-1 restarts every 3.5 days (t mod 3.5 d = 0): evaluate where the last day has no restart.
    const period = 3.5 * DAY;
    const sinceRestart = ((END % period) + period) % period;
    const t = sinceRestart >= 1.1 * DAY ? END : END - sinceRestart - 0.25 * DAY;
    const p = await query(companion.url, 'trend_pvalue(process_resident_memory_bytes, "train=1d")', t);
    const s = await query(companion.url, 'trend_slope(process_resident_memory_bytes, "train=1d")', t);
    const at = (r: any, instance: string) => Number(r.body.data.result.find((x: any) => x.metric.instance === instance).value[1]);
    expect(at(p, 'api-1:8080')).toBeLessThan(0.01);
    expect(at(s, 'api-1:8080')).toBeGreaterThan(0.8 * (6e6 / 3600));
    expect(at(s, 'api-1:8080')).toBeLessThan(1.2 * (6e6 / 3600));
    const api2Flagged = at(p, 'api-2:8080') < 0.01 && at(s, 'api-2:8080') > 0;
    expect(api2Flagged).toBe(false);
  });
});

describe('Prometheus rules', () => {
  const rules = prometheusRules();

  it.each(rules.map((r) => [r.name, r.expr]))('%s parses and runs through the companion', async (_name, expr) => {
    expect(parseQuery(expr).kind).toBe('passthrough');
    const r = await query(companion.url, expr);
    expect(r.body).toMatchObject({ status: 'success', data: { resultType: 'vector' } });
  });

  it('read recorded series that the companion exposes and Prometheus scrapes', async () => {
    const recorded = new Set(rules.flatMap((r) => r.expr.match(/\b[a-z_0-9]+:[a-z_0-9]+\b/g) ?? []).filter((m) => !m.startsWith('instance:')));
    expect([...recorded].sort()).toEqual([
      'apiserver_latency_p99:anomaly_score',
      'node_cpu:anomaly_score',
      'node_filesystem:time_to_exhaustion_seconds',
      'pod_cpu:outlier_score',
      'process_memory:trend_pvalue',
      'process_memory:trend_slope',
    ]);
    for (const name of recorded) {
      const result = await readBack(name);
      expect([name, result.length > 0]).toEqual([name, true]);
    }
  });

  it('load in Prometheus and evaluate without error', async () => {
    const names = rules.map((r) => r.name).sort();
    // Wait until every rule has been evaluated after the recorded series arrived.
    const since = Date.now();
    const states = await until('Prometheus to evaluate every rule', async () => {
      const all = await ruleStates();
      return all.length === names.length && all.every((r) => Date.parse(r.lastEvaluation) > since) && all;
    });
    expect(states.map((r) => r.name).sort()).toEqual(names);
    expect(states.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
  });

  it('the leak alert is raised (pending, for: 1h) in Prometheus for api-1 only, as the Grafana-managed leak rule does', async () => {
    // Both read the same fit: the companion records trend_* at END on the 1m grid with train=1d,
    // as the Grafana rule's instant queries at END do.
    const recorded = await readBack('process_memory:trend_pvalue', 2);
    expect(recorded.map((s) => s.metric.instance).sort()).toEqual(['api-1:8080', 'api-2:8080']);
    const p = await query(companion.url, 'trend_pvalue(process_resident_memory_bytes, "train=1d")');
    const s = await query(companion.url, 'trend_slope(process_resident_memory_bytes, "train=1d")');
    const grafanaFlagged = p.body.data.result
      .filter((x: any) => {
        const slope = s.body.data.result.find((y: any) => y.metric.instance === x.metric.instance);
        return Number(x.value[1]) < 0.01 && Number(slope.value[1]) > 0;
      })
      .map((x: any) => x.metric.instance);
    expect(grafanaFlagged).toEqual(['api-1:8080']);
    // Prometheus evaluates the alert rule itself: wait until an evaluation has seen the recorded
    // series (the rule then has alerts; `for: 1h` keeps them pending).
    const leak = rules.find((r) => r.name === 'BellwetherMemoryLeakSuspected')!;
    const rule = await until('Prometheus to evaluate BellwetherMemoryLeakSuspected with an alert', async () => {
      const r = (await ruleStates()).find((x) => x.name === leak.name);
      return r && (r.alerts?.length ?? 0) > 0 && r;
    });
    expect([rule.health, rule.lastError ?? '']).toEqual(['ok', '']);
    expect(rule.alerts!.map((a) => [a.labels.instance, a.state])).toEqual([['api-1:8080', 'pending']]);
    // The alert's value is the recorded slope, equal to the companion's answer.
    for (const a of rule.alerts!) {
      const slope = s.body.data.result.find((y: any) => y.metric.instance === a.labels.instance);
      expect(Number(a.value) / Number(slope.value[1])).toBeCloseTo(1, 8);
    }
  });
});
