/**
 * `npm run bench -- coldScan`: the home's "Anomalous now" scan of 2,000 fleet CPU series, cold (a new
 * companion, empty cache), at the companion's defaults: 3-day training window (a run's lead-in is 9
 * days), its default cache (192 MiB, sized for a 512 Mi memory limit), 60 s query timeout. Runs in a child process of its own
 * (bench/support/coldScanChild.ts) so the peak resident memory is the scan's. Prints time, CPU per
 * series, time in GC and peak memory beside the baseline (the code before this bench's speed-ups,
 * measured the same way) and the target, and how many shard queries the scan sent until every series
 * was scored (a shard is asked again while the companion's answer is partial: its query timeout
 * came first), and writes bench/results/coldScan.json. For development, a smaller fleet:
 * BW_SCAN_CPUS=100 BW_SCAN_CACHE_MIB=52 (a full run takes 20 to 30 minutes on a loaded machine). The same
 * BW_SCAN_CPUS, BW_SCAN_CACHE_MIB, BW_SCAN_QUERY_TIMEOUT and BW_SCAN_ANCHOR_MS as homeScan;
 * BW_SCAN_MEM_TRACE=1 prints on stderr, each second, the RSS, JS heap, array buffers and the cache's
 * own count (where the peak goes: docs/scaling.md, "Memory").
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The target: every series scored with the companion's default 60 s query timeout (no shard times
 * out) and the process under the Kubernetes manifest's 512 MiB memory limit
 * (deploy/kubernetes/companion.yaml), with the companion's default cache, which is sized for that
 * limit (companion/src/config/memoryBudget.ts).
 */
const TARGET = { scoredAll: true, peakRssMiB: 512 };

/**
 * The baseline: the code at 04662dc (before the Prophet-style fit's speed-up), the same bench, one run
 * on the shared 2-core machine (load average in the row).
 */
interface Row {
  /** The row's name in the table. */
  name: string;
  /** The scan's size (BW_SCAN_CPUS): a row is printed beside a scan of its size. */
  cpus: number;
  ms: number;
  /** Not recorded for every row (then printed blank). */
  cpuMs?: number;
  cpuMsPerSeries?: number;
  gcMs?: number;
  peakRssMiB: number;
  scored: string;
  load: string;
  queryTimeout: string;
}

const BASELINE: Row[] = [
  {
    name: 'baseline',
    cpus: 2000,
    ms: 1_170_000,
    cpuMs: 164_743,
    gcMs: 98_000,
    peakRssMiB: 1150,
    scored: '0 of 2000: all 32 queries timed out',
    load: '13.4 to 21.2',
    queryTimeout: '60 s',
  },
  {
    // Before the memory work (the cache's default 512 MiB, the demo upstream's [time, "value"]
    // pairs, each shard's history read whole before placed): docs/home.md, "The cold scan at the
    // default timeout, resumed" (peak heap 920 MiB).
    name: 'resumable',
    cpus: 2000,
    ms: 1_689_000,
    cpuMs: 342_000,
    gcMs: 90_000,
    peakRssMiB: 1102,
    scored: '2000 of 2000, 21 anomalous, 69 queries for 32 shards, cache 512 MiB',
    load: '22.1 to 16.7',
    queryTimeout: '60 s',
  },
  // 100 series (BW_SCAN_CPUS=100 BW_SCAN_CACHE_MIB=52 BW_SCAN_QUERY_TIMEOUT=10m), this child run on
  // checkouts of older commits one after the other (docs/home.md, "Where the cold scan's CPU goes").
  ...(
    [
      ['7ec0872', 7706, 7495, 74.9, 615, 386, '3.8', 'train=1d'],
      ['85e2fac', 20077, 16591, 165.9, 1149, 608, '2.9 to 3.8', 'train=3d'],
      ['37439ab', 25426, 21848, 218.5, 1223, 498, '1.9 to 2.5', 'before the level scale fix'],
    ] as const
  ).map(([name, ms, cpuMs, cpuMsPerSeries, gcMs, peakRssMiB, load, what]): Row => ({
    name,
    cpus: 100,
    ms,
    cpuMs,
    cpuMsPerSeries,
    gcMs,
    peakRssMiB,
    scored: `100 of 100, 1 anomalous, ${what}`,
    load,
    queryTimeout: '10 min',
  })),
];

export async function run(): Promise<void> {
  const anchor = Number(process.env.BW_SCAN_ANCHOR_MS ?? Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const child = join(__dirname, 'support', 'coldScanChild.ts');
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', child], {
    env: { ...process.env, BW_SCAN_ANCHOR_MS: String(anchor) },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const r = JSON.parse(stdout.trim().split('\n').pop()!);
  const load = `${r.loadAverage.start.toFixed(1)} to ${r.loadAverage.end.toFixed(1)}`;
  process.stdout.write(
    `Cold "Anomalous now" scan of ${r.cpus} CPU series, 3-day training, cache ${r.cacheMiB} MiB, query timeout ${r.queryTimeout} (load average ${load})\n`
  );
  process.stdout.write('           wall s  CPU s  CPU ms a series  GC s  peak RSS MiB  scored\n');
  const line = (
    name: string,
    b: Pick<Row, 'ms' | 'cpuMs' | 'cpuMsPerSeries' | 'gcMs' | 'peakRssMiB'>,
    scored: string
  ) =>
    process.stdout.write(
      `${name.padEnd(9)}  ${(b.ms / 1000).toFixed(0).padStart(6)}  ${(b.cpuMs === undefined ? '' : (b.cpuMs / 1000).toFixed(0)).padStart(5)}  ${
        b.cpuMsPerSeries === undefined ? '' : b.cpuMsPerSeries.toFixed(1)
      }`.padEnd(41) +
        `  ${(b.gcMs === undefined ? '' : (b.gcMs / 1000).toFixed(0)).padStart(4)}  ${String(b.peakRssMiB).padStart(12)}  ${scored}\n`
    );
  line(
    'now',
    r,
    `${r.scored} of ${r.cpus}, ${r.anomalous} anomalous${r.error ? `; ${r.error}` : ''}; cache evicted ${r.cacheEvictions} runs or fits, dropped ${r.historyDrops} history entries`
  );
  process.stdout.write(
    `           ${r.queries} shard queries for ${r.shards} shards: ${r.queries - r.shards} asked again after a partial answer or a timeout (at most ${r.mostTries} tries of one shard), ${(r.ms / 1000).toFixed(0)} s until ${r.scored === r.cpus ? 'all' : 'the last'} scored\n`
  );
  // The rows measured at this scan's size (BW_SCAN_CPUS).
  for (const b of BASELINE.filter((x) => x.cpus === r.cpus)) {
    line(b.name, b, `${b.scored} (load ${b.load}, query timeout ${b.queryTimeout})`);
  }
  const scoredAll = r.scored === r.cpus && !r.error;
  const verdict =
    r.queryTimeout !== 'default'
      ? `not judged (query timeout ${r.queryTimeout})`
      : scoredAll
        ? 'scored all'
        : 'NOT all scored';
  process.stdout.write(
    `target     every series scored at the default 60 s query timeout; peak RSS under ${TARGET.peakRssMiB} MiB: ${verdict}, ${
      r.peakRssMiB <= TARGET.peakRssMiB ? 'under' : 'OVER'
    }\n`
  );
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'coldScan.json'), JSON.stringify({ ...r, baseline: BASELINE, target: TARGET }, null, 2));
}
