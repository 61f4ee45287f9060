/**
 * The dev-only proxies of the held-out NAB conditions (eval/nab/proxies.ts) on a synthetic file:
 * windows keep exactly the rows that remain of them, the cuts have the documented lengths, and the
 * same file always gives the same proxy (fixed seeds).
 */
import { CorpusFile } from '../../../eval/nab/corpus';
import {
  counts,
  COUNT_BURST_SHAPE,
  gappy,
  hourly,
  irregular,
  shortAroundWindow,
  truncated,
  unlabelledBursts,
} from '../../../eval/nab/proxies';

const T0 = Date.UTC(2014, 3, 1);
const FIVE_MIN = 300_000;

function file(n: number, windows: Array<[number, number]>): CorpusFile {
  return {
    name: 'synthetic/file.csv',
    t: Float64Array.from({ length: n }, (_, i) => T0 + i * FIVE_MIN),
    v: Float64Array.from({ length: n }, (_, i) => i),
    windows,
  };
}

describe('NAB proxies', () => {
  const f = file(4032, [
    [500, 900],
    [3000, 3400],
  ]);

  it('truncated: the first 1,000 to 2,000 rows; windows past the cut are dropped and counted', () => {
    const { file: cut, dropped } = truncated(f);
    expect(cut.t.length).toBeGreaterThanOrEqual(1000);
    expect(cut.t.length).toBeLessThanOrEqual(2000);
    expect(Array.from(cut.t.subarray(0, 3))).toEqual(Array.from(f.t.subarray(0, 3)));
    expect(cut.windows).toEqual([[500, 900]]);
    expect(dropped).toBe(1);
  });

  it('shortAroundWindow: the first window starts 15 to 50 % into the cut', () => {
    const { file: cut } = shortAroundWindow(f);
    const [a, b] = cut.windows[0];
    expect(a / cut.t.length).toBeGreaterThanOrEqual(0.15 - 1e-9);
    expect(a / cut.t.length).toBeLessThanOrEqual(0.5);
    // Same rows as the original window.
    expect(cut.t[a]).toBe(f.t[500]);
    expect(cut.t[b]).toBe(f.t[900]);
  });

  it('gappy: about a tenth of the rows dropped; a window maps to its remaining rows; the same draw every time', () => {
    const { file: g } = gappy(f);
    const kept = g.t.length / f.t.length;
    expect(kept).toBeGreaterThan(0.8);
    expect(kept).toBeLessThan(0.97);
    for (const [w, [a, b]] of g.windows.entries()) {
      const [oa, ob] = f.windows[w];
      // Every kept row inside the original window is inside the mapped one, and no other.
      const inside = Array.from(g.t.keys()).filter((j) => g.t[j] >= f.t[oa] && g.t[j] <= f.t[ob]);
      expect([a, b]).toEqual([inside[0], inside[inside.length - 1]]);
    }
    expect(Array.from(gappy(f).file.t)).toEqual(Array.from(g.t));
  });

  it('hourly: means per clock hour, windows over the hours their rows fall in', () => {
    const { file: h } = hourly(f);
    expect(h.t.length).toBe(f.t.length / 12);
    expect(h.t[1] - h.t[0]).toBe(3_600_000);
    // Rows 0-11 hold 0..11: mean 5.5.
    expect(h.v[0]).toBe(5.5);
    expect(h.windows).toEqual([
      [Math.floor(500 / 12), Math.floor(900 / 12)],
      [250, Math.floor(3400 / 12)],
    ]);
  });

  it('irregular: each row keeps its value and moves by less than 0.9 step, at most one place; windows follow their rows', () => {
    const { file: j, dropped } = irregular(f);
    expect(dropped).toBe(0);
    expect(j.t.length).toBe(f.t.length);
    let moved = 0;
    for (let i = 0; i < j.t.length; i++) {
      // The values are the row numbers: the row now at place i came from row j.v[i].
      const row = j.v[i];
      expect(Math.abs(row - i)).toBeLessThanOrEqual(1);
      expect(Math.abs(j.t[i] - f.t[row])).toBeLessThanOrEqual(0.9 * FIVE_MIN);
      moved += Math.abs(j.t[i] - f.t[row]) > 0.5 * FIVE_MIN ? 1 : 0;
      if (i > 0) {
        expect(j.t[i]).toBeGreaterThanOrEqual(j.t[i - 1]);
      }
    }
    // A uniform offset within 0.9 step moves 4 rows in 9 past half a step.
    expect(moved / j.t.length).toBeGreaterThan(0.4);
    expect(moved / j.t.length).toBeLessThan(0.49);
    for (const [a, b] of j.windows) {
      expect(Math.abs(j.v[a] - 500) <= 1 || Math.abs(j.v[a] - 3000) <= 1).toBe(true);
      expect(Math.abs(j.v[b] - 900) <= 1 || Math.abs(j.v[b] - 3400) <= 1).toBe(true);
    }
    expect(j.windows.length).toBe(2);
    expect(irregular(f)).toEqual({ file: j, dropped });
  });

  it('counts: non-negative whole counts whose rate follows the series; bursts widen the spread; same draw every time', () => {
    for (const shape of [Infinity, COUNT_BURST_SHAPE]) {
      const { file: c, dropped } = counts(f, shape);
      expect(dropped).toBe(0);
      expect(c.t).toBe(f.t);
      expect(c.windows).toBe(f.windows);
      expect(c.v.every((x) => x >= 0 && Number.isInteger(x))).toBe(true);
      // The series is the row number: the rate grows with it, so the last quarter counts more than the first.
      const mean = (a: number, b: number) => c.v.subarray(a, b).reduce((p, q) => p + q, 0) / (b - a);
      expect(mean(3024, 4032)).toBeGreaterThan(4 * mean(0, 1008));
      expect(counts(f, shape).file.v).toEqual(c.v);
    }
    // Poisson: variance about the mean; with bursts (shape 4) about mean + mean^2 / 4. A flat series at rate r:
    const flat: CorpusFile = { ...f, v: new Float64Array(f.t.length).fill(7) };
    const spread = (v: Float64Array) => {
      const m = v.reduce((p, q) => p + q, 0) / v.length;
      return { m, ratio: v.reduce((p, q) => p + (q - m) ** 2, 0) / v.length / m };
    };
    const poisson = spread(counts(flat).file.v);
    const bursts = spread(counts(flat, COUNT_BURST_SHAPE).file.v);
    expect(poisson.m).toBeGreaterThanOrEqual(3);
    expect(poisson.m).toBeLessThanOrEqual(60);
    expect(poisson.ratio).toBeGreaterThan(0.85);
    expect(poisson.ratio).toBeLessThan(1.15);
    expect(bursts.ratio).toBeGreaterThan(1 + bursts.m / 4 - 0.3 * (1 + bursts.m / 4));
  });
});

describe('unlabelledBursts', () => {
  it('adds heavy-tailed bursts of 1 to 6 rows outside the windows only, the same every time', () => {
    const n = 20_000;
    const f: CorpusFile = {
      name: 'synthetic/bursts.csv',
      t: Float64Array.from({ length: n }, (_, i) => i * 300_000),
      v: Float64Array.from({ length: n }, (_, i) => i % 4), // interquartile range 2
      windows: [[5000, 7000]],
    };
    const { file: b, dropped } = unlabelledBursts(f);
    expect(dropped).toBe(0);
    expect(b.windows).toEqual(f.windows);
    expect(Array.from(b.t)).toEqual(Array.from(f.t));
    const added = Array.from(b.v, (x, i) => x - f.v[i]);
    expect(added.every((d) => d >= 0)).toBe(true);
    expect(added.slice(5000, 7001).every((d) => d === 0)).toBe(true);
    // Runs of raised rows: 1 to 6 rows each, heights of at least 2 interquartile ranges, some far higher.
    const runs: Array<{ len: number; h: number }> = [];
    for (let i = 0; i < n; i++) {
      if (added[i] > 0 && (i === 0 || added[i - 1] !== added[i])) {
        let j = i;
        while (j < n && added[j] === added[i]) {
          j++;
        }
        runs.push({ len: j - i, h: added[i] / 2 });
      }
    }
    expect(runs.length).toBeGreaterThan(15);
    expect(runs.length).toBeLessThan(60);
    expect(runs.every((r) => r.len >= 1 && r.len <= 6 && r.h >= 2 && r.h <= 50)).toBe(true);
    expect(Math.max(...runs.map((r) => r.h))).toBeGreaterThan(6);
    expect(Array.from(unlabelledBursts(f).file.v)).toEqual(Array.from(b.v));
  });
});
