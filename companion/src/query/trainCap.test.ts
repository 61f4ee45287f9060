/**
 * A training window longer than the engine's limit of points is cut to its last points, and the
 * answer says so with the counts (limits.maxTrainPoints, the engine's 10,000 by default), for windowed fits and detectors alike; a window within the limit says nothing.
 * Time to exhaustion (and a trend test told its direction) reads such a window at a coarser step
 * instead (src/engine/trainingStep.ts): nothing is cut, nothing to say.
 */
import type { EngineEnv } from '../../../src/engine/context';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import type { DerivedQuery } from './ast';
import { evaluateInstant } from './evaluate';
import { parseQuery } from './parser';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const N = 12_000;
const values = Float64Array.from({ length: N }, (_, i) => 100 + 0.01 * i + Math.sin(i / 50));
const upstream = memoryUpstream([{ labels: { job: 'a' }, values }], T0, MIN);

async function warningsOf(expr: string): Promise<string[]> {
  const env: EngineEnv = companionEnv(
    upstream,
    { step: MIN, train: 3 * 86_400_000, refit: 3_600_000, level: 0.95 },
    () => T0 + 2 * N * MIN
  );
  await evaluateInstant(parseQuery(expr) as DerivedQuery, T0 + (N - 1) * MIN, env);
  return env.warnings?.list() ?? [];
}

const CUT =
  'the training window of 11,520 points at step 60s was cut to its last 10,000 (6.9 d), the limit of training ' +
  'points (1,520 points not used); use a larger step= or a shorter train=';

test.each([
  'forecast(disk, 1h, "train=8d model=linear")',
  'trend_slope(disk, "train=8d")',
  'anomaly_score(disk, "train=8d model=mad")',
])('%s says the window was cut, with the counts', async (expr) => {
  expect(await warningsOf(expr)).toContain(CUT);
});

test('a window within the limit says nothing about it', async () => {
  expect(await warningsOf('trend_slope(disk, "train=6d")')).toEqual([]);
});

test.each(['time_to_exhaustion(disk, 1000, "train=8d")', 'trend_slope(disk, "train=8d direction=up")'])(
  '%s reads the 8 days every 2 minutes instead: nothing cut, no warning',
  async (expr) => {
    expect(await warningsOf(expr)).toEqual([]);
  }
);
