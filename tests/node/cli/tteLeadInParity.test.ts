/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * Time to exhaustion at 15 s over 14 days is one answer through the doors that fetch their own
 * history: the Bellwether data source's browser path and the forecast panel (each asking a Prometheus
 * stand-in for the history before a 1-hour range) print the companion's figures (real HTTP on loopback)
 * for a disk due 23 days out. The engine reads the 14 days every 150 s (src/engine/trainingStep.ts);
 * both doors fetch that lead-in at 150 s, aligned as the engine reads it, and every 15 s sample only
 * where the engine reads them (the jump test's 10,000 before the first fit, and the range). Before,
 * the data source cut the lead-in at 50,000 points at 15 s (it printed +Inf), and the panel fetched
 * 80,640. A refit after a jump at a last point off the 150 s grid reads other samples: the panel
 * fetches them once the engine names them, its phase at 15 s whole within the 100,000 points per series
 * both doors hold before the range (src/engine/leadInBound.ts MAX_HISTORY_POINTS). Cut at 50,000, after
 * a bulk write the samples left out moved the answer: the panel printed +Inf with a count.
 */
import {
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  dateTime,
  FieldType,
  toDataFrame,
} from '@grafana/data';
import { request } from 'node:http';
import { of } from 'rxjs';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import type { PanelSeries } from '../../../src/components/charts/panelSeries';
import { formatValue } from '../../../src/common/promValue';
import { MAX_HISTORY_POINTS, MAX_LEAD_IN_POINTS } from '../../../src/engine/leadInBound';
import { DataSource } from '../../../src/datasource/datasource';
import type { BellwetherOptions, BellwetherQuery } from '../../../src/datasource/types';
import { forecastsWithHistory } from '../../../src/panels/forecast/useForecasts';
import { planFor } from '../../../src/panels/forecast/engineCalls';
import { handlers } from '../../../src/worker/handlers';
import { DEFAULT_OPTIONS } from '../../../src/panels/forecast/types';
import { memoryUpstream } from '../../support/memoryUpstream';

jest.setTimeout(10 * 60_000);

/** Every range request the Prometheus stand-in answered: its step and points (per series). */
const asked: Array<{ step: number; from: number; points: number }> = [];
let answerAt: (t: number) => number = () => NaN;

const prom = {
  uid: 'prom1',
  name: 'Prometheus',
  type: 'prometheus',
  query: (req: DataQueryRequest) => {
    const from = req.range.from.valueOf();
    const to = req.range.to.valueOf();
    const time: number[] = [];
    for (let t = from; t <= to; t += req.intervalMs) {
      if (Number.isFinite(answerAt(t))) {
        time.push(t);
      }
    }
    asked.push({ step: req.intervalMs, from, points: Math.round((to - from) / req.intervalMs) + 1 });
    return of({
      data: [
        toDataFrame({
          refId: req.targets[0].refId,
          fields: [
            { name: 'Time', type: FieldType.time, values: time },
            { name: 'Value', type: FieldType.number, values: time.map(answerAt), labels: { mountpoint: '/data' } },
          ],
        }),
      ],
    });
  },
};

// Only what the data source and the panel's fetch use (the real module needs a DOM).
jest.mock('@grafana/runtime', () => ({
  getTemplateSrv: () => ({ replace: (s: string) => s }),
  getDataSourceSrv: () => ({ get: async () => prom }),
  getBackendSrv: () => ({ fetch: jest.fn() }),
}));

// The worker runs its handler table in-process.
jest.mock('../../../src/worker/client', () => jest.requireActual('../../support/inProcessWorker'));

const STEP = 15_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const DAYS = 15;
/** The last sample, on the hour: the hourly fit is at the point itself. */
const NOW = Date.UTC(2025, 5, 2, 12);
const T0 = NOW - DAYS * DAY;
/** Free space (%) reaches 0 at FILL_DAY, counted from two days before T0: 23 days after NOW. */
const FILL_DAY = 40;
const SHIFT = 2;

const noise = (i: number) => {
  const s = Math.sin(i * 12.9898) * 43758.5453;
  return s - Math.floor(s) - 0.5;
};

/** The eval's weekly+daily family (as tteCoarseParity.test.ts): a falling disk with weekday load. */
const values = Float64Array.from({ length: (DAYS * DAY) / STEP + 1 }, (_, i) => {
  const x = i * STEP + SHIFT * DAY;
  const daily = Math.sin((2 * Math.PI * x) / DAY);
  const weekly = Math.tanh(4 * Math.sin((2 * Math.PI * (x - 0.5 * DAY)) / WEEK));
  return 80 * (1 - x / (FILL_DAY * DAY)) + 4 * daily + 6 * weekly + 0.5 * noise(i);
});
/** The disk's free space at `t` (NaN off its samples); from `at` on, `by` more (a clean-up, a bulk write). */
const diskAt = (t: number, at = Infinity, by = 0) => {
  const k = (t - T0) / STEP;
  return Number.isInteger(k) && k >= 0 && k < values.length ? values[k] + (t >= at ? by : 0) : NaN;
};
answerAt = (t: number) => diskAt(t);

/** A form POST over loopback with node:http (the DOM environment @grafana/data needs has no fetch). */
function post(url: string, form: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      }
    );
    req.on('error', reject);
    req.end(form);
  });
}

const printed = (x: number | null | undefined) => formatValue(x ?? Infinity);
/** Points asked of the stand-in per series, by step, since `since` requests. */
function pointsByStep(since: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of asked.slice(since)) {
    out[`${a.step / 1000}s`] = (out[`${a.step / 1000}s`] ?? 0) + a.points;
  }
  return out;
}

describe('time to exhaustion at 15 s over 14 days, from a 1-hour range', () => {
  let c: Companion;
  let companion: { seconds: string; lower: string; upper: string };

  beforeAll(async () => {
    const upstream = memoryUpstream([{ labels: { __name__: 'disk_free' }, values }], T0, STEP);
    c = await startCompanion(
      fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
      { logger: silentLogger, upstream, now: () => NOW + DAY }
    );
    const body = await post(
      `${c.url}/api/v1/bellwether/exhaustion`,
      new URLSearchParams({
        query: 'time_to_exhaustion(disk_free, 0, "step=15s refit=1h direction=down")',
        time: String(NOW / 1000),
      }).toString()
    );
    expect([body.status, body.error]).toEqual(['success', undefined]);
    const [row] = body.data.result;
    companion = { seconds: printed(row.seconds), lower: printed(row.lower), upper: printed(row.upper) };
  });
  afterAll(() => c?.close());

  test('the data source prints the companion’s time, from 7,079 points at 150 s and 10,240 at 15 s', async () => {
    const since = asked.length;
    const ds = new DataSource({
      uid: 'bw',
      url: '/x',
      jsonData: {},
      name: 'BW',
      type: 'bellwether-ml-datasource',
    } as unknown as DataSourceInstanceSettings<BellwetherOptions>);
    const q: BellwetherQuery = {
      refId: 'A',
      datasourceUid: 'prom1',
      expr: 'disk_free',
      output: 'tte',
      capacity: 0,
      direction: 'down',
      refit: '1h',
      step: '15s',
    };
    const res = await ds.query({
      targets: [q],
      range: { from: dateTime(NOW - HOUR), to: dateTime(NOW), raw: { from: 'now-1h', to: 'now' } },
      intervalMs: STEP,
      interval: '15s',
      scopedVars: {},
      requestId: 'r1',
      app: 'dashboard',
      timezone: 'utc',
      startTime: 0,
    } as unknown as DataQueryRequest<BellwetherQuery>);
    expect(res.errors).toBeUndefined();
    const notices = (res.data[0].meta?.notices ?? []).map((n: { text: string }) => n.text).join('\n');
    expect(notices).not.toMatch(/not fetched|cut to/);
    const seconds = res.data[0].fields[1].values as number[];
    expect(printed(seconds[seconds.length - 1])).toBe(companion.seconds);
    expect(Number(companion.seconds) / 86_400).toBeGreaterThan(23 / 2);
    // Per series: the range and the 10,000 points before its first fit at 15 s, 14 days at 150 s before
    // and time to exhaustion's look-back of 15 samples (src/engine/context.ts lookBack).
    expect(pointsByStep(since)).toEqual({ '150s': 7_079, '15s': 10_240 });
  });

  test('the panel prints the companion’s time and interval, from 6,328 points at 150 s and 17,264 at 15 s', async () => {
    const since = asked.length;
    const n = HOUR / STEP + 1;
    const t = Float64Array.from({ length: n }, (_, i) => NOW - HOUR + i * STEP);
    const series: PanelSeries = {
      name: 'disk_free',
      t,
      v: Float64Array.from(t, answerAt),
      labels: { mountpoint: '/data' },
      refId: 'A',
      derived: {},
    } as PanelSeries;
    const query = {
      requestId: 'p',
      targets: [{ refId: 'A', expr: 'disk_free', datasource: { uid: 'prom1', type: 'prometheus' } }],
    } as unknown as DataQueryRequest;
    const [r] = await forecastsWithHistory(
      [series],
      { ...DEFAULT_OPTIONS, horizon: '30d', direction: 'down' },
      0,
      NOW - HOUR,
      query,
      new AbortController().signal
    );
    expect(r.history).toMatchObject({ ok: true });
    expect(r.tte?.ok).toBe(true);
    const e = r.tte?.ok ? r.tte.value : undefined;
    expect({ seconds: printed(e?.seconds), lower: printed(e?.lower), upper: printed(e?.upper) }).toEqual(companion);
    // Every 15 s sample from the forecast call's start (3 days at its step, ending at the point: the
    // panel's fallback when no time is searched, and the forecast's look-back of 15 samples at 4 min,
    // 1 h: 240 more at 15 s and 24 fewer at 150 s than without it), 14 days at 150 s before it and time
    // to exhaustion's look-back of 15 samples (src/engine/context.ts lookBack): 23,592 where the whole
    // window at 15 s was 80,640. The forecast's grid is the engine's for a 30-day horizon at 15 s, 4 minutes
    // (src/engine/forecastGrid.ts), whose hourly refit falls on the hour; the panel's own rule took
    // 270 s, whose refit interval was 3,510 s (6,330 and 17,094 points then).
    expect(pointsByStep(since)).toEqual({ '150s': 6_328, '15s': 17_264 });
  });

  // The refit's phase is fetched at 15 s whole, within the 100,000 points per series both doors hold
  // before the range (src/engine/leadInBound.ts MAX_HISTORY_POINTS). Before, it was cut at the data
  // source's 50,000-point lead-in bound: after the clean-up the samples left out did not move the
  // answer; after the bulk write they did, and the panel printed +Inf ("not within the horizon") beside
  // a "N points not fetched" note where the companion says 2,328,255 s (26.9 d).
  test.each([
    // Whether the companion's line crosses within the 30-day horizon: after the bulk write, in
    // 2,328,255 s (26.9 d); after the clean-up it does not (+Inf, as the companion says).
    ['a clean-up', 30, false],
    ['a bulk write', -15, true],
  ])(
    'after %s, the refit at a last point off the 150 s grid reads its own samples, fetched then',
    async (_, BY, crosses) => {
      // The last point 15 s before the hour, the clean-up 10 minutes before it: the engine refits at the
      // point itself, whose window reads the samples 135 s past the 150 s grid (fetched at 15 s).
      const end = NOW - STEP;
      const cleanup = end - 600_000;
      answerAt = (t: number) => diskAt(t, cleanup, BY);
      const since = asked.length;
      const n = HOUR / STEP + 1;
      const t = Float64Array.from({ length: n }, (_, i) => end - HOUR + i * STEP);
      const series = {
        name: 'disk_free',
        t,
        v: Float64Array.from(t, answerAt),
        labels: { mountpoint: '/data' },
        refId: 'A',
        derived: {},
      } as PanelSeries;
      const options = { ...DEFAULT_OPTIONS, horizon: '30d', direction: 'down' as const };
      const query = {
        requestId: 'q',
        // One query per case: the stand-in's data differ, and the panel's cache keeps each query's lead-in.
        targets: [{ refId: 'A', expr: `disk_free_${BY}`, datasource: { uid: 'prom1', type: 'prometheus' } }],
      } as unknown as DataQueryRequest;
      const [r] = await forecastsWithHistory([series], options, 0, end - HOUR, query, new AbortController().signal);
      expect(r.history).toMatchObject({ ok: true });
      // The worker's answer on every sample at 15 s (tteCoarseParity.test.ts: the companion's).
      const all = Float64Array.from({ length: (end - T0) / STEP + 1 }, (_, i) => T0 + i * STEP);
      const plan = planFor({ ...series, t: all, v: Float64Array.from(all, answerAt) }, options, 0);
      if ('problem' in plan) {
        throw new Error(plan.problem);
      }
      const [[whole]] = await handlers.fitDetails(plan.matrix, [plan.calls.tte!], plan.point);
      const w = whole.detail?.family === 'tte' ? whole.detail.exhaustion : undefined;
      const e = r.tte?.ok ? r.tte.value : undefined;
      expect(e).toBeDefined();
      const leadPoints = asked
        .slice(since)
        .reduce(
          (k, a) => k + Math.max(0, Math.min(a.points, Math.floor((end - HOUR - STEP - a.from) / a.step) + 1)),
          0
        );
      expect({ seconds: printed(e?.seconds), lower: printed(e?.lower), upper: printed(e?.upper) }).toEqual({
        seconds: printed(w?.seconds),
        lower: printed(w?.lower),
        upper: printed(w?.upper),
      });
      expect((e?.warnings ?? []).filter((x) => /not fetched/.test(x))).toEqual([]);
      expect(Number.isFinite(e?.seconds)).toBe(crosses);
      // The phase at 15 s whole: past the detector lead-in's 50,000, within the history bound.
      expect(leadPoints).toBeGreaterThan(MAX_LEAD_IN_POINTS);
      expect(leadPoints).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
      // The phase of the point was fetched after the first computation named it: at 15 s, back to the
      // 14 days' start, beside the 150 s samples.
      const fineStart = Math.min(
        ...asked
          .slice(since)
          .filter((a) => a.step === STEP)
          .map((a) => a.from)
      );
      expect(fineStart).toBeLessThan(end - 4 * DAY);
      answerAt = (x: number) => diskAt(x);
    }
  );
});
