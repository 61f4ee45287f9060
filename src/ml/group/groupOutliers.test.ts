import { crossSection, trailingMean } from './crossSection';
import { groupOutliers, outlierMultiplier } from './groupOutliers';
import { rankMovedTogether } from './movedTogether';
import { mulberry32 } from '../core/prng';

describe('crossSection and trailingMean (worked by hand)', () => {
  it('median across members per index, ignoring missing values', () => {
    const cs = crossSection(
      [
        [1, NaN],
        [2, 5],
        [9, 7],
      ],
      2
    );
    expect(Array.from(cs.center)).toEqual([2, 6]);
    // MAD of [1, 2, 9] about 2 is median(1, 0, 7) = 1, scaled to a standard deviation of a member's distance.
    expect(cs.mad[0]).toBeCloseTo(1.482602218505602 * (3 / 2.2) * Math.sqrt(1 + Math.PI / 6), 12);
  });

  it('trailing mean needs half its window', () => {
    expect(Array.from(trailingMean([1, 2, 3, 4], 2))).toEqual([1, 1.5, 2.5, 3.5]);
    expect(Array.from(trailingMean([NaN, NaN, 3, NaN], 3))).toEqual([NaN, NaN, NaN, NaN]);
  });
});

/** Six members with a shared daily cycle and noise; member 4 drifts from index `from`. */
function group(n: number, from: number, seed = 1): Float64Array[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: 6 }, (_, m) =>
    Float64Array.from({ length: n }, (_, i) => {
      const v = 10 + 3 * Math.sin((2 * Math.PI * i) / 1440) + (rnd() - 0.5);
      return m === 4 && i >= from ? v + 0.05 * (i - from) : v;
    })
  );
}

describe.each(['mad', 'dbscan'] as const)('groupOutliers (%s)', (algorithm) => {
  const o = { algorithm, sensitivity: 0.5, window: 5, scaleWindow: 60 };

  it('flags the drifting member after its drift, and no other member', () => {
    const r = groupOutliers(group(600, 300), o);
    r.score.forEach((s, m) => {
      const flagged = Array.from(s).flatMap((x, i) => (x >= 0.5 ? [i] : []));
      if (m === 4) {
        expect(Math.min(...flagged)).toBeGreaterThan(300);
        expect(flagged).toContain(599);
      } else {
        expect([m, flagged]).toEqual([m, []]);
      }
    });
  });

  it('is causal: values up to i do not change when later data is cut off', () => {
    const full = groupOutliers(group(600, 300), o);
    const cut = groupOutliers(
      group(600, 300).map((m) => m.slice(0, 420)),
      o
    );
    for (let m = 0; m < 6; m++) {
      expect(Array.from(cut.score[m])).toEqual(Array.from(full.score[m].slice(0, 420)));
    }
  });

  it('gives no score until the group has a spread to measure against', () => {
    const r = groupOutliers(group(100, 1000), o);
    expect(r.score[0][10]).toBeNaN();
    expect(Number.isFinite(r.score[0][99])).toBe(true);
  });
});

it('sensitivity widens and narrows the distance multiplier', () => {
  expect(outlierMultiplier('mad', 0)).toBe(10);
  expect(outlierMultiplier('mad', 0.5)).toBe(5);
  expect(outlierMultiplier('mad', 1)).toBe(2.5);
  expect(outlierMultiplier('dbscan', 0.5)).toBe(3.75);
});

describe('rankMovedTogether', () => {
  it('ranks the series that moved first and most like the target above a lagging one and an unrelated one', () => {
    const rnd = mulberry32(3);
    const n = 400;
    const at = 300;
    const noise = () => rnd() - 0.5;
    const step = (from: number, size: number) =>
      Float64Array.from({ length: n }, (_, i) => (i >= from ? size : 0) + noise());
    const target = step(at, 10);
    const cause = step(at - 6, 8);
    const effect = step(at + 4, 5);
    const quiet = step(n, 0);
    const ranked = rankMovedTogether(target, [quiet, effect, cause], at, { lookBack: 30, after: 10, baseline: 120 });
    expect(ranked.map((r) => r.index)).toEqual([2, 1, 0]);
    expect(ranked[0].onset).toBe(at - 6);
    expect(ranked[0].lag).toBe(6);
    expect(ranked[2].score).toBe(0);
  });
});
