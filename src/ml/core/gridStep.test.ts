import { fittedStep, gridCoherence } from './gridStep';
import { prepareSeries } from './prepare';
import { Mulberry32 } from './prng';

const STEP = 300_000;
const MINUTE = 60_000;

/** `n` rows STEP apart, each kept with probability `keep`, moved by up to `jitter` step and rounded to `roundTo`. */
function times(n: number, keep: number, jitter: number, roundTo: number, seed: number): Float64Array {
  const rng = new Mulberry32(seed);
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const moved = i * STEP + (2 * rng.next() - 1) * jitter * STEP;
    if (rng.next() < keep) {
      t.push(Math.round(moved / roundTo) * roundTo);
    }
  }
  return Float64Array.from(new Set(t.sort((a, b) => a - b)));
}

const stepOf = (t: Float64Array) => prepareSeries({ t, v: new Float64Array(t.length) });

describe('the step of irregular timestamps (fittedStep, through prepareSeries)', () => {
  it('is the interval of 5-minute rows with a third missing and times to the whole minute, not the median spacing', () => {
    for (const seed of [1, 2, 3]) {
      const t = times(2500, 0.67, 0.3, MINUTE, seed);
      const p = stepOf(t);
      expect(p.irregular).toBe(true);
      // The median spacing is 6 minutes here: more than half the spacings are above 5 minutes.
      const d = Array.from(t.subarray(1), (x, i) => x - t[i]).sort((a, b) => a - b);
      expect(d[d.length >> 1]).toBe(6 * MINUTE);
      expect(p.stepMs).toBe(STEP);
    }
  });

  it('keeps the median of rows each moved by up to 0.45 or 0.9 of the interval (no clear grid: coherence about 0.1)', () => {
    for (const jitter of [0.45, 0.9]) {
      const t = times(4000, 1, jitter, 1, 1);
      const d = Array.from(t.subarray(1), (x, i) => x - t[i]).sort((a, b) => a - b);
      const h = d.length >> 1;
      expect(stepOf(t).stepMs).toBe(d.length % 2 ? d[h] : (d[h - 1] + d[h]) / 2);
      // The grid is there (the fit finds the interval), but too faint to be used.
      expect(gridCoherence(t, STEP)).toBeGreaterThan(0.05);
      expect(gridCoherence(t, STEP)).toBeLessThan(0.25);
    }
  });

  it('keeps the median spacing of a regular series with gaps, and of jittered rows the median already fits', () => {
    const gappy = Float64Array.from({ length: 3000 }, (_, i) => (i + (i > 1000 ? 40 : 0)) * STEP);
    expect(stepOf(gappy).stepMs).toBe(STEP);
    const t = times(4000, 1, 0.3, MINUTE, 4);
    expect(stepOf(t).irregular).toBe(true);
    expect(stepOf(t).stepMs).toBe(STEP);
  });

  it('falls back to the median when the times show no grid (too few rows, or no grid at all)', () => {
    const few = times(200, 1, 0.9, 1, 5);
    const d = Array.from(few.subarray(1), (x, i) => x - few[i]).sort((a, b) => a - b);
    const median = (d[99] + d[100]) / 2;
    expect(fittedStep(few, median)).toBe(median);
    const rng = new Mulberry32(6);
    const random = Float64Array.from({ length: 3000 }, () => Math.round(rng.next() * 3000 * STEP)).sort();
    const dr = Array.from(random.subarray(1), (x, i) => x - random[i]).sort((a, b) => a - b);
    expect(fittedStep(random, dr[1499])).toBe(dr[1499]);
  });

  it('keeps the median rather than search a span of far more spacings than rows (a 100-day outage)', () => {
    const t = times(3000, 0.67, 0.3, MINUTE, 7).map((x, i) => (i >= 1000 ? x + 100 * 86_400_000 : x));
    const p = stepOf(t);
    expect(p.irregular).toBe(true);
    const d = Array.from(t.subarray(1), (x, i) => x - t[i]).sort((a, b) => a - b);
    const h = d.length >> 1;
    expect(p.stepMs).toBe(d.length % 2 ? d[h] : (d[h - 1] + d[h]) / 2);
    expect(p.stepMs).toBe(6 * MINUTE);
  });

  it('never takes a sideband of periodic delays whose grid has fewer points than there are rows', () => {
    // Every row present, delayed by 0.3 of the interval along a cycle of 10-20 rows (plus a little noise):
    // the delays' sidebands outscore the true grid, and a step 5-11 % long dropped 100-200 of the
    // 2,000 rows (the median spacing drops 0-23).
    for (const period of [10, 15, 20]) {
      const t = Float64Array.from({ length: 2000 }, (_, i) =>
        Math.round(i * STEP + 0.3 * STEP * Math.sin((2 * Math.PI * i) / period + 1) + 20_000 * Math.sin(i * 7.77))
      ).sort();
      const p = stepOf(t);
      expect(p.irregular).toBe(true);
      expect((t[t.length - 1] - t[0]) / p.stepMs + 1).toBeGreaterThanOrEqual(t.length - 2);
      expect(Math.abs(p.stepMs / STEP - 1)).toBeLessThan(0.01);
    }
  });

  it('measures coherence as 1 on a grid and near 0 off it', () => {
    const grid = Float64Array.from({ length: 100 }, (_, i) => 7 * i * STEP);
    expect(gridCoherence(grid, STEP)).toBeCloseTo(1, 10);
    expect(gridCoherence(grid, 1.1 * STEP)).toBeLessThan(0.2);
  });
});
