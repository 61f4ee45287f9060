/**
 * Whether detector runs the companion's cache evicts are freed: a companion over the generated
 * fleet (tests/support/fleet.ts) scans half its CPU series the way the home page does (loadSelector),
 * then the other half with a cache too small for both, so the first half's runs are evicted. Each
 * run, each of its series' detectors and output buffers is watched with a WeakRef; after full
 * collections the script prints how many are still reachable, and the live bytes (JS heap plus
 * array buffers) freed per evicted series against what the cache counted for them.
 *
 *   node --expose-gc --import tsx scripts/evictedRuns.ts            # BW_SCAN_CPUS (default 200)
 */
import { writeHeapSnapshot } from 'node:v8';
import { startCompanion } from '../companion/src/app';
import { fromRaw } from '../companion/src/config/loadConfig';
import { silentLogger } from '../companion/src/log/logger';
import { installNodeMlRuntime } from '../companion/src/runtime/nodeMlRuntime';
import { loadSelector } from '../src/pages/home/anomalous';
import { fleetUpstream } from '../tests/support/fleet';
import { nodeClient } from '../tests/support/homeNodeClient';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  throw new Error('run with node --expose-gc');
}

async function live(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 10));
    gc!();
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

type Watched = Map<string, { run: WeakRef<object>; parts: Array<WeakRef<object>>; series: number; counted: number }>;

/** Notes each run's series and counted bytes, and watches its detectors and outputs. */
function watch(runs: Watched, keys: string[]): { series: number; counted: number } {
  let series = 0;
  let counted = 0;
  for (const k of keys) {
    const r = runs.get(k)!;
    const run = r.run.deref() as
      { series: Map<string, { detector: object; out: object }>; sizeBytes(): number } | undefined;
    if (run) {
      r.series = run.series.size;
      r.counted = run.sizeBytes();
      series += r.series;
      counted += r.counted;
      for (const s of run.series.values()) {
        r.parts.push(new WeakRef(s.detector), new WeakRef(s.out));
      }
    }
  }
  return { series, counted };
}

async function main(): Promise<void> {
  installNodeMlRuntime();
  const cpus = Number(process.env.BW_SCAN_CPUS ?? 200);
  const anchor = Number(process.env.BW_SCAN_ANCHOR_MS ?? 1796497200000);
  const companion = await startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { type: 'demo' },
      cache: { maxBytes: Number(process.env.BW_CACHE_MIB ?? 48) * 2 ** 20 },
      limits: { queryTimeout: '30m' },
    }),
    { logger: silentLogger, upstream: fleetUpstream(0, cpus, anchor), now: () => anchor + 600_000 }
  );
  const runs: Watched = new Map();
  const set = companion.cache.set.bind(companion.cache);
  companion.cache.set = (key, value) => {
    if (key.startsWith('detect\u0000') && !runs.has(key)) {
      runs.set(key, { run: new WeakRef(value), parts: [], series: 0, counted: 0 });
    }
    set(key, value);
  };
  const client = nodeClient(companion.url);
  const half = (digit: string) =>
    ({
      title: 'CPU',
      expr: `instance:node_cpu_utilisation:rate5m{instance=~"node-\\\\d\\\\d\\\\d[${digit}].*"}`,
    }) as Parameters<typeof loadSelector>[1];
  const a = await loadSelector(client, half('01234'), anchor / 1000);
  // Watch the first half's runs, as cached after the scan (in a function of its own: a local of this
  // async function would keep the last run it held alive across the awaits below).
  const first = [...runs.keys()];
  const { series, counted } = watch(runs, first);
  const before = await live();
  const b = await loadSelector(client, half('56789'), anchor / 1000);
  const stillCached = first.filter((k) => companion.cache.get(k) !== undefined);
  // What the second half's runs hold is not freed: count it so the first half's can be told apart.
  let secondCounted = 0;
  for (const k of runs.keys()) {
    if (!first.includes(k)) {
      secondCounted += (companion.cache.get(k) as unknown as { sizeBytes(): number } | undefined)?.sizeBytes() ?? 0;
    }
  }
  const after = await live();
  const reachableRuns = first.filter((k) => runs.get(k)!.run.deref() !== undefined).length;
  const reachableParts = first.reduce(
    (n, k) => n + runs.get(k)!.parts.filter((w) => w.deref() !== undefined).length,
    0
  );
  const parts = first.reduce((n, k) => n + runs.get(k)!.parts.length, 0);
  if (process.env.BW_HEAP_SNAPSHOT) {
    process.stderr.write(`heap snapshot: ${writeHeapSnapshot(process.env.BW_HEAP_SNAPSHOT)}\n`);
  }
  await companion.close();
  process.stdout.write(
    `${JSON.stringify({
      cpus,
      scannedFirst: a.scored,
      scannedSecond: b.scored,
      firstRuns: first.length,
      firstSeries: series,
      firstCountedBytesPerSeries: Math.round(counted / Math.max(1, series)),
      firstRunsStillCached: stillCached.length,
      evictedRunsStillReachable: reachableRuns - stillCached.length,
      reachableDetectorsAndOutputs: `${reachableParts} of ${parts}`,
      liveBytesChange: after - before,
      secondRunsCountedBytes: secondCounted,
    })}\n`
  );
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n');
  process.exitCode = 1;
});
