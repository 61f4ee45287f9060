/**
 * Cached detector runs under memory pressure (detectRuns.ts, runOutputs.ts, byteLru.ts): a fleet of
 * runs fits a cache sized for their last RUN_KEEP_POINTS outputs, so a second scan finds every run;
 * and whatever the cache kept, cut or evicted, every output of every query equals a cold run's.
 */
import { mulberry32 } from '../../../src/ml/core/prng';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import type { EngineEnv } from '../../../src/engine/context';
import {
  type DetectionOnGrid,
  type DetectOutput,
  detectAllOnGrid,
  DETECT_OUTPUTS,
  RUN_KEEP_POINTS,
} from '../../../src/engine/detectRuns';
import { RUN_CHUNK_OVERHEAD_BYTES, RUN_CHUNK_POINTS, RUN_POINT_BYTES } from '../../../src/engine/runOutputs';
import type { FunctionCall } from '../../../src/engine/query';

const MIN = 60_000;
const HOUR = 60 * MIN;
const TRAIN = 4 * HOUR;
// Lead-in three 4 h windows (12 h), blocks of four lead-ins (48 h): the data ends an hour before a
// block's end, so each run holds nearly a whole block, and its 4 days cross a block boundary.
const BLOCK = 48 * HOUR;
const END = Math.floor(Date.UTC(2024, 0, 10) / BLOCK) * BLOCK + BLOCK - HOUR;
const N = 4 * 24 * 60;
const T0 = END - (N - 1) * MIN;
const SHARDS = 6;

function series(seed: number, bornAt = 0): Float64Array {
  const rnd = mulberry32(seed);
  return Float64Array.from({ length: N }, (_, i) => {
    if (i < bornAt) {
      return NaN; // first seen mid-run
    }
    const level = i > N - 300 && seed % 2 === 0 ? 20 : 0;
    return 50 + 10 * Math.sin((2 * Math.PI * i) / 1440) + 2 * rnd() + level + (i % 997 === 500 ? 30 : 0);
  });
}

const upstream = memoryUpstream(
  [
    { labels: { __name__: 'x', instance: 'a' }, values: series(1) },
    { labels: { __name__: 'x', instance: 'b' }, values: series(2, 3000) },
  ],
  T0,
  MIN
);
const defaults = { step: MIN, train: 3 * 86_400_000, refit: HOUR, sensitivity: 0.5, level: 0.95 };
const envOf = (cacheBytes?: number, settleMs = 0): EngineEnv => ({
  ...companionEnv(upstream, defaults, () => END + 10 * MIN, cacheBytes),
  settleMs,
});
/** The memory upstream answers every inner query with both series: one run per shard's query. */
const call = (shard: number): FunctionCall => ({
  func: 'anomaly_score',
  inner: `x{shard="${shard}"}`,
  options: { train: TRAIN },
});
const grid = (from: number, to: number) => ({
  step: MIN,
  points: Array.from({ length: Math.round((to - from) / MIN) + 1 }, (_, i) => from + i * MIN),
});
const LAST_2H = grid(END - 2 * HOUR, END);
const ALL = grid(T0, END);

/** Every output of every series as plain arrays (NaN equals NaN in toEqual). */
const plain = (ds: DetectionOnGrid[]) =>
  ds.map((d) => ({
    labels: d.labels,
    members: d.members,
    ...(Object.fromEntries(DETECT_OUTPUTS.map((o) => [o, Array.from(d.outputs[o])])) as Record<DetectOutput, number[]>),
  }));
const cold = async (shard: number, g: ReturnType<typeof grid>) => plain(await detectAllOnGrid(call(shard), g, envOf()));

/** Counts the detector runs found in (and missing from) the cache. */
function countRuns(env: EngineEnv) {
  const n = { hit: 0, miss: 0 };
  const get = env.cache.get.bind(env.cache);
  env.cache.get = (key: string) => {
    const v = get(key);
    if (key.startsWith('detect\u0000')) {
      n[v ? 'hit' : 'miss']++;
    }
    return v;
  };
  return n;
}

/** A run of two series cut to `keep` points: whole chunks of outputs, and the detector (models.ts approxBytes). */
const runBound = (keep: number) =>
  64 +
  2 *
    ((keep / RUN_CHUNK_POINTS + 2) * (RUN_CHUNK_POINTS * RUN_POINT_BYTES + RUN_CHUNK_OVERHEAD_BYTES) +
      96 +
      200 +
      48 * (TRAIN / MIN) +
      1024);
const RUN_BOUND = runBound(RUN_KEEP_POINTS);

describe('detector runs in a cache under pressure', () => {
  test('a fleet fits a cache sized for the runs cut to their window: the second scan finds every run, and answers as cold', async () => {
    const env = envOf(SHARDS * RUN_BOUND);
    const runs = countRuns(env);
    const first = [];
    for (let k = 0; k < SHARDS; k++) {
      first.push(plain(await detectAllOnGrid(call(k), LAST_2H, env)));
    }
    expect(runs).toEqual({ hit: 0, miss: SHARDS });
    expect(env.cache.bytes).toBeLessThanOrEqual(SHARDS * RUN_BOUND);
    for (let k = 0; k < SHARDS; k++) {
      const again = plain(await detectAllOnGrid(call(k), LAST_2H, env));
      expect(again).toEqual(first[k]);
      expect(again).toEqual(await cold(k, LAST_2H));
    }
    expect(runs).toEqual({ hit: SHARDS, miss: SHARDS });
  }, 120_000);

  test('runs holding a day of outputs are cut to their last hours before any is evicted: the scan after a day finds every run', async () => {
    // A companion up for a day: each run holds the day's outputs, which RUN_KEEP_POINTS leaves whole
    // (a run of this test measured 183 KB so, and 87 KB cut to RUN_KEEP_MIN_POINTS): room for the
    // others cut, and the run in use (never cut) whole.
    const env = envOf((SHARDS - 1) * 100_000 + 200_000);
    const runs = countRuns(env);
    const DAY = grid(END - 24 * HOUR, END);
    for (let k = 0; k < SHARDS; k++) {
      await detectAllOnGrid(call(k), DAY, env);
    }
    expect(runs).toEqual({ hit: 0, miss: SHARDS });
    expect(runBound(RUN_KEEP_POINTS) * SHARDS).toBeGreaterThan(env.cache.maxBytes);
    expect(env.cache.evictions).toBe(0);
    for (let k = 0; k < SHARDS; k++) {
      expect(plain(await detectAllOnGrid(call(k), LAST_2H, env))).toEqual(await cold(k, LAST_2H));
    }
    expect(runs).toEqual({ hit: SHARDS, miss: SHARDS });
  }, 120_000);

  test('points the cache cut are computed again, equal to a cold run across chunk and block boundaries', async () => {
    const env = envOf(SHARDS * RUN_BOUND);
    for (let k = 0; k < SHARDS; k++) {
      await detectAllOnGrid(call(k), LAST_2H, env);
    }
    // Shard 0's run holds the outputs of the 2 hours asked of it (it keeps outputs from the first
    // point asked, and the cache may cut them to its window); four days reach back past them, into
    // the block before, across every chunk boundary.
    // Within shard 0's own block: points the run does not hold, so it is fed again from its start
    // and cached anew.
    let runsCached = 0;
    const set = env.cache.set.bind(env.cache);
    env.cache.set = (key: string, v) => {
      runsCached += key.startsWith('detect\u0000') ? 1 : 0;
      return set(key, v);
    };
    const block = grid(Math.floor(END / BLOCK) * BLOCK, END);
    expect(plain(await detectAllOnGrid(call(0), block, env))).toEqual(await cold(0, block));
    expect(runsCached).toBe(1);
    const all = plain(await detectAllOnGrid(call(0), ALL, env));
    expect(all).toEqual(await cold(0, ALL));
    expect(all[1].score.slice(0, 3000).every(Number.isNaN)).toBe(true); // series b, first seen mid-run
    expect(all[0].isAnomaly.some((v) => v === 1)).toBe(true);
    // Instant points on both sides of a chunk boundary inside the kept window, and the last point.
    const i = Math.ceil(RUN_KEEP_POINTS / 2 / RUN_CHUNK_POINTS) * RUN_CHUNK_POINTS;
    for (const t of [END - i * MIN, END - (i - 1) * MIN, END]) {
      expect(plain(await detectAllOnGrid(call(1), grid(t, t), env))).toEqual(await cold(1, grid(t, t)));
    }
  }, 120_000);

  test('a cache too small for one run, and unsettled points on copies, answer as a cold run', async () => {
    const tiny = envOf(RUN_BOUND / 4);
    expect(plain(await detectAllOnGrid(call(0), ALL, tiny))).toEqual(await cold(0, ALL));
    expect(plain(await detectAllOnGrid(call(0), LAST_2H, tiny))).toEqual(await cold(0, LAST_2H));
    // The last 3 hours are not settled: they run on copies of the cached run, never cached. The
    // recent window first: the history store then holds series "b" from later points only, and must
    // leave it out of an earlier window as a cold read does (historyStore.ts).
    const settling = envOf(undefined, 3 * HOUR);
    const all = await cold(0, ALL);
    expect(plain(await detectAllOnGrid(call(0), LAST_2H, settling))).toEqual(await cold(0, LAST_2H));
    expect(plain(await detectAllOnGrid(call(0), ALL, settling))).toEqual(all);
    expect(plain(await detectAllOnGrid(call(0), LAST_2H, settling))).toEqual(await cold(0, LAST_2H));
    expect(plain(await detectAllOnGrid(call(0), ALL, settling))).toEqual(all);
  }, 120_000);
});
