/**
 * The home page's anomaly scan over generated fleet series (tests/support/fleet.ts): a detector run
 * keeps outputs from the first point asked of it only, the points before are fed for the detector's
 * state only (src/engine/detectRuns.ts, EnsembleCore.run). Its answers must be those of a run that
 * kept every output, as before the change: a companion asked the scan's 2 hours first answers them
 * byte for byte as one asked 3 days first (whose run holds those 2 hours among its outputs), and
 * answers the 3 days afterwards as that one did (running the detector again from the run's start).
 * What it keeps is counted, not timed: a scan's runs hold a fraction of the bytes.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import type { DemoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { hashNormal, hashUnit } from '../../../companion/src/upstream/demo/noise';
import { fleetUpstream } from '../../support/fleet';

const DAY = 86_400_000;
// Detector runs restart every 12 days (4 lead-ins of 3 training windows of 1 day, src/engine/grid.ts):
// the anchor lies 6.5 days into a block, so a run there is 9.5 days long.
const BLOCK = 12 * DAY;
const anchor = Math.floor(Date.UTC(2026, 5, 10) / BLOCK) * BLOCK + 6.5 * DAY;
// The scan's end: 4 hours after the fleet's CPU jumps (at anchor - 30 min), so the jump, its incident
// and its acceptance as the new level lie among the points fed for the state only.
const end = (anchor + 4 * 3_600_000) / 1000;
const QUERY = 'anomaly_score(instance:node_cpu_utilisation:rate5m, "explain=true train=1d")';

/** A CPU series with spikes (one far past the range seen) and a day at a higher level, before the scan. */
function spiky(anchorMs: number): DemoSeries {
  return {
    labels: { __name__: 'instance:node_cpu_utilisation:rate5m', instance: 'node-spiky:9100', job: 'node' },
    type: 'gauge',
    help: 'CPU utilisation.',
    at: (t) => {
      const k = Math.floor(t / 60_000);
      const spike = hashUnit(77, k) < 0.002 ? 0.4 : 0;
      const far = k === Math.floor((anchorMs - 2 * DAY) / 60_000) ? 3 : 0;
      const level = t > anchorMs - 3 * DAY && t < anchorMs - 2 * DAY ? 0.2 : 0;
      return 0.3 + 0.02 * hashNormal(78, k) + spike + far + level;
    },
  };
}

async function companionOf(): Promise<Companion> {
  const upstream = fleetUpstream(0, 4, anchor);
  (upstream as unknown as { series: DemoSeries[] }).series.push(spiky(anchor));
  return startCompanion(fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }), {
    logger: silentLogger,
    upstream,
    now: () => end * 1000 + 600_000,
  });
}

const range = async (c: Companion, startS: number) => {
  const form = { query: QUERY, start: String(startS), end: String(end), step: '60' };
  const res = await fetch(`${c.url}/api/v1/query_range`, { method: 'POST', body: new URLSearchParams(form) });
  expect(res.status).toBe(200);
  return res.text();
};

/** The answer's series, keyed by labels, with the values from `fromS` on. */
function from(body: string, fromS: number): Record<string, Array<[number, string]>> {
  const out: Record<string, Array<[number, string]>> = {};
  for (const s of JSON.parse(body).data.result as Array<{
    metric: Record<string, string>;
    values: Array<[number, string]>;
  }>) {
    const values = s.values.filter(([t]) => t >= fromS);
    if (values.length > 0) {
      out[JSON.stringify(s.metric)] = values;
    }
  }
  return out;
}

let scanFirst: Companion;
let longFirst: Companion;
beforeAll(async () => {
  [scanFirst, longFirst] = await Promise.all([companionOf(), companionOf()]);
});
afterAll(async () => {
  await Promise.all([scanFirst?.close(), longFirst?.close()]);
});

it('a scan answers as a run that kept every output, and a later longer range is the same too', async () => {
  const scanStart = end - 7200;
  const longStart = end - 3 * 86_400;
  const scan = await range(scanFirst, scanStart);
  const scanBytes = scanFirst.cache.bytes;
  const long = await range(longFirst, longStart);
  const longBytes = longFirst.cache.bytes;
  const scanAfterLong = await range(longFirst, scanStart);
  expect(scan).toBe(scanAfterLong);
  // The incident before the scan's window was flagged (explain labels it) in the long range.
  expect(Object.keys(from(long, longStart)).filter((k) => k.includes('anomaly_kind')).length).toBeGreaterThan(1);
  // The scan's 2 hours within the long answer are the same values.
  expect(from(long, scanStart)).toEqual(from(scan, scanStart));

  // Asked for the 3 days afterwards, the scan's companion runs the detector again from the start.
  const longAfterScan = await range(scanFirst, longStart);
  expect(longAfterScan).toBe(long);

  // The scan's runs kept 2 hours of outputs where the long range's kept 3 days (about 38 bytes a
  // point and series: 5 series x 4,200 points more), not every point since the block began.
  expect(longBytes - scanBytes).toBeGreaterThan(5 * 4200 * 38 * 0.9);
});
