/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The data source's browser engine scores a 30-day range at a 10-minute step every minute, as the
 * companion does (tests/node/companion/longRangeSpikes.test.ts; src/engine/resolution.ts
 * MAX_FINE_POINTS). Before, the 43,210 fine points passed an 11,000-point limit, the range scored at 5
 * minutes with a notice, and spikes of the demo's api-1 p99 between two 5-minute samples scored
 * nothing. The fine series is fetched from the Prometheus stand-in in requests of at most 11,000 points
 * (Grafana's stand-ins are tests/support/grafanaRuntime.ts and prometheusDataSource.ts).
 */
import { type DataFrame, type DataQueryRequest, dateTime } from '@grafana/data';
import type { Companion } from '../../../companion/src/app';
import { ANOMALY_ALERT_SCORE } from '../../../src/common/anomalyAlertScore';
import type { BellwetherQuery } from '../../../src/datasource/types';
import { bellwetherDataSource as ds } from '../../support/bellwetherDataSource';
import { API1_P99 as LATENCY, api1Latency, minuteHistory, runsAtOrAbove } from '../../support/demoRuns';
import { connectGrafana } from '../../support/grafanaRuntime';
import { prometheusDataSource, upstreamApi } from '../../support/prometheusDataSource';
import { nodeFetch } from '../../support/nodeFetch';
import { startTestCompanion } from '../../support/testCompanion';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(20 * 60_000);

const MIN = 60_000;
const DAY = 86_400_000;
const STEP = 10 * MIN;
/** The demo review's end; the range is the 30 days before it. */
const END = Date.UTC(2026, 11, 4, 6, 8);
const FROM = END - 30 * DAY;
/** Pinned after the range, so every point is settled. */
const NOW = END + DAY;

/** The demo's api-1 p99 latency, with spikes of 2 to 6 minutes. */
const latency = api1Latency();
/** History sampled every minute, 50 days before the range's end (its first detector run starts before it), up to the pinned clock. */
const upstream = minuteHistory([latency], END - 50 * DAY, NOW);
let companion: Companion;
/** Points per series each range query of the stand-in Prometheus asked for, per step (ms). */
const asked = new Map<number, number[]>();

(globalThis as any).fetch = nodeFetch;

const prometheus = prometheusDataSource(upstreamApi(upstream), (r) => {
  const points = Math.round((r.range.to.valueOf() - r.range.from.valueOf()) / r.intervalMs) + 1;
  asked.set(r.intervalMs, [...(asked.get(r.intervalMs) ?? []), points]);
});

jest.mock('@grafana/runtime', () => jest.requireActual('../../support/grafanaRuntime'));
jest.mock('../../../src/worker/client', () => jest.requireActual('../../support/inProcessWorker'));
connectGrafana({ companionUrl: () => companion.url, dataSource: prometheus });

beforeAll(async () => {
  companion = await startTestCompanion(NOW, upstream);
});
afterAll(async () => {
  await companion?.close();
});

const LATENCY_TARGET: BellwetherQuery = {
  refId: 'A',
  output: 'score',
  expr: LATENCY,
  datasourceUid: 'prom',
  engine: 'browser',
  step: '10m',
  anomalyDirection: 'above',
  minRel: 0.5,
};

it('scores 30 days of one-minute latency at a 10-minute step every minute on the browser engine: every spike has a step above the alert threshold', async () => {
  const r = await ds().query({
    targets: [LATENCY_TARGET],
    range: { from: dateTime(FROM), to: dateTime(END), raw: { from: 'now-30d', to: 'now' } },
    intervalMs: STEP,
    interval: '10m',
    scopedVars: {},
    requestId: 'thirty-days',
  } as unknown as DataQueryRequest<BellwetherQuery>);
  expect(r.errors).toBeUndefined();
  const frame = (r.data as DataFrame[]).find((f) => (f.meta?.custom as any)?.bellwether === 'anomaly_score')!;
  const notices = (r.data as DataFrame[]).flatMap((f) => f.meta?.notices ?? []).map((n) => n.text);
  // Not coarsened: no "scored at 5m, not 1m" (the lead-in's cut at 50,000 points may be said).
  expect(notices.filter((n) => n.startsWith('scored at'))).toEqual([]);
  const times = frame.fields[0].values as number[];
  const values = (frame.fields[1].values as Array<number | null>).map((v) => v ?? NaN);
  // Runs of one-minute latency samples at 1.2 s or more (normal is below 0.5 s).
  const runs = runsAtOrAbove(latency, 1.2, times[0] - STEP + MIN, END);
  expect(runs.length).toBeGreaterThanOrEqual(20);
  const missed = runs.filter(
    ([a, b]) => !times.some((t, i) => t >= a && t - STEP < b - MIN && values[i] > ANOMALY_ALERT_SCORE)
  );
  expect(missed.map(([a, b]) => `${new Date(a).toISOString()} (${(b - a) / MIN} min)`)).toEqual([]);
  // The one-minute series, fetched in requests Prometheus accepts.
  const fine = asked.get(MIN) ?? [];
  expect(fine.length).toBeGreaterThan(4);
  expect(Math.max(...fine)).toBeLessThanOrEqual(11_000);
});
