/**
 * A forecast, trend or time to exhaustion made after a restart follows the tooth since the restart,
 * never the one before it: a fit made before the restart is not projected past it (the series refits
 * at the jump); the forecast, the trend and time to exhaustion carry the tooth before the restart (its
 * leak rate) across it when it filled steadily, and otherwise until 3 points follow the restart a
 * forecast has no value, with a counted warning that names the reset. Before, `forecast(mem, 1h, "train=1d step=15m")` read the tooth before the demo's
 * 12:00 restart (830 MB) until the next hourly refit while the memory read 320 MB.
 */
import type { EngineEnv } from '../../../src/engine/context';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import type { DerivedQuery } from './ast';
import { evaluateInstant, evaluateRange } from './evaluate';
import { parseQuery } from './parser';

const MIN = 60_000;
const MB = 1e6;
const T0 = Date.UTC(2024, 0, 1);
const TOOTH = 60 * 60; // minutes between restarts
const OFFSET = 20; // restarts at 20 past the hour: between two hourly refits
const RESET = 3 * TOOTH + OFFSET;
const N = RESET + 3 * 60;
// A leak from 320 MB at 8.5 MB/h (830 MB before each restart), with a little noise.
const values = Float64Array.from(
  { length: N },
  (_, i) => 320 * MB + (((i - OFFSET + TOOTH) % TOOTH) / 60) * 8.5 * MB + 2 * MB * Math.sin(i * 1.7)
);
const upstream = memoryUpstream([{ labels: { instance: 'api-1' }, values }], T0, MIN);

function envAt(): EngineEnv {
  return companionEnv(
    upstream,
    { step: MIN, train: 86_400_000, refit: 3_600_000, level: 0.95 },
    () => T0 + 2 * N * MIN
  );
}

async function instant(expr: string, minute: number): Promise<{ value?: number; warnings: string[] }> {
  const env = envAt();
  const out = await evaluateInstant(parseQuery(expr) as DerivedQuery, T0 + minute * MIN, env);
  const r = out.result[0];
  return { ...(r ? { value: Number(r.value[1]) } : {}), warnings: env.warnings?.list() ?? [] };
}

describe.each([
  ['train=1d step=15m', 15],
  ['train=1d step=15m refit=15m', 15],
  ['train=1d step=5m', 5],
])('after a restart (%s)', (opts, stepMin) => {
  // A grid of step s sees the restart at its first point after it (12:30 at 15 min, 12:20 at 5 min).
  const seen = Math.ceil(RESET / stepMin) * stepMin;
  test('forecast never extrapolates the tooth before it: no value with a warning, or the new tooth', async () => {
    const answers: string[] = [];
    for (let m = seen; m <= RESET + 90; m += 5) {
      const { value, warnings } = await instant(`forecast(mem, 1h, "${opts}")`, m);
      if (value === undefined) {
        expect(warnings.join('\n')).toMatch(
          /forecast: no value at 1 of 1 steps .*too few points to fit.*since the reset/
        );
      } else {
        answers.push(`${m - RESET}: ${(value / MB).toFixed(0)}`);
        expect(value).toBeLessThan(400 * MB); // the new tooth: 320-335 MB; the old one was 830 MB
      }
    }
    expect(answers.length).toBeGreaterThan(8); // and the answer comes back within the hour
  });
});

test('a range query over the restart: a value at every step, the new tooth with the leak carried', async () => {
  // The tooth before the restart filled steadily, so the forecast carries it as time to exhaustion does
  // (forecast/youngSegment.ts carriedSegment): before, no value until 3 points followed the restart.
  const env = envAt();
  const q = parseQuery('forecast(mem, 1h, "train=1d step=15m")') as DerivedQuery;
  const from = T0 + (RESET - 60) * MIN;
  const out = await evaluateRange(q, from - (from % (15 * MIN)), T0 + (RESET + 90) * MIN, 15 * MIN, env);
  expect((env.warnings?.list() ?? []).join('\n')).not.toMatch(/no value/);
  const after = out.result[0].values.filter(([t]) => t * 1000 >= T0 + RESET * MIN);
  expect(after).toHaveLength(6); // 12:30 to 13:45: the grid sees the 12:20 restart at 12:30
  for (const [t, v] of after) {
    // An hour ahead of the tooth since the restart: 320 MB plus 8.5 MB per hour since it, plus one.
    const hours = (t * 1000 - T0 - RESET * MIN) / 3_600_000 + 1;
    expect(Math.abs(Number(v) / MB - (320 + 8.5 * hours))).toBeLessThan(15);
  }
});

test('the warning names the reset and the steps with no value in a range query, when no tooth is carried', async () => {
  // Flat for most of each tooth, then a burst in its last 12 hours: the tooth did not fill steadily in
  // each quarter, so nothing is carried across the restart (tte/carryRate.ts carriedAcrossReset).
  const burst = Float64Array.from({ length: N }, (_, i) => {
    const minute = (i - OFFSET + TOOTH) % TOOTH;
    return 320 * MB + Math.max(0, minute - (TOOTH - 720)) * (17 / 60) * MB + 2 * MB * Math.sin(i * 1.7);
  });
  const env = companionEnv(
    memoryUpstream([{ labels: { instance: 'api-1' }, values: burst }], T0, MIN),
    { step: MIN, train: 86_400_000, refit: 3_600_000, level: 0.95 },
    () => T0 + 2 * N * MIN
  );
  const q = parseQuery('forecast(mem, 1h, "train=1d step=15m")') as DerivedQuery;
  const from = T0 + (RESET - 60) * MIN;
  const out = await evaluateRange(q, from - (from % (15 * MIN)), T0 + (RESET + 90) * MIN, 15 * MIN, env);
  const warnings = env.warnings?.list() ?? [];
  expect(out.result).toHaveLength(1);
  expect(warnings.join('\n')).toMatch(
    /^forecast: no value at \d of \d+ steps \(first at 2024-01-08 12:30 UTC, last at .*\): too few points to fit/m
  );
  expect(warnings.join('\n')).toContain('since the reset');
});

test('the trend carries the leak across the restart: a value at every step, at the rate of the teeth', async () => {
  // A restart frees memory, it does not stop the leak (8.5 MB/h = 2,361 B/s): before, the trend had no
  // value until 10 points followed the restart, and the leak alert that reads it resolved.
  const env = envAt();
  const q = parseQuery('trend_slope(mem, "train=1d step=15m")') as DerivedQuery;
  const from = T0 + (RESET - 60) * MIN;
  const out = await evaluateRange(q, from - (from % (15 * MIN)), T0 + (RESET + 90) * MIN, 15 * MIN, env);
  expect((env.warnings?.list() ?? []).join('\n')).not.toMatch(/no value/);
  expect(out.result[0].values).toHaveLength(11);
  for (const [, v] of out.result[0].values) {
    expect(Math.abs(Number(v) / (8.5e6 / 3600) - 1)).toBeLessThan(0.05);
  }
});

test('time to exhaustion right after the restart carries the leak rate of the tooth before it, and says so', async () => {
  // One point after the restart: the tooth before it, cut by the day's window, is carried (carryRate.ts
  // carriedAcrossReset, carryPartialTooth: the restart landed far from where the window began), as the
  // trend above carries it. Before, no value ("too few points to fit"). Truth: (1000 - 320) MB at 8.5 MB/h.
  const { value, warnings } = await instant('time_to_exhaustion(mem, 1e9, "train=1d step=15m")', RESET + 12);
  const truth = ((1000 - 320) / 8.5) * 3600 - 12 * 60;
  expect(Math.abs(value! / truth - 1)).toBeLessThan(0.05);
  expect(warnings.join('\n')).toMatch(/too young to show its own rate: judged with the steady tooth before it/);
});

test('before the restart nothing is withheld', async () => {
  const { value, warnings } = await instant('forecast(mem, 1h, "train=1d step=15m")', RESET - 2);
  expect(value).toBeGreaterThan(800 * MB);
  expect(warnings.join('\n')).not.toMatch(/too few points/);
});
