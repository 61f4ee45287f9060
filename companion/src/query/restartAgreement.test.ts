/**
 * After each restart of the demo's api-1 (it leaks 6 MB/h and is restarted every 3.5 days),
 * `forecast`, `trend_slope` and `time_to_exhaustion` read the same leak at 20 minutes, 30 minutes and
 * an hour, as they do at one minute. Before, the tooth before the restart was carried only when each
 * quarter of it passed its own Mann-Kendall test: a quarter holds 9-11 half-hours (5 hours), and the
 * garbage-collection sawtooth put one at p = 0.01-0.03 (at an hour no quarter of 5 points can pass
 * 0.005), so time to exhaustion said +Inf beside a trend_slope of 115-150 MB/day and a forecast of
 * 170-578 MB for a truth of about 470-500 (tte/toothGate.ts).
 */
import { companionEnv } from '../../../tests/support/memoryUpstream';
import { DemoUpstream } from '../upstream/demo/demoUpstream';
import type { DerivedQuery } from './ast';
import { evaluateInstant } from './evaluate';
import { parseQuery } from './parser';

jest.setTimeout(10 * 60_000);

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TOOTH = 3.5 * DAY;
const LEAK = 6e6 / 3600; // B/s
const MEM = 'process_resident_memory_bytes{instance="api-1:8080"}';
const END = Date.UTC(2026, 11, 7, 11, 30);
const upstream = new DemoUpstream(() => END);

async function instant(expr: string, at: number): Promise<number> {
  const env = companionEnv(upstream, { step: MIN, train: DAY, refit: HOUR, level: 0.95 }, () => END);
  const out = await evaluateInstant(parseQuery(expr) as DerivedQuery, at, env);
  const value = out.result[0]?.value[1];
  return value === undefined ? NaN : value === '+Inf' ? Infinity : Number(value);
}

// The four restarts in the demo's last two weeks: 11-26 00:00, 11-29 12:00, 12-03 00:00, 12-06 12:00.
const restarts = [4, 3, 2, 1].map((k) => (Math.floor(END / TOOTH) - k + 1) * TOOTH);

test.each([20, 30, 60])(
  'at %i minutes the three functions read the leak one to four hours after each restart',
  async (stepMin) => {
    const opts = `"train=1d step=${stepMin}m"`;
    const off: string[] = [];
    for (const restart of restarts) {
      for (const hours of [1, 2, 3, 4]) {
        const at = restart + hours * HOUR;
        const level = 322.5e6 + hours * 6e6; // the generator's, without its noise
        const rates = {
          forecast: ((await instant(`forecast(${MEM}, 1d, ${opts})`, at)) - level) / (DAY / 1000),
          trend_slope: await instant(`trend_slope(${MEM}, ${opts})`, at),
          time_to_exhaustion: (1e9 - level) / (await instant(`time_to_exhaustion(${MEM}, 1e9, ${opts})`, at)),
        };
        for (const [name, rate] of Object.entries(rates)) {
          if (!(Math.abs(rate / LEAK - 1) < 0.25)) {
            off.push(`${new Date(at).toISOString()} ${name}: ${((rate * 86_400) / 1e6).toFixed(0)} MB/day`);
          }
        }
      }
    }
    expect(off).toEqual([]);
  }
);
