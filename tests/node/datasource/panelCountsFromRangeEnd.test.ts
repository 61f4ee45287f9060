/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The forecast panel's "full in" is counted from the time it is shown at, the range's end (the
 * dashboard's now), as the home page's exhaustion endpoint and an instant query count it from their
 * time: the data source aligns a range down to its step, so the panel's last point lies up to a step
 * before the range's end. Before, the panel counted from that point: on the demo's db-1 at a
 * 30-minute step it read "full in 10.0 d" beside the home page's "9.9 d" (CI, 2026-12-07 14:54 UTC),
 * 24 min 53 s apart.
 */
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import type { PanelSeries } from '../../../src/components/charts/panelSeries';
import { matrixEnv } from '../../../src/engine/context';
import { exhaustionAnswers } from '../../../src/engine/exhaustionAnswer';
import { matrixHistory } from '../../../src/engine/history';
import { planFor } from '../../../src/panels/forecast/engineCalls';
import { DEFAULT_OPTIONS } from '../../../src/panels/forecast/types';
import { forecastsWithHistory } from '../../../src/panels/forecast/useForecasts';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(10 * 60_000);

// Only what the panel's modules import (the real module needs a DOM and Grafana).
jest.mock('@grafana/runtime', () => ({
  getTemplateSrv: () => ({ replace: (s: string) => s }),
  getDataSourceSrv: () => ({ get: async () => undefined }),
  getBackendSrv: () => ({ fetch: jest.fn() }),
}));

// The worker runs its handler table in-process.
jest.mock('../../../src/worker/client', () => {
  const { handle } = jest.requireActual('../../../src/worker/handlers');
  return {
    callWorker: async (method: string, args: unknown[]) => {
      const r = await handle(method, args);
      if (!r.ok) {
        throw Object.assign(new Error(r.error.message), { code: r.error.code });
      }
      return r.result;
    },
  };
});

const DISK = 'node_filesystem_avail_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}';
const STEP = 30 * 60_000;
const DAY = 86_400_000;

/** The panel's series: 7 days of the demo at STEP up to `rangeEnd`, aligned down to the step as data sources do. */
async function panelSeries(rangeEnd: number): Promise<PanelSeries> {
  const demo = new DemoUpstream(() => rangeEnd);
  const end = Math.floor(rangeEnd / STEP) * STEP;
  const params = { query: DISK, start: String((end - 7 * DAY) / 1000), end: String(end / 1000) };
  const r = await demo.call('/api/v1/query_range', new URLSearchParams({ ...params, step: String(STEP / 1000) }));
  const [s] = (r.body.data as { result: Array<{ values: Array<[number, string]> }> }).result;
  return {
    name: 'db-1',
    unit: 'bytes',
    t: Float64Array.from(s.values, ([t]) => t * 1000),
    v: Float64Array.from(s.values, ([, v]) => Number(v)),
  } as PanelSeries;
}

test.each([
  // 24 min 53 s after a grid point (the CI failure's page), and on one.
  { rangeEnd: Date.UTC(2026, 11, 7, 14, 54, 53), after: 24 * 60_000 + 53_000 },
  { rangeEnd: Date.UTC(2026, 11, 7, 14, 30), after: 0 },
])(
  'the panel counts from the range end, as the home page does ($after ms after its last point)',
  async ({ rangeEnd, after }) => {
    const s = await panelSeries(rangeEnd);
    const o = { ...DEFAULT_OPTIONS, horizon: '20d', direction: 'down' as const, train: '7d' };
    const plan = planFor(s, o, 0);
    if ('problem' in plan) {
      throw new Error(plan.problem);
    }
    expect(rangeEnd - plan.point).toBe(after);
    const [r] = await forecastsWithHistory(
      [s],
      o,
      0,
      rangeEnd - 7 * DAY,
      undefined,
      new AbortController().signal,
      rangeEnd
    );
    const panel = r.tte?.ok ? r.tte.value.seconds : NaN;
    // The chart's crossing marker counts from the same time (forecastChart.ts).
    expect(r.tteFrom).toBe(rangeEnd);
    // The home page's door (the exhaustion endpoint's engine call) at the range end, on the same matrix.
    const env = { ...matrixEnv(plan.matrix), history: matrixHistory(plan.matrix) };
    const [home] = await exhaustionAnswers({ ...plan.calls.tte!, inner: DISK }, rangeEnd, env, { trend: false });
    expect(Number.isFinite(panel)).toBe(true);
    expect(panel).toBeCloseTo(home.exhaustion!.seconds, 3);
  }
);
