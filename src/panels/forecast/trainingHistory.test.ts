import { type DataQueryRequest, type DataQueryResponse, FieldType, toDataFrame } from '@grafana/data';
import { setDataSourceSrv, setTemplateSrv } from '@grafana/runtime';
import { Observable, of } from 'rxjs';
import type { PanelSeries } from '../../components/charts/panelSeries';
import { coarseLeadBefore, querySource, withHistoryBefore } from './trainingHistory';

const STEP = 5 * 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);
const value = (t: number) => 100 + (t - T0) / 3_600_000;

/** The last day of a series: what a 24-hour dashboard holds. */
function visible(first: number, refId = 'A'): PanelSeries {
  const t = Float64Array.from({ length: 288 }, (_, i) => first + i * STEP);
  return { name: 'used', t, v: Float64Array.from(t, value), labels: { mountpoint: '/data' }, refId, derived: {} };
}

interface Asked {
  from: number;
  to: number;
  intervalMs: number;
  targets: unknown[];
}

/** A Prometheus stand-in answering any range on the grid of the request's interval, or `fail`. */
function standIn(answer: (req: DataQueryRequest) => Observable<DataQueryResponse> | undefined = () => undefined) {
  const asked: Asked[] = [];
  const ds = {
    uid: 'prom1',
    name: 'Prometheus',
    type: 'prometheus',
    query: (req: DataQueryRequest) => {
      const from = req.range.from.valueOf();
      const to = req.range.to.valueOf();
      asked.push({ from, to, intervalMs: req.intervalMs, targets: req.targets });
      const custom = answer(req);
      if (custom) {
        return custom;
      }
      const time: number[] = [];
      for (let t = from; t <= to; t += req.intervalMs) {
        time.push(t);
      }
      return of({
        data: [
          toDataFrame({
            refId: req.targets[0].refId,
            fields: [
              { name: 'Time', type: FieldType.time, values: time },
              { name: 'Value', type: FieldType.number, values: time.map(value), labels: { mountpoint: '/data' } },
            ],
          }),
        ],
      });
    },
  };
  setDataSourceSrv({ get: async () => ds, getInstanceSettings: () => ds, getList: () => [ds] } as never);
  return asked;
}

const request = (expr: string, datasource: Record<string, string> = { uid: 'prom1', type: 'prometheus' }) =>
  ({ requestId: 'r', targets: [{ refId: 'A', expr, datasource }] }) as unknown as DataQueryRequest;

describe('the history before the range, from the series’ own data source', () => {
  it('asks the same query over the window before the range at the series’ step, and prepends it', async () => {
    const asked = standIn();
    const first = T0 + 6 * DAY;
    const [got] = await withHistoryBefore([visible(first)], first - 6 * DAY, STEP, request('used_a'));
    expect(asked).toEqual([
      {
        from: first - 6 * DAY,
        to: first - STEP,
        intervalMs: STEP,
        targets: [{ refId: 'A', expr: 'used_a', datasource: { uid: 'prom1', type: 'prometheus' } }],
      },
    ]);
    expect(got.fetch).toEqual({ ok: true, from: first - 6 * DAY, points: 6 * 288 });
    expect(got.series.t.length).toBe(7 * 288);
    expect(got.series.t[0]).toBe(first - 6 * DAY);
    expect(got.series.v[0]).toBe(value(first - 6 * DAY));
    // One grid, no gap and no overlap where the fetched history meets the range.
    expect(got.series.t.every((t, i) => i === 0 || t - got.series.t[i - 1] === STEP)).toBe(true);
  });

  it('sends the window as an absolute raw range, so Prometheus’ incremental cache leaves the panel’s own entry alone', async () => {
    // Grafana's Prometheus QueryCache caches a request whose rangeRaw.to is 'now' under the panel's
    // dashboardUID|panelId|refId: a training fetch carrying the dashboard's raw range would replace the
    // panel's cached frames with the window before the range.
    let raw: unknown;
    standIn((req) => {
      raw = req.rangeRaw;
      return undefined;
    });
    const first = T0 + 6 * DAY;
    const dashboard = {
      ...request('used_r'),
      range: { raw: { from: 'now-24h', to: 'now' } },
      rangeRaw: { from: 'now-24h', to: 'now' },
    } as unknown as DataQueryRequest;
    await withHistoryBefore([visible(first)], first - 6 * DAY, STEP, dashboard);
    const r = raw as { from: { valueOf(): number }; to: { valueOf(): number } };
    expect(String(r.to)).not.toBe('now');
    expect([r.from.valueOf(), r.to.valueOf()]).toEqual([first - 6 * DAY, first - STEP]);
  });

  it('reads the series beside the exemplars of a query that shows them, and does not ask for them', async () => {
    let exemplarAsked: unknown;
    standIn((req) => {
      exemplarAsked = (req.targets[0] as { exemplar?: boolean }).exemplar;
      const from = req.range.from.valueOf();
      const to = req.range.to.valueOf();
      const time: number[] = [];
      for (let t = from; t <= to; t += req.intervalMs) {
        time.push(t);
      }
      const series = toDataFrame({
        refId: 'A',
        fields: [
          { name: 'Time', type: FieldType.time, values: time },
          { name: 'Value', type: FieldType.number, values: time.map(value), labels: { mountpoint: '/data' } },
        ],
      });
      // As Grafana's Prometheus data source answers an exemplar: at its own time, off the step's grid.
      const exemplar = toDataFrame({
        refId: 'A',
        name: 'exemplar',
        meta: { dataTopic: 'annotations', custom: { resultType: 'exemplar' } },
        fields: [
          { name: 'Time', type: FieldType.time, values: [from + 1234] },
          { name: 'Value', type: FieldType.number, values: [7] },
          { name: 'traceID', type: FieldType.string, values: ['abc'] },
        ],
      });
      return of({ data: [series, exemplar] });
    });
    const first = T0 + 6 * DAY;
    const target = { refId: 'A', expr: 'used_x', exemplar: true, datasource: { uid: 'prom1', type: 'prometheus' } };
    const req = { requestId: 'r', targets: [target] } as unknown as DataQueryRequest;
    const [got] = await withHistoryBefore([visible(first)], first - 6 * DAY, STEP, req);
    expect(got.fetch).toEqual({ ok: true, from: first - 6 * DAY, points: 6 * 288 });
    expect(exemplarAsked).toBe(false);
  });

  it('on a refresh whose range moved by an hour, fetches only that hour', async () => {
    const asked = standIn();
    const first = T0 + 6 * DAY;
    await withHistoryBefore([visible(first)], first - 6 * DAY, STEP, request('used_b'));
    const later = first + 3_600_000;
    const [got] = await withHistoryBefore([visible(later)], later - 6 * DAY, STEP, request('used_b'));
    expect(asked.slice(1)).toEqual([expect.objectContaining({ from: first, to: later - STEP })]);
    expect(got.series.t[0]).toBe(later - 6 * DAY);
    expect(got.fetch).toEqual({ ok: true, from: later - 6 * DAY, points: 6 * 288 });
  });

  it('a lead-in phase fetched at the series’ own step is cached apart: a refresh fetches only the hour for each', async () => {
    // A refit after a jump off the coarse grid reads a phase of the lead-in fetched at the series' step
    // (Grafana aligns a range's start to its step), from 14 days back, beside the fine reads from 2 days.
    const asked = standIn();
    const round = async (first: number) => {
      const [fine] = await withHistoryBefore([visible(first)], first - 2 * DAY, STEP, request('used_l'));
      const lead = await coarseLeadBefore([fine.series], first - 14 * DAY, first - 2 * DAY, STEP, request('used_l'));
      expect(lead.ok).toBe(true);
    };
    const first = T0 + 14 * DAY;
    await round(first);
    const before = asked.length;
    await round(first + 3_600_000);
    // Before: both shared one cache entry (one span per key), each fetch evicted the other and the
    // refresh fetched 2 days and 12 days again.
    const spans = asked.slice(before).map((a) => a.to - a.from);
    expect(spans.length).toBe(2);
    expect(Math.max(...spans)).toBeLessThan(3_600_000);
  });

  it('a window of more than 100,000 points at its step is cut there, and the fetch says by how much', async () => {
    const asked = standIn();
    const step = 5_000;
    const first = T0 + 14 * DAY;
    const s = { ...visible(first), t: Float64Array.from({ length: 720 }, (_, i) => first + i * step) };
    s.v = Float64Array.from(s.t, value);
    const [got] = await withHistoryBefore([s], first - 14 * DAY, step, request('used_f'));
    expect(Math.min(...asked.map((a) => a.from))).toBe(first - 100_000 * step);
    expect(got.fetch).toEqual({
      ok: true,
      from: first - 100_000 * step,
      points: 100_000,
      cut: "cut to 100,000 points at 5s, the panel's limit (141,920 not fetched)",
    });
  });

  it("a dashboard variable changing its value asks the whole window again, not the other value's history", async () => {
    const asked = standIn();
    let instance = 'db-1';
    setTemplateSrv({ replace: (text: string) => text.replace(/\$instance/g, instance) } as never);
    const first = T0 + 6 * DAY;
    await withHistoryBefore([visible(first)], first - 6 * DAY, STEP, request('used_g{instance="$instance"}'));
    instance = 'db-2';
    await withHistoryBefore([visible(first)], first - 6 * DAY, STEP, request('used_g{instance="$instance"}'));
    expect(asked.map((a) => [a.from, a.to])).toEqual([
      [first - 6 * DAY, first - STEP],
      [first - 6 * DAY, first - STEP],
    ]);
  });

  it("an ad hoc filter changing its value asks the whole window again, not the other value's history", async () => {
    const asked = standIn();
    const first = T0 + 6 * DAY;
    const filtered = (value: string) =>
      ({
        ...request('used_k'),
        filters: [{ key: 'instance', operator: '=', value }],
      }) as unknown as DataQueryRequest;
    await withHistoryBefore([visible(first)], first - 6 * DAY, STEP, filtered('db-1'));
    await withHistoryBefore([visible(first)], first - 6 * DAY, STEP, filtered('db-2'));
    expect(asked.map((a) => [a.from, a.to])).toEqual([
      [first - 6 * DAY, first - STEP],
      [first - 6 * DAY, first - STEP],
    ]);
  });

  it('a query of more than 50 series is refused with the count, and the panel computes on its range', async () => {
    standIn((req) =>
      of({
        data: [
          toDataFrame({
            refId: req.targets[0].refId,
            fields: [
              { name: 'Time', type: FieldType.time, values: [T0] },
              ...Array.from({ length: 51 }, (_, i) => ({
                name: 'Value',
                type: FieldType.number,
                values: [1],
                labels: { pod: `p${i}` },
              })),
            ],
          }),
        ],
      })
    );
    const s = visible(T0 + DAY);
    const [got] = await withHistoryBefore([s], T0, STEP, request('used_h'));
    expect(got).toEqual({
      series: s,
      fetch: {
        ok: false,
        reason: expect.stringMatching(
          /^the query returned 51 series, more than the limit of 50 for the history before the range \(the panel's limit\)/
        ),
      },
    });
  });

  it('when the data source answers an error, keeps the series and says why in one line', async () => {
    standIn(() => of({ data: [], errors: [{ message: 'bad gateway' }] }));
    const s = visible(T0 + 6 * DAY);
    const [got] = await withHistoryBefore([s], T0, STEP, request('used_c'));
    expect(got).toEqual({ series: s, fetch: { ok: false, reason: 'Prometheus: bad gateway' } });
  });

  it('when the data source answers at another step, says so rather than misplacing its samples', async () => {
    standIn(() =>
      of({
        data: [
          toDataFrame({
            fields: [
              { name: 'Time', type: FieldType.time, values: [T0 + 7 * 60_000] },
              { name: 'Value', type: FieldType.number, values: [1] },
            ],
          }),
        ],
      })
    );
    const [got] = await withHistoryBefore([visible(T0 + DAY)], T0, STEP, request('used_d'));
    expect(got.fetch).toEqual({
      ok: false,
      reason: expect.stringMatching(/^Prometheus answered at another step than 5m/),
    });
  });

  it.each([
    [{ uid: '__expr__', type: '__expr__' }, /^query A is an expression/],
    [{ uid: '-- Mixed --' }, /^query A names the Mixed data source/],
    [{ uid: '-- Dashboard --' }, /another panel's results/],
  ])('cannot ask %j again, and says why without a query', async (datasource, reason) => {
    const asked = standIn();
    const [got] = await withHistoryBefore([visible(T0 + DAY)], T0, STEP, request('x', datasource));
    expect(got.fetch).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    expect(asked).toEqual([]);
  });

  it('without a request, names that', () => {
    expect(querySource(visible(T0), undefined)).toEqual({ reason: 'the panel was given no query to ask again' });
  });

  it('a fetch for a range no longer shown is abandoned: the query is unsubscribed, nothing is answered', async () => {
    let subscribed = 0;
    standIn(
      () =>
        new Observable<DataQueryResponse>(() => {
          subscribed++;
          return () => subscribed--;
        })
    );
    const abort = new AbortController();
    const pending = withHistoryBefore([visible(T0 + DAY)], T0, STEP, request('used_e'), abort.signal);
    while (subscribed === 0) {
      await new Promise((r) => setTimeout(r, 0)); // until the query started
    }
    expect(subscribed).toBe(1);
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(subscribed).toBe(0);
  });

  it('a range change between two requests of one fetch sends no further request', async () => {
    // 3 requests of at most 11,000 points: the range changes while the first is answered.
    const abort = new AbortController();
    const asked = standIn(() => {
      abort.abort();
      return undefined;
    });
    const step = 15_000;
    const first = T0 + 14 * DAY;
    const s = { ...visible(first), t: Float64Array.from({ length: 10 }, (_, i) => first + i * step) };
    s.v = Float64Array.from(s.t, value);
    const pending = withHistoryBefore([s], first - 5 * DAY, step, request('used_h'), abort.signal);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(asked).toHaveLength(1);
  });
});
