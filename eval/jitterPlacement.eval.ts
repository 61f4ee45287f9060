/**
 * `npm run eval -- jitterPlacement`: how many rows of a jittered series the engine's grid keeps
 * (docs/anomaly-detection.md, "Irregular timestamps"). 4,000 rows 5 minutes apart, each moved by a
 * uniform offset of up to ±0.45 or ±0.9 step (re-sorted), seeds 1-3. Per case: the median spacing
 * and the engine's step (prepareSeries, the rule every door uses: the grid fitted to irregular times,
 * ml/core/gridStep.ts) against the true one; rows dropped by the shipped placement (history.ts
 * gridSlots) at the median, at the engine's step, at the true step and at the mean spacing without
 * gaps; the fewest any placement in
 * time order can drop when no row moves a whole step (earliest free grid point, at the median step);
 * and the samples a Prometheus range query at the true step would leave unused (each grid point
 * takes the latest sample at or before it, within a 5-minute lookback). Counts only, no model: it
 * says what a placement keeps, not whether the answers improve.
 * Prints the table and writes eval/results/jitterPlacement.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridSlots } from '../src/engine/history';
import { median as medianOf } from '../src/common/median';
import { prepareSeries } from '../src/ml/core/prepare';
import { mulberry32 } from '../src/ml/core/prng';

const STEP = 300_000;
const N = 4000;
const LOOKBACK = 300_000;

/** Fewest rows dropped by a placement in time order that moves no row a whole step: earliest free point. */
function fewestDropped(t: number[], step: number): number {
  let last = -1;
  let kept = 0;
  for (const x0 of t) {
    const x = (x0 - t[0]) / step;
    const lo = Math.max(last + 1, Math.floor(x - 1) + 1);
    if (lo <= Math.ceil(x + 1) - 1) {
      last = lo;
      kept++;
    }
  }
  return t.length - kept;
}

/** Samples a Prometheus range query at `step` from the first sample never reads. */
function promUnused(t: number[], step: number): number {
  const used = new Set<number>();
  let j = 0;
  for (let g = t[0]; g <= t[t.length - 1]; g += step) {
    while (j < t.length && t[j] <= g) {
      j++;
    }
    if (j > 0 && g - t[j - 1] <= LOOKBACK) {
      used.add(j - 1);
    }
  }
  return t.length - used.size;
}

export async function run(): Promise<void> {
  const rows: Array<Record<string, number>> = [];
  for (const jitter of [0.45, 0.9]) {
    for (const seed of [1, 2, 3]) {
      const rnd = mulberry32(seed);
      const t = Array.from({ length: N }, (_, i) => Math.round(i * STEP + (2 * rnd() - 1) * jitter * STEP)).sort(
        (a, b) => a - b
      );
      const median = medianOf(t.slice(1).map((x, i) => x - t[i]));
      const engine = prepareSeries({ t: Float64Array.from(t), v: new Float64Array(N) }).stepMs;
      // The mean spacing without gaps (spacings over 3 median steps left out): a step estimate that
      // does not drift on a series with many rows.
      const spacings = t
        .slice(1)
        .map((x, i) => x - t[i])
        .filter((d) => d <= 3 * median);
      const mean = spacings.reduce((a, d) => a + d, 0) / spacings.length;
      rows.push({
        jitter,
        seed,
        medianOverTrue: median / STEP,
        droppedAtMedian: gridSlots(t, median).dropped,
        engineOverTrue: engine / STEP,
        droppedAtEngine: gridSlots(t, engine).dropped,
        droppedAtTrue: gridSlots(t, STEP).dropped,
        meanOverTrue: mean / STEP,
        droppedAtMean: gridSlots(t, mean).dropped,
        fewestAtMedian: fewestDropped(t, median),
        prometheusUnused: promUnused(t, STEP),
      });
    }
  }
  process.stdout.write(
    'jitter seed  median/true  dropped@median  engine/true  dropped@engine  dropped@true  mean/true  dropped@mean  fewest@median  prometheus unused (of 4,000)\n'
  );
  for (const r of rows) {
    process.stdout.write(
      `${String(r.jitter).padEnd(6)} ${String(r.seed).padEnd(5)} ${r.medianOverTrue.toFixed(4).padEnd(12)} ` +
        `${String(r.droppedAtMedian).padEnd(15)} ${r.engineOverTrue.toFixed(5).padEnd(12)} ` +
        `${String(r.droppedAtEngine).padEnd(15)} ${String(r.droppedAtTrue).padEnd(13)} ` +
        `${r.meanOverTrue.toFixed(4).padEnd(10)} ${String(r.droppedAtMean).padEnd(13)} ` +
        `${String(r.fewestAtMedian).padEnd(14)} ${r.prometheusUnused}\n`
    );
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'jitterPlacement.json'), JSON.stringify(rows, null, 2) + '\n');
}
