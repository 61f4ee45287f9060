/** Hand-built NAB files for the eval's tests: 20 rows (3 probationary), one window [10, 13]. */
import { ScoredFile } from '../../../eval/nab/sweep';
import { NAB_PROFILES, prepareNabFile, scaledSigmoid } from '../../../src/ml/scoring/nab';

export const STANDARD = NAB_PROFILES[0];

/** `scores` maps row -> score, others 0. */
export function file(scores: Record<number, number>): ScoredFile {
  const score = new Float64Array(20);
  for (const [i, s] of Object.entries(scores)) {
    score[Number(i)] = s;
  }
  return { file: prepareNabFile(20, [[10, 13]]), score, flag: new Uint8Array(20) };
}

/** Credit of a first detection at row i of the window [10, 13] (width 4). */
export const credit = (i: number) => scaledSigmoid(-(13 - i + 1) / 4) / scaledSigmoid(-1);
