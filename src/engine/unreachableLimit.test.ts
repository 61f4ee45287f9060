/**
 * A limit the series can never reach is refused in one line, never answered with a crossing time: a
 * rising ratio (a CPU utilisation) asked when it reaches 1.05 got "within 14 h" before.
 */
import { matrixEnv } from './context';
import { KindedError } from './errors';
import { evaluate } from './evaluate';

const MIN = 60_000;
const STEP = 10 * MIN;
const n = 3 * 24 * 6;
// A ratio rising from 0.3 to 0.9 over three days, with a small wobble.
const values = Float64Array.from({ length: n }, (_, i) => 0.3 + (0.6 * i) / n + 0.02 * Math.sin(i / 10));
const env = () => matrixEnv({ from: 0, step: STEP, series: [{ labels: {}, values }] });
const at = { step: STEP, points: [(n - 1) * STEP] };
const call = (capacity: number, options: Record<string, unknown>) => ({
  func: 'time_to_exhaustion' as const,
  inner: 'm',
  capacity,
  options: { step: STEP, ...options },
});

it.each([
  [
    'a ratio by its unit, above 1',
    1.05,
    { unit: 'percentunit' },
    /^limit 1\.05 is above the largest possible value 1 \(a ratio never exceeds 1\): it can never be reached$/,
  ],
  [
    'a ratio by its name, below 0',
    -0.1,
    { metric: 'instance:node_cpu_utilisation:rate5m', direction: 'down' },
    /^limit -0\.1 is below the smallest possible value 0 \(a ratio is never negative\)/,
  ],
  [
    "above the user's max=",
    0.95,
    { max: 0.92 },
    /^limit 0\.95 is above the largest possible value 0\.92 \(max=0\.92\)/,
  ],
])('%s: a one-line bad_input error, no crossing time', async (_, capacity, options, message) => {
  const answer = evaluate(call(capacity, options), at, env());
  await expect(answer).rejects.toThrow(KindedError);
  await expect(answer).rejects.toThrow(message);
});

it.each([
  ['the ratio reaching 1 itself', 1, { unit: 'percentunit' }],
  ['a limit above 1 with no unit or name saying ratio', 1.05, {}],
  ['a floor below 0 on a series only seen positive (no unit): it may go negative', -0.1, { direction: 'down' }],
])('%s: answered', async (_, capacity, options) => {
  const [s] = await evaluate(call(capacity, options), at, env());
  expect(s.values[0]).toBeGreaterThanOrEqual(0);
});
