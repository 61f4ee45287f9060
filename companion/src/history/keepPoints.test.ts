import { detectorLeadIn, segmentStart } from '../../../src/engine/grid';
import { MAX_FINE_POINTS } from '../../../src/engine/resolution';
import { historyKeepPoints } from './keepPoints';

describe('historyKeepPoints', () => {
  it.each([
    ['maxPoints points at its own step', 500],
    // A detector scoring finer than the step reads up to MAX_FINE_POINTS fine points (resolution.ts).
    ['MAX_FINE_POINTS points at the finer resolution', MAX_FINE_POINTS],
  ])('holds the history of a range query of %s, wherever its runs start', (_what, rangePoints) => {
    const step = 60_000;
    const limits = { maxTrainPoints: 1000, maxPoints: 500 };
    const leadIn = detectorLeadIn(limits.maxTrainPoints * step, 0, step);
    const keep = historyKeepPoints(limits);
    // Every range ending anywhere in two blocks: the history it reads runs from the detector run of
    // its first point to its last point.
    const block = 4 * leadIn;
    for (let end = 100 * block; end < 102 * block; end += 7 * step) {
      const first = end - (rangePoints - 1) * step;
      const needed = (end - segmentStart(first, leadIn, step)) / step + 1;
      expect(needed).toBeLessThanOrEqual(keep);
    }
  });
});
