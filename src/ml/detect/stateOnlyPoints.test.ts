/**
 * Points before `outputsFrom` are judged for the detector's state only (EnsembleCore.run draws the
 * band only where the decision needs it). That must change nothing a caller reads: the state after
 * every chunk, every output from `outputsFrom` on, and the expected value, isAnomaly and judged-or-
 * not of the points before, compared with the full path (outputsFrom 0, the code before the change)
 * value for value (Object.is: the same doubles, NaN where NaN). Series with incidents, level shifts,
 * range breaks, spikes, negative values, gaps and a flat stretch (scale 0), in the state-only part.
 */
import { mulberry32 } from '../core/prng';
import { createDetector } from './registry';
import type { DetectionResult } from '../types';

const STEP = 60_000;
const DAY = 86_400_000;
const N = 6 * 1440;

type Shape = (i: number, t: number, rnd: () => number) => number;

const cycle = (t: number) => 0.25 + 0.1 * Math.sin((2 * Math.PI * (t % DAY)) / DAY);
const SHAPES: Record<string, Shape> = {
  // The fleet's CPU series (tests/support/fleet.ts): a daily cycle and noise, jumping to 0.9 for good.
  cpuJump: (i, t, rnd) => (i > 3000 ? 0.9 : cycle(t)) + 0.01 * (rnd() - 0.5),
  // Spikes now and then, one far past the range seen, and a stretch at a new level.
  spikes: (i, t, rnd) =>
    cycle(t) +
    0.01 * (rnd() - 0.5) +
    (i % 997 === 500 ? 0.5 : 0) +
    (i === 2600 ? 5 : 0) +
    (i > 4000 && i < 4300 ? 0.2 : 0),
  // Negative values (no clipping of the lower edge), gaps, and a flat stretch.
  gapsAndFlat: (i, t, rnd) => (i % 211 < 5 ? NaN : i > 3500 && i < 3900 ? 1 : Math.sin(i / 50) + 0.2 * (rnd() - 0.5)),
};

function seriesOf(shape: Shape, seed: number): { t: Float64Array; v: Float64Array } {
  const rnd = mulberry32(seed);
  const t0 = Date.UTC(2026, 5, 1);
  const t = Float64Array.from({ length: N }, (_, i) => t0 + i * STEP);
  return { t, v: Float64Array.from(t, (x, i) => shape(i, x, rnd)) };
}

/** Feeds (t, v) in chunks at `cuts`, outputs before `from` judged for the state only; states after each chunk. */
function feed(t: Float64Array, v: Float64Array, cuts: number[], from: number, trainWindow: number) {
  const d = createDetector({ trainWindow });
  const parts: DetectionResult[] = [];
  const states: string[] = [];
  let a = 0;
  for (const b of [...cuts, t.length]) {
    parts.push(d.update(t.subarray(a, b), v.subarray(a, b), Math.max(0, from - a)));
    states.push(JSON.stringify(d.getState()));
    a = b;
  }
  const all = (o: 'score' | 'upper' | 'lower' | 'expected' | 'isAnomaly' | 'fired') =>
    parts.flatMap((p) => Array.from(p[o] as ArrayLike<number>));
  return { states, all };
}

const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe.each(Object.entries(SHAPES))('state-only points on %s', (name, shape) => {
  const { t, v } = seriesOf(shape, name.length);
  const cuts = [700, 2900, 5000];

  test.each([
    ['a run whose outputs start late (a companion scan)', N - 120, 1440],
    ['outputs from mid-chunk, before an incident', 2500, 1440],
    ['a short training window', 4200, 300],
  ])('%s: same state and outputs as the full path', (_, from, train) => {
    const full = feed(t, v, cuts, 0, train);
    const lean = feed(t, v, cuts, from, train);
    expect(lean.states).toEqual(full.states);
    for (const o of ['score', 'upper', 'lower', 'fired'] as const) {
      expect(same(lean.all(o).slice(from), full.all(o).slice(from))).toBe(true);
    }
    for (const o of ['expected', 'isAnomaly'] as const) {
      expect(same(lean.all(o), full.all(o))).toBe(true);
    }
    expect(lean.all('score').map(Number.isNaN)).toEqual(full.all('score').map(Number.isNaN));
    // The state-only part holds anomalies, so the test covers the band drawn there when needed.
    expect(
      full
        .all('isAnomaly')
        .slice(0, from)
        .filter((x) => x === 1).length
    ).toBeGreaterThan(0);
  });
});
