/**
 * The data source's orchestration with Grafana's services mocked: which range and step it asks the
 * Prometheus data source for, what it sends the companion, and the messages users see when a source
 * is unreachable, a data source has the wrong type or a query returns too many series.
 */
import { DataQueryRequest, dateTime, FieldType, createDataFrame } from '@grafana/data';
import { of, throwError } from 'rxjs';
import { bellwetherDataSource } from '../../tests/support/bellwetherDataSource';
import type { BellwetherOptions, BellwetherQuery } from './types';

const promQuery = jest.fn();
const fetchMock = jest.fn();
let promType = 'prometheus';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ replace: (s: string) => s.replace('$job', 'api') }),
  getDataSourceSrv: () => ({ get: async () => ({ uid: 'prom1', name: 'Prom', type: promType, query: promQuery }) }),
  getBackendSrv: () => ({ fetch: fetchMock }),
}));

// The worker runs its handler table in-process (jsdom has no Worker).
jest.mock('../worker/client', () => jest.requireActual('../../tests/support/inProcessWorker'));

const STEP = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** A score query of `up` on the MAD detector, trained on 200 minutes. */
const MAD_SCORE: BellwetherQuery = {
  refId: 'A',
  datasourceUid: 'prom1',
  expr: 'up',
  output: 'score',
  model: 'mad',
  train: '200m',
};

const ds = (jsonData: Partial<BellwetherOptions> = {}) => bellwetherDataSource(jsonData);

function request(
  targets: BellwetherQuery[],
  from = T0 + 3000 * STEP,
  to = T0 + 3059 * STEP
): DataQueryRequest<BellwetherQuery> {
  return {
    targets,
    range: { from: dateTime(from), to: dateTime(to), raw: { from: 'now-1h', to: 'now' } },
    intervalMs: STEP,
    interval: '1m',
    scopedVars: {},
    requestId: 'r1',
    app: 'dashboard',
    timezone: 'utc',
    startTime: 0,
  } as unknown as DataQueryRequest<BellwetherQuery>;
}

/** Answers a Prometheus range request with `nSeries` sine series on the requested grid. */
function answerProm(nSeries: number) {
  promQuery.mockImplementation((req: DataQueryRequest<any>) => {
    const start = req.range.from.valueOf();
    const end = req.range.to.valueOf();
    const time: number[] = [];
    for (let t = start; t <= end; t += req.intervalMs) {
      time.push(t);
    }
    const frames = Array.from({ length: nSeries }, (_, j) =>
      createDataFrame({
        fields: [
          { name: 'Time', type: FieldType.time, values: time },
          {
            name: 'Value',
            type: FieldType.number,
            values: time.map((t) => 10 + j + Math.sin(t / 3_600_000)),
            labels: { __name__: 'up', job: `j${j}` },
          },
        ],
      })
    );
    return of({ data: frames });
  });
}

beforeEach(() => {
  promQuery.mockReset();
  fetchMock.mockReset();
  promType = 'prometheus';
});

describe('Prometheus source, browser engine', () => {
  test('raw: one range query on the grid, template variables applied, metric name dropped', async () => {
    answerProm(2);
    const res = await ds().query(
      request([{ refId: 'A', datasourceUid: 'prom1', expr: 'up{job="$job"}', output: 'raw' }])
    );
    expect(res.errors).toBeUndefined();
    const req = promQuery.mock.calls[0][0];
    expect(req.targets[0]).toMatchObject({ expr: 'up{job="api"}', range: true, interval: '60s' });
    expect(req.range.from.valueOf()).toBe(T0 + 3000 * STEP);
    expect(res.data).toHaveLength(2);
    expect(res.data[0].name).toBe('{job="j0"}');
    expect(res.data[0].fields[1].values).toHaveLength(60);
  });

  test('score: history from the detector run start, one frame per series with values', async () => {
    answerProm(1);
    const q = MAD_SCORE;
    const res = await ds().query(request([q]));
    expect(res.errors).toBeUndefined();
    const from = promQuery.mock.calls[0][0].range.from.valueOf();
    // mad judges from point 20, within the 200-point window, so the lead-in is three windows (600 min)
    // and blocks are 2,400 min from the epoch: the block holding T0 + 3000 min (minute 28,404,120 of
    // the epoch) starts at minute 28,404,000, and its run one lead-in earlier, at T0 + 2280 min.
    expect(from).toBe(T0 + 2280 * STEP);
    expect(from).toBeLessThan(T0 + 3000 * STEP - 200 * STEP);
    expect(res.data).toHaveLength(1);
    expect(res.data[0].name).toBe('{job="j0"} score');
    const values = res.data[0].fields[1].values as Array<number | null>;
    expect(values.every((v) => v === null || (v >= 0 && v <= 1))).toBe(true);
    expect(values.filter((v) => v !== null).length).toBeGreaterThan(50);
  });

  test("a query matching no series: no frames of data, and the companion's warning as the notice", async () => {
    answerProm(0);
    const q: BellwetherQuery = {
      refId: 'A',
      datasourceUid: 'prom1',
      expr: 'no_such_metric',
      output: 'score',
      model: 'mad',
      train: '200m',
    };
    const res = await ds().query(request([q]));
    expect(res.errors).toBeUndefined();
    expect(res.data.map((f) => f.length)).toEqual([0]);
    expect(res.data[0].meta?.notices).toEqual([
      {
        severity: 'warning',
        text: 'no series match no_such_metric, so anomaly_score() answers none (is a metric or label misspelt?)',
      },
    ]);
  });

  test('too many series and a non-Prometheus data source give clear messages', async () => {
    answerProm(5);
    let res = await ds({ maxSeries: 3 }).query(
      request([{ refId: 'A', datasourceUid: 'prom1', expr: 'up', output: 'raw' }])
    );
    expect(res.errors?.[0].message).toMatch(/returned 5 series, more than the limit of 3.*sum by/);
    promType = 'loki';
    res = await ds().query(request([{ refId: 'B', datasourceUid: 'prom1', expr: 'up' }]));
    expect(res.errors?.[0].message).toBe(
      'B: data source "Prom" is of type loki; the Prometheus source needs a Prometheus data source'
    );
  });
});

describe('history before the range: cached and bounded', () => {
  const q = MAD_SCORE;

  test('a repeated query fetches nothing, a refresh 3 min on fetches those 3 min, and both answer as an uncached source', async () => {
    answerProm(1);
    const source = ds();
    const first = await source.query(request([q]));
    expect(first.errors).toBeUndefined();
    // One request: the lead-in (from T0 + 2280 min, see above) and the range.
    expect(promQuery).toHaveBeenCalledTimes(1);
    const again = await source.query(request([q]));
    expect(promQuery).toHaveBeenCalledTimes(1);
    expect(again.data).toEqual(first.data);
    const moved = await source.query(request([q], T0 + 3003 * STEP, T0 + 3062 * STEP));
    expect(promQuery).toHaveBeenCalledTimes(2);
    const tail = promQuery.mock.calls[1][0];
    expect([tail.range.from.valueOf(), tail.range.to.valueOf()]).toEqual([T0 + 3060 * STEP, T0 + 3062 * STEP]);
    const cold = await ds().query(request([q], T0 + 3003 * STEP, T0 + 3062 * STEP));
    expect(promQuery.mock.calls[2][0].range.from.valueOf()).toBe(T0 + 2280 * STEP);
    expect(moved.data).toEqual(cold.data);
  });

  test('a lead-in longer than 50,000 points is cut there, and the panel is told how much was not fetched', async () => {
    answerProm(1);
    // 10,000 training points: lead-in 30,000 points, blocks of 120,000 from the epoch. The range starts
    // at minute 28,481,120 of the epoch, 41,120 into its block, so the run starts 71,120 points back.
    const long: BellwetherQuery = { ...q, train: '10000m' };
    const res = await ds().query(request([long], T0 + 80_000 * STEP, T0 + 80_059 * STEP));
    expect(res.errors).toBeUndefined();
    expect(promQuery.mock.calls[0][0].range.from.valueOf()).toBe(T0 + (80_000 - 50_000) * STEP);
    expect(res.data[0].meta.notices.map((n: { text: string }) => n.text)).toContain(
      "the history before the range was cut to 50,000 points at step 60s, the data source's lead-in limit (21,120 points not fetched): the first values of the range may differ from the companion's; use a larger step or a shorter training window"
    );
    // Fetched in requests Prometheus accepts (11,000 points at most).
    expect(promQuery.mock.calls.map((c) => c[0].maxDataPoints)).toEqual([11_000, 11_000, 11_000, 11_000, 6_060]);
  });
});

describe('Prometheus source, companion engine', () => {
  test('sends the wrapped query through the companion route and reads values at the grid points', async () => {
    fetchMock.mockImplementation((opts: { url: string; data: string }) => {
      const form = new URLSearchParams(opts.data);
      return of({
        data: {
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [{ metric: { job: 'a' }, values: [[Number(form.get('start')), '0.25']] }],
          },
        },
      });
    });
    const res = await ds({ companionUrl: 'http://c:9091' }).query(
      request([
        {
          refId: 'A',
          datasourceUid: 'prom1',
          expr: 'rate(x[5m])',
          output: 'score',
          engine: 'companion',
          model: 'mad',
          sensitivity: 0.7,
        },
      ])
    );
    expect(res.errors).toBeUndefined();
    const call = fetchMock.mock.calls[0][0];
    expect(call.url).toBe('/api/datasources/proxy/uid/bw/companion/api/v1/query_range');
    const form = new URLSearchParams(call.data);
    expect(form.get('query')).toBe(
      'anomaly_score(rate(x[5m]), "model=mad sensitivity=0.7 train=16h40m step=1m season=auto")'
    );
    expect(form.get('step')).toBe('60');
    expect(res.data[0].fields[1].values[0]).toBe(0.25);
    expect(promQuery).not.toHaveBeenCalled();
  });

  test('spells direction, floors and the valid range into the companion query', async () => {
    fetchMock.mockImplementation(() => of({ data: { status: 'success', data: { resultType: 'matrix', result: [] } } }));
    const res = await ds({ companionUrl: 'http://c:9091' }).query(
      request([
        {
          refId: 'A',
          datasourceUid: 'prom1',
          expr: 'latency',
          output: 'anomalies',
          engine: 'companion',
          model: 'mad',
          anomalyDirection: 'above',
          minAbs: 0.05,
          minRel: 0.1,
          validMin: 0,
          validMax: 30,
        },
      ])
    );
    expect(res.errors).toBeUndefined();
    const form = new URLSearchParams(fetchMock.mock.calls[0][0].data);
    expect(form.get('query')).toBe(
      'anomaly_score(latency, "model=mad sensitivity=0.5 train=16h40m step=1m season=auto direction=above min_abs=0.05 min_rel=0.1 valid_min=0 valid_max=30")'
    );
  });

  test('an unreachable companion is named in the error', async () => {
    fetchMock.mockReturnValue(
      throwError(() => ({ status: 502, statusText: 'Bad Gateway', data: { message: 'dial tcp: connection refused' } }))
    );
    const res = await ds({ companionUrl: 'http://c:9091' }).query(
      request([{ refId: 'A', datasourceUid: 'prom1', expr: 'up', output: 'score', engine: 'companion' }])
    );
    expect(res.errors?.[0].message).toContain(
      "Companion is unreachable through Grafana's proxy (HTTP 502: dial tcp: connection refused)"
    );
  });
});

describe('testDatasource', () => {
  test('tries each configured source and says which failed and why', async () => {
    fetchMock.mockImplementation((opts: { url: string }) =>
      opts.url.includes('/parca/')
        ? throwError(() => ({ status: 502, data: { message: 'no such host' } }))
        : of({ data: { status: 'success', data: {} } })
    );
    const r = await ds({
      defaultPrometheusUid: 'prom1',
      companionUrl: 'http://c',
      parcaUrl: 'http://p',
      pixieEnabled: true,
    }).testDatasource();
    expect(r.status).toBe('error');
    expect(r.message).toBe(
      "Parca: Parca is unreachable through Grafana's proxy (HTTP 502: no such host); check its URL in the data source settings (working: Prometheus, Companion, Pixie)"
    );
    expect(fetchMock.mock.calls.map((c) => c[0].url)).toEqual([
      '/api/datasources/proxy/uid/bw/companion/api/v1/query',
      '/api/datasources/proxy/uid/bw/parca/api/profiles/types',
      '/api/datasources/proxy/uid/bw/pixie/health',
    ]);
    expect((await ds().testDatasource()).message).toMatch(/^Nothing to test/);
  });

  test('a companion URL without a scheme is refused with the fix, before any request', async () => {
    fetchMock.mockReturnValue(of({ data: { status: 'success', data: {} } }));
    const r = await ds({ companionUrl: 'bellwether:9091' }).testDatasource();
    expect(r).toEqual({
      status: 'error',
      message:
        'Companion: the companion URL bellwether:9091 has no scheme; set it to http://bellwether:9091 (or https://).',
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
