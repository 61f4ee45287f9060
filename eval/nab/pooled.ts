/**
 * The pooled evaluation: NAB chooses ONE threshold per detector and profile over its whole corpus (58
 * files of smooth metrics, counts, hourly and irregular data), so a score whose scale differs between
 * kinds of data loses there even when each kind, thresholded on its own, scores well. Here the
 * development files and every proxy family (eval/nab/proxies.ts) are pooled into one corpus and one
 * threshold is chosen on it:
 * - loco: leaving one category out, where each development category and each proxy family is a
 *   category: the held-out kind is scored at the threshold the other kinds chose;
 * - by source: leaving one development file out together with all its transformed copies;
 * - in: NAB's optimised score on the whole pool (in-sample).
 * Per family, its files are also scored at the threshold chosen leaving its category out, so the
 * kinds that a shared threshold hurts show. The families share their source files, so `loco` measures
 * the scale of the score across kinds, not generalisation to new series (`by source` is closer to that).
 */
import { NabProfile, nabBounds, normaliseNab } from '../../src/ml/scoring/nab';
import { crossValidate } from './crossValidate';
import { ScoredFile } from './sweep';

export interface PooledFamily {
  /** 'dev' for the development files as they are, else the proxy's name. */
  name: string;
  files: ScoredFile[];
  /** Per file: its development file's name (category/file.csv). */
  sources: string[];
}

export interface PooledResult {
  loco: number;
  bySource: number;
  inSample: number;
  inSampleThreshold: number;
  /** Per family: its files' normalised score at the threshold chosen leaving its category out. */
  families: Array<{ family: string; score: number }>;
  /** Per category: the threshold chosen on the others. */
  chosen: Array<{ fold: string; threshold: number }>;
}

export function pooledScore(families: PooledFamily[], profile: NabProfile): PooledResult {
  const files = families.flatMap((f) => f.files);
  const family = families.flatMap((f) => f.files.map(() => f.name));
  const sources = families.flatMap((f) => f.sources);
  const category = sources.map((s, k) => (family[k] === 'dev' ? `dev:${s.split('/')[0]}` : family[k]));
  const run = [{ name: 'pooled', files }];
  const loco = crossValidate(run, profile, category);
  const bySource = crossValidate(run, profile, sources);
  const bounds = files.map((f) => nabBounds(f.file, profile));
  return {
    loco: loco.cv,
    bySource: bySource.cv,
    inSample: loco.inSample,
    inSampleThreshold: loco.inSampleThreshold,
    families: families.map((fam) => {
      let raw = 0;
      let nul = 0;
      let perfect = 0;
      family.forEach((name, k) => {
        if (name === fam.name) {
          raw += loco.heldOutRaw[k];
          nul += bounds[k].nullScore;
          perfect += bounds[k].perfect;
        }
      });
      return { family: fam.name, score: normaliseNab(raw, nul, perfect) };
    }),
    chosen: loco.chosen.map((c) => ({ fold: c.fold, threshold: c.threshold })),
  };
}
