/**
 * A forecast over an incident, as a range query: the fits after the jump each carry the trailing
 * excursion's warning with its own figures. Before, each was listed (ten lines, then "and 33 more
 * warnings"); now one line per series counts the steps and gives the first and last.
 */
import { evaluateMatrix } from './evaluate';
import { StepWarnings } from './stepWarnings';

const MIN = 60_000;
const n = 2 * 1440;
const INCIDENT = 20;
// A daily cycle with deterministic noise; the last 20 minutes saturated near 0.95.
let seed = 7;
const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
const cpu = Float64Array.from({ length: n }, (_, i) =>
  i >= n - INCIDENT ? 0.94 + noise() : 0.45 + 0.1 * Math.sin((2 * Math.PI * i) / 1440) + noise()
);
const call = { func: 'forecast' as const, inner: 'm', horizon: 3_600_000, options: { step: MIN, model: 'linear' } };
// Every minute of the incident but its first (the detector flags it from there).
const points = Array.from({ length: INCIDENT - 1 }, (_, k) => (n - INCIDENT + 1 + k) * MIN);

it("the data source's range query: one line counting the steps that forecast past the excursion, the first and last", async () => {
  const [r] = await evaluateMatrix({ from: 0, step: MIN, series: [{ labels: {}, values: cpu }] }, [call], points);
  const excursion = r.warnings.filter((w) => /anomaly band/.test(w));
  expect(excursion).toEqual([
    expect.stringMatching(
      /^forecast: at 19 of 19 steps \(first at 1970-01-02 23:41 UTC, last at 1970-01-02 23:59 UTC\) the last samples were an excursion the models did not fit; at the last: last 20 samples \(20 min\) above the anomaly band, carried after 1 h: forecast from [\d.]+, band to 0\.9\d*$/
    ),
  ]);
  expect(r.warnings.some((w) => /more warnings$/.test(w))).toBe(false);
});

describe('StepWarnings', () => {
  const about = 'the last samples were an excursion the models did not fit';
  const at = (text: string) => ({ text, summary: about });

  it("one fit's words over many steps stand as they are (an instant query's, the panel's)", () => {
    const w = new StepWarnings();
    w.see('a', { pod: 'a' }, [MIN, 2 * MIN, 3 * MIN], at('last 2 samples …'));
    expect(w.notes('forecast')).toEqual([{ key: 'a', labels: { pod: 'a' }, text: 'last 2 samples …' }]);
  });

  it("several fits: one line per series, counted of every step answered, the last fit's words", () => {
    const w = new StepWarnings();
    w.see('a', { pod: 'a' }, [0], undefined);
    w.see('a', { pod: 'a' }, [MIN], at('last 2 samples …'));
    w.see('b', { pod: 'b' }, [MIN], at('last 5 samples …'));
    w.see('a', { pod: 'a' }, [3 * MIN, 2 * MIN], at('last 4 samples …'));
    expect(w.notes('forecast').map((n) => n.text)).toEqual([
      `forecast: at 3 of 4 steps (first at 1970-01-01 00:01 UTC, last at 1970-01-01 00:03 UTC) ${about}; at the last: last 4 samples …`,
      'last 5 samples …',
    ]);
  });
});
