/**
 * The shapes of the held-out NAB categories (eval/nab/shapes.ts) on a synthetic file: labels are
 * carried by time (a window keeps exactly the times it held that remain), the cuts and rates have the
 * documented sizes, and every draw is the same on every run.
 */
import { CorpusFile } from '../../../eval/nab/corpus';
import { counts, unlabelledBursts } from '../../../eval/nab/proxies';
import { ScoredFile } from '../../../eval/nab/sweep';
import { prepareNabFile } from '../../../src/ml/scoring/nab';
import {
  burstRanks,
  chain,
  dropRows,
  firstRows,
  integers,
  jitter,
  outages,
  SHAPES,
  shifted,
  SHIFT_MS,
  stretchAroundWindow,
} from '../../../eval/nab/shapes';

const T0 = Date.UTC(2014, 3, 1);
const FIVE_MIN = 300_000;

const f: CorpusFile = {
  name: 'synthetic/file.csv',
  t: Float64Array.from({ length: 4032 }, (_, i) => T0 + i * FIVE_MIN),
  v: Float64Array.from({ length: 4032 }, (_, i) => 10 + (i % 288)),
  windows: [
    [500, 900],
    [3000, 3400],
  ],
};

/** The original times inside window w that a transform kept (rows whose time is still there). */
function keptTimes(g: CorpusFile, w: number): number[] {
  const [a, b] = f.windows[w];
  const have = new Set(g.t);
  return Array.from(f.t.subarray(a, b + 1)).filter((x) => have.has(x));
}

it('dropRows drops 20-40 % of the rows; each window covers exactly its remaining rows', () => {
  const { file: g, dropped } = dropRows(f, 0.2, 0.4);
  expect(g.t.length / f.t.length).toBeGreaterThan(0.55);
  expect(g.t.length / f.t.length).toBeLessThan(0.85);
  expect(dropped).toBe(0);
  g.windows.forEach(([a, b], w) => expect(Array.from(g.t.subarray(a, b + 1))).toEqual(keptTimes(g, w)));
});

it('outages drop runs of 2 to 12 hours and keep the first and last row', () => {
  const { file: g } = outages(f);
  const gaps = Array.from({ length: g.t.length - 1 }, (_, i) => g.t[i + 1] - g.t[i]).filter((d) => d > FIVE_MIN);
  expect(gaps.length).toBeGreaterThan(0);
  for (const d of gaps) {
    expect(d).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(d).toBeLessThanOrEqual(12 * 3_600_000 + 2 * FIVE_MIN);
  }
  expect(g.t[0]).toBe(f.t[0]);
  expect(g.t[g.t.length - 1]).toBe(f.t[f.t.length - 1]);
});

it('jitter moves each time by at most 0.3 step, to a whole minute, and a window keeps its rows', () => {
  const { file: g } = jitter(f, 0.3);
  expect(g.t.length).toBe(f.t.length);
  for (let i = 1; i < g.t.length; i++) {
    expect(g.t[i]).toBeGreaterThanOrEqual(g.t[i - 1]);
  }
  expect(Array.from(g.t).every((x) => x % 60_000 === 0)).toBe(true);
  // A window's rows are the values it held (values identify rows within one day here).
  const [a, b] = g.windows[0];
  expect(b - a).toBe(900 - 500);
  expect(Math.abs(g.t[a] - f.t[500])).toBeLessThanOrEqual(0.3 * FIVE_MIN + 30_000);
});

it('firstRows and stretchAroundWindow cut to the given length and drop the windows outside', () => {
  expect(firstRows(f, 1600)).toMatchObject({ dropped: 1 });
  expect(firstRows(f, 1600).file.windows).toEqual([[500, 900]]);
  const { file: s } = stretchAroundWindow(f, 2500);
  expect(s.t.length).toBe(2500);
  const a = s.windows[0][0];
  expect(s.t[a]).toBe(f.t[500]);
  expect(a / 2500).toBeGreaterThanOrEqual(0.15 - 1e-9);
  expect(a / 2500).toBeLessThanOrEqual(0.5);
});

it('shifted moves every time and keeps the windows; integers are whole numbers', () => {
  const { file: s } = shifted(f, SHIFT_MS);
  expect(s.t[0] - f.t[0]).toBe(SHIFT_MS);
  expect(s.windows).toEqual(f.windows);
  expect(Array.from(integers(f).file.v).every((x) => Number.isInteger(x))).toBe(true);
});

it('every shape gives the same file on every run', () => {
  for (const shape of SHAPES) {
    const a = shape.make(f);
    const b = shape.make(f);
    expect(Array.from(a.file.t)).toEqual(Array.from(b.file.t));
    expect(Array.from(a.file.v)).toEqual(Array.from(b.file.v));
    expect(a.file.windows).toEqual(b.file.windows);
  }
});

it('tweets-like marks exactly the rows its bursts raised; a step that moves rows after the bursts is refused', () => {
  const shape = SHAPES.find((x) => x.name === 'tweets-like')!;
  const r = shape.make(f);
  const plain = counts(f).file;
  const raised = Array.from(r.file.v, (x, i) => (x !== plain.v[i] ? 1 : 0));
  expect(raised.reduce<number>((a, x) => a + x, 0)).toBeGreaterThan(0);
  expect(Array.from(r.bursts!)).toEqual(raised);
  expect(() => chain(unlabelledBursts, (g) => dropRows(g, 0.2, 0.4))(f)).toThrow(/moved or dropped rows/);
});

it('burstRanks counts the windows a burst outscores and the files whose top false positive is a burst', () => {
  const n = 1000;
  const windows: Array<[number, number]> = [
    [400, 450],
    [700, 750],
  ];
  const score = new Float64Array(n).fill(0.1);
  score[420] = 0.9; // first window: above the burst
  score[720] = 0.6; // second window: below it
  score[600] = 0.8; // the burst
  score[300] = 0.7; // another false positive, below the burst
  const bursts = new Uint8Array(n);
  bursts[600] = 1;
  const file: ScoredFile = { file: prepareNabFile(n, windows), score, flag: new Uint8Array(n) };
  expect(burstRanks([file], [bursts])).toEqual({ outscored: 1, burstOnTop: 1 });
  score[300] = 0.95;
  expect(burstRanks([file], [bursts])).toEqual({ outscored: 1, burstOnTop: 0 });
});
