import { type DataQueryRequest, FieldType, toDataFrame } from '@grafana/data';
import { setDataSourceSrv } from '@grafana/runtime';
import { of } from 'rxjs';
import type { PanelSeries } from '../../components/charts/panelSeries';
import type { DetectionOnGrid } from '../../engine/detectRuns';
import { panelScoringStep, readAtSteps, sampleIntervalOf } from './plainSource';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 10);

function series(): PanelSeries {
  const t = Float64Array.from({ length: 6 }, (_, i) => T0 + i * 10 * MIN);
  return { name: 'cpu', t, v: Float64Array.from(t, () => 1), labels: {}, refId: 'A', derived: {} };
}

const request = (expr: string) =>
  ({
    targets: [{ refId: 'A', expr, datasource: { uid: 'prom1', type: 'prometheus' } }],
  }) as unknown as DataQueryRequest;

/**
 * A Prometheus stand-in whose series `cpu` is sampled every `every` ms, answering as Prometheus does:
 * an instant query of `cpu[w]` with the raw samples in (at - w, at]; a range query of
 * `timestamp(cpu)` with the latest sample's time, and of `timestamp(<any other expression>)` with
 * the evaluation time (Prometheus keeps the sample's time only for a bare selector).
 */
function prometheus(every: number, failing = 0) {
  const exprs: string[] = [];
  const ds = {
    uid: 'prom1',
    name: 'Prometheus',
    type: 'prometheus',
    query: (req: DataQueryRequest) => {
      const target = req.targets[0] as unknown as { expr: string; instant?: boolean };
      const expr = target.expr;
      exprs.push(expr);
      const time: number[] = [];
      let values: number[];
      if (target.instant && failing > 0) {
        failing--;
        return of({ data: [], error: { message: 'Service Unavailable', status: 503 } });
      }
      if (target.instant) {
        const w = /^cpu\[(\d+)([mh])\]$/.exec(expr)!;
        const ms = Number(w[1]) * (w[2] === 'h' ? 60 : 1) * MIN;
        const at = req.range.to.valueOf();
        for (let t = Math.floor((at - ms) / every) * every + every; t <= at; t += every) {
          time.push(t);
        }
        values = time.map(() => 1);
      } else {
        for (let t = req.range.from.valueOf(); t <= req.range.to.valueOf(); t += req.intervalMs) {
          time.push(t);
        }
        values = time.map((t) => (expr === 'timestamp(cpu)' ? Math.floor(t / every) * every : t) / 1000);
      }
      return of({
        data: [
          toDataFrame({
            refId: 'A',
            fields: [
              { name: 'Time', type: FieldType.time, values: time },
              { name: 'Value', type: FieldType.number, values },
            ],
          }),
        ],
      });
    },
  };
  setDataSourceSrv({ get: async () => ds, getInstanceSettings: () => ds, getList: () => [ds] } as never);
  return exprs;
}

describe('sampleIntervalOf', () => {
  it("reads the data's interval from the raw samples of the query's selectors, not finer than a minute", async () => {
    const exprs = prometheus(5 * MIN);
    expect(await sampleIntervalOf(series(), 10 * MIN, T0 + 3_600_000, request('cpu'))).toEqual({ interval: 5 * MIN });
    expect(exprs).toEqual(['cpu[1h]']);
    prometheus(15_000);
    expect(await sampleIntervalOf(series(), 10 * MIN, T0 + 7_200_000, request('cpu'))).toEqual({ interval: MIN });
  });

  it('reads rate(x[5m]) on 5-minute data as sampled every 5 minutes, as the companion does', async () => {
    // timestamp(rate(cpu[5m])) is the evaluation time, a minute apart: it read as 1 m.
    const exprs = prometheus(5 * MIN);
    const got = await sampleIntervalOf(series(), 10 * MIN, T0 + 10_800_000, request('sum(rate(cpu[5m]))'));
    expect(got).toEqual({ interval: 5 * MIN });
    expect(exprs).toEqual(['cpu[1h]']);
  });

  it('reads the interval once an hour for every series and refresh of a query', async () => {
    const exprs = prometheus(2 * MIN);
    const ask = () => sampleIntervalOf(series(), 10 * MIN, T0 + 14_400_000, request('max(cpu)'));
    expect(await ask()).toEqual({ interval: 2 * MIN });
    expect(await ask()).toEqual({ interval: 2 * MIN });
    expect(exprs).toEqual(['cpu[1h]']);
  });

  it('scores at the default resolution and says so when Prometheus fails, and asks again on the next refresh', async () => {
    const exprs = prometheus(5 * MIN, 1);
    const ask = () => sampleIntervalOf(series(), 10 * MIN, T0 + 21_600_000, request('avg(cpu)'));
    const failed = await ask();
    // Before, the failure was kept for the hour: every refresh scored at 1 m.
    expect(await ask()).toEqual({ interval: 5 * MIN });
    expect(exprs).toEqual(['cpu[1h]', 'cpu[1h]']);
    expect(failed).toEqual({
      interval: MIN,
      note: 'scored at the default resolution 1m: the sample interval of avg(cpu) could not be told (Prometheus answered cpu[1h] with: Service Unavailable (HTTP 503); asked again on the next query)',
    });
  });

  it('scores at the default resolution and says why when the selectors cannot be read, as the companion', async () => {
    const exprs = prometheus(5 * MIN);
    const six = 'cpu + a + b + c + d + e';
    const got = await sampleIntervalOf(series(), 10 * MIN, T0 + 18_000_000, request(six));
    expect(got).toEqual({
      interval: MIN,
      note: `scored at the default resolution 1m: the sample interval of ${six} could not be told (it reads 6 selectors, more than 5)`,
    });
    expect(exprs).toEqual([]);
  });

  it('says why when the query is not PromQL', async () => {
    prometheus(MIN);
    const other = {
      targets: [{ refId: 'A', datasource: { uid: 'prom1', type: 'influx' } }],
    } as unknown as DataQueryRequest;
    const got = await sampleIntervalOf(series(), 10 * MIN, T0, other);
    expect(got).toEqual({ reason: 'query A is not PromQL on a Prometheus data source (influx)' });
  });
});

describe('readAtSteps', () => {
  it("reports the highest fine score in (t - step, t], the band at the last fine point, the frame's rows", () => {
    // Fine points every minute from T0 - 9 min; rows every 10 min from T0.
    const fineFrom = T0 - 9 * MIN;
    const n = 60;
    const score = Float64Array.from({ length: n }, (_, i) => (i === 13 ? 0.95 : 0.1));
    const upper = Float64Array.from({ length: n }, (_, i) => i);
    const isAnomaly = Float64Array.from(score, (x) => (x > 0.76 ? 1 : 0));
    const d = {
      labels: {},
      outputs: {
        score,
        upper,
        lower: upper,
        expected: upper,
        isAnomaly,
        fired: Float64Array.from(score, (x) => (x > 0.76 ? 3 : 0)),
        kind: Float64Array.from(score, (x) => (x > 0.76 ? 2 : 0)),
      },
      members: ['a', 'b'],
    } as DetectionOnGrid;
    const r = readAtSteps(series().t, 10 * MIN, MIN, fineFrom, d);
    // Row 1 (T0 + 10 min) holds fine points 10..19, among them the spike at 13 (T0 + 4 min).
    expect(Array.from(r.score)).toEqual([0.1, 0.95, 0.1, 0.1, 0.1, 0.1]);
    expect(Array.from(r.upper)).toEqual([9, 19, 29, 39, 49, 59]);
    expect(Array.from(r.isAnomaly)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(Array.from(r.kind!)).toEqual([0, 2, 0, 0, 0, 0]);
    expect(Array.from(r.fired!)).toEqual([0, 3, 0, 0, 0, 0]);
  });

  it("carries the time and value of the fine point each row's score comes from", () => {
    // The demo's latency at a 2-minute step: the step after a spike holds the spike's 2.4 s minute,
    // its sample at the step's end is a normal 0.336 s; the dot was drawn there, a false flag to the eye.
    const fineFrom = T0 - MIN;
    const score = Float64Array.from([0.1, 0.1, 0.95, 0.1, 0.1, 0.1]);
    const v = Float64Array.from([0.3, 0.31, 2.4, 0.336, 0.32, 0.3]);
    const d = {
      labels: {},
      outputs: {
        score,
        upper: new Float64Array(6).fill(0.5),
        lower: new Float64Array(6),
        expected: new Float64Array(6).fill(0.3),
        isAnomaly: Float64Array.from(score, (x) => (x > 0.76 ? 1 : 0)),
        kind: new Float64Array(6),
      },
    } as DetectionOnGrid;
    const t = Float64Array.from([T0, T0 + 2 * MIN, T0 + 4 * MIN]);
    const r = readAtSteps(t, 2 * MIN, MIN, fineFrom, d, { from: fineFrom, v });
    expect(Array.from(r.isAnomaly)).toEqual([0, 1, 0]);
    // Row 1 (T0 + 2 min) holds T0 + 1 min (2.4 s, 0.95) and its own sample, T0 + 2 min (0.336 s).
    expect(r.peak!.t[1]).toBe(T0 + MIN);
    expect(r.peak!.v[1]).toBe(2.4);
    // Without the fine samples, or on a grid coarser than the rows, no peak.
    expect(readAtSteps(t, 2 * MIN, MIN, fineFrom, d).peak).toBeUndefined();
  });

  it('gives each row of a step finer than the scoring grid the coarse point at or before it', () => {
    // Rows every 15 s from T0 - 30 s; the 1-minute points from T0 - 1 min. Before, four rows read a
    // minute (k rounded to 0) and every score was NaN.
    const t = Float64Array.from({ length: 8 }, (_, i) => T0 - 30_000 + i * 15_000);
    const score = Float64Array.from([0.1, 0.95, 0.2]);
    const upper = Float64Array.from([10, 11, 12]);
    const d = {
      labels: {},
      outputs: {
        score,
        upper,
        lower: upper,
        expected: upper,
        isAnomaly: Float64Array.from([0, 1, 0]),
        fired: Float64Array.from([0, 3, 0]),
        kind: Float64Array.from([0, 2, 0]),
      },
    } as DetectionOnGrid;
    const r = readAtSteps(t, 15_000, MIN, T0 - MIN, d);
    expect(Array.from(r.score)).toEqual([0.1, 0.1, 0.95, 0.95, 0.95, 0.95, 0.2, 0.2]);
    expect(Array.from(r.upper)).toEqual([10, 10, 11, 11, 11, 11, 12, 12]);
    expect(Array.from(r.isAnomaly)).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
    expect(Array.from(r.kind!)).toEqual([0, 0, 2, 2, 2, 2, 0, 0]);
  });
});

describe('panelScoringStep', () => {
  it("scores at the data's interval, not finer than a minute, within 50,000 points", () => {
    expect(panelScoringStep(10 * MIN, 15_000, 1008)).toEqual({ fine: MIN, resolution: MIN });
    expect(panelScoringStep(10 * MIN, 5 * MIN, 1008)).toEqual({ fine: 5 * MIN, resolution: 5 * MIN });
    // 30 days at 10 minutes on one-minute data: all 43,210 minutes, as the companion (was every 5 minutes).
    expect(panelScoringStep(10 * MIN, MIN, 4321)).toEqual({ fine: MIN, resolution: MIN });
  });

  it('scores a step finer than the resolution on the coarser grid, as the companion (15 s over 1-minute data at 1 m)', () => {
    expect(panelScoringStep(15_000, MIN, 241)).toEqual({ fine: MIN, resolution: MIN });
    expect(panelScoringStep(15_000, 15_000, 241)).toEqual({ fine: MIN, resolution: MIN });
    expect(panelScoringStep(30_000, 5 * MIN, 241)).toEqual({ fine: 5 * MIN, resolution: 5 * MIN });
  });

  it('says when the 50,000-point limit, not the data, set the step, as the companion does', () => {
    // 90 days at 1 h on one-minute data: every 3 minutes.
    expect(panelScoringStep(60 * MIN, MIN, 2160).limited).toBe(
      'scored at 3m, not 1m: 129,600 points at 1m over the range pass the 50,000-point limit; shorten the range for the finer resolution'
    );
    // 35 days at 2 minutes: no finer step fits, the frame's step is scored and said to be.
    expect(panelScoringStep(2 * MIN, MIN, 25_201)).toEqual({
      fine: 2 * MIN,
      resolution: MIN,
      limited:
        'scored at 2m, not 1m: 50,402 points at 1m over the range pass the 50,000-point limit; shorten the range for the finer resolution',
    });
  });
});
