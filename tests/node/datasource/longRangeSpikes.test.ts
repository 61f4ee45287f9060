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
 * (the harness is tests/node/datasource/nativeResolution.test.ts').
 */
import {
  type DataFrame,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  dateTime,
  FieldType,
} from '@grafana/data';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { demoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { ANOMALY_ALERT_SCORE } from '../../../src/common/anomalyAlertScore';
import { DataSource } from '../../../src/datasource/datasource';
import type { BellwetherOptions, BellwetherQuery } from '../../../src/datasource/types';
import { memoryUpstream } from '../../support/memoryUpstream';
import { nodeFetch } from '../../support/nodeFetch';
import { observe } from '../../support/observe';

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
const LATENCY = 'http_request_duration_seconds{instance="api-1:8080",quantile="0.99"}';
const latency = demoSeries().find(
  (s) =>
    s.labels.__name__ === 'http_request_duration_seconds' &&
    s.labels.instance === 'api-1:8080' &&
    s.labels.quantile === '0.99'
)!;
/** History sampled every minute, 50 days before the range's end (its first detector run starts before it), up to the pinned clock. */
const T0 = END - 50 * DAY;
const upstream = memoryUpstream(
  [latency].map((s) => ({
    labels: s.labels,
    values: Float64Array.from({ length: (NOW - T0) / MIN + 1 }, (_, i) => s.at(T0 + i * MIN)),
  })),
  T0,
  MIN,
  { matchLabels: true }
);
let companion: Companion;
/** Points per series each range query of the stand-in Prometheus asked for, per step (ms). */
const asked = new Map<number, number[]>();

(globalThis as any).fetch = nodeFetch;

/** The demo upstream's Prometheus API answer (envelope body). */
async function promApi(path: string, params: Record<string, string>) {
  const res = await upstream.call(path, new URLSearchParams(params));
  const body = res.body as { status: string; error?: string; data: { result: any[] } };
  if (body.status !== 'success') {
    throw new Error(body.error);
  }
  return body.data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
}

/**
 * Grafana's Prometheus data source as the Bellwether source uses it: a range query on the request's
 * range and interval, or an instant query (a range selector's raw samples) at the range's end, each
 * series answered as one frame (Time, Value with labels).
 */
const prometheus = {
  uid: 'prom',
  name: 'Prometheus',
  type: 'prometheus',
  query: async (r: DataQueryRequest<{ refId: string; expr: string; instant?: boolean }>) => {
    const t = r.targets[0];
    const result = t.instant
      ? await promApi('/api/v1/query', { query: t.expr, time: String(r.range.to.valueOf() / 1000) })
      : await promApi('/api/v1/query_range', {
          query: t.expr,
          start: String(r.range.from.valueOf() / 1000),
          end: String(r.range.to.valueOf() / 1000),
          step: String(r.intervalMs / 1000),
        });
    if (!t.instant) {
      const points = Math.round((r.range.to.valueOf() - r.range.from.valueOf()) / r.intervalMs) + 1;
      asked.set(r.intervalMs, [...(asked.get(r.intervalMs) ?? []), points]);
    }
    return {
      data: result.map((s) => ({
        refId: t.refId,
        length: s.values.length,
        fields: [
          { name: 'Time', type: FieldType.time, config: {}, values: s.values.map(([x]) => x * 1000) },
          {
            name: 'Value',
            type: FieldType.number,
            config: {},
            labels: s.metric,
            values: s.values.map(([, v]) => Number(v)),
          },
        ],
      })),
    };
  },
};

const PROXY = '/api/datasources/proxy/uid/bw';
jest.mock('@grafana/runtime', () => ({
  getTemplateSrv: () => ({ replace: (s: string) => s }),
  isFetchError: (e: unknown) => typeof e === 'object' && e !== null && 'status' in e,
  getDataSourceSrv: () => ({ get: async () => prometheus }),
  getBackendSrv: () => ({
    fetch: (r: { url: string; method: string; data?: string; headers?: Record<string, string> }) =>
      observe(
        nodeFetch(r.url.replace(`${PROXY}/companion`, companion.url), {
          method: r.method,
          body: r.data,
          headers: r.headers,
        }).then(async (res) => {
          const data = await res.json();
          if (!res.ok) {
            throw { status: res.status, data };
          }
          return { data };
        })
      ),
  }),
}));

// The browser engine's worker runs its handler table in process (jsdom has no Worker).
jest.mock('../../../src/worker/client', () => {
  const { handle } = jest.requireActual('../../../src/worker/handlers');
  return {
    callWorker: async (method: string, args: unknown[]) => {
      const r = await handle(method, args);
      if (!r.ok) {
        throw new Error(r.error.message);
      }
      return r.result;
    },
  };
});

beforeAll(async () => {
  companion = await startCompanion(
    fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, upstream, now: () => NOW }
  );
});
afterAll(async () => {
  await companion?.close();
});

function ds(): DataSource {
  return new DataSource({
    uid: 'bw',
    url: PROXY,
    jsonData: { companionUrl: 'http://companion' },
    name: 'BW',
    type: 'bellwether-ml-datasource',
  } as unknown as DataSourceInstanceSettings<BellwetherOptions>);
}

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

/** [start, end) of each run of one-minute latency samples at 1.2 s or more (normal is below 0.5 s) in [from, to]. */
function spikes(from: number, to: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start: number | undefined;
  for (let t = from; t <= to + MIN; t += MIN) {
    const high = t <= to && latency.at(t) >= 1.2;
    if (high && start === undefined) {
      start = t;
    } else if (!high && start !== undefined) {
      runs.push([start, t]);
      start = undefined;
    }
  }
  return runs;
}

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
  const runs = spikes(times[0] - STEP + MIN, END);
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
