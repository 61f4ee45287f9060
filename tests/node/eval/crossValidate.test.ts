/**
 * Cross-validated NAB scoring (eval/nab/crossValidate.ts) on hand-built files: the exact threshold
 * curve equals the reference scorer, and a held-out file is scored at the threshold chosen without it.
 */
import { candidatesOf, crossValidate, thresholdCurve } from '../../../eval/nab/crossValidate';
import { normaliseNab, scoreNabFile } from '../../../src/ml/scoring/nab';
import { credit, file, STANDARD } from './nabFiles';

describe('threshold curve', () => {
  it('gives the raw score of every threshold at once, as scoreNabFile does (hand-worked)', () => {
    const f = file({ 5: 0.5, 11: 0.9, 12: 0.95 });
    const cand = candidatesOf([f]).values;
    expect(Array.from(cand)).toEqual([Infinity, 0.95, 0.9, 0.5, 0]);
    const curve = thresholdCurve(f, STANDARD, cand);
    // Infinity: window missed (-1). 0.95: row 12. 0.9: row 11 is earlier. 0.5: plus an FP before any
    // window (-0.11). 0: every scored row fires; row 10 first in the window, 13 FPs before it (rows 3-9
    // and 14-19 after it at the sigmoid's weight).
    expect(curve[0]).toBeCloseTo(-1, 12);
    expect(curve[1]).toBeCloseTo(credit(12), 12);
    expect(curve[2]).toBeCloseTo(credit(11), 12);
    expect(curve[3]).toBeCloseTo(credit(11) - 0.11, 12);
    for (let j = 0; j < cand.length; j++) {
      expect(curve[j]).toBeCloseTo(scoreNabFile(f.file, (i) => f.score[i] >= cand[j], STANDARD).raw, 12);
    }
  });
});

describe('leave-one-file-out', () => {
  // A and B: a detection at 0.9 in the window, a false positive at 0.5 before it. C: only a 0.5
  // detection in the window. On all three, 0.5 wins (C's hit is worth more than two FPs); without C,
  // 0.9 wins, so C is scored at 0.9 and missed.
  const a = file({ 5: 0.5, 11: 0.9 });
  const b = file({ 6: 0.5, 12: 0.9 });
  const c = file({ 11: 0.5 });
  const files = [a, b, c];
  const r = crossValidate([{ name: 'x', files }], STANDARD, ['a', 'b', 'c']);

  it('chooses each fold threshold on the other files', () => {
    expect(r.chosen.map((x) => [x.fold, x.threshold])).toEqual([
      ['a', 0.5],
      ['b', 0.5],
      ['c', 0.9],
    ]);
    expect(r.inSampleThreshold).toBe(0.5);
  });

  it('sums the held-out raw scores and normalises them as NAB does', () => {
    const perfect = 3 * credit(10);
    const held = credit(11) - 0.11 + (credit(12) - 0.11) + -1;
    expect(r.cv).toBeCloseTo(normaliseNab(held, -3, perfect), 10);
    const inSample = credit(11) - 0.11 + (credit(12) - 0.11) + credit(11);
    expect(r.inSample).toBeCloseTo(normaliseNab(inSample, -3, perfect), 10);
    expect(r.cv).toBeLessThan(r.inSample);
  });
});
