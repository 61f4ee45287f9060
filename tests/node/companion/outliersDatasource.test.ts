/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The data source's "Outliers" output (src/datasource) against a real Prometheus (backfilled with
 * promtool: six pods of job web, web-4 drifting from END - 3h, tests/node/companion/fixtures.ts),
 * on both engines: the companion (through a stand-in of Grafana's proxy) and the browser engine
 * (the worker's handlers in process), each reading the raw series through a stand-in of Grafana's
 * Prometheus data source. Each pod gets its series, its group's band and its score; web-4 and only
 * web-4 reaches 0.5, and both engines give the same scores.
 */
import { nodeFetch } from '../../support/nodeFetch';
import { observe } from '../../support/observe';
import {
  type DataFrame,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  dateTime,
  FieldType,
} from '@grafana/data';
import { DataSource } from '../../../src/datasource/datasource';
import type { BellwetherOptions, BellwetherQuery } from '../../../src/datasource/types';
import { HOUR, MINUTE, podDriftStart } from './fixtures';
import { type Harness, startHarness } from './harness';

let h: Harness;
const PROXY = '/api/datasources/proxy/uid/bw';

(globalThis as any).fetch = nodeFetch;

/**
 * Grafana's Prometheus data source as the Bellwether source uses it: a range query of the target's
 * expr on the request's range and interval, answered as one frame per series (Time, Value with labels).
 */
const prometheus = {
  uid: 'prom',
  name: 'Prometheus',
  type: 'prometheus',
  query: async (r: DataQueryRequest<{ refId: string; expr: string }>) => {
    const body = new URLSearchParams({
      query: r.targets[0].expr,
      start: String(r.range.from.valueOf() / 1000),
      end: String(r.range.to.valueOf() / 1000),
      step: String(r.intervalMs / 1000),
    }).toString();
    const res = await nodeFetch(`${h.prom.url}/api/v1/query_range`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const json = await res.json();
    const result = json.data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
    return {
      data: result.map((s) => ({
        refId: r.targets[0].refId,
        length: s.values.length,
        fields: [
          { name: 'Time', type: FieldType.time, config: {}, values: s.values.map(([t]) => t * 1000) },
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

// Grafana's services as the data source sees them: the proxy's companion route, here a direct call
// to the test companion (errors shaped as Grafana's FetchError), and the data source service.
jest.mock('@grafana/runtime', () => ({
  getTemplateSrv: () => ({ replace: (s: string) => s }),
  isFetchError: (e: unknown) => typeof e === 'object' && e !== null && 'status' in e,
  getDataSourceSrv: () => ({ get: async () => prometheus }),
  getBackendSrv: () => ({
    fetch: (r: { url: string; method: string; data?: string; headers?: Record<string, string> }) =>
      observe(
        nodeFetch(r.url.replace(`${PROXY}/companion`, h.companion.url), {
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
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
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

/** Scores per pod from the frames of one Outliers query over [from, to] at 1 m. */
async function outliers(engine: 'companion' | 'browser', from: number, to: number) {
  const target: BellwetherQuery = {
    refId: 'A',
    output: 'outliers',
    expr: 'bw_pod_cpu',
    datasourceUid: 'prom',
    groupBy: 'job',
    engine,
    legendFormat: '{{pod}}',
  };
  const r = await ds().query({
    targets: [target],
    range: { from: dateTime(from), to: dateTime(to), raw: { from: 'now-4h', to: 'now' } },
    intervalMs: MINUTE,
    interval: '1m',
    scopedVars: {},
    requestId: 'outliers',
  } as unknown as DataQueryRequest<BellwetherQuery>);
  expect(r.errors).toBeUndefined();
  const frames = r.data as DataFrame[];
  const role = (f: DataFrame) => (f.meta?.custom as { bellwether?: string } | undefined)?.bellwether;
  const pod = (f: DataFrame) => f.fields[1].labels?.pod ?? '';
  const byRole = (which: string) =>
    Object.fromEntries(
      frames.filter((f) => role(f) === which).map((f) => [pod(f), f.fields[1].values as Array<number | null>])
    );
  return {
    raw: byRole('raw'),
    score: byRole('outliers'),
    upper: byRole('outliers_upper'),
    lower: byRole('outliers_lower'),
  };
}

it('gives each pod its series, band and score on both engines; only the drifting web-4 reaches 0.5', async () => {
  const from = podDriftStart(h.end) - HOUR;
  const to = h.end - (h.end % MINUTE);
  const companion = await outliers('companion', from, to);
  const pods = [0, 1, 2, 3, 4, 5].map((p) => `web-${p}`);
  for (const part of [companion.raw, companion.score, companion.upper, companion.lower]) {
    expect(Object.keys(part).sort()).toEqual(pods);
  }
  const flagged = pods.filter((p) => companion.score[p].some((v) => v !== null && v >= 0.5));
  expect(flagged).toEqual(['web-4']);
  // Before the drift, web-4 is in line: its level stays inside the group's band.
  const drift = Math.round((podDriftStart(h.end) - from) / MINUTE);
  expect(companion.score['web-4'].slice(0, drift).every((v) => v === null || v < 0.5)).toBe(true);
  const browser = await outliers('browser', from, to);
  for (const p of pods) {
    browser.score[p].forEach((v, i) => {
      const c = companion.score[p][i];
      expect(v === null ? null : Number(v.toPrecision(10))).toEqual(c === null ? null : Number(c.toPrecision(10)));
    });
  }
});
