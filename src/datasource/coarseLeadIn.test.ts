/**
 * Time to exhaustion's 14-day window at 15 s through the browser path: the engine reads it every
 * 150 s (src/engine/trainingStep.ts), so the data source fetches the lead-in before its step-wise reads
 * at that step only, aligned as the engine reads it, and the values equal the engine's on every sample
 * at 15 s (what the companion reads from Prometheus). A refit after a jump off the 150 s grid reads
 * other samples: they are fetched too, so the answer is still the same. Before, the lead-in was cut at
 * 50,000 points (8.7 days at 15 s) with a warning, and the first fits read a gap where 5 days were.
 */
import { DataQueryRequest, DataSourceInstanceSettings, dateTime, FieldType, createDataFrame } from '@grafana/data';
import { of } from 'rxjs';
import { DataSource } from './datasource';
import { callFor } from './plan';
import { specFor } from './querySpec';
import type { BellwetherOptions, BellwetherQuery } from './types';
import { evaluateMatrix } from '../engine/evaluate';
import { historyStart } from '../engine/leadIn';
import { MATRIX_SETTINGS } from '../engine/context';
import { MAX_HISTORY_POINTS, MAX_LEAD_IN_POINTS } from '../engine/leadInBound';

const promQuery = jest.fn();
/** Methods called of the worker, in order (a refresh's evaluations are counted). */
const mockWorkerCalls: string[] = [];

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ replace: (s: string) => s }),
  getDataSourceSrv: () => ({ get: async () => ({ uid: 'prom1', name: 'Prom', type: 'prometheus', query: promQuery }) }),
  getBackendSrv: () => ({ fetch: jest.fn() }),
}));

// The worker runs its handler table in-process (jsdom has no Worker).
jest.mock('../worker/client', () => {
  const { handle } = jest.requireActual('../worker/handlers');
  return {
    callWorker: async (method: string, args: unknown[]) => {
      mockWorkerCalls.push(method);
      const r = await handle(method, args);
      if (!r.ok) {
        throw new Error(r.error.message);
      }
      return r.result;
    },
  };
});

const STEP = 15_000;
const DAY = 86_400_000;
/** The range's end, on the hour: the fits there read the 150 s grid. */
const END = Date.UTC(2025, 5, 2, 12);
const FROM = END - 3_600_000;

/** Deterministic noise in [-0.5, 0.5) per 15 s sample. */
const noise = (t: number) => {
  const s = Math.sin((t / STEP) * 12.9898) * 43758.5453;
  return s - Math.floor(s) - 0.5;
};

/** Free space (%) falling to 0 about 23 days after END, with a daily cycle; `cleanup` adds 30 from then on. */
function disk(t: number, cleanup?: number): number {
  const days = (t - (END - 15 * DAY)) / DAY;
  return (
    60 * (1 - days / 38) +
    3 * Math.sin(2 * Math.PI * days) +
    0.5 * noise(t) +
    (cleanup !== undefined && t >= cleanup ? 30 : 0)
  );
}

/**
 * Prometheus answering any range at its step from its start (Grafana aligns the start to the step);
 * under the ad hoc filter mount=/other, another volume, never cleaned up.
 */
function answer(cleanup?: number) {
  promQuery.mockImplementation((req: DataQueryRequest) => {
    const other = (req.filters ?? []).some((f) => f.key === 'mount' && f.value === '/other');
    const start = req.range.from.valueOf();
    const time: number[] = [];
    for (let t = start; t <= req.range.to.valueOf(); t += req.intervalMs) {
      time.push(t);
    }
    return of({
      data: [
        createDataFrame({
          fields: [
            { name: 'Time', type: FieldType.time, values: time },
            {
              name: 'Value',
              type: FieldType.number,
              values: time.map((t) => disk(t, other ? undefined : cleanup)),
              labels: { mount: '/data' },
            },
          ],
        }),
      ],
    });
  });
}

const query: BellwetherQuery = {
  refId: 'A',
  datasourceUid: 'prom1',
  expr: 'disk_free',
  output: 'tte',
  capacity: 0,
  direction: 'down',
  refit: '1h',
  step: '15s',
};

function request(shift = 0, q: BellwetherQuery = query): DataQueryRequest<BellwetherQuery> {
  return {
    targets: [q],
    range: { from: dateTime(FROM + shift), to: dateTime(END + shift), raw: { from: 'now-1h', to: 'now' } },
    intervalMs: STEP,
    interval: '15s',
    scopedVars: {},
    requestId: 'r1',
    app: 'dashboard',
    timezone: 'utc',
    startTime: 0,
  } as unknown as DataQueryRequest<BellwetherQuery>;
}

/** The engine's values on every 15 s sample from the calls' earliest read: what the companion reads. */
async function everySample(cleanup?: number, shift = 0, q: BellwetherQuery = query): Promise<number[]> {
  const spec = specFor(q, STEP)!;
  const call = callFor('time_to_exhaustion', 'disk_free', spec);
  const from = historyStart(call, STEP, FROM + shift, MATRIX_SETTINGS);
  const n = (END + shift - from) / STEP + 1;
  const values = Float64Array.from({ length: n }, (_, i) => disk(from + i * STEP, cleanup));
  const points = Array.from({ length: (END - FROM) / STEP + 1 }, (_, i) => FROM + shift + i * STEP);
  const [r] = await evaluateMatrix(
    { from, step: STEP, series: [{ labels: { mount: '/data' }, values }] },
    [call],
    points
  );
  return Array.from(r.series[0].values);
}

/** Points asked of Prometheus per series, by step (s). */
function pointsByStep(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [req] of promQuery.mock.calls as Array<[DataQueryRequest]>) {
    const key = `${req.intervalMs / 1000}s`;
    out[key] = (out[key] ?? 0) + req.maxDataPoints!;
  }
  return out;
}

/** Points asked of Prometheus before `first` (the lead-in), per series, over every request. */
function leadPoints(first: number): number {
  let n = 0;
  for (const [req] of promQuery.mock.calls as Array<[DataQueryRequest]>) {
    const a = req.range.from.valueOf();
    const b = Math.min(req.range.to.valueOf(), first - req.intervalMs);
    n += b >= a ? Math.floor((b - a) / req.intervalMs) + 1 : 0;
  }
  return n;
}

const notices = (frame: { meta?: { notices?: Array<{ text: string }> } }) =>
  (frame.meta?.notices ?? []).map((n) => n.text);

beforeEach(() => {
  promQuery.mockReset();
  mockWorkerCalls.length = 0;
});

describe('time to exhaustion at 15 s over 14 days, browser path', () => {
  test('the lead-in is fetched every 150 s, aligned as the engine reads it, and the values are the engine’s on every sample', async () => {
    answer();
    const res = await new DataSource({
      uid: 'bw',
      url: '/x',
      jsonData: {},
      name: 'BW',
      type: 'bellwether-ml-datasource',
    } as unknown as DataSourceInstanceSettings<BellwetherOptions>).query(request());
    expect(res.errors).toBeUndefined();
    const frame = res.data[0];
    expect((frame.meta?.notices ?? []).map((n: { text: string }) => n.text).join('\n')).not.toMatch(/cut|not fetched/);
    const got = Array.from(frame.fields[1].values as number[]);
    const want = await everySample();
    expect(want.every(Number.isFinite)).toBe(true);
    expect(got).toEqual(want);
    // Per series: 14 days before the jump test's start at 150 s, then the jump test's 10,000 points
    // before the first fit at 15 s and the range, and time to exhaustion's look-back of 15 samples
    // (src/engine/context.ts lookBack) (17,319 in all; before: 50,000 of the 80,640 wanted, cut).
    expect(pointsByStep()).toEqual({ '150s': 7_079, '15s': 10_240 });
    // Every 150 s request starts on the epoch's multiples of 150 s, the samples the hourly fits read.
    for (const [req] of promQuery.mock.calls as Array<[DataQueryRequest]>) {
      if (req.intervalMs === 150_000) {
        expect(req.range.from.valueOf() % 150_000).toBe(0);
      }
    }
  });

  test('a refit after a clean-up off the 150 s grid reads the samples of its own phase, which are fetched too', async () => {
    // 10 min 15 s before the end: refits at 15 s steps after it read windows ending off the 150 s grid.
    const cleanup = END - 615_000;
    answer(cleanup);
    const res = await new DataSource({
      uid: 'bw2',
      url: '/x',
      jsonData: {},
      name: 'BW',
      type: 'bellwether-ml-datasource',
    } as unknown as DataSourceInstanceSettings<BellwetherOptions>).query(request());
    expect(res.errors).toBeUndefined();
    // The frame holds null where the engine gives no value. Since the carry across a clean-up reaches a
    // tooth the window cuts (tte/carryRate.ts carryPartialTooth), every refit after it answers, at the
    // rate of the tooth before it: the freed space puts the limit further off than just before it.
    const got = Array.from(res.data[0].fields[1].values as Array<number | null>, (x) => x ?? NaN);
    const want = await everySample(cleanup);
    const before = Math.floor((cleanup - FROM) / STEP) - 1;
    expect(want[want.length - 1]).toBeGreaterThan(want[before]);
    expect(got).toEqual(want);
    // The refits' phases were fetched at the step holding them (15 s for a phase of 15 s: Grafana aligns
    // a range's start to its step), after the first evaluation named them: before the step-wise reads.
    const fineFrom = FROM - 10_000 * STEP + STEP;
    const calls = promQuery.mock.calls as Array<[DataQueryRequest]>;
    expect(calls.some(([r]) => r.intervalMs < 150_000 && r.range.from.valueOf() < fineFrom)).toBe(true);
  });
});

describe('a refresh after a clean-up off the 150 s grid (the range moved a minute)', () => {
  test('fetches only what the move added: the refits’ phase is cached apart from the step-wise reads', async () => {
    const cleanup = END - 615_000;
    answer(cleanup);
    const ds = new DataSource({
      uid: 'bw3',
      url: '/x',
      jsonData: {},
      name: 'BW',
      type: 'bellwether-ml-datasource',
    } as unknown as DataSourceInstanceSettings<BellwetherOptions>);
    expect((await ds.query(request())).errors).toBeUndefined();
    const first = Object.values(pointsByStep()).reduce((a, b) => a + b, 0);
    promQuery.mockClear();
    const moved = request();
    moved.range = { from: dateTime(FROM + 60_000), to: dateTime(END + 60_000), raw: moved.range.raw };
    expect((await ds.query(moved)).errors).toBeUndefined();
    const again = Object.values(pointsByStep()).reduce((a, b) => a + b, 0);
    // The first query fetched the refits' phase at 15 s once, whole (within 100,000 points); the refresh adds a minute.
    expect(first).toBeGreaterThanOrEqual(MAX_LEAD_IN_POINTS);
    // Before: the phase's 15 s fetch and the step-wise reads shared one cache entry, so each evicted
    // the other and every refresh fetched both whole again (80,875 points).
    expect(again).toBeLessThan(100);
  });
});

describe('the lead-in after a clean-up off the 150 s grid stays within the data source’s limit', () => {
  test('the refits’ phase of 14 days at 15 s is fetched whole: past the detector lead-in’s 50,000 points, within the history bound', async () => {
    const cleanup = END - 615_000;
    answer(cleanup);
    const res = await new DataSource({
      uid: 'bw4',
      url: '/x',
      jsonData: {},
      name: 'BW',
      type: 'bellwether-ml-datasource',
    } as unknown as DataSourceInstanceSettings<BellwetherOptions>).query(request());
    expect(res.errors).toBeUndefined();
    // 87,859 points before the range (9,999 + 7,079 at 150 s + 70,781 at 15 s, with time to exhaustion's
    // look-back of 15 samples at 150 s: context.ts lookBack). Before: cut at 50,000 with a "points not
    // fetched" notice (after a bulk write the answer then moved: +Inf).
    expect(leadPoints(FROM)).toBe(87_859);
    expect(leadPoints(FROM)).toBeGreaterThan(MAX_LEAD_IN_POINTS);
    expect(leadPoints(FROM)).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
    expect(notices(res.data[0]).filter((t) => /not fetched/.test(t))).toEqual([]);
    const got = Array.from(res.data[0].fields[1].values as Array<number | null>, (x) => x ?? NaN);
    expect(got).toEqual(await everySample(cleanup));
  });

  test('a 21-day window’s phase at 15 s (120,960 points) is cut at 100,000 points per series, and the cut is said with a count', async () => {
    const cleanup = END - 615_000;
    answer(cleanup);
    const long: BellwetherQuery = { ...query, train: '21d' };
    const res = await new DataSource({
      uid: 'bw4b',
      url: '/x',
      jsonData: {},
      name: 'BW',
      type: 'bellwether-ml-datasource',
    } as unknown as DataSourceInstanceSettings<BellwetherOptions>).query(request(0, long));
    expect(res.errors).toBeUndefined();
    expect(leadPoints(FROM)).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
    // The refits read 21 days back, past what the limit left: the answer says how much was not fetched.
    const said = notices(res.data[0]).filter((t) => /not fetched/.test(t));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /every 225s at another phase, which Prometheus returns only at step 15s: cut at the data source's history limit of 100,000 points per series/
    );
    const count = /\(([\d,]+) points not fetched\)/.exec(said[0]);
    expect(count).not.toBeNull();
    // Every point wanted is fetched or counted: every 15 s sample from the calls' earliest read (the
    // fine lead-in and the refits' phase), and the coarse phase the hourly fits read.
    const spec = specFor(long, STEP)!;
    const wanted =
      (FROM - historyStart(callFor('time_to_exhaustion', 'disk_free', spec), STEP, FROM, MATRIX_SETTINGS)) / STEP;
    const coarse = Object.entries(pointsByStep())
      .filter(([k]) => k !== '15s')
      .reduce((n, [, v]) => n + v, 0);
    expect(leadPoints(FROM) + Number(count![1].replace(/,/g, ''))).toBe(wanted + coarse);
  });
});

describe('a warm refresh evaluates once', () => {
  test('the phases the last evaluation read are fetched up front (from the cache), not learned by evaluating twice', async () => {
    const cleanup = END - 615_000;
    answer(cleanup);
    const ds = new DataSource({
      uid: 'bw5',
      url: '/x',
      jsonData: {},
      name: 'BW',
      type: 'bellwether-ml-datasource',
    } as unknown as DataSourceInstanceSettings<BellwetherOptions>);
    expect((await ds.query(request())).errors).toBeUndefined();
    // The first query learns the refits' phase from its first evaluation: two.
    expect(mockWorkerCalls.filter((m) => m === 'evaluate')).toHaveLength(2);
    mockWorkerCalls.length = 0;
    const res = await ds.query(request(60_000));
    expect(res.errors).toBeUndefined();
    // Before: two evaluations on every refresh (the phase named again, fetched from the cache, evaluated again).
    expect(mockWorkerCalls.filter((m) => m === 'evaluate')).toHaveLength(1);
    const got = Array.from(res.data[0].fields[1].values as Array<number | null>, (x) => x ?? NaN);
    expect(got).toEqual(await everySample(cleanup, 60_000));
  });
});

describe('the phases remembered are the ones read under the same ad hoc filters', () => {
  test('another filter reads another volume: it fetches no phase learnt under the first, and answers its own series', async () => {
    const cleanup = END - 615_000;
    answer(cleanup);
    const ds = new DataSource({
      uid: 'bw6',
      url: '/x',
      jsonData: {},
      name: 'BW',
      type: 'bellwether-ml-datasource',
    } as unknown as DataSourceInstanceSettings<BellwetherOptions>);
    expect((await ds.query(request())).errors).toBeUndefined();
    // The cleaned-up volume's refits read their own phase (15 s): learnt and remembered.
    expect(mockWorkerCalls.filter((m) => m === 'evaluate')).toHaveLength(2);
    promQuery.mockClear();
    mockWorkerCalls.length = 0;
    const filtered = { ...request(), filters: [{ key: 'mount', operator: '=', value: '/other' }] };
    const res = await ds.query(filtered as DataQueryRequest<BellwetherQuery>);
    expect(res.errors).toBeUndefined();
    // Before: the memo key held no filters, so the other volume (no clean-up, no refit) had the first
    // one's phase fetched up front at 15 s, 14 days back: 32,937 points it never read.
    const fineFrom = FROM - 10_000 * STEP + STEP;
    const calls = promQuery.mock.calls as Array<[DataQueryRequest]>;
    expect(calls.some(([r]) => r.intervalMs < 150_000 && r.range.from.valueOf() < fineFrom)).toBe(false);
    expect(mockWorkerCalls.filter((m) => m === 'evaluate')).toHaveLength(1);
    const got = Array.from(res.data[0].fields[1].values as Array<number | null>, (x) => x ?? NaN);
    expect(got).toEqual(await everySample());
  });
});
