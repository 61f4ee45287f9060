/**
 * NAB scores of a subset of a corpus (the real files among the development files), under the
 * threshold conventions that matter for a held-out kind of data:
 * - lofo: leaving one file of the subset out, the threshold chosen on the subset's other files only
 *   (what the subset alone says generalises);
 * - inSample: one threshold chosen on the subset (NAB's optimised score of the subset alone);
 * - atCorpusThreshold: the subset at the ONE threshold optimised on the whole corpus, NAB's own
 *   convention (its sweeper picks one threshold per detector and profile over all its files);
 * - corpusLofo / corpusLoco: the subset's files, each at the threshold chosen on the corpus without
 *   its file (lofo) or without its category (loco): the subset's share of the corpus-wide
 *   cross-validated figures, so a change that buys artificial files with real ones shows.
 * Every figure is normalised over the subset's files alone (null and perfect detectors of the subset).
 */
import { NabProfile, nabBounds, normaliseNab } from '../../src/ml/scoring/nab';
import { crossValidate, thresholdCurve } from './crossValidate';
import { ScoredFile } from './sweep';

export interface SubsetScores {
  files: number;
  lofo: number;
  inSample: number;
  inSampleThreshold: number;
  atCorpusThreshold: number;
  corpusThreshold: number;
  corpusLofo: number;
  corpusLoco: number;
}

/** Normalised score of the files `keep` from per-file raw scores. */
function normalisedOver(files: ScoredFile[], raw: ArrayLike<number>, keep: boolean[], profile: NabProfile): number {
  let r = 0;
  let nul = 0;
  let perfect = 0;
  files.forEach((f, k) => {
    if (keep[k]) {
      const b = nabBounds(f.file, profile);
      r += raw[k];
      nul += b.nullScore;
      perfect += b.perfect;
    }
  });
  return normaliseNab(r, nul, perfect);
}

/**
 * Scores the subset `keep` of `files` (named `names`, category = the name up to its first '/').
 * Throws when the subset is empty or has fewer than two files (nothing to leave out).
 */
export function subsetScores(
  files: ScoredFile[],
  names: string[],
  keep: (name: string) => boolean,
  profile: NabProfile
): SubsetScores {
  const inSubset = names.map(keep);
  const sub = files.filter((_, k) => inSubset[k]);
  if (sub.length < 2) {
    throw new Error(`a subset needs at least two files to leave one out, got ${sub.length}`);
  }
  const own = crossValidate(
    [{ name: 'subset', files: sub }],
    profile,
    names.filter((_, k) => inSubset[k])
  );
  const run = [{ name: 'corpus', files }];
  const lofo = crossValidate(run, profile, names);
  const loco = crossValidate(
    run,
    profile,
    names.map((n) => n.split('/')[0])
  );
  const thr = Float64Array.of(lofo.inSampleThreshold);
  const atThr = files.map((f, k) => (inSubset[k] ? thresholdCurve(f, profile, thr)[0] : 0));
  return {
    files: sub.length,
    lofo: own.cv,
    inSample: own.inSample,
    inSampleThreshold: own.inSampleThreshold,
    atCorpusThreshold: normalisedOver(files, atThr, inSubset, profile),
    corpusThreshold: lofo.inSampleThreshold,
    corpusLofo: normalisedOver(files, lofo.heldOutRaw, inSubset, profile),
    corpusLoco: normalisedOver(files, loco.heldOutRaw, inSubset, profile),
  };
}
