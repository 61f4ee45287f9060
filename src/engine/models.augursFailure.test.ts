/**
 * When augurs' WebAssembly cannot be loaded (in the browser: the `.wasm` fetch fails), 'auto' still
 * answers, choosing by backtest without MSTL and the combination, and says so on the result; the
 * loader is not tried again for every forecast; 'mstl' fails with the reason.
 */
import { setAugursLoader } from '../ml/forecast/augursLoader';
import { forecastSeries } from './models';

const STEP = 300_000;
// Three days of a daily cycle at 5 minutes: seasonal, so 'auto' would be the combination with augurs.
const t = Float64Array.from({ length: 864 }, (_, i) => i * STEP);
const v = Float64Array.from({ length: 864 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + (i % 7) * 0.1);
const settings = { horizonSteps: 12, step: STEP, season: 'auto' as const, level: 0.95 };

let attempts = 0;
beforeAll(() => {
  setAugursLoader(async () => {
    attempts++;
    throw new Error('mstl_bg.wasm: 404 Not Found');
  });
});

it("answers 'auto' by backtest and says augurs did not load", async () => {
  const first = await forecastSeries({ t, v }, { ...settings, model: 'auto' });
  const second = await forecastSeries({ t, v }, settings);
  for (const r of [first, second]) {
    expect(r.model).not.toBe('combination');
    expect(r.yhat.every(Number.isFinite)).toBe(true);
    expect(r.warnings).toEqual([
      "model auto chose by backtest without MSTL and the combination: could not load augurs' MSTL WebAssembly: mstl_bg.wasm: 404 Not Found",
    ]);
  }
  expect(attempts).toBe(1);
});

it("refuses 'mstl' with the reason", async () => {
  await expect(forecastSeries({ t, v }, { ...settings, model: 'mstl' })).rejects.toThrow(
    "model mstl could not start: could not load augurs' MSTL WebAssembly: mstl_bg.wasm: 404 Not Found"
  );
});

it('gives no warning for a model that does not use augurs', async () => {
  const r = await forecastSeries({ t, v }, { ...settings, model: 'holtwinters' });
  expect(r.warnings).toBeUndefined();
});
