import { createDetector } from '../ml/detect/registry';
import type { DetectorModel } from '../ml/detect/types';
import { mulberry32 } from '../ml/core/prng';
import { scoreThreshold } from './threshold';

describe('scoreThreshold', () => {
  test('parametric models: evidence e = 2 + 6(1 - s) mapped to e / (e + 5)', () => {
    expect(scoreThreshold('mad', 0.5)).toBeCloseTo(5 / 10, 12);
    expect(scoreThreshold('holtwinters', 1)).toBeCloseTo(2 / 7, 12);
    expect(scoreThreshold('gaussian', 0)).toBeCloseTo(8 / 13, 12);
  });

  test('sensitivity is clamped; NaN means the default 0.5', () => {
    expect(scoreThreshold('mad', 7)).toBe(scoreThreshold('mad', 1));
    expect(scoreThreshold('mad', NaN)).toBe(scoreThreshold('mad', 0.5));
  });

  // The "anomalies" output must flag exactly what the single-model detectors flag.
  test.each(['mad', 'gaussian', 'holtwinters', 'iforest'] as DetectorModel[])('%s: score >= threshold iff the detector says isAnomaly', (model) => {
    const rnd = mulberry32(3);
    const n = 600;
    const t = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const v = Float64Array.from({ length: n }, (_, i) => 50 + 5 * Math.sin(i / 10) + rnd() + (i % 97 === 0 ? 30 : 0));
    let flagged = 0;
    for (const s of [0.2, 0.5, 0.9]) {
      const r = createDetector({ model, sensitivity: s, trainWindow: 200, season: 0 }).update(t, v);
      const thr = scoreThreshold(model, s);
      for (let i = 0; i < n; i++) {
        if (Number.isFinite(r.score[i])) {
          expect([i, r.score[i] >= thr]).toEqual([i, r.isAnomaly[i] === 1]);
          flagged += r.isAnomaly[i];
        }
      }
    }
    // Not vacuous: some points are flagged at some sensitivity.
    expect(flagged).toBeGreaterThan(0);
  });
});
