/**
 * A restart that recurs like clockwork but is overdue: the series keeps rising past where its teeth
 * used to end. "Not full before the next reset" assumed a reset still ahead; with the reset due
 * hours ago the leak is heading to its limit now, and the answer must say so, with no next reset
 * (in the past) for a view to end its line at.
 */
import { timeToExhaustion } from './index';

const H = 3600_000;
const CAPACITY = 260;

/** Hourly, reset every 24 h to 100 and rising 5/h (teeth peak near 220), the last reset `age` h before the end. */
function sawtooth(age: number): { t: Float64Array; v: Float64Array } {
  const n = 24 * 6 + age;
  const lastReset = n - age;
  const t = Float64Array.from({ length: n + 1 }, (_, i) => i * H);
  const v = Float64Array.from({ length: n + 1 }, (_, i) => {
    const since = i <= lastReset ? (i - lastReset + 24 * 100) % 24 : i - lastReset;
    return 100 + 5 * since + ((i * 7919) % 5);
  });
  return { t, v };
}

const answer = (age: number) =>
  timeToExhaustion(sawtooth(age), { capacity: CAPACITY, direction: 'up', model: 'theilsen' });

it('a reset still ahead: not full before it, and when it is due', () => {
  const r = answer(20);
  expect([r.verdict, r.seconds]).toEqual(['no_trend', Infinity]);
  expect((r.nextResetAt! - 164 * H) / H).toBeCloseTo(4, 0);
});

it.each([28, 30])(
  'a reset overdue (last one %i h ago, every 24 h): the crossing is declared, no next reset given',
  (age) => {
    const r = answer(age);
    expect(r.verdict).toBe('within');
    // 100 + 5 x age toward 260: 4 h left at 28 h, 2 h at 30 h (the teeth's noise moves it a little).
    expect(r.seconds / 3600).toBeGreaterThan(0);
    expect(r.seconds / 3600).toBeLessThan(6);
    expect(r.nextResetAt).toBeUndefined();
  }
);

it('a reset due at the evaluation time itself is not overdue: its sample may not show it yet', () => {
  // The last reset 24 h before the end, every 24 h: the next one is due on the last sample.
  const r = answer(24);
  expect([r.verdict, r.seconds]).toEqual(['no_trend', Infinity]);
  expect(r.nextResetAt! / H).toBeCloseTo(168, 0);
});
