/**
 * A traffic series whose daily cycle rises sharply at 07:00 (from 46 to 300 requests/s in one step) is
 * not restarted every morning. With a one-day window the reset detector sees one rise, after a stretch
 * that falls significantly, and took it for a reset: `trend_slope(x, "train=1d step=5m")` had no value
 * at 07:00-07:40 (18 of 576 steps over two days) and `forecast` at 07:00-07:05 (4 of 576), each
 * counted in a warning; an alert on the series lost those points.
 */
import type { EngineEnv } from '../../../src/engine/context';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import type { DerivedQuery } from './ast';
import { evaluateRange } from './evaluate';
import { parseQuery } from './parser';

const MIN = 60_000;
const STEP = 5 * MIN;
const DAY = 1440 * MIN;
const T0 = Date.UTC(2024, 0, 1);
const DAYS = 5;

function hash(i: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}
/** Requests per second: low at night, a sharp rise at 07:00, a midday plateau, an evening decline. */
function traffic(i: number): number {
  const h = ((i * STEP) % DAY) / (60 * MIN);
  let base: number;
  if (h < 7) {base = 60 - 2 * h;}
  else if (h < 12) {base = 300 + 20 * (h - 7);}
  else if (h < 18) {base = 400;}
  else {base = 400 - (340 * (h - 18)) / 6;}
  return base * (1 + 0.04 * hash(i));
}
const N = (DAYS * DAY) / STEP;
const values = Float64Array.from({ length: N }, (_, i) => traffic(i));
const upstream = memoryUpstream([{ labels: { job: 'web' }, values }], T0, STEP);

function env(): EngineEnv {
  return companionEnv(upstream, { step: STEP, train: DAY, refit: 3_600_000, level: 0.95 }, () => T0 + 2 * N * STEP);
}

test.each(['trend_slope(x, "train=1d step=5m")', 'forecast(x, 1h, "train=1d step=5m")'])(
  '%s has a value at every step of two days, with no reset',
  async (expr) => {
    const e = env();
    const from = T0 + 3 * DAY;
    const out = await evaluateRange(parseQuery(expr) as DerivedQuery, from, from + 2 * DAY - STEP, STEP, e);
    expect(out.result[0]?.values).toHaveLength(576);
    expect((e.warnings?.list() ?? []).join('\n')).not.toMatch(/no value|reset/);
  }
);
