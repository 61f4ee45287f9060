/**
 * Both engines give the same numbers: the browser engine (src/datasource/engine/derive.ts, what the
 * worker runs) and the companion's evaluator and function table (companion/src/eval) are fed the
 * same source data and the same plan (the query string the data source would send), and must agree
 * value for value at every grid point of a range query.
 */
import { formatValue } from '../../../src/common/promValue';
import { ByteLru, type Sized } from '../../../companion/src/eval/byteLru';
import type { EvalEnv } from '../../../companion/src/eval/context';
import { evaluateRange } from '../../../companion/src/eval/evaluator';
import { HistoryStore } from '../../../companion/src/eval/historyStore';
import { parseQuery } from '../../../companion/src/query/parser';
import type { DerivedQuery } from '../../../companion/src/query/ast';
import type { Upstream } from '../../../companion/src/upstream/types';
import { mulberry32 } from '../../../src/ml/core/prng';
import { deriveOnGrid, type GridMatrix } from '../../../src/datasource/engine/derive';
import { companionQuery, type DeriveSpec, type DerivedFunc, detectorOptions, historyStart } from '../../../src/datasource/engine/plan';
import { warmupPointsFor } from '../../../src/ml/detect/warmupPoints';

const STEP = 60_000;
// Data spans [T0, T0 + N steps); the checked range is its last RANGE points.
const T0 = Date.UTC(2024, 0, 1);
const N = 2400;
const RANGE = 300;

/** Two series with a daily-ish cycle, noise, a level shift and a spike; one has a gap. */
function makeSeries(): Array<{ labels: Record<string, string>; values: Float64Array }> {
  const rnd = mulberry32(7);
  return ['a', 'b'].map((name, j) => {
    const v = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      v[i] = 100 + 20 * j + 10 * Math.sin((2 * Math.PI * i) / 120) + 2 * (rnd() - 0.5) + (i > N - 200 ? 15 : 0) + 0.01 * i;
    }
    v[N - 100] += 80;
    if (j === 1) {
      v.fill(NaN, 500, 520);
    }
    return { labels: { instance: name }, values: v };
  });
}

/** An upstream that answers query_range for one inner query from the fixed series. */
function memoryUpstream(series: ReturnType<typeof makeSeries>): Upstream {
  return {
    description: 'memory',
    ready: async () => undefined,
    call: async (_path, params) => {
      const start = Number(params.get('start')) * 1000;
      const end = Number(params.get('end')) * 1000;
      const step = Number(params.get('step')) * 1000;
      const result = series.map((s) => {
        const values: Array<[number, string]> = [];
        for (let t = start; t <= end; t += step) {
          const k = Math.round((t - T0) / STEP);
          if (k >= 0 && k < N && Number.isFinite(s.values[k])) {
            values.push([t / 1000, String(s.values[k])]);
          }
        }
        return { metric: { __name__: 'demo', ...s.labels }, values };
      });
      return { status: 200, body: { status: 'success', data: { resultType: 'matrix', result: result.filter((r) => r.values.length) } } };
    },
  };
}

function env(upstream: Upstream): EvalEnv {
  const cache = new ByteLru<Sized>(64 * 1024 * 1024, (v) => v.sizeBytes());
  return {
    history: new HistoryStore(upstream, cache, { maxPointsPerRequest: 11_000, maxSeries: 100, maxKeepPoints: 100_000 }, 0, () => T0 + 10 * N * STEP),
    cache,
    defaults: { step: STEP, train: 7 * 86_400_000, refit: 3_600_000, model: 'mad', sensitivity: 0.9, level: 0.8 },
    maxTrainPoints: 11_000,
    maxForecastSteps: 10_000,
    settleMs: 0,
    now: () => T0 + 10 * N * STEP,
  };
}

/** Companion values per series label → value string per timestamp (seconds). */
async function companionValues(func: DerivedFunc, spec: DeriveSpec, start: number, end: number, series: ReturnType<typeof makeSeries>) {
  const q = parseQuery(companionQuery(func, 'demo', spec)) as DerivedQuery;
  expect(q.kind).toBe('derived');
  const m = await evaluateRange(q, start, end, STEP, env(memoryUpstream(series)));
  const out = new Map<string, Map<number, string>>();
  for (const s of m.result) {
    out.set(s.metric.instance, new Map(s.values.map(([t, v]) => [t * 1000, v])));
  }
  return out;
}

async function expectParity(spec: DeriveSpec, funcs: DerivedFunc[]): Promise<number> {
  const series = makeSeries();
  const end = T0 + (N - 1) * STEP;
  const start = end - (RANGE - 1) * STEP;
  const points = Array.from({ length: RANGE }, (_, i) => start + i * STEP);
  // The browser path gets the history the plan asks for, as the data source fetches it.
  const from = historyStart(spec, start, spec.kind === 'detect' ? warmupPointsFor(detectorOptions(spec), spec.step) : 0);
  expect(from).toBeGreaterThanOrEqual(T0);
  const matrix: GridMatrix = {
    from,
    step: STEP,
    series: series.map((s) => ({ labels: s.labels, values: s.values.slice(Math.round((from - T0) / STEP)) })),
  };
  const browser = deriveOnGrid(matrix, spec, points);
  let compared = 0;
  for (const func of funcs) {
    const companion = await companionValues(func, spec, start, end, series);
    for (const b of browser) {
      const c = companion.get(b.labels.instance) ?? new Map<number, string>();
      const got = b.outputs[func]!;
      points.forEach((g, i) => {
        // The companion omits points without a value; the browser has NaN there.
        const mine = Number.isNaN(got[i]) ? undefined : formatValue(got[i]);
        expect([func, b.labels.instance, g, mine]).toEqual([func, b.labels.instance, g, c.get(g)]);
        compared += mine === undefined ? 0 : 1;
      });
    }
  }
  return compared;
}

const base = { step: STEP, sensitivity: 0.5, season: 'auto' as const, level: 0.95 };

describe('browser and companion engines agree', () => {
  test.each(['mad', 'holtwinters', 'ensemble'])('anomaly score and band, model %s', async (model) => {
    const spec: DeriveSpec = { ...base, kind: 'detect', model, train: 300 * STEP, refit: STEP };
    const compared = await expectParity(spec, ['anomaly_score', 'anomaly_upper', 'anomaly_lower']);
    // Not a vacuous comparison: most points carry a value in both engines.
    expect(compared).toBeGreaterThan(RANGE * 2 * 3 * 0.8);
  });

  // A training window shorter than the detector's warm-up (the ensemble on 60 points judges from
  // point 90): runs start 90 min before blocks of 6 h (Holt-Winters alone: 60 min before blocks of
  // 4 h), and the block boundary at 36 h = minute 2160 of the data (T0 is midnight) lies in the checked
  // range [2100, 2399]. Every point carries a value in both engines: no gap after the boundary.
  test.each(['ensemble', 'holtwinters'])('short training window, model %s: no unjudged points at the block start', async (model) => {
    const spec: DeriveSpec = { ...base, kind: 'detect', model, train: 60 * STEP, refit: STEP };
    expect(await expectParity(spec, ['anomaly_score', 'anomaly_upper', 'anomaly_lower'])).toBe(RANGE * 2 * 3);
  });

  test('forecast with bounds (holtwinters, refit 30m)', async () => {
    const spec: DeriveSpec = { ...base, kind: 'forecast', model: 'holtwinters', train: 600 * STEP, refit: 30 * STEP, horizon: 60 * STEP };
    expect(await expectParity(spec, ['forecast', 'forecast_lower', 'forecast_upper'])).toBeGreaterThan(RANGE * 2 * 3 * 0.8);
  });

  test('trend slope (Sen, refit 1h)', async () => {
    const spec: DeriveSpec = { ...base, kind: 'trend', train: 600 * STEP, refit: 60 * STEP };
    expect(await expectParity(spec, ['trend_slope'])).toBeGreaterThan(RANGE * 2 * 0.8);
  });

  test('time to exhaustion (capacity 1000, up)', async () => {
    const spec: DeriveSpec = { ...base, kind: 'tte', train: 600 * STEP, refit: 60 * STEP, capacity: 1000, direction: 'up' };
    expect(await expectParity(spec, ['time_to_exhaustion'])).toBeGreaterThan(RANGE * 2 * 0.8);
  });
});
