/**
 * The home's scan at fleet scale under the companion's query timeout (issue 19): a query that runs
 * into its deadline keeps the series it scored, so asking again goes on from there instead of
 * starting over; one that accepts a partial answer (`bellwether_partial=true`, what the home page
 * sends) answers at its deadline with the series scored and a warning counting the rest, never as a
 * complete answer. Counts and order, not times: a 1 ms deadline falls in the history read of the
 * series' days of lead-in on any machine, and each query then scores at least one series.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import type { Upstream } from '../../../companion/src/upstream/types';
import { partialAnswerLeft } from '../../../src/engine/warnings';
import { loadSelector, type ScanProgress } from '../../../src/pages/home/anomalous';
import type { SignalSelector } from '../../../src/pages/home/selectors';
import { fleetUpstream } from '../../support/fleet';
import { nodeClient } from '../../support/homeNodeClient';

const anchor = Date.UTC(2026, 5, 10, 12, 0, 0);
const SERIES = 4;
const QUERY = 'anomaly_score(instance:node_cpu_utilisation:rate5m, "explain=true train=1d")';
const end = anchor / 1000;
const range = { start: String(end - 7200), end: String(end), step: '60' };

/** The fleet's upstream, answering in full whatever the query's signal says, so deadlines fall in the engine. */
function answeringUpstream(): Upstream {
  const fleet = fleetUpstream(0, SERIES, anchor);
  return {
    description: fleet.description,
    call: (path, params) => fleet.call(path, params),
    ready: () => fleet.ready(),
  };
}

const companions: Companion[] = [];
afterAll(async () => Promise.all(companions.map((c) => c.close())));

async function start(queryTimeout = '1h'): Promise<Companion> {
  const c = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout, maxConcurrent: 1 } }),
    { logger: silentLogger, upstream: answeringUpstream(), now: () => anchor + 600_000 }
  );
  companions.push(c);
  return c;
}

const post = (c: Companion, extra: Record<string, string>) =>
  fetch(`${c.url}/api/v1/query_range`, {
    method: 'POST',
    body: new URLSearchParams({ query: QUERY, ...range, ...extra }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

it('answers at its deadline with the series scored and a counted warning; each query goes on from the last', async () => {
  const c = await start();
  const scored: number[] = [];
  // Each query's deadline passes before its first series: it scores one more than the last kept.
  for (let i = 0; i < SERIES; i++) {
    const r = await post(c, { timeout: '0.001', bellwether_partial: 'true' });
    expect(r.status).toBe(200);
    const n = new Set(r.body.data.result.map((s: any) => s.metric.instance)).size;
    const left = partialAnswerLeft(r.body.warnings);
    scored.push(n);
    if (!left) {
      expect(n).toBe(SERIES);
      break;
    }
    expect(left).toEqual({ left: SERIES - n, of: SERIES });
    expect(r.body.warnings[0]).toMatch(/^partial answer: \d+ of 4 series were not scored before the query's deadline/);
  }
  // Every query scored more than the one before (what it scored was kept), until all were.
  expect(scored[scored.length - 1]).toBe(SERIES);
  expect(scored.length).toBeGreaterThan(1);
  expect(scored.every((n, i) => i === 0 || n > scored[i - 1])).toBe(true);
  // The completed answer is a fresh companion's.
  const done = await post(c, {});
  expect(done.body).toEqual((await post(await start(), {})).body);
});

it('a query timed out outright stays an error for the API, in one line', async () => {
  const c = await start();
  const r = await post(c, { timeout: '0.001' });
  expect(r).toEqual({
    status: 503,
    body: { status: 'error', errorType: 'timeout', error: 'query timed out in query execution (limit 0.001s)' },
  });
  const bad = await post(c, { bellwether_partial: 'yes' });
  expect(bad.body.error).toBe('invalid parameter "bellwether_partial": expected true or false, got "yes"');
});

it("Thanos' partial_response=true, which Grafana data sources and rule evaluators may send on every query, never gets a partial answer", async () => {
  const c = await start();
  // An alert or recording rule would read a 200 with series left out as complete: a timeout stays a 503.
  const r = await post(c, { timeout: '0.001', partial_response: 'true' });
  expect(r).toEqual({
    status: 503,
    body: { status: 'error', errorType: 'timeout', error: 'query timed out in query execution (limit 0.001s)' },
  });
});

it("the home's scan at a timeout shorter than any shard scores every series, saying meanwhile how many are pending", async () => {
  const selector = { title: 'CPU', expr: 'instance:node_cpu_utilisation:rate5m' } as SignalSelector;
  const seen: ScanProgress[] = [];
  const short = await loadSelector(nodeClient((await start('1ms')).url), selector, end, (p) => seen.push(p));
  const full = await loadSelector(nodeClient((await start()).url), selector, end);
  expect(short.error).toBeUndefined();
  expect(short.scored).toBe(SERIES);
  expect(short.rows).toEqual(full.rows);
  // While shards were asked again, the result said how many series were pending, never as complete.
  const partial = seen.filter((p) => (p.result.pending ?? 0) > 0);
  expect(partial.length).toBeGreaterThan(0);
  expect(partial.every((p) => p.result.scored! + p.result.pending! === SERIES)).toBe(true);
});
