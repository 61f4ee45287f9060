/**
 * `npm run bench -- cliLongInput`: `bellwether forecast` on 1,000,000 rows of 1-minute data (a rise
 * from 0.1 to 0.5 with a daily cycle of +-0.1 and noise), against the same command on the last 10,000
 * rows alone. The CLI streams its input and keeps only the rows of the latest timestamps (cli/engine.ts
 * KEEP_ROWS), and the engine trains on its last 10,000 points, each with a counted warning, so both
 * forecasts must be the same in bounded memory; reports each run's wall time and peak RSS (from
 * /usr/bin/time when installed) and how far the forecasts differ. Writes bench/results/cliLongInput.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../src/ml/core/prng';

const ROWS = 1_000_000;
const LAST = 10_000;
const HORIZON = 1440;
const CLI = join(__dirname, '../bin/bellwether.mjs');
const TIME = '/usr/bin/time';

/** Rows from..to-1 as CSV, and the range of the last day's values (the shape the forecast should repeat). */
function csv(from: number, to: number): { text: string; lastDay: [number, number] } {
  const rand = mulberry32(5);
  const lines = ['timestamp,value'];
  const lastDay: [number, number] = [Infinity, -Infinity];
  for (let i = 0; i < to; i++) {
    const v = 0.1 + (0.4 * i) / ROWS + 0.1 * Math.sin((2 * Math.PI * i) / 1440) + 0.02 * (rand() - 0.5);
    if (i >= from) {
      lines.push(`${1.7e9 + 60 * i},${v.toFixed(5)}`);
    }
    if (i >= to - 1440) {
      lastDay[0] = Math.min(lastDay[0], v);
      lastDay[1] = Math.max(lastDay[1], v);
    }
  }
  return { text: lines.join('\n') + '\n', lastDay };
}

interface RunResult {
  seconds: number;
  peakRssMb: number | null;
  yhat: number[];
  stderr: string;
}

function forecastFile(file: string): RunResult {
  const withTime = existsSync(TIME);
  // --train all: the whole series the CLI keeps, cut by the engine to its last 10,000 points.
  const args = [CLI, 'forecast', file, '--horizon', String(HORIZON), '--train', 'all'];
  const a = performance.now();
  const r = withTime
    ? spawnSync(TIME, ['-f', 'peak-rss-kb %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - a) / 1000;
  if (r.status !== 0) {
    throw new Error(`bellwether forecast ${file} exited ${r.status}: ${r.stderr}`);
  }
  const rss = /peak-rss-kb (\d+)/.exec(r.stderr);
  const yhat = r.stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[1]));
  return {
    seconds,
    peakRssMb: rss ? Number(rss[1]) / 1024 : null,
    yhat,
    stderr: r.stderr.replace(/peak-rss-kb \d+\n?/, '').trim(),
  };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bellwether-long-'));
  try {
    const full = join(dir, 'full.csv');
    const last = join(dir, 'last.csv');
    const data = csv(0, ROWS);
    writeFileSync(full, data.text);
    writeFileSync(last, csv(ROWS - LAST, ROWS).text);
    const a = forecastFile(full);
    const b = forecastFile(last);
    const maxDiff = Math.max(...a.yhat.map((y, k) => Math.abs(y - b.yhat[k])));
    const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(0));
    process.stdout.write(
      `bellwether forecast --horizon ${HORIZON} on ${ROWS.toLocaleString('en')} rows vs their last ${LAST.toLocaleString('en')}\n` +
        `rows        seconds  peak RSS MB  yhat min  yhat max\n` +
        [
          [ROWS, a],
          [LAST, b],
        ]
          .map(
            ([n, r]) =>
              `${String(n).padEnd(10)}  ${(r as RunResult).seconds.toFixed(1).padStart(7)}  ${fmt((r as RunResult).peakRssMb).padStart(11)}  ${Math.min(
                ...(r as RunResult).yhat
              )
                .toFixed(3)
                .padStart(8)}  ${Math.max(...(r as RunResult).yhat)
                .toFixed(3)
                .padStart(8)}`
          )
          .join('\n') +
        `\nthe data's last day: ${data.lastDay[0].toFixed(3)} to ${data.lastDay[1].toFixed(3)}; largest |yhat difference|: ${maxDiff}\n` +
        `${a.stderr}\n`
    );
    const outDir = join(__dirname, 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(
      join(outDir, 'cliLongInput.json'),
      JSON.stringify(
        {
          rows: ROWS,
          last: LAST,
          horizon: HORIZON,
          full: { seconds: a.seconds, peakRssMb: a.peakRssMb },
          lastOnly: { seconds: b.seconds, peakRssMb: b.peakRssMb },
          maxYhatDifference: maxDiff,
          lastDay: data.lastDay,
          yhatRange: [Math.min(...a.yhat), Math.max(...a.yhat)],
        },
        null,
        2
      )
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
