/**
 * Holt-Winters' warm-up over missing values (a companion run that starts before the upstream's
 * history): the model counts the finite values of its warm-up buffer as they come and go instead of
 * copying the buffer on every point, and must count exactly what is there, through a sliding
 * buffer of sparse values and a saved and restored state.
 */
import { HoltWintersModel } from './holtWinters';
import { resolveOptions } from './options';
import type { PointOutput } from './types';

const opts = resolveOptions({ model: 'holtwinters', trainWindow: 576, season: 288 });

/** The model's buffer and count (private state, read for this invariant only). */
function inside(m: HoltWintersModel): { buffer: number[]; bufferFinite: number } {
  return m as unknown as { buffer: number[]; bufferFinite: number };
}

it('counts the finite values of its warm-up buffer exactly, and answers the same after a restore', () => {
  const w = new HoltWintersModel(opts).warmup;
  // Missing values with a finite one now and then (too few to start: the buffer slides), then data.
  const values = [
    ...Array.from({ length: 3 * w }, (_, i) => (i % 290 === 0 ? i : NaN)),
    ...Array.from({ length: 3 * w }, (_, i) => 10 + 3 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 13),
  ];
  const run = (restoreAt: number) => {
    let m = new HoltWintersModel(opts);
    const out: PointOutput = { expected: NaN, scale: NaN, evidence: NaN, score: NaN };
    const got: number[] = [];
    values.forEach((v, i) => {
      if (i === restoreAt) {
        m = new HoltWintersModel(opts, JSON.parse(JSON.stringify(m.toJSON())));
      }
      m.judge(i, v, out);
      m.learn(i, v, false);
      const { buffer, bufferFinite } = inside(m);
      expect(bufferFinite).toBe(buffer.filter((x) => Number.isFinite(x)).length);
      got.push(out.expected, out.evidence);
    });
    return got;
  };
  const ref = run(-1);
  expect(ref.some((x) => Number.isFinite(x))).toBe(true);
  expect(run(2 * w + 7)).toEqual(ref);
});

it('judges a series the same whether its run starts at the first sample or long before it', () => {
  // A companion run that starts before the series does feeds more missing values than the warm-up,
  // then data. The warm-up used to start on a buffer with a few values at its end: the season stayed
  // unlearnt (or, before the season filling in src/ml/models/holtWinters.ts, the member never judged).
  const wave = (i: number) => 10 + 3 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 13;
  const run = (lead: number) => {
    const m = new HoltWintersModel(opts);
    const out: PointOutput = { expected: NaN, scale: NaN, evidence: NaN, score: NaN };
    const got: number[] = [];
    for (let i = 0; i < lead + 3 * m.warmup; i++) {
      const v = i < lead ? NaN : wave(i - lead);
      m.judge(i, v, out);
      m.learn(i, v, false);
      if (i >= lead) {
        got.push(out.expected);
      }
    }
    return got;
  };
  const fromFirst = run(0);
  expect(fromFirst.filter(Number.isFinite).length).toBeGreaterThan(0);
  for (const lead of [1, 300, 4 * new HoltWintersModel(opts).warmup]) {
    expect(run(lead)).toEqual(fromFirst);
  }
});
