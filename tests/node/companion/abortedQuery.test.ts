/**
 * A query that times out stops its evaluation too (src/engine/abort.ts): its limits.maxConcurrent
 * slot is freed, bellwether_query_aborted_total counts it, and the detector run it had begun keeps
 * only the series it fed in full, so the same query asked again answers exactly as a fresh companion does. Counts
 * and order, not times: the scan of 20 series over days of lead-in takes far longer than its 1 ms
 * deadline on any machine, and the waits are on conditions.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { fleetUpstream } from '../../support/fleet';
import { until } from '../../support/until';
import type { Upstream } from '../../../companion/src/upstream/types';

const anchor = Date.UTC(2026, 5, 10, 12, 0, 0);
const QUERY = 'anomaly_score(instance:node_cpu_utilisation:rate5m, "train=1d")';
const end = anchor / 1000;
const range = { start: String(end - 7200), end: String(end), step: '60' };

/**
 * The fleet's upstream, answering in full whatever the query's signal says (as one whose answer is
 * already in), so the deadline falls in the engine's work rather than in the history fetch.
 */
function answeringUpstream(): Upstream {
  const fleet = fleetUpstream(0, 20, anchor);
  return {
    description: fleet.description,
    call: (path, params) => fleet.call(path, params),
    ready: () => fleet.ready(),
  };
}

const start = () =>
  startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h', maxConcurrent: 1 } }),
    {
      logger: silentLogger,
      upstream: answeringUpstream(),
      now: () => anchor + 600_000,
    }
  );

const companions: Companion[] = [];
afterAll(async () => Promise.all(companions.map((c) => c.close())));

const post = (c: Companion, extra: Record<string, string>) =>
  fetch(`${c.url}/api/v1/query_range`, {
    method: 'POST',
    body: new URLSearchParams({ query: QUERY, ...range, ...extra }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

async function metric(c: Companion, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${c.url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

it('stops a timed-out scan, frees its slot, counts it, and caches no half-fed series', async () => {
  const c = await start();
  companions.push(c);
  const timedOut = await post(c, { timeout: '0.001' });
  expect(timedOut).toEqual({
    status: 503,
    body: { status: 'error', errorType: 'timeout', error: 'query timed out in query execution (limit 0.001s)' },
  });
  // The evaluation ends (its slot freed) and was stopped in the engine, not run to its end: its
  // history was read in full, and the detector run keeps only the series it fed before the abort.
  await until('the timed-out evaluation to end', async () => (await metric(c, 'bellwether_queries_in_flight')) === 0);
  expect(await metric(c, 'bellwether_query_aborted_total')).toBe(1);
  expect(await metric(c, 'bellwether_upstream_requests_total')).toBeGreaterThan(0);
  const cachedAfterAbort = await metric(c, 'bellwether_cache_entries');

  const again = await post(c, {});
  const fresh = await start();
  companions.push(fresh);
  const expected = await post(fresh, {});
  expect(again.status).toBe(200);
  expect(expected.body.data.result).toHaveLength(20);
  expect(again.body).toEqual(expected.body);
  expect(await metric(c, 'bellwether_query_aborted_total')).toBe(1);
  // The run is cached now: the aborted query left none, or one holding only the series it had fed
  // (partialScan.test.ts), which this query completed in place.
  expect(await metric(c, 'bellwether_cache_entries')).toBeGreaterThanOrEqual(Math.max(1, cachedAfterAbort!));
});
