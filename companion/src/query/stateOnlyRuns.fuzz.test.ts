/**
 * Fuzz: runs asked late first (state-only lead-in) answer as runs asked from the block's start,
 * with rules (side, floors, valid range), adaptAfter, a settle window (unsettled tail), and later
 * queries asking earlier points.
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
const TRAIN = 2 * HOUR;
const BLOCK = 24 * HOUR;
const END = Math.floor(Date.UTC(2024, 0, 10) / BLOCK) * BLOCK + BLOCK - HOUR;
const N = 2 * 24 * 60;
const T0 = END - (N - 1) * MIN;

function series(seed: number): Float64Array {
  const r = mulberry32(seed);
  let level = 0;
  return Float64Array.from({ length: N }, (_, i) => {
    if (r() < 0.003) {
      level += (r() - 0.5) * 40;
    }
    let x = 50 + level + 10 * Math.sin((2 * Math.PI * i) / 1440) + 2 * r();
    if (r() < 0.01) {
      x += (r() - 0.5) * 60;
    }
    if (r() < 0.01) {
      x = NaN;
    }
    return seed % 2 ? x - 80 : x;
  });
}

const grid = (from: number, to: number) => ({
  step: MIN,
  points: Array.from({ length: Math.round((to - from) / MIN) + 1 }, (_, i) => from + i * MIN),
});
const plain = (ds: DetectionOnGrid[]) =>
  ds.map((d) => ({
    labels: d.labels,
    ...(Object.fromEntries(DETECT_OUTPUTS.map((o) => [o, Array.from(d.outputs[o])])) as Record<DetectOutput, number[]>),
  }));
const defaults = { step: MIN, train: 3 * 86_400_000, refit: HOUR, sensitivity: 0.5, level: 0.95 };

test.each(Array.from({ length: Number(process.env.FUZZ_CASES ?? 2) }, (_, k) => k + 1))(
  'engine fuzz %i',
  async (seed) => {
    const r = mulberry32(seed * 7);
    const upstream = memoryUpstream(
      [1, 2, 3].map((k) => ({ labels: { __name__: 'x', instance: `i${k}` }, values: series(seed * 10 + k) })),
      T0,
      MIN
    );
    const settleMs = r() < 0.5 ? 0 : 30 * MIN;
    const envOf = (): EngineEnv => ({ ...companionEnv(upstream, defaults, () => END + 10 * MIN), settleMs });
    const options: FunctionCall['options'] = { train: TRAIN, sensitivity: r() };
    if (r() < 0.5) {
      options.side = r() < 0.5 ? 'above' : 'below';
    }
    if (r() < 0.5) {
      options.minAbs = r() * 20;
    }
    if (r() < 0.3) {
      options.minRel = r() * 0.3;
    }
    if (r() < 0.4) {
      options.validMax = 70;
    }
    if (r() < 0.4) {
      options.validMin = -100;
    }
    options.adaptAfter = [0, 5 * MIN, HOUR, undefined][Math.floor(r() * 4)];
    const call: FunctionCall = { func: 'anomaly_score', inner: 'x', options };
    const all = grid(T0, END);
    const full = plain(await detectAllOnGrid(call, all, envOf()));
    const slice = (ds: ReturnType<typeof plain>, from: number, n: number) =>
      ds.map((d) => ({ ...d, ...Object.fromEntries(DETECT_OUTPUTS.map((o) => [o, d[o].slice(from, from + n)])) }));
    const env = envOf();
    // Late first, then earlier, then all.
    for (const [a, b] of [
      [END - 90 * MIN, END],
      [END - 20 * HOUR, END - 10 * HOUR],
      [END - 30 * HOUR, END - 29 * HOUR],
      [T0, END],
    ]) {
      const got = plain(await detectAllOnGrid(call, grid(a, b), env));
      const i = Math.round((a - T0) / MIN);
      expect(got).toEqual(slice(full, i, Math.round((b - a) / MIN) + 1));
    }
  },
  600_000
);
