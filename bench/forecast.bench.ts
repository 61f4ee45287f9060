/**
 * `npm run bench -- forecast`: fit-plus-forecast time of every forecaster (and 'auto', and the time to
 * exhaustion, and the combination 'auto' runs on seasonal series, and the trailing-excursion test
 * every forecast() fit runs, its share of each model's time) on 2,000 and 10,000 points of a 5-minute series with a daily cycle, trend and noise;
 * horizon 288 steps (one day), season 'auto' (detection included). Median of 5 runs after 1 warm-up, as
 * wall time and as this process's CPU time (user + system; less disturbed by other jobs on a shared
 * machine, but it includes V8's helper threads). The header gives the load average. Prints a table and
 * writes bench/results/forecast.json. Target: every model <= 100 ms (wall) at 2,000 points.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../src/ml/core/prng';
import { FORECAST_MODELS, forecast, initForecasting, prepareForecastInput } from '../src/ml/forecast';
import { combinationForecaster } from '../src/ml/forecast/combination';
import { DETECT_POINTS, trailingExcursion } from '../src/ml/forecast/excursion';
import { timeToExhaustion } from '../src/ml/tte';

const STEP = 5 * 60_000;
const SIZES = [2000, 10000];
const RUNS = 5;

function series(n: number) {
  const rand = mulberry32(11);
  const t = Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * STEP);
  const v = Float64Array.from(
    { length: n },
    (_, i) => 50 + 0.002 * i + 8 * Math.sin((2 * Math.PI * i) / 288) + 2 * (rand() - 0.5)
  );
  return { t, v };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Median wall and CPU milliseconds of `fn` over RUNS runs after one warm-up. */
function medianMs(fn: () => unknown): { wall: number; cpu: number } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c = process.cpuUsage();
    const a = performance.now();
    fn();
    wall.push(performance.now() - a);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export async function run(): Promise<void> {
  await initForecasting();
  const rows: Array<{ model: string; ms: Record<number, number>; cpuMs: Record<number, number> }> = [];
  const load = loadavg()[0];
  for (const model of FORECAST_MODELS) {
    const ms: Record<number, number> = {};
    const cpuMs: Record<number, number> = {};
    for (const n of SIZES) {
      const s = series(n);
      ({ wall: ms[n], cpu: cpuMs[n] } = medianMs(() => forecast(s, { model, horizon: 288 })));
    }
    rows.push({ model, ms, cpuMs });
  }
  // The trailing-excursion test (src/ml/forecast/excursion.ts: the default detector over the last
  // 2,000 grid points) on its own: every forecast() above runs it once per fit, so it is part of
  // each model's time, about the same at 10,000 points as at 2,000.
  {
    const ms: Record<number, number> = {};
    const cpuMs: Record<number, number> = {};
    for (const n of SIZES) {
      const g = prepareForecastInput(series(n), { horizon: 288, season: 0 });
      ({ wall: ms[n], cpu: cpuMs[n] } = medianMs(() => trailingExcursion(g.t, g.v)));
    }
    rows.push({ model: `excursion test (${DETECT_POINTS} pts, in each)`, ms, cpuMs });
  }
  // The combination (what 'auto' runs on a seasonal series), on its own: season detection included.
  const ms: Record<number, number> = {};
  const cpuMs: Record<number, number> = {};
  for (const n of SIZES) {
    const s = series(n);
    ({ wall: ms[n], cpu: cpuMs[n] } = medianMs(() =>
      combinationForecaster(prepareForecastInput(s, { horizon: 288, season: 'auto' }))
    ));
  }
  rows.push({ model: 'combination', ms, cpuMs });
  for (const model of ['linear', 'auto'] as const) {
    const ms: Record<number, number> = {};
    const cpuMs: Record<number, number> = {};
    for (const n of SIZES) {
      const s = series(n);
      ({ wall: ms[n], cpu: cpuMs[n] } = medianMs(() =>
        timeToExhaustion(s, { capacity: 1000, direction: 'up', model })
      ));
    }
    rows.push({ model: `tte (${model})`, ms, cpuMs });
  }
  const header = ['model', ...SIZES.flatMap((n) => [`${n} pts ms`, `${n} cpu ms`]), '<= 100 ms at 2k'];
  const cells = rows.map((r) => [
    r.model,
    ...SIZES.flatMap((n) => [r.ms[n].toFixed(1), r.cpuMs[n].toFixed(1)]),
    r.ms[2000] <= 100 ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  process.stdout.write(
    `fit + forecast of 288 steps, 5-minute series with a daily cycle, median of ${RUNS} runs (load average ${load.toFixed(2)} at start)\n`
  );
  process.stdout.write(
    [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n'
  );
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'forecast.json'),
    JSON.stringify({ runs: RUNS, horizon: 288, loadAverage: load, rows }, null, 2)
  );
}
