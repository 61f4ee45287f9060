/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * One answer everywhere at a step coarser than the data: the data source scores detectors at the
 * resolution the companion chooses (src/datasource/fineScoring.ts, src/engine/resolution.ts), on
 * both engines. The series are the demo's web-1 CPU and api-1 p99 latency sampled every minute,
 * read by the data source through a stand-in of Grafana's Prometheus data source, and by a companion
 * on loopback, over the same in-memory upstream. Before, the browser engine scored the 10-minute
 * grid it fetched and the companion path spelt `resolution=10m`: the data source's scores differed
 * from the companion's own (the alerts') at every point, and a latency spike of a few minutes
 * between two grid points scored nothing. (The user review's 1 of 3 CPU saturations at 10 minutes
 * no longer reproduces on the engine the old path ran: that grid flags all three; the CPU test guards it.)
 */
import { type DataFrame, type DataQueryRequest, dateTime } from '@grafana/data';
import type { Companion } from '../../../companion/src/app';
import { ANOMALY_ALERT_SCORE } from '../../../src/common/anomalyAlertScore';
import { FINE_DEFAULT_TRAIN } from '../../../src/datasource/fineScoring';
import { callFor, callToQuery } from '../../../src/datasource/plan';
import { specFor } from '../../../src/datasource/querySpec';
import type { BellwetherQuery } from '../../../src/datasource/types';
import { bellwetherDataSource as ds } from '../../support/bellwetherDataSource';
import { API1_P99 as LATENCY, api1Latency, demoSeriesOf, minuteHistory, runsAtOrAbove } from '../../support/demoRuns';
import { connectGrafana } from '../../support/grafanaRuntime';
import { prometheusDataSource, upstreamApi } from '../../support/prometheusDataSource';
import { nodeFetch } from '../../support/nodeFetch';
import { startTestCompanion } from '../../support/testCompanion';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(20 * 60_000);

const MIN = 60_000;
const DAY = 86_400_000;
const STEP = 10 * MIN;
const CPU = 'instance:node_cpu_utilisation:rate5m{instance="web-1:9100"}';
/** The 7 days a user review rendered (three saturations of about 40 minutes at 96 %). */
const END = Date.UTC(2026, 11, 4, 6, 8);
const FROM = END - 7 * DAY;
/** Pinned after the range, so every point is settled. */
const NOW = END + DAY;

/** The demo's web-1 CPU (companion/src/upstream/demo/demoSeries.ts). */
const cpu = demoSeriesOf('instance:node_cpu_utilisation:rate5m', { instance: 'web-1:9100' });
/** The demo's api-1 p99 latency, with spikes of 2 to 6 minutes. */
const latency = api1Latency();
/**
 * History sampled every minute, as the compose stack's Prometheus holds it (docker-compose.yaml
 * backfills 14 days at 60 s; here 28 days before the review's end, so the earlier of two 7-day
 * panels has history before it too), up to the pinned clock.
 */
const upstream = minuteHistory([cpu, latency], END - 28 * DAY, NOW);
let companion: Companion;
/** Points the stand-in Prometheus answered, per step (ms) of its range queries. */
const fetched = new Map<number, number>();

(globalThis as any).fetch = nodeFetch;

const prometheus = prometheusDataSource(upstreamApi(upstream), (r, result) => {
  fetched.set(r.intervalMs, (fetched.get(r.intervalMs) ?? 0) + result.reduce((a, s) => a + s.values.length, 0));
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

function target(engine: 'browser' | 'companion', train?: string, expr = CPU): BellwetherQuery {
  return { refId: 'A', output: 'score', expr, datasourceUid: 'prom', engine, step: '10m', train };
}

/** The anomaly scores of one query over [from, to] (null: no value), and the frames' notices. */
async function scores(q: BellwetherQuery, from: number, to: number) {
  const r = await ds().query({
    targets: [q],
    range: { from: dateTime(from), to: dateTime(to), raw: { from: 'now-7d', to: 'now' } },
    intervalMs: STEP,
    interval: '10m',
    scopedVars: {},
    requestId: 'native',
  } as unknown as DataQueryRequest<BellwetherQuery>);
  expect(r.errors).toBeUndefined();
  const frame = (r.data as DataFrame[]).find((f) => (f.meta?.custom as any)?.bellwether === 'anomaly_score')!;
  const notices = (r.data as DataFrame[]).flatMap((f) => f.meta?.notices ?? []).map((n) => n.text);
  return {
    times: frame.fields[0].values as number[],
    values: (frame.fields[1].values as Array<number | null>).map((v) => (v === null || Number.isNaN(v) ? null : v)),
    notices,
  };
}

/** The companion's own answer to a query (as an alert or recording rule asks it): ms → value. */
async function companionRange(query: string, from: number, to: number): Promise<Map<number, number>> {
  const res = await nodeFetch(`${companion.url}/api/v1/query_range`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      query,
      start: String(from / 1000),
      end: String(to / 1000),
      step: String(STEP / 1000),
    }).toString(),
  });
  const body = await res.json();
  expect([body.status, body.error]).toEqual(['success', undefined]);
  expect(body.data.result).toHaveLength(1);
  return new Map(
    (body.data.result[0].values as Array<[number, string]>).map(([t, v]) => [Math.round(t * 1000), Number(v)])
  );
}

const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v.toPrecision(10)));

it('gives the companion’s anomaly_score figures at a 10-minute step on both engines (1-minute scoring)', async () => {
  // Two days, trained on one day: the lead-in (5 lead-ins of 3 days at 1 m, 21,600 points) is never cut.
  const from = END - 2 * DAY;
  const q = target('browser', '1d');
  const browser = await scores(q, from, END);
  const viaCompanion = await scores(target('companion', '1d'), from, END);
  // What an alert rule on the same options asks the companion, with no resolution=.
  const spec = specFor(q, STEP)!;
  const { resolution: _none, ...options } = callFor('anomaly_score', CPU, spec).options;
  const own = await companionRange(callToQuery({ func: 'anomaly_score', inner: CPU, options }), browser.times[0], END);
  const theirs = browser.times.map((t) => round(own.get(t)));
  expect(browser.values.filter((v) => v !== null).length).toBeGreaterThan(250);
  expect(browser.values.map(round)).toEqual(theirs);
  expect(viaCompanion.values.map(round)).toEqual(theirs);
  expect(fetched.get(MIN)).toBeGreaterThan(0);
});

// train=10d at a 10-minute step scored every minute is 14,400 points: the companion trains on the last
// 10,000 and says so. The data source refused it ("more than 10000; shorten it or zoom out", and at
// step=1h too, the detectors still scoring at 1 m), so a panel could not show what an alert read.
it.each(['browser', 'companion'] as const)(
  'answers train=10d at 10 minutes as the companion does, saying the window was cut (%s engine)',
  async (engine) => {
    const from = END - DAY;
    const q = target(engine, '10d');
    const got = await scores(q, from, END);
    expect(
      got.notices.filter((n) => /training window of 14,400 points at step 60s was cut to its last 10,000/.test(n))
    ).toHaveLength(1);
    const spec = specFor(q, STEP, null)!;
    const { resolution: _none, ...options } = callFor('anomaly_score', CPU, spec).options;
    const own = await companionRange(callToQuery({ func: 'anomaly_score', inner: CPU, options }), got.times[0], END);
    expect(got.values.filter((v) => v !== null).length).toBeGreaterThan(100);
    expect(got.values.map(round)).toEqual(got.times.map((t) => round(own.get(t))));
  }
);

/** Grid points of the range whose demo sample (the value the panel shows) is saturated (≥ 0.9). */
function saturatedPoints(times: number[]): number[] {
  return times.filter((t) => cpu.at(t) >= 0.9);
}

describe.each(['browser', 'companion'] as const)(
  'the demo’s web-1 CPU over 7 days at 10 minutes, %s engine',
  (engine) => {
    it('scores every saturated point of all three saturations above the shipped alert threshold', async () => {
      const got = await scores(target(engine), FROM, END);
      const saturated = saturatedPoints(got.times);
      // Three saturations of about 40 minutes: 12 to 13 points at 10 minutes.
      const starts = saturated.filter((t, i) => i === 0 || t - saturated[i - 1] > STEP);
      expect(starts.map((t) => new Date(t).toISOString().slice(0, 13))).toEqual([
        '2026-12-01T17',
        '2026-12-02T18',
        '2026-12-04T03',
      ]);
      const missed = saturated.filter((t) => !((got.values[got.times.indexOf(t)] ?? 0) > ANOMALY_ALERT_SCORE));
      expect(missed.map((t) => `${new Date(t).toISOString()} ${got.values[got.times.indexOf(t)]}`)).toEqual([]);
    });
  }
);

describe.each(['browser', 'companion'] as const)(
  'the demo’s api-1 p99 latency over 14 days at 10 minutes, %s engine',
  (engine) => {
    it('scores every spike of a few minutes above the shipped alert threshold in a step that holds it', async () => {
      const got = { times: [] as number[], values: [] as Array<number | null> };
      // Two 7-day panels (the pages a user reads; a 14-day one scores every minute too, within MAX_FINE_POINTS).
      for (const end of [END - 7 * DAY, END]) {
        const part = await scores(
          { ...target(engine, undefined, LATENCY), anomalyDirection: 'above', minRel: 0.5 },
          end - 7 * DAY,
          end
        );
        got.times.push(...part.times);
        got.values.push(...part.values);
      }
      // Runs of one-minute latency samples at 1.2 s or more (normal is below 0.5 s).
      const runs = runsAtOrAbove(latency, 1.2, got.times[0] - STEP + MIN, END);
      // The demo draws about one a day; some fall between two 10-minute grid points.
      expect(runs.length).toBeGreaterThanOrEqual(5);
      // The steps (t - 10 m, t] holding a sample of the spike; before, each step saw its sample at t only.
      const missed = runs.filter(([a, b]) =>
        got.times.every((t, i) => !(t - STEP < b - MIN && t >= a) || !((got.values[i] ?? 0) > ANOMALY_ALERT_SCORE))
      );
      expect(missed.map(([a, b]) => `${new Date(a).toISOString()} (${(b - a) / MIN} min)`)).toEqual([]);
    });
  }
);

/**
 * Grafana's 15 s step for "Last 1h" over 1-minute data: scored on the 15 s grid each sample repeats
 * four times and the three-day training window is cut to 10,000 points. Both engines score on the
 * 1-minute grid instead, as the companion's own 1-minute answer (the recording rules') does, and
 * each 15 s point reads the minute at or before it.
 */
describe.each(['browser', 'companion'] as const)('a 15 s step over 1-minute data, %s engine', (engine) => {
  it('flags every point of a saturation and gives the companion’s 1-minute score at the minute at or before each point', async () => {
    await fifteenSecondsAsTheCompanion(engine, undefined);
  });

  // train=3d at 15 s is 17,280 steps, but the detectors score at 1 m: 4,320 points, which the
  // companion accepts. Before, the data source refused it ("more than 10000; shorten it or zoom out").
  it('accepts train=3d, scored at 1 m, and answers as with the default', async () => {
    await fifteenSecondsAsTheCompanion(engine, '3d');
  });
});

/** A 15 s query on one engine over a saturation, against the companion's own 1-minute answer. */
async function fifteenSecondsAsTheCompanion(engine: 'browser' | 'companion', train: string | undefined) {
  let start = END - DAY;
  while (cpu.at(start) < 0.9) {
    start += MIN;
  }
  const from = start - 30 * MIN;
  const to = start + 30 * MIN;
  const q: BellwetherQuery = { refId: 'A', output: 'score', expr: CPU, datasourceUid: 'prom', engine, train };
  const r = await ds().query({
    targets: [q],
    range: { from: dateTime(from), to: dateTime(to), raw: { from: 'now-1h', to: 'now' } },
    intervalMs: 15_000,
    interval: '15s',
    scopedVars: {},
    requestId: 'fine-step',
  } as unknown as DataQueryRequest<BellwetherQuery>);
  expect(r.errors).toBeUndefined();
  const frame = (r.data as DataFrame[]).find((f) => (f.meta?.custom as any)?.bellwether === 'anomaly_score')!;
  const times = frame.fields[0].values as number[];
  const values = (frame.fields[1].values as Array<number | null>).map((v) =>
    v === null || Number.isNaN(v) ? null : v
  );
  expect(times[1] - times[0]).toBe(15_000);
  // What a 1-minute recording rule on the same options asks the companion, with no resolution=
  // (the data source trains on the companion's default three days when no train= is given).
  const spec = { ...specFor(q, 15_000, null)!, train: FINE_DEFAULT_TRAIN };
  const { resolution: _none, ...options } = callFor('anomaly_score', CPU, spec).options;
  const res = await nodeFetch(`${companion.url}/api/v1/query_range`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      query: callToQuery({ func: 'anomaly_score', inner: CPU, options }),
      start: String(Math.floor(from / MIN) * 60),
      end: String(to / 1000),
      step: '60',
    }).toString(),
  });
  const body = await res.json();
  const minute = new Map(
    (body.data.result[0].values as Array<[number, string]>).map(([t, v]) => [Math.round(t * 1000), Number(v)])
  );
  expect(values.map(round)).toEqual(times.map((t) => round(minute.get(Math.floor(t / MIN) * MIN))));
  const saturated = times.filter((t) => cpu.at(Math.floor(t / MIN) * MIN) >= 0.9);
  expect(saturated.length).toBeGreaterThan(100);
  const missed = saturated.filter((t) => !((values[times.indexOf(t)] ?? 0) > ANOMALY_ALERT_SCORE));
  expect(missed.map((t) => `${new Date(t).toISOString()} ${values[times.indexOf(t)]}`)).toEqual([]);
}
