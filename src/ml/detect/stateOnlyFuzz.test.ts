/**
 * Fuzz: random series and options (sensitivity, train window, season, adaptAfter), random
 * chunking, a JSON resume mid-way, a random outputsFrom: state and readable outputs must equal the
 * full path's.
 */
import { mulberry32 } from '../core/prng';
import { createDetector } from './registry';
import type { DetectionResult } from '../types';
import type { DetectorOptions } from './types';

const STEP = 60_000;

function series(seed: number, n: number): { t: Float64Array; v: Float64Array } {
  const r = mulberry32(seed);
  const t0 = Date.UTC(2026, 5, 1);
  const t = Float64Array.from({ length: n }, (_, i) => t0 + i * STEP);
  const base = r() < 0.3 ? -1 : r() * 5;
  const amp = r() * 2;
  const noise = r() * 0.5;
  const period = 60 + Math.floor(r() * 400);
  const v = new Float64Array(n);
  let level = 0;
  for (let i = 0; i < n; i++) {
    if (r() < 0.002) {
      level += (r() - 0.5) * 10;
    }
    let x = base + level + amp * Math.sin((2 * Math.PI * i) / period) + noise * (r() - 0.5);
    if (r() < 0.005) {
      x += (r() - 0.3) * 20;
    }
    if (r() < 0.01) {
      x = NaN;
    }
    if (i % 700 > 650 && seed % 3 === 0) {
      x = 2;
    } // flat stretch
    if (seed % 5 === 0) {
      x = Math.round(x);
    } // ties, scale 0
    v[i] = x;
  }
  return { t, v };
}

function feed(opts: DetectorOptions, t: Float64Array, v: Float64Array, cuts: number[], from: number, resumeAt: number) {
  let d = createDetector(opts);
  const parts: DetectionResult[] = [];
  const states: string[] = [];
  let a = 0;
  for (const b of [...cuts, t.length]) {
    parts.push(d.update(t.subarray(a, b), v.subarray(a, b), Math.max(0, from - a)));
    const s = d.getState();
    states.push(JSON.stringify(s));
    if (a <= resumeAt && resumeAt < b) {
      d = createDetector({}, JSON.parse(JSON.stringify(s)));
    }
    a = b;
  }
  const all = (o: 'score' | 'upper' | 'lower' | 'expected' | 'isAnomaly' | 'fired') =>
    parts.flatMap((p) => Array.from(p[o] as ArrayLike<number>));
  return { states, all };
}

const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

const CASES = Number(process.env.FUZZ_CASES ?? 12);
test.each(Array.from({ length: CASES }, (_, k) => k + 1))('fuzz case %i', (seed) => {
  const r = mulberry32(1000 + seed);
  const n = 2500 + Math.floor(r() * 2000);
  const { t, v } = series(seed, n);
  const opts: DetectorOptions = {
    sensitivity: r(),
    trainWindow: [100, 300, 700][Math.floor(r() * 3)],
    season: (['auto', 0, 48] as const)[Math.floor(r() * 3)],
    adaptAfter: [0, 5 * STEP, 3_600_000, 30 * 86_400_000][Math.floor(r() * 4)],
  };
  const cuts = [...new Set(Array.from({ length: 4 }, () => 1 + Math.floor(r() * (n - 2))))].sort((a, b) => a - b);
  const from = Math.floor(r() * n);
  const resumeAt = Math.floor(r() * n);
  const full = feed(opts, t, v, cuts, 0, resumeAt);
  const lean = feed(opts, t, v, cuts, from, resumeAt);
  expect(lean.states).toEqual(full.states);
  for (const o of ['score', 'upper', 'lower', 'fired'] as const) {
    expect(same(lean.all(o).slice(from), full.all(o).slice(from))).toBe(true);
  }
  for (const o of ['expected', 'isAnomaly'] as const) {
    expect(same(lean.all(o), full.all(o))).toBe(true);
  }
  expect(lean.all('score').map(Number.isNaN)).toEqual(full.all('score').map(Number.isNaN));
});
