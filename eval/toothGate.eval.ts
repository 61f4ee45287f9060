/**
 * `npm run eval -- toothGate`: how often the carry gate (tte/toothGate.ts, the shipped carryGate 3 at
 * carryGateAlpha 0.005) carries a tooth, on seeded simulated teeth of 12-48 values, with the whole
 * tooth's Newey-West t judged against normal tails (before) and fixed-b critical values with
 * Student's small-sample quantile (after, models/fixedB.ts):
 * - no fill, where every carry is false (a false alarm after a restart that fixed nothing): an AR(1)
 *   wander (phi 0.5, 0.7, 0.9 per step), the same under a 25-unit sawtooth of period 7 (the demo's
 *   garbage collection seen every 20 minutes to an hour), and the sawtooth over noise of sd 3 alone;
 * - true fills, the demo's api-1 (6 MB/h under that 25 MB sawtooth, noise of sd 3 MB) at 1 h, 30 min
 *   and 20 min (6, 3 and 2 MB a step), where a carry is right.
 * 2,000 teeth a cell, hourly timestamps, direction up. Deterministic (Mulberry32 per cell). Prints the
 * table and writes eval/results/toothGate.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalQuantile } from '../src/ml/core/normal';
import { mulberry32 } from '../src/ml/core/prng';
import { fillsInEachPiece, type WholeCritical } from '../src/ml/tte/toothGate';
import { DEFAULT_TTE_SETTINGS } from '../src/ml/tte/settings';
import { table } from './forecast/table';

const HOUR = 3_600_000;
const REPS = 2_000;
const LENGTHS = [12, 16, 24, 32, 48];
const PIECES = 4;
const { carryGate: GATE, carryGateAlpha: ALPHA } = DEFAULT_TTE_SETTINGS;

/** The normal tails the whole tooth's t was judged against before. */
const normalCritical: WholeCritical = (alpha) => normalQuantile(1 - alpha);

type Shape = (rand: () => number, n: number) => Float64Array;

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** A stationary AR(1) of unit innovations. */
function wander(rand: () => number, n: number, phi: number): Float64Array {
  const v = new Float64Array(n);
  let x = gauss(rand) / Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) {
    v[i] = x;
    x = phi * x + gauss(rand);
  }
  return v;
}

/** The demo's garbage-collection sawtooth (25 units, period 7 steps) at a random phase, with noise of sd 3. */
function sawtooth(rand: () => number, n: number): Float64Array {
  const phase = Math.floor(7 * rand());
  return Float64Array.from({ length: n }, (_, i) => 25 * (((i + phase) % 7) / 7) + 3 * gauss(rand));
}

const SHAPES: Array<{ name: string; fills: boolean; shape: Shape }> = [
  ...[0.5, 0.7, 0.9].map((phi) => ({
    name: `wander, phi ${phi}`,
    fills: false,
    shape: (r: () => number, n: number) => wander(r, n, phi),
  })),
  ...[0.5, 0.9].map((phi) => ({
    name: `sawtooth + wander (sd 10), phi ${phi}`,
    fills: false,
    shape: (r: () => number, n: number) => {
      const w = wander(r, n, phi);
      const scale = 10 * Math.sqrt(1 - phi * phi);
      return sawtooth(r, n).map((x, i) => x + scale * w[i]);
    },
  })),
  { name: 'sawtooth, no trend', fills: false, shape: sawtooth },
  ...[
    ['1 h', 6],
    ['30 min', 3],
    ['20 min', 2],
  ].map(([step, perStep]) => ({
    name: `api-1 fill at ${step}`,
    fills: true,
    shape: (r: () => number, n: number) => sawtooth(r, n).map((x, i) => x + (perStep as number) * i),
  })),
];

/** Share of REPS teeth of `n` values drawn by `shape` that the gate carries with `critical`. */
function carried(shape: Shape, n: number, seed: number, critical?: WholeCritical): number {
  const t = Float64Array.from({ length: n }, (_, i) => i * HOUR);
  const ix = Array.from({ length: n }, (_, i) => i);
  let c = 0;
  for (let k = 0; k < REPS; k++) {
    const v = shape(mulberry32(seed * 100_003 + k), n);
    c += fillsInEachPiece(t, v, ix, PIECES, 'up', ALPHA, GATE, critical) ? 1 : 0;
  }
  return c / REPS;
}

export async function run(): Promise<void> {
  const rows: Array<{ shape: string; fills: boolean; n: number; before: number; after: number }> = [];
  SHAPES.forEach((s, k) => {
    for (const n of LENGTHS) {
      const seed = 1 + 100 * k + n;
      rows.push({
        shape: s.name,
        fills: s.fills,
        n,
        before: carried(s.shape, n, seed, normalCritical),
        after: carried(s.shape, n, seed),
      });
    }
  });
  const pct = (x: number) => `${(100 * x).toFixed(1)}`;
  console.log(
    `\nCarry gate ${GATE} at ${ALPHA} (nominal false-carry rate ${100 * ALPHA} % on shapes with no fill): ` +
      `% of ${REPS} teeth carried, normal tails -> fixed-b, by values in the tooth\n`
  );
  console.log(
    table(
      ['shape', 'kind', ...LENGTHS.map(String)],
      SHAPES.map((s) => [
        s.name,
        s.fills ? 'fills' : 'no fill',
        ...LENGTHS.map((n) => {
          const r = rows.find((x) => x.shape === s.name && x.n === n)!;
          return `${pct(r.before)} -> ${pct(r.after)}`;
        }),
      ])
    )
  );
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'toothGate.json'), JSON.stringify({ gate: GATE, alpha: ALPHA, reps: REPS, rows }, null, 1));
}
