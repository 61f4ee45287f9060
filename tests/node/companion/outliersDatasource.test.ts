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
import { type DataFrame, type DataQueryRequest, dateTime } from '@grafana/data';
import type { BellwetherQuery } from '../../../src/datasource/types';
import { bellwetherDataSource as ds } from '../../support/bellwetherDataSource';
import { connectGrafana } from '../../support/grafanaRuntime';
import { httpApi, prometheusDataSource } from '../../support/prometheusDataSource';
import { nodeFetch } from '../../support/nodeFetch';
import { HOUR, MINUTE, podDriftStart } from './fixtures';
import { type Harness, startHarness } from './harness';

let h: Harness;

(globalThis as any).fetch = nodeFetch;

/** Grafana's Prometheus data source over the test Prometheus. */
const prometheus = prometheusDataSource(httpApi(() => h.prom.url));

// Grafana's services as the data source sees them: the proxy's companion route, here a direct call
// to the test companion, and the data source service; the browser engine's worker in process.
jest.mock('@grafana/runtime', () => jest.requireActual('../../support/grafanaRuntime'));
jest.mock('../../../src/worker/client', () => jest.requireActual('../../support/inProcessWorker'));
connectGrafana({ companionUrl: () => h.companion.url, dataSource: prometheus });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

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
