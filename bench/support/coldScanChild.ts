/**
 * One cold "Anomalous now" scan in a process of its own (bench/coldScan.bench.ts starts it), so the
 * peak resident memory it reports is the scan's alone: an in-process companion with an empty cache,
 * its default limits (60 s query timeout unless BW_SCAN_QUERY_TIMEOUT) and default training window
 * (3 days) and cache (unless BW_SCAN_CACHE_MIB), the page's loadSelector over the generated fleet's CPU series (tests/support/fleet.ts).
 * Prints one JSON line: wall and CPU time, peak RSS (getrusage), the peak of the JS heap plus array
 * buffers (sampled every 100 ms), the time in garbage collection, what the scan found, and how many
 * shard queries it sent: the page asks a shard again while the companion's answer is partial (its
 * query timeout passed first), until every series is scored (src/pages/home/anomalous.ts).
 */
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { startCompanion } from '../../companion/src/app';
import { fromRaw } from '../../companion/src/config/loadConfig';
import { silentLogger } from '../../companion/src/log/logger';
import { installNodeMlRuntime } from '../../companion/src/runtime/nodeMlRuntime';
import { loadSelector } from '../../src/pages/home/anomalous';
import { fleetUpstream } from '../../tests/support/fleet';
import { nodeClient } from '../../tests/support/homeNodeClient';

async function main(): Promise<void> {
  installNodeMlRuntime();
  const cpus = Number(process.env.BW_SCAN_CPUS ?? 2000);
  // Unset: the companion's default cache, sized for the manifest's 512 Mi memory limit (memoryBudget.ts).
  const cacheMiBAsked = process.env.BW_SCAN_CACHE_MIB ? Number(process.env.BW_SCAN_CACHE_MIB) : undefined;
  const timeout = process.env.BW_SCAN_QUERY_TIMEOUT;
  const anchor = Number(process.env.BW_SCAN_ANCHOR_MS);
  let gcMs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
  };
  const sampler = setInterval(sample, 100);
  // BW_SCAN_MEM_TRACE=1: a line a second on stderr of where the memory is (RSS, JS heap, array
  // buffers, the cache's own count), to see what grows during a scan.
  let traced: (() => void) | undefined;
  const tracer = process.env.BW_SCAN_MEM_TRACE === '1' ? setInterval(() => traced?.(), 1000) : undefined;
  const companion = await startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { type: 'demo' },
      ...(cacheMiBAsked === undefined ? {} : { cache: { maxBytes: cacheMiBAsked * 2 ** 20 } }),
      ...(timeout ? { limits: { queryTimeout: timeout } } : {}),
    }),
    { logger: silentLogger, upstream: fleetUpstream(0, cpus, anchor), now: () => anchor + 600_000 }
  );
  const mib = (b: number) => Math.round(b / 2 ** 20);
  traced = () => {
    const m = process.memoryUsage();
    process.stderr.write(
      `mem ${((performance.now() - t0) / 1000).toFixed(0)} s: rss ${mib(m.rss)} heapUsed ${mib(m.heapUsed)} heapTotal ${mib(m.heapTotal)} arrayBuffers ${mib(m.arrayBuffers)} external ${mib(m.external)} cache ${mib(companion.cache.bytes)} (${companion.cache.size} entries)\n`
    );
  };
  const cacheMiB = (companion.cache.maxBytes + companion.fitCache.maxBytes) / 2 ** 20;
  const load = loadavg()[0];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // Counts the shard queries: the first try of each, and those asked again after a partial answer
  // or a timeout (each a "refresh" of that shard), and when every series was first scored.
  const client = nodeClient(companion.url);
  const tries = new Map<string, number>();
  const scan = client.scan.bind(client);
  client.scan = (query, ...rest) => {
    tries.set(query, (tries.get(query) ?? 0) + 1);
    return scan(query, ...rest);
  };
  const r = await loadSelector(
    client,
    { title: 'CPU', expr: 'instance:node_cpu_utilisation:rate5m' } as Parameters<typeof loadSelector>[1],
    anchor / 1000,
    // Progress on stderr, for a long run read while it goes.
    (p) =>
      process.stderr.write(
        `coldScan ${((performance.now() - t0) / 1000).toFixed(0)} s: ${p.done} of ${p.total} scored, ${p.result.pending ?? 0} pending, ${[...tries.values()].reduce((a, b) => a + b, 0)} queries, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB\n`
      )
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  sample();
  clearInterval(sampler);
  clearInterval(tracer);
  gcObserver.disconnect();
  const out = {
    cpus,
    cacheMiB,
    queryTimeout: timeout ?? 'default',
    anchor,
    loadAverage: { start: load, end: loadavg()[0] },
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    cpuMsPerSeries: +((cpu.user + cpu.system) / 1000 / Math.max(1, r.scored)).toFixed(1),
    gcMs: Math.round(gcMs),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMiB: Math.round(peakHeap / 2 ** 20),
    upstreamPoints: companion.history.stats.upstreamPoints,
    scored: r.scored,
    shards: tries.size,
    queries: [...tries.values()].reduce((a, b) => a + b, 0),
    mostTries: Math.max(0, ...tries.values()),
    anomalous: r.rows.length,
    // What was found, to compare runs: the same set is the same answer.
    anomalousSet: r.rows.map((x) => `${x.labels.instance} ${x.kind} ${x.sinceS}s`).sort(),
    error: r.error ?? null,
    cacheMiBAfter: +(companion.cache.bytes / 2 ** 20).toFixed(1),
    // Detector runs and fits the cache evicted (recomputed if asked again), and upstream history it dropped (refetched).
    cacheEvictions: companion.cache.evictions + companion.fitCache.evictions,
    historyDrops: companion.cache.drops,
  };
  await companion.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n');
  process.exitCode = 1;
});
