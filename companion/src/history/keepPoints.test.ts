import { detectorLeadIn, segmentStart } from '../../../src/engine/grid';
import { historyKeepPoints } from './keepPoints';

describe('historyKeepPoints', () => {
  it('holds the history of a range query at the largest training window, wherever its runs start', () => {
    const step = 60_000;
    const limits = { maxTrainPoints: 1000, maxPoints: 500 };
    const leadIn = detectorLeadIn(limits.maxTrainPoints * step, 0, step);
    const keep = historyKeepPoints(limits);
    // Every range of maxPoints points ending anywhere in two blocks: the history it reads runs from
    // the detector run of its first point to its last point.
    const block = 4 * leadIn;
    for (let end = 10 * block; end < 12 * block; end += 7 * step) {
      const first = end - (limits.maxPoints - 1) * step;
      const needed = (end - segmentStart(first, leadIn, step)) / step + 1;
      expect(needed).toBeLessThanOrEqual(keep);
    }
  });
});
