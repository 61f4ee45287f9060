/**
 * `npm run bench -- forecast`: fit-plus-forecast time of every forecaster (and 'auto', and the time to
 * exhaustion) on 2,000 and 10,000 points of a 5-minute series with a daily cycle, trend and noise;
 * horizon 288 steps (one day), season 'auto' (detection included). Median of 5 runs after 1 warm-up.
 * Prints a table and writes bench/results/forecast.json. Target: every model <= 100 ms at 2,000 points.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../src/ml/core/prng';
import { FORECAST_MODELS, forecast, initForecasting } from '../src/ml/forecast';
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

function medianMs(fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const a = performance.now();
    fn();
    times.push(performance.now() - a);
  }
  times.sort((a, b) => a - b);
  return times[RUNS >> 1];
}

export async function run(): Promise<void> {
  await initForecasting();
  const rows: Array<{ model: string; ms: Record<number, number> }> = [];
  for (const model of FORECAST_MODELS) {
    const ms: Record<number, number> = {};
    for (const n of SIZES) {
      const s = series(n);
      ms[n] = medianMs(() => forecast(s, { model, horizon: 288 }));
    }
    rows.push({ model, ms });
  }
  for (const model of ['linear', 'auto'] as const) {
    const ms: Record<number, number> = {};
    for (const n of SIZES) {
      const s = series(n);
      ms[n] = medianMs(() => timeToExhaustion(s, { capacity: 1000, direction: 'up', model }));
    }
    rows.push({ model: `tte (${model})`, ms });
  }
  const header = ['model', ...SIZES.map((n) => `${n} pts ms`), '<= 100 ms at 2k'];
  const cells = rows.map((r) => [r.model, ...SIZES.map((n) => r.ms[n].toFixed(1)), r.ms[2000] <= 100 ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  process.stdout.write(`fit + forecast of 288 steps, 5-minute series with a daily cycle, median of ${RUNS} runs\n`);
  process.stdout.write(
    [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n'
  );
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'forecast.json'), JSON.stringify({ runs: RUNS, horizon: 288, rows }, null, 2));
}
