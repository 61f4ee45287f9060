/**
 * A sustained incident stays flagged through the companion for as long as it lasts, the band after
 * it matches the band before, and `adapt_after=` bounds how long a permanent shift stays anomalous.
 * In-process, with an upstream answering from a fixed one-minute CPU series with a daily cycle.
 */
import type { EngineEnv } from '../../../src/engine/context';
import { mulberry32 } from '../../../src/ml/core/prng';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import type { Upstream } from '../upstream/types';
import type { DerivedQuery } from './ast';
import { evaluateRange } from './evaluate';
import { parseQuery } from './parser';

jest.setTimeout(10 * 60_000);

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 0, 1);
const N = 5 * 24 * 60;
// The incident: from day 4, 10:00, for one hour.
const INCIDENT = T0 + 4 * DAY + 10 * HOUR;

function cpu(shift: (t: number) => number): Float64Array {
  const rnd = mulberry32(5);
  return Float64Array.from({ length: N }, (_, i) => {
    const t = T0 + i * MIN;
    return 25 + 10 * Math.sin((2 * Math.PI * i) / 1440) + 2 * (rnd() - 0.5) + shift(t);
  });
}

function upstreamOf(values: Float64Array): Upstream {
  return memoryUpstream([{ labels: { __name__: 'cpu', job: 'a' }, values }], T0, MIN);
}

function env(values: Float64Array): EngineEnv {
  return companionEnv(
    upstreamOf(values),
    { step: MIN, train: 3 * DAY, refit: HOUR, level: 0.95 },
    () => T0 + N * MIN + DAY
  );
}

/** The companion's values of `expr` every minute over [from, to], by time. */
async function values(v: Float64Array, expr: string, from: number, to: number): Promise<Map<number, number>> {
  const m = await evaluateRange(parseQuery(expr) as DerivedQuery, from, to, MIN, env(v));
  return new Map((m.result[0]?.values ?? []).map(([t, x]) => [Math.round(t * 1000), Number(x)]));
}

describe('sustained incidents through the companion', () => {
  test('a one-hour jump from about 25 to 75 % scores above 0.9 for the whole hour; the band after it matches the band before', async () => {
    const v = cpu((t) => (t >= INCIDENT && t < INCIDENT + HOUR ? 50 : 0));
    const score = await values(v, 'anomaly_score(cpu, "step=1m")', INCIDENT, INCIDENT + HOUR - MIN);
    const during = [...score.values()];
    expect(during).toHaveLength(60);
    expect(Math.min(...during)).toBeGreaterThan(0.9);
    const width = async (at: number) => {
      const up = await values(v, 'anomaly_upper(cpu, "step=1m")', at, at);
      const lo = await values(v, 'anomaly_lower(cpu, "step=1m")', at, at);
      return up.get(at)! - lo.get(at)!;
    };
    // The same time of day, one day apart (before) and two hours after the incident ended.
    const before = await width(INCIDENT - DAY + 3 * HOUR);
    const after = await width(INCIDENT + 3 * HOUR);
    expect(Math.abs(after - before) / before).toBeLessThan(0.1);
  });

  test('a permanent shift stays flagged until adapt_after, then becomes the new normal', async () => {
    const v = cpu((t) => (t >= INCIDENT ? 50 : 0));
    const score = await values(v, 'anomaly_score(cpu, "step=1m adapt_after=2h")', INCIDENT, INCIDENT + 4 * HOUR);
    const at = (ms: number) => score.get(INCIDENT + ms)!;
    for (let t = 0; t < 2 * HOUR; t += MIN) {
      expect([t / MIN, at(t) > 0.9]).toEqual([t / MIN, true]);
    }
    // Accepted once adapt_after has passed: quiet within the hour after it.
    const later = [...score.entries()].filter(([t]) => t >= INCIDENT + 3 * HOUR).map(([, x]) => x);
    expect(Math.max(...later)).toBeLessThan(0.9);
  });
});
