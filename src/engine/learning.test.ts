/**
 * The "still learning" rule: points less than a lead-in after the history a run reads are said to
 * come from a partial model, with the figures; a missed scrape at the start is no shortfall.
 */
import { learningOf, learningWarning, worstLearning } from './learning';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 28, 6, 0);

it('gives the history read, the lead-in, the training and the time a full model starts', () => {
  const l = learningOf(T0, T0, T0 + 6 * DAY, 9 * DAY, 3 * DAY)!;
  expect(l).toEqual({ dataMs: 6 * DAY, leadInMs: 9 * DAY, trainMs: 3 * DAY, fullFrom: T0 + 9 * DAY });
  expect(learningWarning(l)).toBe(
    'learning: 6.0 d of data, 9 d needed for a full 3-day training; scores before 2026-12-07 06:00 UTC are from a partial model'
  );
});

it('says nothing when the first point asked had its lead-in, but for a tenth of it', () => {
  expect(learningOf(T0, T0 + 9 * DAY, T0 + 10 * DAY, 9 * DAY, 3 * DAY)).toBeUndefined();
  // The first sample one scrape late: no shortfall.
  expect(learningOf(T0 + 60_000, T0 + 9 * DAY, T0 + 10 * DAY, 9 * DAY, 3 * DAY)).toBeUndefined();
  expect(learningOf(T0 + DAY, T0 + 9 * DAY, T0 + 10 * DAY, 9 * DAY, 3 * DAY)).toBeDefined();
});

it('words several series by the least history and the latest full model', () => {
  const a = learningOf(T0, T0, T0 + 6 * DAY, 9 * DAY, 3 * DAY)!;
  const b = learningOf(T0 + 2 * DAY, T0 + 2 * DAY, T0 + 6 * DAY, 9 * DAY, 3 * DAY)!;
  expect(learningWarning(worstLearning([a, b])!, { n: 2, of: 5 })).toBe(
    'learning: 2 of 5 series have as little as 4.0 d of data, 9 d needed for a full 3-day training; ' +
      'scores before 2026-12-09 06:00 UTC are from a partial model'
  );
});

it('reports no shortage when the data hold a full lead-in, only the time a full model starts', () => {
  // A 20-day file against a 3-day training: its first 9 days are partial, the data are not short.
  const l = learningOf(T0, T0, T0 + 20 * DAY, 9 * DAY, 3 * DAY)!;
  expect(learningWarning(l)).toBe(
    'learning: scores before 2026-12-07 06:00 UTC are from a partial model (a full 3-day training reads 9 d of history first)'
  );
  expect(learningWarning(l, { n: 2, of: 5 })).toBe(
    'learning: in 2 of 5 series, scores before 2026-12-07 06:00 UTC are from a partial model (a full 3-day training reads 9 d of history first)'
  );
});
