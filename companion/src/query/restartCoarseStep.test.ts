/**
 * The demo api-1's restart (it leaks 6 MB/h and is restarted every 3.5 days) starts the segment at
 * coarse steps too, as it does at one minute:
 * - `trend_slope(mem, "train=1d step=30m")` read the restart as a fall of up to -5,100 B/s (32 of the
 *   337 half-hours over the week to 2026-12-07 11:30): a day at 30 minutes holds 48 points, fewer than
 *   the 50 the reset detector's rarity test asked per reset, so no restart was ever a reset there;
 * - `forecast(mem, 1d, "train=1d step=15m")` was flat (seasonal_naive) beside a "+132 MB/day" trend
 *   when 9-12 points of the tooth before the restart were left in the window: too few for their own
 *   Mann-Kendall test, while the 84 after it show the leak.
 */
import { companionEnv } from '../../../tests/support/memoryUpstream';
import { demoSeries } from '../upstream/demo/demoSeries';
import { DemoUpstream } from '../upstream/demo/demoUpstream';
import type { DerivedQuery } from './ast';
import { evaluateRange } from './evaluate';
import { parseQuery } from './parser';

jest.setTimeout(10 * 60_000);

const MIN = 60_000;
const DAY = 86_400_000;
const TOOTH = 3.5 * DAY;
const MEM = 'process_resident_memory_bytes{instance="api-1:8080"}';
const END = Date.UTC(2026, 11, 7, 11, 30);

function env() {
  return companionEnv(new DemoUpstream(() => END), { step: MIN, train: DAY, refit: 3_600_000, level: 0.95 }, () => END);
}

async function values(expr: string, from: number, to: number, step: number) {
  const e = env();
  const out = await evaluateRange(parseQuery(expr) as DerivedQuery, from, to, step, e);
  const points = out.result[0].values.map(([t, v]): [number, number] => [t * 1000, Number(v)]);
  return { points, warnings: (e.warnings?.list() ?? []).join('\n') };
}

test('trend_slope at 30 minutes reads the leak at every step of a week holding two restarts, or says why not', async () => {
  const { points, warnings } = await values(`trend_slope(${MEM}, "train=1d step=30m")`, END - 7 * DAY, END, 30 * MIN);
  const off = points.filter(([, s]) => !(Math.abs(s / (6e6 / 3600) - 1) < 0.3));
  expect(off.map(([t, s]) => `${new Date(t).toISOString()}: ${s.toFixed(0)} B/s`)).toEqual([]);
  // Any step without a value is in the 4.5 hours after a restart (too few points since it for a
  // trend, quarters of 11 half-hours too short to carry the tooth before it) and counted. Since a lone
  // jump in a day's window needs the values after it to show the new tooth, those steps read the whole
  // window's Sen slope (the leak) until they do: 337 of 337 have a value.
  const have = new Set(points.map(([t]) => t));
  for (let t = END - 7 * DAY; t <= END; t += 30 * MIN) {
    if (!have.has(t)) {
      expect(t % TOOTH).toBeLessThan(4.5 * 3_600_000 + 1);
    }
  }
  expect(points.length).toBeGreaterThan(337 - 2 * 10);
  if (points.length < 337) {
    expect(warnings).toMatch(new RegExp(`trend_slope: no value at ${337 - points.length} of 337 steps`));
  }
});

test('forecast at 15 minutes follows the leak while 9-12 points of the tooth before the restart remain', async () => {
  const restart = Math.floor(END / TOOTH) * TOOTH; // 2026-12-06 12:00
  // A day's window at 15 minutes holds 12 to 9 points before the restart from 21 h to 21 h 45 on.
  const from = restart + DAY - 12 * 15 * MIN;
  const { points } = await values(`forecast(${MEM}, 1d, "train=1d step=15m")`, from, from + 3 * 15 * MIN, 15 * MIN);
  expect(points).toHaveLength(4);
  const api1 = demoSeries().find(
    (s) => s.labels.__name__ === 'process_resident_memory_bytes' && s.labels.instance === 'api-1:8080'
  );
  // A day ahead: the leak's 144 MB on top of the value now (before, within 10 MB of it: a flat seasonal_naive).
  for (const [t, v] of points) {
    expect((v - api1!.at(t)) / 1e6).toBeGreaterThan(100);
    expect((v - api1!.at(t)) / 1e6).toBeLessThan(200);
  }
});

test.each([1, 5, 15])(
  'forecast at %i minutes carries the leak from the restart on, as time to exhaustion beside it does',
  async (stepMin) => {
    // Before, a day's window never carried the tooth before the restart (only a window of two days
    // did): no value at the restart's sample and the next ("too few points since the reset"), then
    // the segment alone, flat, for up to 2.75 hours (`npm run eval -- restartForecast`).
    const restart = Math.floor(END / TOOTH) * TOOTH; // 2026-12-06 12:00
    const step = stepMin * MIN;
    const from = restart;
    const to = restart + 3 * step;
    const opts = `"train=1d step=${stepMin}m"`;
    const fc = await values(`forecast(${MEM}, 1d, ${opts})`, from, to, step);
    const tte = await values(`time_to_exhaustion(${MEM}, 1e9, ${opts})`, from, to, step);
    expect(fc.points).toHaveLength(4);
    expect(tte.points).toHaveLength(4);
    const leakPerDay = (6e6 / 3600) * 86_400;
    for (const [[t, v], [, seconds]] of fc.points.map((p, k) => [p, tte.points[k]])) {
      const level = 322.5e6 + ((t - restart) / 3_600_000) * 6e6; // the generator's, without its noise
      // A day ahead: the leak's 144 MB on top of the level now (flat before), at time to exhaustion's rate.
      expect(Math.abs((v - level) / leakPerDay - 1)).toBeLessThan(0.25);
      expect(Math.abs((v - level) / 86_400 / ((1e9 - level) / seconds) - 1)).toBeLessThan(0.25);
    }
  }
);
