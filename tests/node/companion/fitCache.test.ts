/**
 * Time to exhaustion's fits are kept apart from detector runs (companion/src/app.ts FIT_CACHE_SHARE):
 * an anomaly scan that fills the cache does not evict them, so the home page's refresh reads its
 * "Running out" table from the cache instead of fitting every filesystem again. Counted, not timed:
 * the refresh makes no upstream request.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { fleetUpstream } from '../../support/fleet';

const anchor = Date.UTC(2026, 5, 10, 12, 0, 0);
let companion: Companion;

beforeAll(async () => {
  // A small cache, so that a 12-series scan (the detector runs, about 75 KB a series since they keep
  // only the outputs asked for, and their history) overflows it.
  companion = await startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { type: 'demo' },
      cache: { maxBytes: '2MiB' },
      limits: { queryTimeout: '1h' },
    }),
    { logger: silentLogger, upstream: fleetUpstream(50, 12, anchor), now: () => anchor + 600_000 }
  );
});
afterAll(async () => companion?.close());

const post = (path: string, form: Record<string, string>) =>
  fetch(`${companion.url}${path}`, { method: 'POST', body: new URLSearchParams(form) }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));

it('a scan that overflows the cache leaves the time to exhaustion fits in place', async () => {
  const end = anchor / 1000;
  const exhaustion = {
    query: 'time_to_exhaustion(node_filesystem_avail_bytes, 0, "direction=down train=3d step=1h")',
    time: String(end),
    trend: 'false',
    interval: 'false',
  };
  const first = await post('/api/v1/bellwether/exhaustion', exhaustion);
  expect(first.status).toBe(200);
  expect(first.body.data.result).toHaveLength(50);

  const scan = await post('/api/v1/query_range', {
    query: 'anomaly_score(instance:node_cpu_utilisation:rate5m, "train=1d")',
    start: String(end - 7200),
    end: String(end),
    step: '60',
  });
  expect(scan.status).toBe(200);
  // The scan's runs went past the main cache's bound and evicted what was there before them (the
  // filesystems' history with it).
  expect(companion.cache.bytes).toBeLessThan(companion.cache.maxBytes);

  const before = companion.history.stats.upstreamRequests;
  const again = await post('/api/v1/bellwether/exhaustion', exhaustion);
  expect(again.body).toEqual(first.body);
  // Read from the fit cache: no history was needed.
  expect(companion.history.stats.upstreamRequests).toBe(before);
  expect(companion.fitCache.size).toBeGreaterThan(0);
  expect(companion.fitCache.bytes).toBeLessThanOrEqual(companion.fitCache.maxBytes);
});
