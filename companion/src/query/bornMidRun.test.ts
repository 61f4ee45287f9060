/**
 * A series first seen after a run began, read back later from points before the run's first query:
 * the answer must be the run's as extended (what a run that kept every output answered), not that of
 * a run fed again from its start, whose detector for that series would have started at the run's
 * start rather than where the series appeared.
 */
import { mulberry32 } from '../../../src/ml/core/prng';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import type { EngineEnv } from '../../../src/engine/context';
import {
  type DetectionOnGrid,
  type DetectOutput,
  detectAllOnGrid,
  DETECT_OUTPUTS,
} from '../../../src/engine/detectRuns';
import type { FunctionCall } from '../../../src/engine/query';

const MIN = 60_000;
const HOUR = 60 * MIN;
const BLOCK = 24 * HOUR;
const END = Math.floor(Date.UTC(2024, 0, 10) / BLOCK) * BLOCK + BLOCK - HOUR;
const N = 2 * 24 * 60;
const T0 = END - (N - 1) * MIN;
// Series b's first sample: after the first scan, within the same run.
const BORN = N - 200;

function series(seed: number, bornAt = 0): Float64Array {
  const rnd = mulberry32(seed);
  return Float64Array.from({ length: N }, (_, i) =>
    i < bornAt ? NaN : 50 + 10 * Math.sin((2 * Math.PI * i) / 1440) + 2 * rnd() + (i % 97 === 50 ? 30 : 0)
  );
}

const upstream = memoryUpstream(
  [
    { labels: { __name__: 'x', instance: 'a' }, values: series(1) },
    { labels: { __name__: 'x', instance: 'b' }, values: series(2, BORN) },
  ],
  T0,
  MIN
);
const defaults = { step: MIN, train: 3 * 86_400_000, refit: HOUR, sensitivity: 0.5, level: 0.95 };
const call: FunctionCall = { func: 'anomaly_score', inner: 'x', options: { train: 2 * HOUR } };
const grid = (from: number, to: number) => ({
  step: MIN,
  points: Array.from({ length: Math.round((to - from) / MIN) + 1 }, (_, i) => from + i * MIN),
});
const plain = (ds: DetectionOnGrid[]) =>
  ds.map((d) => ({
    labels: d.labels,
    ...(Object.fromEntries(DETECT_OUTPUTS.map((o) => [o, Array.from(d.outputs[o])])) as Record<DetectOutput, number[]>),
  }));

/** A companion whose clock is first at `now1`, then at END; `first` is asked at now1, then the same at END, then the day. */
async function sequence(first: (now: number) => ReturnType<typeof grid>) {
  let now = END - 6 * HOUR;
  const env: EngineEnv = companionEnv(upstream, defaults, () => now);
  await detectAllOnGrid(call, first(now), env);
  now = END;
  await detectAllOnGrid(call, first(now), env);
  return plain(await detectAllOnGrid(call, grid(END - 20 * HOUR, END), env));
}

test('a series first seen mid-run answers as the extended run, whatever the first query asked', async () => {
  const afterScans = await sequence((now) => grid(now - 2 * HOUR, now));
  const afterDays = await sequence((now) => grid(now - 20 * HOUR, now));
  expect(afterScans.map((d) => d.labels.instance)).toEqual(['a', 'b']);
  expect(afterScans).toEqual(afterDays);
}, 300_000);

test('a run evicted and fed again cold answers as the warm run: the series starts where it was first seen', async () => {
  const warm = await sequence((now) => grid(now - 2 * HOUR, now));
  // The same companion after its cache lost the run: one fed from the run's start in one window.
  const cold = plain(await detectAllOnGrid(call, grid(END - 20 * HOUR, END), companionEnv(upstream, defaults, () => END)));
  expect(cold.map((d) => d.labels.instance)).toEqual(['a', 'b']);
  expect(cold).toEqual(warm);
}, 300_000);
