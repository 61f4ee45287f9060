/**
 * How the data source reads its detectors' sample interval (fineScoring.ts, sources/promSampleIntervals.ts)
 * and caches what it fetches, against a Prometheus and a companion that answer as Grafana hands them
 * over: answers are kept per what the requests send (ad hoc filters included), only definite answers
 * are kept (a source down for a moment is asked again), and concurrent reads do not cancel each other.
 */
import { DataQueryRequest, dateTime, FieldType, createDataFrame } from '@grafana/data';
import { Observable, of, throwError } from 'rxjs';
import { bellwetherDataSource } from '../../tests/support/bellwetherDataSource';
import { fetchRawSampleTimes } from './sources/prometheusSource';
import type { BellwetherOptions, BellwetherQuery } from './types';

const MIN = 60_000;
const STEP = 10 * MIN;
const T0 = Date.UTC(2024, 0, 1);

/** What the fake Prometheus was asked: instant reads of raw samples and range queries (their step). */
let instantReads: string[] = [];
let rangeSteps: number[] = [];
/** Instant reads still to answer with a 503, as Grafana hands over a Prometheus down for a moment. */
let failingReads = 0;
/** Answers the fake sends asynchronously, so that a read in flight can be cancelled (Grafana's rule). */
let async = false;
const fetchMock = jest.fn();

/** The job an ad hoc filter selects: job="b" is sampled every minute at 20, any other every 5 minutes at 10. */
const jobOf = (r: DataQueryRequest<any>) => (r.filters ?? []).find((f) => f.key === 'job')?.value ?? 'a';

/** In-flight requests by requestId: a new one with the same id cancels the old, as Grafana's backendSrv does. */
const inFlight = new Map<string, { complete: () => void }>();

function answer(r: DataQueryRequest<any>) {
  const t = r.targets[0];
  const job = jobOf(r);
  if (t.instant) {
    instantReads.push(`${t.expr} ${job}`);
    if (failingReads > 0) {
      failingReads--;
      return { data: [], error: { message: 'Service Unavailable', status: 503 } };
    }
    const every = job === 'b' ? MIN : 5 * MIN;
    const at = r.range.to.valueOf();
    const time: number[] = [];
    for (let x = at - 3_600_000 + every; x <= at; x += every) {
      time.push(x);
    }
    return {
      data: [
        createDataFrame({
          fields: [
            { name: 'Time', type: FieldType.time, values: time },
            { name: 'Value', type: FieldType.number, values: time.map(() => 1), labels: { job } },
          ],
        }),
      ],
    };
  }
  rangeSteps.push(r.intervalMs);
  const time: number[] = [];
  for (let x = r.range.from.valueOf(); x <= r.range.to.valueOf(); x += r.intervalMs) {
    time.push(x);
  }
  const level = job === 'b' ? 20 : 10;
  return {
    data: [
      createDataFrame({
        fields: [
          { name: 'Time', type: FieldType.time, values: time },
          {
            name: 'Value',
            type: FieldType.number,
            values: time.map((x) => level + Math.sin(x / 3_600_000)),
            labels: { job },
          },
        ],
      }),
    ],
  };
}

const prometheus = {
  uid: 'prom1',
  name: 'Prom',
  type: 'prometheus',
  query: (r: DataQueryRequest<any>) =>
    async
      ? new Observable((sub) => {
          const id = r.requestId;
          inFlight.get(id)?.complete();
          inFlight.set(id, sub);
          const timer = setTimeout(() => {
            inFlight.delete(id);
            sub.next(answer(r));
            sub.complete();
          });
          return () => clearTimeout(timer);
        })
      : of(answer(r)),
};

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ replace: (s: string) => s }),
  getDataSourceSrv: () => ({ get: async () => prometheus }),
  getBackendSrv: () => ({ fetch: fetchMock }),
}));

// The worker runs its handler table in-process (jsdom has no Worker).
jest.mock('../worker/client', () => jest.requireActual('../../tests/support/inProcessWorker'));

const ds = (jsonData: Partial<BellwetherOptions> = {}) => bellwetherDataSource(jsonData);

/** Six hours at a 10-minute step, with the dashboard's ad hoc filter on `job` when given. */
function request(targets: BellwetherQuery[], job?: string): DataQueryRequest<BellwetherQuery> {
  const from = T0 + 100 * STEP;
  const to = T0 + 136 * STEP;
  return {
    targets,
    range: { from: dateTime(from), to: dateTime(to), raw: { from: 'now-6h', to: 'now' } },
    intervalMs: STEP,
    interval: '10m',
    scopedVars: {},
    requestId: 'r1',
    app: 'dashboard',
    timezone: 'utc',
    startTime: 0,
    ...(job ? { filters: [{ key: 'job', operator: '=', value: job }] } : {}),
  } as unknown as DataQueryRequest<BellwetherQuery>;
}

/** The steps the range queries since the last call were fetched at (a long fetch is sent in chunks). */
function stepsFetched(): number[] {
  const steps = [...new Set(rangeSteps)];
  rangeSteps = [];
  return steps;
}

const notices = (res: { data: any[] }) => (res.data[0]?.meta?.notices ?? []).map((n: { text: string }) => n.text);

beforeEach(() => {
  instantReads = [];
  rangeSteps = [];
  failingReads = 0;
  async = false;
  fetchMock.mockReset();
});

describe('browser engine', () => {
  const score: BellwetherQuery = {
    refId: 'A',
    datasourceUid: 'prom1',
    expr: 'up',
    output: 'score',
    model: 'mad',
    train: '1d',
  };

  test('two dashboards differing only in an ad hoc filter each score at their own series\u2019 interval', async () => {
    const source = ds();
    await source.query(request([score], 'a'));
    expect(stepsFetched()).toEqual([5 * MIN]);
    // job="b" is sampled every minute: before, it was served job="a"'s 5 minutes from the cache.
    await source.query(request([score], 'b'));
    expect(instantReads).toEqual(['up[1h] a', 'up[1h] b']);
    expect(stepsFetched()).toEqual([MIN]);
  });

  test('the history cache keeps each ad hoc filter\u2019s series apart', async () => {
    const source = ds();
    const raw: BellwetherQuery = { refId: 'A', datasourceUid: 'prom1', expr: 'up', output: 'raw' };
    const a = await source.query(request([raw], 'a'));
    const b = await source.query(request([raw], 'b'));
    expect(a.data[0].fields[1].values[0]).toBeCloseTo(10, 0);
    // Before, the second dashboard was shown the first one's series from the cache.
    expect(b.data[0].fields[1].values[0]).toBeCloseTo(20, 0);
    expect(rangeSteps).toHaveLength(2);
  });

  test('a failed interval read is said and asked again on the next query, not kept for the hour', async () => {
    const source = ds();
    failingReads = 1;
    const first = await source.query(request([score], 'a'));
    expect(stepsFetched()).toEqual([MIN]);
    const again = await source.query(request([score], 'a'));
    expect(instantReads).toEqual(['up[1h] a', 'up[1h] a']);
    expect(stepsFetched()).toEqual([5 * MIN]);
    expect(notices(first)).toContain(
      'scored at the default resolution 1m: the sample interval of up could not be told (Prom answered up[1h] with: Service Unavailable (HTTP 503); asked again on the next query); set resolution= to choose'
    );
    expect(notices(again).filter((n: string) => n.includes('could not be told'))).toEqual([]);
    // A definite answer is kept: a third query reads nothing more.
    await source.query(request([score], 'a'));
    expect(instantReads).toHaveLength(2);
  });
});

describe('companion engine', () => {
  /** The companion: raw samples every 10 minutes unless down (`down` reads left), scores as empty series. */
  function companion(down: number) {
    const sent: string[] = [];
    fetchMock.mockImplementation((opts: { url: string; data: string }) => {
      const form = new URLSearchParams(opts.data);
      if (opts.url.endsWith('/companion/api/v1/query')) {
        if (down-- > 0) {
          return throwError(() => ({
            status: 502,
            statusText: 'Bad Gateway',
            data: { message: 'dial tcp: connection refused' },
          }));
        }
        const at = Number(form.get('time'));
        const values = [1, 2, 3, 4, 5, 6].map((i) => [at - 3600 + i * 600, '1']);
        return of({ data: { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } } });
      }
      sent.push(form.get('query')!);
      return of({ data: { status: 'success', data: { resultType: 'matrix', result: [] } } });
    });
    return sent;
  }

  test('a companion down for a moment sets the 3-day training for that query only, and says so', async () => {
    const sent = companion(1);
    const source = ds({ companionUrl: 'http://c:9091' });
    const q: BellwetherQuery = {
      refId: 'A',
      datasourceUid: 'prom1',
      expr: 'up',
      output: 'score',
      engine: 'companion',
      model: 'mad',
    };
    const first = await source.query(request([q]));
    expect(sent[0]).toContain('train=3d');
    // Back up: its 10-minute data scores on the grid, with the grid's default training window.
    const again = await source.query(request([q]));
    expect(sent[1]).not.toContain('train=3d');
    // Said when it happens (before, not at all: the companion path dropped the data source's warnings).
    expect(notices(first).join('\n')).toMatch(
      /could not be told \(Companion is unreachable through Grafana's proxy \(HTTP 502: dial tcp: connection refused\).*; asked again on the next query\)/
    );
    expect(notices(again).join('\n')).not.toMatch(/could not be told/);
  });
});

describe('fetchRawSampleTimes', () => {
  test('two reads of one query in flight together each get their answer (one requestId each)', async () => {
    async = true;
    const req = request([]);
    const [up, down] = await Promise.all([
      fetchRawSampleTimes('prom1', 'up[1h]', T0 + 130 * STEP, req, 'A'),
      fetchRawSampleTimes('prom1', 'down[1h]', T0 + 130 * STEP, req, 'A'),
    ]);
    // Before, both were sent as r1-A-interval: Grafana cancelled the first, whose read then failed.
    expect(up).toHaveLength(1);
    expect(down).toHaveLength(1);
    const [again] = await Promise.all([
      fetchRawSampleTimes('prom1', 'up[1h]', T0 + 130 * STEP, req, 'A'),
      fetchRawSampleTimes('prom1', 'up[1h]', T0 + 136 * STEP, req, 'A'),
    ]);
    expect(again).toHaveLength(1);
  });
});
