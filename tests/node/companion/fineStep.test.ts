/**
 * A grid finer than the data's resolution: Grafana asks for a 15 s step on "Last 1h". The demo
 * scrapes every 15 s, and its 1-minute recording rules and alerts score at the 1-minute default
 * resolution. Scored on the 15 s grid instead (the three-day training window cut to 10,000 points,
 * 41.7 h), web-1's live CPU saturation (97 %) scored above the shipped threshold at 1 of 93 points.
 * The detector now scores on the 1-minute grid and each 15 s point reads the minute at or before it
 * (src/engine/resolution.ts, scoringResolution; evaluate.ts, evaluateAt).
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { liveIncidentAt } from '../../../companion/src/upstream/demo/demoSeries';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import { ensembleThreshold } from '../../../src/ml/detect/sensitivity';

const MIN = 60_000;
/**
 * The demo started at 09:40 with web-1's CPU saturated since 09:25, and is read 8 minutes later (the
 * old code flagged 2 of the incident's 93 points at 15 s; started at 2026-12-06 15:37, none).
 */
const STARTED = Date.UTC(2026, 11, 7, 9, 40);
const NOW = STARTED + 8 * 60_000;
const LIVE = liveIncidentAt(STARTED);
const THRESHOLD = ensembleThreshold(0.5);
const QUERY = 'anomaly_score(instance:node_cpu_utilisation:rate5m{instance="web-1:9100"})';

let companion: Companion;

beforeAll(async () => {
  const upstream = new DemoUpstream(() => NOW, { live: LIVE });
  companion = await startCompanion(
    fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, upstream, now: () => NOW }
  );
});

afterAll(async () => {
  await companion?.close();
});

/** One single-series range query's values by time (ms), and its warnings. */
async function range(query: string, start: number, end: number, step: number) {
  const r = await fetch(`${companion.url}/api/v1/query_range`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query, start: String(start / 1000), end: String(end / 1000), step: String(step / 1000) }).toString(),
  });
  const body = (await r.json()) as any;
  expect([body.status, body.error, body.data.result.length]).toEqual(['success', undefined, 1]);
  const values = new Map<number, number>(
    (body.data.result[0].values as Array<[number, string]>).map(([t, v]) => [Math.round(t * 1000), Number(v)])
  );
  return { values, warnings: (body.warnings ?? []) as string[] };
}

it('a 15 s step flags every point of a sustained saturation, as a 1-minute step does', async () => {
  const start = NOW - 60 * MIN;
  const fine = await range(QUERY, start, NOW, 15_000);
  const incident = [...fine.values].filter(([t]) => t >= LIVE.start && t < LIVE.end);
  expect(incident.length).toBe(93);
  expect(incident.filter(([, v]) => !(v > THRESHOLD)).map(([t, v]) => [new Date(t).toISOString(), v])).toEqual([]);
  expect(fine.warnings).toEqual([]);
});

it('the 15 s and the 1-minute queries give the same score at every whole minute, and each 15 s point reads its minute', async () => {
  const start = NOW - 60 * MIN;
  const fine = await range(QUERY, start, NOW, 15_000);
  const minute = await range(QUERY, start, NOW, MIN);
  expect(minute.values.size).toBeGreaterThan(55);
  const differ = [...minute.values].filter(([t, v]) => fine.values.get(t) !== v);
  expect(differ).toEqual([]);
  const offMinute = [...fine.values].filter(([t, v]) => v !== minute.values.get(Math.floor(t / MIN) * MIN));
  expect(offMinute.slice(0, 8).map(([t, v]) => [new Date(t).toISOString(), v, minute.values.get(Math.floor(t / MIN) * MIN)])).toEqual([]);
});
