import { type DataQueryRequest, FieldType, toDataFrame } from '@grafana/data';
import { setDataSourceSrv } from '@grafana/runtime';
import { of } from 'rxjs';
import type { PanelSeries } from '../../components/charts/panelSeries';
import type { DetectionOnGrid } from '../../engine/detectRuns';
import { readAtSteps, sampleIntervalOf } from './plainSource';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 10);

function series(): PanelSeries {
  const t = Float64Array.from({ length: 6 }, (_, i) => T0 + i * 10 * MIN);
  return { name: 'cpu', t, v: Float64Array.from(t, () => 1), labels: {}, refId: 'A', derived: {} };
}

const request = {
  targets: [{ refId: 'A', expr: 'cpu', datasource: { uid: 'prom1', type: 'prometheus' } }],
} as unknown as DataQueryRequest;

/** A Prometheus stand-in sampled every `every` ms: `timestamp(cpu)` is the latest sample's time. */
function prometheus(every: number) {
  const exprs: string[] = [];
  const ds = {
    uid: 'prom1',
    name: 'Prometheus',
    query: (req: DataQueryRequest) => {
      const expr = (req.targets[0] as unknown as { expr: string }).expr;
      exprs.push(expr);
      const time: number[] = [];
      for (let t = req.range.from.valueOf(); t <= req.range.to.valueOf(); t += req.intervalMs) {
        time.push(t);
      }
      const values = time.map((t) => (Math.floor(t / every) * every) / 1000);
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
  it("reads the data's interval from timestamp(expr), not finer than a minute", async () => {
    const exprs = prometheus(5 * MIN);
    expect(await sampleIntervalOf(series(), 10 * MIN, T0 + 3_600_000, request)).toEqual({ interval: 5 * MIN });
    expect(exprs).toEqual(['timestamp(cpu)']);
    prometheus(15_000);
    expect(await sampleIntervalOf(series(), 10 * MIN, T0 + 7_200_000, request)).toEqual({ interval: MIN });
  });

  it('says why when the query is not PromQL', async () => {
    prometheus(MIN);
    const other = {
      targets: [{ refId: 'A', datasource: { uid: 'prom1', type: 'influx' } }],
    } as unknown as DataQueryRequest;
    const got = await sampleIntervalOf(series(), 10 * MIN, T0, other);
    expect(got).toEqual({ reason: 'query A cannot be rewritten for influx' });
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
});
