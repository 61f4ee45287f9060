/**
 * The Prophet-style model copies its fit window into one buffer shared by every model
 * (src/ml/detect/prophet.ts, `fitScratch`). Series judged in turn must not see each other's data:
 * two detectors of different training windows (so the buffer grows between their fits), fed point by
 * point in alternation, and one of them saved and restored from its state between the other's
 * points (a restore refits, writing the buffer), give every output and state of each run alone,
 * double for double (Object.is).
 */
import { mulberry32 } from '../core/prng';
import { createDetector } from './registry';
import type { Detector, DetectorModel } from './types';

const DAY = 86_400_000;
const N = 1600;

interface Series {
  t: Float64Array;
  v: Float64Array;
}

function series(stepMs: number, seed: number, amp: number, shiftAt: number): Series {
  const rnd = mulberry32(seed);
  const t0 = Date.UTC(2026, 5, 1) + seed * 7_000;
  const t = Float64Array.from({ length: N }, (_, i) => t0 + i * stepMs);
  const v = Float64Array.from(t, (x, i) => {
    const base = 10 + amp * Math.sin((2 * Math.PI * (x % DAY)) / DAY) + (rnd() - 0.5);
    return i % 331 === 7 ? NaN : base + (i > shiftAt ? 4 * amp : 0) + (i % 613 === 300 ? 20 * amp : 0);
  });
  return { t, v };
}

const OUTPUTS = ['score', 'expected', 'upper', 'lower', 'isAnomaly'] as const;
type Outputs = Record<(typeof OUTPUTS)[number], number[]> & { state: string };

function emptyOutputs(): Outputs {
  return { score: [], expected: [], upper: [], lower: [], isAnomaly: [], state: '' };
}

function step(d: Detector, s: Series, i: number, out: Outputs): void {
  const r = d.update(s.t.subarray(i, i + 1), s.v.subarray(i, i + 1));
  for (const k of OUTPUTS) {
    out[k].push(Number((r[k] as ArrayLike<number | boolean>)[0]));
  }
}

function alone(model: DetectorModel, trainWindow: number, s: Series): Outputs {
  const d = createDetector({ model, trainWindow });
  const out = emptyOutputs();
  for (let i = 0; i < N; i++) {
    step(d, s, i, out);
  }
  out.state = JSON.stringify(d.getState());
  return out;
}

/** A and B in alternation; every `restoreEvery` points A is rebuilt from its state (a chunked run). */
function interleaved(model: DetectorModel, wa: number, a: Series, wb: number, b: Series, restoreEvery: number) {
  let da = createDetector({ model, trainWindow: wa });
  const db = createDetector({ model, trainWindow: wb });
  const oa = emptyOutputs();
  const ob = emptyOutputs();
  for (let i = 0; i < N; i++) {
    step(da, a, i, oa);
    if (restoreEvery > 0 && i % restoreEvery === restoreEvery - 1) {
      const saved = JSON.parse(JSON.stringify(da.getState()));
      step(db, b, i, ob);
      da = createDetector({ model, trainWindow: wa }, saved);
    } else {
      step(db, b, i, ob);
    }
  }
  oa.state = JSON.stringify(da.getState());
  ob.state = JSON.stringify(db.getState());
  return { oa, ob };
}

function expectSame(got: Outputs, want: Outputs): void {
  for (const k of OUTPUTS) {
    const bad = want[k].findIndex((x, i) => !Object.is(x, got[k][i]));
    expect({ output: k, firstDifferentPoint: bad }).toEqual({ output: k, firstDifferentPoint: -1 });
  }
  expect(got.state).toBe(want.state);
}

describe.each<[DetectorModel, number]>([
  ['prophet', 0],
  ['prophet', 97],
  ['ensemble', 97],
])('shared Prophet-style fit buffer: %s, A restored every %i points', (model, restoreEvery) => {
  // A: 15-minute step, 300-point window (3 days: daily terms); B: 5-minute step, 900-point window.
  const a = series(15 * 60_000, 1, 2, 1100);
  const b = series(5 * 60_000, 2, 5, 1300);
  const wa = 300;
  const wb = 900;

  it('gives each series what it gets alone', () => {
    const { oa, ob } = interleaved(model, wa, a, wb, b, restoreEvery);
    const soloA = alone(model, wa, a);
    const soloB = alone(model, wb, b);
    // The runs judge points (the comparison is not between two all-NaN runs).
    expect(soloA.expected.filter(Number.isFinite).length).toBeGreaterThan(N / 2);
    expect(soloB.expected.filter(Number.isFinite).length).toBeGreaterThan(N / 4);
    expectSame(oa, soloA);
    expectSame(ob, soloB);
  });
});
