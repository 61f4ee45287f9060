/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The data source's "What moved together" output (src/datasource) against a real Prometheus through
 * the companion, with Grafana's proxy replaced by a direct HTTP call: the ranked table frame (series,
 * score, onset, lead, values as nested time-series frames that Grafana's table draws as sparklines),
 * the cause first; and the one-line message without a companion.
 */
import { type DataFrame, type DataQueryRequest, dateTime, FieldType } from '@grafana/data';
import type { BellwetherQuery } from '../../../src/datasource/types';
import { bellwetherDataSource as ds } from '../../support/bellwetherDataSource';
import { connectGrafana } from '../../support/grafanaRuntime';
import { nodeFetch } from '../../support/nodeFetch';
import { chainStart, MINUTE } from './fixtures';
import { type Harness, startHarness } from './harness';

let h: Harness;

// Grafana's backend service as the data source sees it: the proxy's companion route, here a direct
// call to the test companion; errors shaped as Grafana's FetchError.
jest.mock('@grafana/runtime', () => jest.requireActual('../../support/grafanaRuntime'));
connectGrafana({ companionUrl: () => h.companion.url });

(globalThis as any).fetch = nodeFetch;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

function request(target: BellwetherQuery, to: number): DataQueryRequest<BellwetherQuery> {
  return {
    targets: [target],
    range: { from: dateTime(to - 3_600_000), to: dateTime(to), raw: { from: 'now-1h', to: 'now' } },
    intervalMs: MINUTE,
    scopedVars: {},
  } as unknown as DataQueryRequest<BellwetherQuery>;
}

const field = (f: DataFrame, name: string) => f.fields.find((x) => x.name === name)!;

it('returns the candidates ranked as a table: the cause first, its onset, lead and a sparkline frame', async () => {
  const at = chainStart(h.end) + 8 * MINUTE;
  const r = await ds({ companionUrl: 'http://companion' }).query(
    request({ refId: 'A', output: 'moved', expr: 'bw_checkout_errors', movedAt: at }, h.end)
  );
  expect(r.errors).toBeUndefined();
  expect(r.data).toHaveLength(1);
  const f = r.data[0] as DataFrame;
  expect(f.name).toBe('What moved with bw_checkout_errors{job="checkout"}');
  expect(field(f, 'Series').values).toEqual([
    'bw_queue_depth{job="checkout"}',
    'bw_checkout_latency_seconds{job="checkout"}',
    'bw_checkout_cpu{job="checkout"}',
  ]);
  const score = field(f, 'Score').values as number[];
  expect(score[0]).toBeGreaterThan(score[1]);
  expect(score[2]).toBe(0);
  expect(field(f, 'Onset').values.slice(0, 2)).toEqual([chainStart(h.end), chainStart(h.end) + 3 * MINUTE]);
  expect(field(f, 'Onset').values[2]).toBeNull();
  expect(field(f, 'Lead').values[0]).toBeGreaterThan(0);
  expect(field(f, 'Lead').values[2]).toBeNull();
  const values = field(f, 'Values');
  expect(values.type).toBe(FieldType.frame);
  const spark = values.values[0] as DataFrame;
  // 30 minutes before the anomaly's start (the clicked region's, which the frame names) to 5 minutes
  // after the time, one value per minute.
  const regionStart = f.meta?.custom?.regionStart as number;
  expect(regionStart).toBeLessThanOrEqual(at);
  expect(regionStart).toBeGreaterThan(at - 30 * MINUTE);
  expect(spark.fields.map((x) => x.type)).toEqual([FieldType.time, FieldType.number]);
  expect(spark.fields[0].values).toHaveLength(36 + (at - regionStart) / MINUTE);
  expect(spark.fields[0].values[0]).toBe(regionStart - 30 * MINUTE);
  expect(spark.fields[1].values.every((v) => typeof v === 'number')).toBe(true);
});

it('takes the time from the end of the range, and candidates and windows from the query', async () => {
  const at = chainStart(h.end) + 8 * MINUTE;
  const r = await ds({ companionUrl: 'http://companion' }).query(
    request(
      {
        refId: 'B',
        output: 'moved',
        expr: 'bw_checkout_errors',
        candidates: 'bw_queue_depth',
        lookBack: '20m',
        after: '2m',
      },
      at
    )
  );
  expect(r.errors).toBeUndefined();
  const f = r.data[0] as DataFrame;
  expect(field(f, 'Series').values).toEqual(['bw_queue_depth{job="checkout"}']);
  // 20 minutes before the anomaly's start to 2 minutes after the time.
  const regionStart = f.meta?.custom?.regionStart as number;
  expect(regionStart).toBeLessThanOrEqual(at);
  expect((field(f, 'Values').values[0] as DataFrame).fields[0].values).toHaveLength(23 + (at - regionStart) / MINUTE);
});

it.each([
  [
    {},
    { expr: 'bw_checkout_errors' },
    'A: what moved together runs in the companion: set the companion URL in the data source settings',
  ],
  [{ companionUrl: 'http://companion' }, { expr: '' }, 'A: enter the PromQL of the anomalous series'],
  [
    { companionUrl: 'http://companion' },
    { expr: 'bw_checkout_errors', lookBack: 'soon' },
    /^A: Look back must be a duration/,
  ],
  [
    { companionUrl: 'http://companion' },
    { expr: 'bw_pod_cpu' },
    'A: Companion answered HTTP 400: the target query must return one series, it returned 6; narrow its selector',
  ],
])('says in one line what is missing (%j, %j)', async (json, q, message) => {
  const r = await ds(json).query(request({ refId: 'A', output: 'moved', ...q }, h.end));
  expect(r.data).toEqual([]);
  expect(r.errors).toHaveLength(1);
  expect(r.errors![0].message).toMatch(message);
});
