import { MATRIX_SETTINGS } from './context';
import { matrixHistory } from './history';
import { historyStart, leadInReads } from './leadIn';
import type { FunctionCall } from './query';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** On the hour: the hourly fit is on the 150 s grid. */
const FIRST = Date.UTC(2025, 5, 2, 12);

const tte = (step: number): FunctionCall => ({
  func: 'time_to_exhaustion',
  inner: 'x',
  capacity: 0,
  options: { step, refit: HOUR, direction: 'down' },
});

describe('leadInReads: what a caller holding its data fetches before the first point', () => {
  test('14 days at 15 s: every sample from the jump test’s start, the 150 s grid before it', () => {
    const r = leadInReads([tte(15_000)], 15_000, FIRST, MATRIX_SETTINGS);
    expect(r).toEqual({
      from: historyStart(tte(15_000), 15_000, FIRST, MATRIX_SETTINGS),
      fineFrom: FIRST - 10_000 * 15_000 + 15_000,
      coarseStep: 150_000,
      phases: [0],
    });
    // The window, and 15 samples before it that time to exhaustion reads for a reset at its start
    // (context.ts lookBack).
    expect(r.from).toBe(FIRST - 14 * DAY + 150_000 - 15 * 150_000);
    // 7,079 samples at 150 s before the 10,000 at 15 s, where the window at 15 s holds 80,640.
    expect(Math.ceil((r.fineFrom - r.from) / r.coarseStep)).toBe(7_079);
  });

  test('a step the window fits at reads every sample: nothing coarse', () => {
    const r = leadInReads([tte(300_000)], 300_000, FIRST, MATRIX_SETTINGS);
    expect(r.fineFrom).toBe(r.from);
    expect([r.coarseStep, r.phases]).toEqual([300_000, []]);
  });

  test('a point evaluated alone off the grid adds its phase', () => {
    const r = leadInReads([tte(15_000)], 15_000, FIRST, MATRIX_SETTINGS, FIRST + 45_000);
    expect(r.phases).toEqual([0, 45_000]);
  });
});

describe('matrixHistory over a coarse lead-in', () => {
  test('reads the phase it holds, and counts the one it does not as unfetched', async () => {
    const step = 15_000;
    const fine = { from: 1_500_000, step, series: [{ labels: { a: '1' }, values: Float64Array.from([7, 8]) }] };
    const phase = {
      from: 0,
      step: 150_000,
      series: [{ labels: { a: '1' }, values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) }],
    };
    const h = matrixHistory({ ...fine, lead: { from: 0, step: 150_000, phases: [phase] } });
    const held = await h.get('x', 150_000, 0, 1_500_000);
    expect(Array.from(held.series[0].values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 7]);
    expect(h.unfetched()).toEqual([]);
    const off = await h.get('x', 150_000, 15_000, 1_515_000);
    expect(off.series[0].values.slice(0, 10).every(Number.isNaN)).toBe(true);
    expect(h.unfetched()).toEqual([15_000]);
  });
});
