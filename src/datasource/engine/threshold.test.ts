import { scoreThreshold } from './threshold';

describe('scoreThreshold', () => {
  test('parametric models: 1 - 10^-(2 + 6(1 - s))', () => {
    expect(scoreThreshold('mad', 1)).toBeCloseTo(0.99, 12);
    expect(scoreThreshold('holtwinters', 0.5)).toBeCloseTo(1 - 1e-5, 12);
    expect(scoreThreshold('gaussian', 0)).toBeCloseTo(1 - 1e-8, 12);
  });
  test('ensemble 0.9 - 0.4 s and isolation forest 0.8 - 0.25 s', () => {
    expect(scoreThreshold(undefined, 0.5)).toBeCloseTo(0.7, 12);
    expect(scoreThreshold('iforest', 1)).toBeCloseTo(0.55, 12);
  });
  test('sensitivity is clamped; NaN means the default 0.5', () => {
    expect(scoreThreshold('ensemble', 7)).toBeCloseTo(0.5, 12);
    expect(scoreThreshold('ensemble', NaN)).toBeCloseTo(0.7, 12);
  });
});
