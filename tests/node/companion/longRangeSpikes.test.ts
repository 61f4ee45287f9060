/**
 * A 30-day range at a coarse step still scores every minute (issue 12, item 3). The demo's api-1 p99
 * latency has spikes of 2 to 6 minutes (about one a day); over 30 days at 10 minutes the fine points
 * are 43,210. Before, the companion held them to Prometheus' 11,000 points per query, scored the range
 * at 5 minutes with a warning, and a spike between two 5-minute samples was not seen: 19 of the 26
 * spikes had a step above the shipped alert threshold (`COARSE_STEP_LONG_ONLY=1 npm run eval --
 * coarseStep`). The 11,000 bounds each upstream request, not what the engine scores: the fine series
 * is fetched in several requests and every minute is scored (src/engine/resolution.ts MAX_FINE_POINTS).
 */
import type { Companion } from '../../../companion/src/app';
import type { Upstream } from '../../../companion/src/upstream/types';
import { ANOMALY_ALERT_SCORE } from '../../../src/common/anomalyAlertScore';
import { api1Latency, minuteHistory, runsAtOrAbove } from '../../support/demoRuns';
import { startTestCompanion } from '../../support/testCompanion';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(20 * 60_000);

const MIN = 60_000;
const DAY = 86_400_000;
const STEP = 10 * MIN;
/** The demo review's end (tests/node/datasource/nativeResolution.test.ts); the clock a day later, so every point is settled. */
const END = Date.UTC(2026, 11, 4, 6, 8);
const FROM = END - 30 * DAY;
const NOW = END + DAY;
const QUERY = `anomaly_score(http_request_duration_seconds{instance="api-1:8080",quantile="0.99"}, "direction=above min_rel=0.5")`;

const latency = api1Latency();

/** Points per series of each range request the upstream answered. */
const requested: number[] = [];
let companion: Companion;

beforeAll(async () => {
  // 50 days of one-minute history: the range's first detector run starts before it.
  const memory = minuteHistory([latency], END - 50 * DAY, NOW);
  const upstream: Upstream = {
    ...memory,
    call: (path, params, signal) => {
      if (path === '/api/v1/query_range') {
        const points = (Number(params.get('end')) - Number(params.get('start'))) / Number(params.get('step')) + 1;
        requested.push(points);
      }
      return memory.call(path, params, signal);
    },
  };
  companion = await startTestCompanion(NOW, upstream);
});

afterAll(async () => {
  await companion?.close();
});

it('scores 30 days of one-minute latency at a 10-minute step every minute: every spike has a step above the alert threshold', async () => {
  const res = await fetch(`${companion.url}/api/v1/query_range`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      query: QUERY,
      start: String(FROM / 1000),
      end: String(END / 1000),
      step: String(STEP / 1000),
    }).toString(),
  });
  const body = (await res.json()) as any;
  expect([body.status, body.error, body.data.result.length]).toEqual(['success', undefined, 1]);
  // No resolution was coarsened: nothing says "scored at 5m, not 1m".
  expect(((body.warnings ?? []) as string[]).filter((w) => w.startsWith('scored at'))).toEqual([]);
  const values = (body.data.result[0].values as Array<[number, string]>).map(
    ([t, v]) => [Math.round(t * 1000), Number(v)] as const
  );
  expect(values.length).toBe(30 * 144 + 1);
  // Runs of one-minute samples at 1.2 s or more (normal is below 0.5 s).
  const runs = runsAtOrAbove(latency, 1.2, FROM - STEP + MIN, END);
  // The demo draws about one a day; 7 of these fell between two 5-minute samples.
  expect(runs.length).toBeGreaterThanOrEqual(20);
  // A step (t - 10 m, t] holding a minute of the spike scores above the threshold.
  const missed = runs.filter(
    ([a, b]) => !values.some(([t, v]) => t >= a && t - STEP < b - MIN && v > ANOMALY_ALERT_SCORE)
  );
  expect(missed.map(([a, b]) => `${new Date(a).toISOString()} (${(b - a) / MIN} min)`)).toEqual([]);
  // The one-minute series was read from the upstream in requests Prometheus accepts.
  expect(requested.length).toBeGreaterThan(4);
  expect(Math.max(...requested)).toBeLessThanOrEqual(11_000);
});
