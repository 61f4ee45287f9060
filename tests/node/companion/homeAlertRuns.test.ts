/**
 * The home page's "Anomalous now" scan and the shipped alert rules ask the same detector: the scan adds
 * only explain=true (src/pages/home/anomalous.ts anomalyQuery), which labels the output and is left
 * out of the detector run's cache key (src/engine/detectRuns.ts). So the scan reads the runs that the
 * rules' evaluations keep warm: counted, not timed, it adds no detector run to the cache and fetches
 * no history upstream.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { LOOKBACK_S, STEP_S, anomalyQuery } from '../../../src/pages/home/anomalous';
import { fleetUpstream } from '../../support/fleet';

const CPU = 'instance:node_cpu_utilisation:rate5m';
const anchor = Date.UTC(2026, 5, 10, 12, 0, 0);
const end = anchor / 1000;
let companion: Companion;

beforeAll(async () => {
  companion = await startCompanion(fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }), {
    logger: silentLogger,
    upstream: fleetUpstream(0, 4, anchor),
    now: () => anchor + 600_000,
  });
});
afterAll(async () => companion?.close());

const post = async (path: string, form: Record<string, string>) => {
  const res = await fetch(`${companion.url}${path}`, { method: 'POST', body: new URLSearchParams(form) });
  expect(res.status).toBe(200);
  return res.json();
};

it("the home's scan reads the detector runs of the alert rules' query", async () => {
  // The shipped rules' query (provisioning/vmalert/bellwether.rules.yml), evaluated over the scan's range.
  const range = { start: String(end - LOOKBACK_S), end: String(end), step: String(STEP_S) };
  const alert = await post('/api/v1/query_range', { query: `anomaly_score(${CPU})`, ...range });
  expect(alert.data.result).toHaveLength(4);
  const entries = companion.cache.size;
  const requests = companion.history.stats.upstreamRequests;

  const scan = await post('/api/v1/query_range', { query: anomalyQuery(CPU), ...range });
  expect(scan.data.result.length).toBeGreaterThanOrEqual(4);
  expect(companion.cache.size).toBe(entries);
  expect(companion.history.stats.upstreamRequests).toBe(requests);

  // Its scores are the alert query's, point for point (explain= splits a series by its labels only).
  const byPoint = (result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>) => {
    const m = new Map<string, string>();
    for (const s of result) {
      for (const [t, v] of s.values) {
        m.set(`${s.metric.instance} ${t}`, v);
      }
    }
    return m;
  };
  expect(byPoint(scan.data.result)).toEqual(byPoint(alert.data.result));
});
