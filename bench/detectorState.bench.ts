/**
 * `npm run bench -- detectorState`: live memory a warmed-up detector holds, against the estimate the
 * companion's cache counts for it (src/engine/models.ts, detectorStateBytes). For each model, 50
 * detectors with the home scan's training window (3 days at 1 minute: 4,320 points) each run over
 * 20,000 one-minute points of a fleet CPU series (tests/support/fleet.ts) and are kept; the JS heap
 * plus array buffers, after a full garbage collection, grow by the bytes per detector printed (one
 * detector runs first, so module-level scratch shared by all is not counted). Writes
 * bench/results/detectorState.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { detectorStateBytes } from '../src/engine/models';
import { createDetector } from '../src/ml/detect/registry';
import type { DetectorModel } from '../src/ml/detect/types';
import { fleetCpu } from '../tests/support/fleet';

const TRAIN = 4320;
const POINTS = 20_000;
const DETECTORS = 50;
const MODELS: DetectorModel[] = ['ensemble', 'prophet', 'holtwinters', 'mad', 'gaussian'];

export async function run(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const live = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const anchor = Date.UTC(2026, 11, 6, 12);
  const t = Float64Array.from({ length: POINTS }, (_, j) => anchor - (POINTS - 1 - j) * 60_000);
  const values = (i: number) => Float64Array.from(t, (x) => fleetCpu(i, anchor).at(x));
  const rows = [];
  for (const model of MODELS) {
    const options = { model, trainWindow: TRAIN, season: 'auto' as const };
    createDetector(options).update(t, values(0), POINTS - 120);
    const kept = [];
    const series = Array.from({ length: DETECTORS }, (_, i) => values(i + 1));
    const before = live();
    for (const v of series) {
      const d = createDetector(options);
      d.update(t, v, POINTS - 120);
      kept.push(d);
    }
    const liveBytes = Math.round((live() - before) / DETECTORS);
    rows.push({
      model,
      liveBytes,
      cacheEstimate: detectorStateBytes({ model, trainPoints: TRAIN }, kept[0].ringBytes?.()),
      kept: kept.length,
    });
  }
  process.stdout.write(`Live bytes per detector, ${TRAIN} training points, ${POINTS} points at 1 min\n`);
  for (const r of rows) {
    process.stdout.write(
      `${r.model.padEnd(12)} ${String(r.liveBytes).padStart(8)} live, ${String(r.cacheEstimate).padStart(8)} counted by the cache\n`
    );
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'detectorState.json'), JSON.stringify({ train: TRAIN, points: POINTS, rows }, null, 2));
}
