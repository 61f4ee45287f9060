/**
 * augurs in the browser: the engine worker behind the forecast panel loads augurs' MSTL WebAssembly
 * from the plugin's folder (served from the page's origin and from a second one, as from Grafana's
 * plugin CDN), so on a seasonal series its 'auto' is the combination and gives the same figures as
 * the Node engine (the companion's and the CLI's) for the same series, and 'mstl' works. When the
 * `.wasm` cannot be fetched, 'auto' still answers, by backtest, and the panel says why.
 */
import type { Page } from 'playwright-core';
import type { FitDetail } from '../../src/engine/functions';
import { planFor } from '../../src/panels/forecast/engineCalls';
import { DEFAULT_OPTIONS, type ForecastOptions } from '../../src/panels/forecast/types';
import type { ForecastModel } from '../../src/common/models';
import { handle } from '../../src/worker/handlers';
import { startHarnessServer, type HarnessServer } from '../../harness/server';
import { openHarness, useHarness } from './browser';
import { attributes, expectChart, seasonalSeries } from './panelsFixtures';

const h = useHarness();
let cdnOrigin: HarnessServer;

beforeAll(async () => {
  cdnOrigin = await startHarnessServer(0);
});

afterAll(async () => {
  await cdnOrigin?.close();
});

// Four days of a daily cycle at 5 minutes (two full seasons in the panel's 3-day training window).
const series = seasonalSeries(1152, 11);
const HORIZON = '6h';

/** What the Node engine (as the companion and the CLI run it, with augurs) says for the panel's call. */
async function nodeForecast(model: ForecastModel): Promise<{ model: string; end: number }> {
  const options: ForecastOptions = { ...DEFAULT_OPTIONS, model, horizon: HORIZON };
  const s = { name: 'x', t: Float64Array.from(series.time), v: Float64Array.from(series.value), derived: {} };
  const plan = planFor(s as Parameters<typeof planFor>[0], options, undefined);
  if ('problem' in plan) {
    throw new Error(plan.problem);
  }
  const r = await handle('fitDetails', [plan.forecastMatrix, [plan.calls.forecast], plan.point]);
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  const [[one]] = r.result as Array<Array<{ detail?: Extract<FitDetail, { family: 'forecast' }> }>>;
  const f = one.detail!.forecast;
  // The panel draws the path up to its last point plus the horizon; its last value is this one.
  const i = Array.from(f.t).indexOf(plan.point + plan.horizonMs);
  expect(i).toBeGreaterThan(0);
  return { model: f.model, end: f.yhat[i] };
}

/** Renders the forecast panel from `base` and returns its attributes and notes once drawn. */
async function panelForecast(page: Page, base: string, model: ForecastModel) {
  await page.evaluate(
    async ({ base, series, model, horizon }) => {
      const bw = (window as any).bw;
      const mod = await bw.loadPlugin(`${base}/dist/panels/forecast/module.js`);
      const frames = [bw.makeFrame('x', { time: series.time, x: series.value })];
      bw.renderPanel(mod.plugin, {
        frames,
        width: 900,
        height: 400,
        timeRange: { from: series.time[0], to: series.time[series.time.length - 1] },
        options: { model, horizon },
      });
    },
    { base, series, model, horizon: HORIZON }
  );
  await expectChart(page, 'bw-forecast-panel');
  const attrs = await attributes(page, 'bw-forecast-panel');
  const notes = await page.locator('[data-testid="bw-forecast-note"]').allInnerTexts();
  return { model: attrs.model, end: Number(attrs['forecast-end']), notes };
}

describe.each(['page', 'cdn'] as const)('plugin served from the %s origin', (origin) => {
  it.each(['auto', 'mstl'] as const)("model %s: the worker's answer equals the Node engine's", async (model) => {
    const expected = await nodeForecast(model);
    expect(expected.model).toBe(model === 'auto' ? 'combination' : 'mstl');
    const { page, errors } = await openHarness(h.browser, h.server);
    const base = origin === 'page' ? h.server.url : cdnOrigin.url;
    const got = await panelForecast(page, base, model);
    expect(got.model).toBe(expected.model);
    // The same code and WebAssembly, run by Chromium's and by Node's V8 (different builds): the
    // combination's figure was seen to differ in its 16th digit, so equal to 12 significant digits.
    expect(Math.abs(got.end - expected.end)).toBeLessThanOrEqual(1e-12 * Math.abs(expected.end));
    expect(got.notes).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

it("answers 'auto' by backtest and says so when augurs' .wasm cannot be fetched", async () => {
  const { page } = await openHarness(h.browser, h.server);
  let refused = 0;
  await page.context().route('**/*.wasm', (route) => {
    refused++;
    return route.fulfill({ status: 404, body: 'not here' });
  });
  const got = await panelForecast(page, h.server.url, 'auto');
  expect(refused).toBeGreaterThan(0);
  expect(got.model).not.toBe('combination');
  expect(Number.isFinite(got.end)).toBe(true);
  expect(got.notes).toHaveLength(1);
  expect(got.notes[0]).toMatch(
    /^model auto chose by backtest without MSTL and the combination: could not load augurs' MSTL WebAssembly: /
  );
  await page.close();
});
