/**
 * The demo's api-1 (a 6 MB/h leak under a 25 MB garbage-collector sawtooth every 7 minutes, restarted
 * every 3.5 days) against 1 GB, through the companion's exhaustion endpoint at 15 s and 30 s. At both
 * steps the engine's 10,000 points hold no second restart, so both see the same leak since the last
 * one (or, at 15 s, 41.7 h of it) and must agree. Before, at 15 s (where the window holds no restart)
 * the collector's drops were read as resets: 11.8 h (from 1.7 h) where 30 s read 30.5 h.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';

// 82.6 h after a restart of api-1 (demoSeries.ts: restarts every 3.5 days from the epoch).
const NOW = 1_796_553_180_000;
let companion: Companion;

beforeAll(async () => {
  companion = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, now: () => NOW }
  );
});
afterAll(async () => companion?.close());

async function at(step: string): Promise<any> {
  const res = await fetch(`${companion.url}/api/v1/bellwether/exhaustion`, {
    method: 'POST',
    body: new URLSearchParams({
      query: `time_to_exhaustion(process_resident_memory_bytes{instance="api-1:8080"}, 1e9, "direction=up step=${step}")`,
      time: String(NOW / 1000),
    }),
  });
  const body = await res.json();
  expect([res.status, body.error]).toEqual([200, undefined]);
  const rows = body.data.result;
  expect(rows).toHaveLength(1);
  return rows[0];
}

it("reads the same leak at 15 s as at 30 s: the collector's drops are not resets", async () => {
  const fine = await at('15s');
  const coarse = await at('30s');
  expect(fine.verdict).toBe('within');
  expect(coarse.verdict).toBe('within');
  // 15 s: no reset in its 41.7 h, the segment is the whole window; 30 s: the restart 82.6 h ago
  // starts its segment.
  expect(NOW / 1000 - Number(fine.segmentStart)).toBeGreaterThan(41 * 3600);
  expect(fine.carriedAcross).toBeUndefined();
  expect((NOW / 1000 - Number(coarse.segmentStart)) / 3600).toBeCloseTo(82.6, 0);
  const h = (r: any) => Number(r.seconds) / 3600;
  expect(h(coarse)).toBeGreaterThan(24);
  expect(h(coarse)).toBeLessThan(40);
  expect(Math.abs(h(fine) - h(coarse)) / h(coarse)).toBeLessThan(0.2);
});
