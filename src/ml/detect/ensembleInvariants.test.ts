/**
 * What every output of the default ensemble must satisfy, on series of several shapes (daily CPU with
 * a saturation incident, spiky latency, a level shift, a constant, values below zero), all with
 * missing values. The engine's speed-ups (the band's edge search, the evidence bins, the tail tables)
 * must not change any answer: these checks hold for any correct ensemble, and the second one compares
 * the batch path against an independent one (chunks, with the state serialised in between), which
 * shares the arithmetic but not the bookkeeping of offsets, incidents and restored calibrations.
 */
import { Mulberry32 } from '../core/prng';
import { ensembleThreshold } from './sensitivity';
import { createDetector, detect } from './index';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const T0 = Date.UTC(2026, 10, 1);
const N = 3000;

type Shape = 'cpu' | 'latency' | 'shift' | 'constant' | 'negative';

/** N points at 5 minutes of one shape, 1% of them missing plus a missing hour at 40%. */
function series(shape: Shape, seed: number): { t: Float64Array; v: Float64Array } {
  const g = new Mulberry32(seed);
  const noise = () => (g.next() + g.next() + g.next() - 1.5) * 2;
  const t = new Float64Array(N);
  const v = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    t[i] = T0 + i * 5 * MINUTE;
    const load = 0.5 - 0.5 * Math.cos(2 * Math.PI * ((t[i] % DAY) / DAY - 0.125));
    let x = 7;
    if (shape === 'cpu') {
      x = i >= 0.7 * N && i < 0.7 * N + 40 ? 1 : Math.max(0, 0.12 + 0.45 * load + 0.015 * noise());
    } else if (shape === 'latency') {
      x = g.next() < 0.004 ? 1.5 + 1.5 * g.next() : 0.2 * (1 + 0.8 * load) * Math.exp(0.08 * noise());
    } else if (shape === 'shift') {
      x = 50 + 5 * noise() + (i > 0.6 * N ? 30 : 0);
    } else if (shape === 'negative') {
      x = -3 + 2 * load + 0.3 * noise() + (i % 997 === 500 ? -15 : 0);
    }
    v[i] = g.next() < 0.01 || (i >= 0.4 * N && i < 0.4 * N + 12) ? NaN : x;
  }
  return { t, v };
}

const FIELDS = ['expected', 'lower', 'upper', 'score', 'isAnomaly', 'fired'] as const;
const SHAPES: Shape[] = ['cpu', 'latency', 'shift', 'constant', 'negative'];

describe.each(SHAPES.map((shape, k) => [shape, k + 1] as const))('the default ensemble on %s', (shape, seed) => {
  const s = series(shape, seed);
  const r = detect(s);
  const threshold = ensembleThreshold(0.5);

  it('keeps band, score, flags and fired members consistent at every judged point', () => {
    let judged = 0;
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const [v, e, lo, up, sc] = [s.v[i], r.expected[i], r.lower[i], r.upper[i], r.score[i]];
      if (!Number.isFinite(sc)) {
        if (r.isAnomaly[i] !== 0 || r.fired![i] !== 0) {
          bad.push(`${i}: not judged but flagged`);
        }
        continue;
      }
      judged++;
      const inside = v >= lo && v <= up;
      const checks: Array<[boolean, string]> = [
        [lo <= e && e <= up, 'band around the expected value'],
        [sc >= 0 && sc <= 1, 'score in [0, 1]'],
        [(r.isAnomaly[i] === 1) === sc >= threshold, 'flag <=> score >= threshold'],
        [!inside || sc < threshold, 'nothing inside the band is flagged'],
        [!inside || r.fired![i] === 0, 'no member fires inside the band'],
        [r.fired![i] < 4, 'fired is a mask over two members'],
      ];
      for (const [ok, what] of checks) {
        if (!ok) {
          bad.push(`${i}: ${what}`);
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(judged).toBeGreaterThan(N / 2);
    expect(r.members).toEqual(['holtwinters', 'prophet']);
  });

  it('gives the same answer, bit for bit, when fed in two chunks with its state serialised between', () => {
    const h = N >> 1;
    const first = createDetector({ model: 'ensemble' });
    const a = first.update(s.t.subarray(0, h), s.v.subarray(0, h));
    const second = createDetector({}, JSON.parse(JSON.stringify(first.getState())));
    const b = second.update(s.t.subarray(h), s.v.subarray(h));
    for (const f of FIELDS) {
      const joined = [...Array.from(a[f]!), ...Array.from(b[f]!)];
      expect([f, joined]).toEqual([f, Array.from(r[f]!)]);
    }
  });
});

it('flags the incidents the shapes contain', () => {
  const flagged = (shape: Shape) => detect(series(shape, SHAPES.indexOf(shape) + 1)).isAnomaly.reduce((n, x) => n + x, 0);
  expect(flagged('cpu')).toBeGreaterThan(0);
  expect(flagged('shift')).toBeGreaterThan(0);
  expect(flagged('constant')).toBe(0);
});
