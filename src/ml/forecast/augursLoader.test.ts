import { forecast, initForecasting } from './index';
import { loadAugursMstl, setAugursLoader } from './augursLoader';
import { INTERVAL_SCALES } from './calibration';

describe('augurs loader supplied by the host', () => {
  it('says what failed when the loader cannot load the module', async () => {
    setAugursLoader(async () => {
      throw new Error('mstl_bg.wasm not found');
    });
    await expect(loadAugursMstl()).rejects.toThrow("could not load augurs' MSTL WebAssembly: mstl_bg.wasm not found");
  });

  it("uses the host's module for model 'mstl'", async () => {
    const periods: number[][] = [];
    setAugursLoader(async () => ({
      MSTL: {
        ets: (p) => {
          periods.push(Array.from(p));
          return {
            fit: () => undefined,
            predict: () => ({ point: [7, 8], intervals: { level: 0.95, lower: [6, 7], upper: [9, 10] } }),
            free: () => undefined,
          };
        },
      },
    }));
    await initForecasting();
    const t = Float64Array.from({ length: 24 }, (_, i) => i * 60_000);
    const v = Float64Array.from({ length: 24 }, (_, i) => i % 4);
    const f = forecast({ t, v }, { model: 'mstl', horizon: 2, season: 4 });
    expect(periods).toEqual([[4]]);
    expect(f.model).toBe('mstl');
    expect(Array.from(f.yhat)).toEqual([7, 8]);
    // augurs' interval (6..9, 7..10), widened around the forecast by the calibrated factor.
    const c = INTERVAL_SCALES.mstl;
    expect(f.lower[0]).toBeCloseTo(7 - c, 12);
    expect(f.lower[1]).toBeCloseTo(8 - c, 12);
    expect(f.upper[0]).toBeCloseTo(7 + 2 * c, 12);
    expect(f.upper[1]).toBeCloseTo(8 + 2 * c, 12);
  });
});
