import { MlError } from '../types';
import { checkBounds, clampToBounds } from './bounds';
import { forecast } from './index';

describe('bounds', () => {
  it('clamps every array into [min, max]', () => {
    const a = Float64Array.of(-2, 0.5, 3);
    const b = Float64Array.of(-1, 2);
    clampToBounds([a, b], { min: 0, max: 1 });
    expect([...a]).toEqual([0, 0.5, 1]);
    expect([...b]).toEqual([0, 1]);
    const c = Float64Array.of(-5, 5);
    clampToBounds([c], { max: 2 });
    expect([...c]).toEqual([-5, 2]);
    clampToBounds([c], undefined);
    expect([...c]).toEqual([-5, 2]);
  });

  it('a falling line stops at the floor: 10 - i continued from 3 is 2, 1, 0, 0, 0', () => {
    const t = Float64Array.from({ length: 8 }, (_, i) => i * 1000);
    const v = Float64Array.from({ length: 8 }, (_, i) => 10 - i);
    const f = forecast({ t, v }, { model: 'linear', horizon: 5, bounds: { min: 0 } });
    expect([...f.yhat].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([2, 1, 0, 0, 0]);
    expect(Math.min(...f.lower)).toBeGreaterThanOrEqual(0);
    const free = forecast({ t, v }, { model: 'linear', horizon: 5 });
    expect(free.yhat[4]).toBeCloseTo(-2, 9);
  });

  it('rejects non-finite bounds and min >= max with bad_input', () => {
    for (const b of [{ min: NaN }, { max: Infinity }, { min: 1, max: 1 }, { min: 2, max: 1 }]) {
      expect(() => checkBounds(b)).toThrow(MlError);
    }
    expect(() => checkBounds({ min: 0, max: 1 })).not.toThrow();
    const t = Float64Array.of(0, 1000, 2000);
    expect(() => forecast({ t, v: Float64Array.of(1, 2, 3) }, { horizon: 2, bounds: { min: 3, max: 0 } })).toThrow(
      /bounds.min must be below bounds.max/
    );
  });
});
