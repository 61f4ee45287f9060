/**
 * Scores of a subset of a corpus (eval/nab/subset.ts) on hand-built files: the real files alone,
 * and at the one threshold NAB would choose over the whole corpus.
 */
import { subsetScores } from '../../../eval/nab/subset';
import { normaliseNab } from '../../../src/ml/scoring/nab';
import { credit, file, STANDARD } from './nabFiles';

describe('subsetScores', () => {
  // Real files: the window's row scores 0.9 and a false positive 0.5 before it. Artificial files: the
  // window's row scores only 0.5, nothing else fires. The real files alone choose 0.9 (both windows,
  // no false positive); the whole corpus chooses 0.5 (four windows for two false positives), at which
  // the real files pay for their false positives.
  const names = ['art/a.csv', 'art/b.csv', 'real/c.csv', 'real/d.csv'];
  const files = [file({ 11: 0.5 }), file({ 12: 0.5 }), file({ 5: 0.5, 11: 0.9 }), file({ 6: 0.5, 11: 0.9 })];
  const r = subsetScores(files, names, (n) => n.startsWith('real/'), STANDARD);
  const realPerfect = 2 * credit(10);

  it('scores the subset alone, leaving one of its files out and in-sample', () => {
    expect(r.files).toBe(2);
    expect(r.inSampleThreshold).toBe(0.9);
    expect(r.inSample).toBeCloseTo(normaliseNab(2 * credit(11), -2, realPerfect), 10);
    expect(r.lofo).toBeCloseTo(r.inSample, 10);
  });

  it("scores the subset at the corpus' one threshold and at the corpus' cross-validated choices", () => {
    expect(r.corpusThreshold).toBe(0.5);
    const atHalf = normaliseNab(2 * credit(11) - 2 * STANDARD.fp, -2, realPerfect);
    expect(r.atCorpusThreshold).toBeCloseTo(atHalf, 10);
    expect(r.atCorpusThreshold).toBeLessThan(r.inSample);
    // Each real file left out: the other three choose 0.5. The real category left out: the
    // artificial files choose 0.5.
    expect(r.corpusLofo).toBeCloseTo(atHalf, 10);
    expect(r.corpusLoco).toBeCloseTo(atHalf, 10);
  });

  it('refuses a subset with nothing to leave out', () => {
    expect(() => subsetScores(files, names, (n) => n === 'real/c.csv', STANDARD)).toThrow(/at least two files/);
  });
});
