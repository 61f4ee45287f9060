/**
 * `npm run bench -- fineRange`: what scoring a long range at the data's own resolution costs (issue
 * 12, item 3; src/engine/resolution.ts MAX_FINE_POINTS). A cold 30-day `anomaly_score` range query at
 * a 10-minute step over one-minute series, through an in-process companion at its defaults, for one
 * series and a fleet of 50: scored every minute (43,210 fine points a series, the companion's choice
 * since the limit is 50,000) and at 5 minutes (`resolution=5m`, what the old 11,000-point limit chose
 * for this range), then the same query warm. Each case runs in a child process of its own
 * (bench/support/fineRangeChild.ts) so the peak RSS is the query's. Prints a table and writes
 * bench/results/fineRange.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

/**
 * The target: a cold query of 50 series within the companion's default 60 s query timeout in CPU time
 * (one core: what an idle companion's wall time is; on the shared bench machine the wall time is
 * several times the CPU time), and the process under the Kubernetes manifest's 512 MiB memory limit
 * (deploy/kubernetes/companion.yaml).
 */
const TARGET = { coldCpuMs: 60_000, peakRssMiB: 512 };

interface Case {
  series: number;
  resolution?: string;
}

const CASES: Case[] = [
  { series: 1, resolution: '5m' },
  { series: 1 },
  { series: 50, resolution: '5m' },
  { series: 50 },
];

export async function run(): Promise<void> {
  const child = join(__dirname, 'support', 'fineRangeChild.ts');
  const load = loadavg()[0];
  const rows = CASES.map((c) => {
    const stdout = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child], {
      env: { ...process.env, BW_FINE_SERIES: String(c.series), BW_FINE_RESOLUTION: c.resolution ?? '' },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  });
  const loadEnd = loadavg()[0];
  process.stdout.write(
    `30-day anomaly_score range at 10 m over one-minute series, cold then warm (load average ${load.toFixed(1)} to ${loadEnd.toFixed(1)})\n`
  );
  process.stdout.write(
    'series  scored at         cold s  cold CPU s  warm s  RSS before MiB  peak RSS MiB  peak heap MiB  warnings\n'
  );
  for (const r of rows) {
    const at = r.resolution === 'chosen' ? '1 m (chosen)' : `${r.resolution} (old limit)`;
    process.stdout.write(
      `${String(r.series).padStart(6)}  ${at.padEnd(16)}  ${(r.cold.ms / 1000).toFixed(1).padStart(6)}  ${(r.cold.cpuMs / 1000)
        .toFixed(1)
        .padStart(10)}  ${(r.warm.ms / 1000).toFixed(1).padStart(6)}  ${String(r.rssBeforeMiB).padStart(14)}  ${String(
        r.peakRssMiB
      ).padStart(12)}  ${String(r.peakHeapMiB).padStart(13)}  ${r.cold.warnings.length}\n`
    );
  }
  const fleet = rows.find((r) => r.series === 50 && r.resolution === 'chosen');
  const within = fleet && fleet.cold.cpuMs <= TARGET.coldCpuMs && fleet.peakRssMiB <= TARGET.peakRssMiB;
  process.stdout.write(
    `target  50 series at 1 m cold within ${TARGET.coldCpuMs / 1000} s of CPU (the default query timeout), peak RSS under ${TARGET.peakRssMiB} MiB: ${
      within ? 'met' : 'NOT met'
    }\n`
  );
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'fineRange.json'), JSON.stringify({ rows, target: TARGET, load: [load, loadEnd] }, null, 2));
}
