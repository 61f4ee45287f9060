/**
 * `npm run bench -- homeScan`: the home page's "Anomalous now" scan (src/pages/home/anomalous.ts,
 * loadSelector: shards of 100 series, two at a time) over the generated fleet's CPU series
 * (tests/support/fleet.ts), without the browser: the same companion requests from Node, cold (empty
 * cache) and then warm (the same scan again, as bench/home.bench.ts opens the page again; the
 * companion's clock 10 minutes past the page's time), then once more after one CPU series on a new
 * instance joins the fleet (a shard whose members are unchanged reuses its cached runs); last, on a
 * new companion that keeps the scan warm (`warm:`), its warm pass and the page's scan 4 minutes
 * after it (prewarmedScan). Counts the
 * detector runs found in the cache, and the process' CPU time per series scored (the load average
 * stretches the wall time, not that). Smaller loads for a loaded machine:
 * BW_SCAN_CPUS (default 2,000 series) with BW_SCAN_CACHE_MIB (default the companion's 192 MiB)
 * scaled alike keep the same pressure on the cache; BW_SCAN_QUERY_TIMEOUT (e.g. 10m) lifts the companion's
 * 60 s query timeout. Writes bench/results/homeScan.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startCompanion } from '../companion/src/app';
import { fromRaw } from '../companion/src/config/loadConfig';
import { silentLogger } from '../companion/src/log/logger';
import { type AnomalyRow, loadSelector } from '../src/pages/home/anomalous';
import type { DemoSeries } from '../companion/src/upstream/demo/demoSeries';
import { fleetCpu, fleetUpstream } from '../tests/support/fleet';
import { nodeClient } from '../tests/support/homeNodeClient';
import { until } from '../tests/support/until';

const CPUS = Number(process.env.BW_SCAN_CPUS ?? 2000);
const CACHE_MIB = Number(process.env.BW_SCAN_CACHE_MIB ?? 192);
/** Whole bytes, as the config takes them: a tenth of the default is 19.2 MiB. */
const CACHE_BYTES = Math.round(CACHE_MIB * 2 ** 20);
/** The companion's query timeout (default its own, 60 s): a longer one keeps a loaded machine's shards from failing. */
const QUERY_TIMEOUT = process.env.BW_SCAN_QUERY_TIMEOUT;

/**
 * The companion keeps the scan warm (`warm:`, companion/src/warm/scanWarmer.ts): a fresh companion
 * runs its warm pass at start (timed, with its CPU), 4 minutes before the cold scan's time
 * (`pageTime`); then, with the companion's clock 10 minutes past that time as for the cold scan, the
 * page scans at that time (every point read settled; its rows must be the cold scan's, `cold`), and
 * at the companion's own time, as a page opened now asks (its last minute not yet settled). A pass
 * runs every 5 minutes, so a page opened now finds runs at most that and one pass old.
 */
async function prewarmedScans(anchor: number, selector: Parameters<typeof loadSelector>[1], cold: unknown) {
  const pageTime = anchor;
  let clock = pageTime - 240_000;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const companion = await startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { type: 'demo' },
      cache: { maxBytes: CACHE_BYTES },
      warm: { enabled: true, selectors: [selector.expr] },
      ...(QUERY_TIMEOUT ? { limits: { queryTimeout: QUERY_TIMEOUT } } : {}),
    }),
    { logger: silentLogger, upstream: fleetUpstream(0, CPUS, anchor), now: () => clock }
  );
  const rows = [];
  try {
    await until('the warm pass', () => companion.warmer.stats.passes >= 1, 4 * 3_600_000);
    const warmPassMs = Math.round(performance.now() - t0);
    const warmCpu = process.cpuUsage(cpu0);
    const warmPassCpuMsPerSeries = +((warmCpu.user + warmCpu.system) / 1000 / companion.warmer.stats.scored).toFixed(1);
    clock = pageTime + 600_000;
    for (const [cache, at] of [
      ["pre-warmed, page at the cold scan's time", pageTime],
      ['pre-warmed, page at its own time', clock],
    ] as const) {
      const hits = countRunLookups(companion);
      const points = companion.history.stats.upstreamPoints;
      const t1 = performance.now();
      const cpu1 = process.cpuUsage();
      const r = await loadSelector(nodeClient(companion.url), selector, at / 1000);
      const cpu = process.cpuUsage(cpu1);
      rows.push({
        cache,
        warmPassMs,
        warmPassCpuMsPerSeries,
        ms: Math.round(performance.now() - t1),
        cpuMsPerSeries: +((cpu.user + cpu.system) / 1000 / r.scored).toFixed(1),
        runHits: hits.hit,
        runMisses: hits.miss,
        upstreamPoints: companion.history.stats.upstreamPoints - points,
        anomalous: r.rows.length,
        scored: r.scored,
        ...(at === pageTime ? { sameRowsAsCold: sameRows(r.rows, cold) } : {}),
        error: r.error,
        cacheMiB: +(companion.cache.bytes / 2 ** 20).toFixed(1),
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      });
    }
  } finally {
    await companion.close();
  }
  return rows;
}

/** Whether two scans found the same rows, in any order (shards answer in the order they finish). */
function sameRows(a: unknown, b: unknown): boolean {
  const sorted = (rows: unknown) => (rows as AnomalyRow[]).map((r) => JSON.stringify(r)).sort();
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

/** Counts the detector runs the companion found in its cache (hit) and had to run (miss). */
function countRunLookups(companion: Awaited<ReturnType<typeof startCompanion>>) {
  const hits = { hit: 0, miss: 0 };
  const get = companion.cache.get.bind(companion.cache);
  companion.cache.get = (key: string) => {
    const v = get(key);
    if (key.startsWith('detect\u0000')) {
      hits[v ? 'hit' : 'miss']++;
    }
    return v;
  };
  return hits;
}

export async function run(): Promise<void> {
  const load = loadavg()[0];
  const anchor = Number(process.env.BW_SCAN_ANCHOR_MS ?? Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const clock = anchor + 600_000;
  const upstream = fleetUpstream(0, CPUS, anchor);
  const companion = await startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { type: 'demo' },
      cache: { maxBytes: CACHE_BYTES },
      ...(QUERY_TIMEOUT ? { limits: { queryTimeout: QUERY_TIMEOUT } } : {}),
    }),
    { logger: silentLogger, upstream, now: () => clock }
  );
  const hits = countRunLookups(companion);
  const client = nodeClient(companion.url);
  const selector = { title: 'CPU', expr: 'instance:node_cpu_utilisation:rate5m' } as Parameters<typeof loadSelector>[1];
  const rows = [];
  let coldRows: unknown;
  try {
    for (const cache of ['cold', 'warm', 'one instance added']) {
      if (cache === 'one instance added') {
        // A new host in the middle of the fleet's name order (after node-0049 of 100, say).
        const instance = `node-${String(Math.floor(CPUS / 2) - 1).padStart(4, '0')}b:9100`;
        (upstream as unknown as { series: DemoSeries[] }).series.push(fleetCpu(CPUS + 1, anchor, instance));
      }
      hits.hit = hits.miss = 0;
      const points = companion.history.stats.upstreamPoints;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const r = await loadSelector(client, selector, (clock - 600_000) / 1000);
      if (cache === 'cold') {
        coldRows = r.rows;
      }
      const cpu = process.cpuUsage(cpu0);
      rows.push({
        cache,
        ms: Math.round(performance.now() - t0),
        // The process' CPU time (companion, its demo upstream's values and the client) per series.
        cpuMsPerSeries: +((cpu.user + cpu.system) / 1000 / r.scored).toFixed(1),
        runHits: hits.hit,
        runMisses: hits.miss,
        upstreamPoints: companion.history.stats.upstreamPoints - points,
        anomalous: r.rows.length,
        scored: r.scored,
        error: r.error,
        cacheMiB: +(companion.cache.bytes / 2 ** 20).toFixed(1),
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      });
    }
  } finally {
    await companion.close();
  }
  rows.push(...(await prewarmedScans(anchor, selector, coldRows)));
  const loadEnd = loadavg()[0];
  process.stdout.write(
    `Anomalous now scan of ${CPUS} CPU series, cache ${CACHE_MIB} MiB (load average ${load.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end)\n`
  );
  for (const r of rows) {
    process.stdout.write(`${JSON.stringify(r)}\n`);
  }
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'homeScan.json'),
    JSON.stringify(
      {
        cpus: CPUS,
        cacheMiB: CACHE_MIB,
        queryTimeout: QUERY_TIMEOUT,
        anchor,
        loadAverage: { start: load, end: loadEnd },
        rows,
      },
      null,
      2
    )
  );
}
