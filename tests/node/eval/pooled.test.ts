/**
 * The pooled evaluation (eval/nab/pooled.ts) on hand-built files: one threshold over several kinds of
 * data, a kind scored at the threshold the other kinds chose, and cross-validation over more files
 * than a bit mask holds (folds, not files, are the mask's bits).
 */
import { crossValidate } from '../../../eval/nab/crossValidate';
import { pooledScore } from '../../../eval/nab/pooled';
import { normaliseNab } from '../../../src/ml/scoring/nab';
import { credit, file, STANDARD } from './nabFiles';

describe('pooled evaluation', () => {
  // Two kinds of the same two source files. "smooth": the window's row scores 0.9, a false positive
  // 0.5. "counts": the same shape on a lower scale (0.6 in the window, 0.3 outside). Each kind alone
  // has a threshold that catches every window without a false positive; one threshold for both
  // cannot: a scale that differs between kinds is what the pooled score punishes.
  const smooth = [file({ 5: 0.5, 11: 0.9 }), file({ 6: 0.5, 12: 0.9 })];
  const counts = [file({ 5: 0.3, 11: 0.6 }), file({ 6: 0.3, 12: 0.6 })];
  const sources = ['real/a.csv', 'real/b.csv'];
  const r = pooledScore(
    [
      { name: 'dev', files: smooth, sources },
      { name: 'counts', files: counts, sources },
    ],
    STANDARD
  );
  const perfect = 4 * credit(10);

  it('scores a kind at the threshold the other kinds chose', () => {
    // Leaving counts out, dev chooses 0.9 and counts (at most 0.6) misses both windows; leaving dev
    // out, counts chooses 0.6, at which dev catches both windows and its 0.5s stay quiet.
    expect(r.chosen).toEqual([
      { fold: 'dev:real', threshold: 0.6 },
      { fold: 'counts', threshold: 0.9 },
    ]);
    expect(r.families).toEqual([
      { family: 'dev', score: normaliseNab(credit(11) + credit(12), -2, 2 * credit(10)) },
      { family: 'counts', score: 0 },
    ]);
    expect(r.loco).toBeCloseTo(normaliseNab(credit(11) + credit(12) - 2, -4, perfect), 10);
  });

  it('finds the in-sample threshold over all kinds at once', () => {
    // 0.6 catches all four windows and fires on none of dev's false positives (0.5).
    expect(r.inSampleThreshold).toBe(0.6);
    expect(r.inSample).toBeCloseTo(normaliseNab(2 * (credit(11) + credit(12)), -4, perfect), 10);
    expect(r.loco).toBeLessThan(r.inSample);
  });

  it('cross-validates more than 32 files (one bit per fold)', () => {
    const many = Array.from({ length: 40 }, (_, k) => file({ 11: 0.9, 5: k % 2 ? 0.5 : 0 }));
    const cv = crossValidate(
      [{ name: 'x', files: many }],
      STANDARD,
      many.map((_, k) => `f${k % 4}`)
    );
    expect(cv.chosen.map((c) => c.threshold)).toEqual([0.9, 0.9, 0.9, 0.9]);
    expect(cv.cv).toBeCloseTo(normaliseNab(40 * credit(11), -40, 40 * credit(10)), 10);
  });
});
