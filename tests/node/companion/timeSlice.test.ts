/**
 * One long evaluation does not hold the companion's thread: while a scan of many series runs (the
 * home page's "Anomalous now" shard), a one-series query and the health endpoint are answered
 * before it ends (src/engine/timeSlice.ts). Ordering, not timing: the small answers must arrive
 * while the scan is still pending.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { fleetUpstream } from '../../support/fleet';

const anchor = Date.UTC(2026, 5, 10, 12, 0, 0);
let companion: Companion;

beforeAll(async () => {
  // No query timeout in the way on a busy machine: the test is about order, not speed.
  companion = await startCompanion(fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }), {
    logger: silentLogger,
    upstream: fleetUpstream(10, 60, anchor),
    now: () => anchor + 600_000,
  });
});
afterAll(async () => companion?.close());

const post = (query: string, extra: Record<string, string>) =>
  fetch(`${companion.url}/api/v1/query_range`, { method: 'POST', body: new URLSearchParams({ query, ...extra }) }).then(async (r) => ({ status: r.status, body: await r.json() }));

it('answers a one-series query and /-/healthy while a 60-series anomaly scan runs', async () => {
  const end = anchor / 1000;
  const order: string[] = [];
  let scanDone = false;
  const scan = post('anomaly_score(instance:node_cpu_utilisation:rate5m, "train=1d")', { start: String(end - 7200), end: String(end), step: '60' }).then((r) => {
    scanDone = true;
    order.push('scan');
    return r;
  });
  // The small requests go out once the scan has started evaluating (its upstream fetch is in).
  await new Promise((resolve) => setImmediate(resolve));
  const one = await post('anomaly_score(instance:node_cpu_utilisation:rate5m{instance="node-0001:9100"}, "train=1d")', {
    start: String(end - 600),
    end: String(end),
    step: '60',
  });
  order.push(scanDone ? 'one after scan' : 'one');
  const healthy = await fetch(`${companion.url}/-/healthy`);
  order.push(scanDone ? 'healthy after scan' : 'healthy');
  const scanned = await scan;
  expect(one.status).toBe(200);
  expect(one.body.data.result).toHaveLength(1);
  expect(healthy.status).toBe(200);
  expect(scanned.status).toBe(200);
  expect(scanned.body.data.result.length).toBeGreaterThanOrEqual(60);
  expect(order).toEqual(['one', 'healthy', 'scan']);
});
