/**
 * The forecast panel without a capacity draws its forecast call beside `trend_slope`'s figure. On the
 * demo's api-1 memory at 15 minutes the drawn line's end point sat 125 against 145 MB/day: the 7-minute
 * GC sawtooth aliases to a 7-step (105-minute) cycle that Holt-Winters forecasts, so the line one day
 * out lies on that cycle. Its rise over whole cycles is the trend's. A guard (it passed before too): the
 * drawn forecast's drift over whole cycles lies within the 95 % interval of the Sen's slope printed beside it.
 */
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import type { PanelSeries } from '../../../src/components/charts/panelSeries';
import type { FitDetail } from '../../../src/engine/functions';
import type { FunctionCall } from '../../../src/engine/query';
import { forecastDrift } from '../../../src/ml/forecast/trendTest';
import { fromPoint, planFor } from '../../../src/panels/forecast/engineCalls';
import { DEFAULT_OPTIONS } from '../../../src/panels/forecast/types';
import { handle } from '../../../src/worker/handlers';

jest.setTimeout(10 * 60_000);

async function detail(matrix: unknown, call: FunctionCall, point: number): Promise<FitDetail | undefined> {
  const r = await handle('fitDetails', [matrix, [call], point]);
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  return (r.result as Array<Array<{ detail?: FitDetail }>>)[0][0]?.detail;
}

test.each([0, 5_000, 20_000])(
  'demo api-1 memory, %i s before the hour: the drawn line rises at the printed trend',
  async (back) => {
    const NOW = Date.UTC(2025, 5, 2, 12) - back * 1000;
    const demo = new DemoUpstream(() => NOW);
    const end = Math.floor(NOW / 60_000) * 60_000;
    const params = { query: 'process_resident_memory_bytes{instance="api-1:8080"}', step: '900' };
    const r = await demo.call(
      '/api/v1/query_range',
      new URLSearchParams({ ...params, start: String((end - 3 * 86_400_000) / 1000), end: String(end / 1000) })
    );
    const [s] = (r.body.data as { result: Array<{ values: Array<[number, string]> }> }).result;
    const series = {
      name: 'rss',
      unit: 'decbytes',
      t: Float64Array.from(s.values, ([t]) => t * 1000),
      v: Float64Array.from(s.values, ([, v]) => Number(v)),
    } as PanelSeries;
    // The preview's memory panel: a day's horizon, the trend shown, trained on a day.
    const plan = planFor(series, { ...DEFAULT_OPTIONS, horizon: '1d', showTrend: true, train: '1d' }, undefined);
    if ('problem' in plan) {
      throw new Error(plan.problem);
    }
    const f = await detail(plan.forecastMatrix, plan.calls.forecast, plan.point);
    const t = await detail(plan.matrix, plan.calls.trend!, plan.point);
    const drawn = fromPoint((f as Extract<FitDetail, { family: 'forecast' }>).forecast, plan.point, plan.horizonMs, 0);
    const trend = (t as Extract<FitDetail, { family: 'trend' }>).trend;
    // Over whole 7-step cycles the aliased sawtooth cancels.
    const drift = forecastDrift(drawn.yhat, plan.forecastStep, 7);
    expect(trend.pValue).toBeLessThan(0.001);
    expect(drift).toBeGreaterThanOrEqual(trend.slopeLowerPerSecond);
    expect(drift).toBeLessThanOrEqual(trend.slopeUpperPerSecond);
  }
);
