/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The forecast panel on a long horizon at a fine step, its last point off the coarser grid. 10 days
 * ahead at 1 minute is fitted on the 2-minute grid (src/engine/forecastGrid.ts); the panel coarsened
 * its matrix ending at the series' last point, so a last point at an odd minute put the matrix on odd
 * minutes while the engine's hourly fit reads even ones: the panel showed "matrix history holds step
 * 120s, asked for 120s from …" where the data source and the companion answered. Now the panel's
 * coarse matrix ends at the last multiple of its step, and its path gives the data source's browser
 * path's value (which equals the companion's: tests/node/companion/longHorizonForecast.test.ts).
 */
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import type { PanelSeries } from '../../../src/components/charts/panelSeries';
import { evaluateMatrix } from '../../../src/engine/evaluate';
import type { FitDetail } from '../../../src/engine/functions';
import { pathValueAt } from '../../../src/engine/forecastGrid';
import { planFor } from '../../../src/panels/forecast/engineCalls';
import { DEFAULT_OPTIONS } from '../../../src/panels/forecast/types';
import { forecastsWithHistory } from '../../../src/panels/forecast/useForecasts';
import { handlers } from '../../../src/worker/handlers';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(10 * 60_000);

// Only what the panel's modules import (the real module needs a DOM and Grafana).
jest.mock('@grafana/runtime', () => ({
  getTemplateSrv: () => ({ replace: (s: string) => s }),
  getDataSourceSrv: () => ({ get: async () => undefined }),
  getBackendSrv: () => ({ fetch: jest.fn() }),
}));

// The worker runs its handler table in-process.
jest.mock('../../../src/worker/client', () => jest.requireActual('../../support/inProcessWorker'));

const DB1 = 'node_filesystem_avail_bytes{instance="db-1:9100"}';
/** 2026-12-05 00:00 UTC (s): the demo's db-1 two days after its clean-up. */
const HOUR0 = 1796428800;
const DAY_S = 86_400;

/** db-1 every minute for the 4 days up to `end` (s), as the panel holds it. */
async function db1(end: number): Promise<PanelSeries> {
  const demo = new DemoUpstream(() => (end + 8 * 3600) * 1000);
  const r = await demo.call(
    '/api/v1/query_range',
    new URLSearchParams({ query: DB1, start: String(end - 4 * DAY_S + 60), end: String(end), step: '60' })
  );
  const rows = (r.body.data as { result: Array<{ values: Array<[number, string]> }> }).result[0].values;
  return {
    name: 'db-1',
    t: Float64Array.from(rows, ([t]) => t * 1000),
    v: Float64Array.from(rows, ([, v]) => Number(v)),
    labels: { __name__: 'node_filesystem_avail_bytes' },
    derived: {},
  } as PanelSeries;
}

test.each([60, 31 * 60])(
  '10 days ahead at 1 minute, the last point %i s past the hour: the data source’s value at the horizon',
  async (offset) => {
    const point = HOUR0 + offset;
    const series = await db1(point);
    const options = { ...DEFAULT_OPTIONS, horizon: '10d', direction: 'down' as const };
    const plan = planFor(series, options, undefined);
    if ('problem' in plan) {
      throw new Error(plan.problem);
    }
    expect(plan.forecastStep).toBe(120_000);
    const [r] = await forecastsWithHistory(
      [series],
      options,
      undefined,
      undefined,
      undefined,
      new AbortController().signal
    );
    expect(r.forecast).toMatchObject({ ok: true });
    const f = r.forecast.ok ? r.forecast.value : undefined;
    // The path's last step at or before the horizon, a minute short of it (the 2-minute grid).
    expect(f!.t[f!.t.length - 1]).toBe(point * 1000 + 10 * DAY_S * 1000 - 60_000);
    // The data source's browser path: the same call at the series' own step, on its whole matrix.
    const call = {
      ...plan.calls.forecast,
      options: { ...plan.calls.forecast.options, step: 60_000, refit: 3_600_000 },
    };
    const matrix = { from: series.t[0], step: 60_000, series: [{ labels: {}, values: series.v }] };
    const [ds] = await evaluateMatrix(matrix, [call], [point * 1000]);
    expect(ds.warnings.some((w) => w.startsWith('forecast fitted on a 2m grid (one sample in 2), not step 1m'))).toBe(
      true
    );
    // The panel's fit (the worker's fitDetails, as useForecasts asks it), read at the horizon as the
    // engine reads its coarse path: the same number.
    const [[d]] = await handlers.fitDetails(plan.forecastMatrix, [plan.calls.forecast], plan.forecastPoint);
    const path = (d.detail as Extract<FitDetail, { family: 'forecast' }>).forecast;
    expect(pathValueAt(path.t, path.yhat, (point + 10 * DAY_S) * 1000)).toBe(ds.series[0].values[0]);
  }
);
