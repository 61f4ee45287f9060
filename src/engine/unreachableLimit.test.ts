/**
 * A limit the series can never reach is refused in one line, never answered with a crossing time: a
 * rising ratio (a CPU utilisation) asked when it reaches 1.05 got "within 14 h" before.
 */
import { matrixEnv } from './context';
import { KindedError } from './errors';
import { evaluate, evaluateMatrix } from './evaluate';
import { exhaustionAnswers } from './exhaustionAnswer';

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
    "an amount of bytes (the panel's field unit), below 0",
    -0.1,
    { unit: 'bytes', direction: 'down' },
    /^limit -0\.1 B is below the smallest possible value 0 B \(an amount of bytes is never negative\): it can never be reached$/,
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

describe('a selector whose series are refused one by one', () => {
  // Three series under unit=percentunit: two ratios in [0, 1] (refused at 1.05), and one that exceeds
  // 1 (no ratio after all: no bound inferred, answered).
  const above = Float64Array.from(values, (x) => x + 0.5);
  const three = () =>
    matrixEnv({
      from: 0,
      step: STEP,
      series: [
        { labels: { __name__: 'm', instance: 'a' }, values },
        { labels: { __name__: 'm', instance: 'b' }, values: above },
        { labels: { __name__: 'm', instance: 'c' }, values },
      ],
    });
  const q = call(1.05, { unit: 'percentunit' });
  const refusal =
    /^time_to_exhaustion: 2 of 3 series refused: m\{instance="a"\}: limit 1\.05 is above the largest possible value 1 \(a ratio never exceeds 1\): it can never be reached; m\{instance="c"\}: limit 1\.05/;

  it('a query answers the series that can reach the limit; the refused get no value and a counted warning naming them', async () => {
    const e = three();
    const out = await evaluate(q, at, e);
    const byInstance = Object.fromEntries(out.map((s) => [s.labels.instance, s.values[0]]));
    expect(byInstance.b).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(byInstance.a ?? NaN) && Number.isNaN(byInstance.c ?? NaN)).toBe(true);
    expect(e.warnings!.list()).toEqual(expect.arrayContaining([expect.stringMatching(refusal)]));
  });

  it("the worker's path (the data source without a companion): the same values and warning", async () => {
    const [r] = await evaluateMatrix(
      {
        from: 0,
        step: STEP,
        series: [
          { labels: { instance: 'a' }, values },
          { labels: { instance: 'b' }, values: above },
        ],
      },
      [q],
      at.points
    );
    expect(r.series.filter((s) => !Number.isNaN(s.values[0])).map((s) => s.labels.instance)).toEqual(['b']);
    expect(r.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^time_to_exhaustion: 1 of 2 series refused: \{instance="a"\}: /)])
    );
  });

  it("the exhaustion endpoint's answer (the CLI's and the home page's) leaves the refused series out, with the same warning", async () => {
    const e = three();
    const rows = await exhaustionAnswers(q, at.points[0], e, { trend: false });
    expect(rows.map((r) => r.labels.instance)).toEqual(['b']);
    expect(rows[0].exhaustion?.verdict).toBeDefined();
    expect(e.warnings!.list()).toEqual(expect.arrayContaining([expect.stringMatching(refusal)]));
  });

  it('every series refused: the query fails with the refusal, in the one line a single series gets', async () => {
    const both = matrixEnv({
      from: 0,
      step: STEP,
      series: [
        { labels: { instance: 'a' }, values },
        { labels: { instance: 'c' }, values },
      ],
    });
    await expect(evaluate(q, at, both)).rejects.toThrow(
      /^limit 1\.05 is above the largest possible value 1 \(a ratio never exceeds 1\): it can never be reached$/
    );
  });
});
