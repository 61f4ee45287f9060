/**
 * One cold 30-day `anomaly_score` range query at a 10-minute step in a process of its own
 * (bench/fineRange.bench.ts starts it), so the peak resident memory it reports is the query's: an
 * in-process companion at its defaults (3-day training window, default cache) but a 1-hour query
 * timeout, over an in-memory upstream of BW_FINE_SERIES one-minute series (the demo's api-1 p99,
 * each shifted by 37 minutes more than the last), 50 days of history before the range's end.
 * BW_FINE_RESOLUTION (e.g. `5m`) pins the scoring resolution, as the old 11,000-point rule did for
 * this range; unset, the companion chooses (1 m). Then the same query again (warm). Prints one JSON
 * line: wall and CPU time of each, peak RSS (getrusage) and RSS before the query, the peak of the JS
 * heap plus array buffers (sampled every 50 ms), the points, the warnings.
 */
import { startCompanion } from '../../companion/src/app';
import { fromRaw } from '../../companion/src/config/loadConfig';
import { silentLogger } from '../../companion/src/log/logger';
import { demoSeries } from '../../companion/src/upstream/demo/demoSeries';
import { memoryUpstream } from '../../tests/support/memoryUpstream';

const MIN = 60_000;
const DAY = 86_400_000;
const STEP = 10 * MIN;
/** The demo review's end (eval/coarseStep.eval.ts), the clock a day later. */
const END = Date.UTC(2026, 11, 4, 6, 8);
const NOW = END + DAY;

async function main(): Promise<void> {
  const n = Number(process.env.BW_FINE_SERIES ?? 1);
  const resolution = process.env.BW_FINE_RESOLUTION || undefined;
  const latency = demoSeries().find(
    (s) =>
      s.labels.__name__ === 'http_request_duration_seconds' &&
      s.labels.instance === 'api-1:8080' &&
      s.labels.quantile === '0.99'
  )!;
  const t0 = END - 50 * DAY;
  const length = (NOW - t0) / MIN + 1;
  const upstream = memoryUpstream(
    Array.from({ length: n }, (_, i) => ({
      labels: { __name__: 'bench_p99', series: String(i) },
      values: Float64Array.from({ length }, (_, j) => latency.at(t0 + j * MIN - i * 37 * MIN)),
    })),
    t0,
    MIN
  );
  const companion = await startCompanion(
    fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, upstream, now: () => NOW }
  );
  const options = `direction=above min_rel=0.5${resolution ? ` resolution=${resolution}` : ''}`;
  const query = `anomaly_score(bench_p99, "${options}")`;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
  };
  const ask = async () => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const res = await fetch(`${companion.url}/api/v1/query_range`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        query,
        start: String((END - 30 * DAY) / 1000),
        end: String(END / 1000),
        step: String(STEP / 1000),
      }).toString(),
    });
    const body = (await res.json()) as { status: string; error?: string; warnings?: string[]; data: { result: any[] } };
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (body.status !== 'success') {
      throw new Error(body.error);
    }
    return {
      ms,
      cpuMs: (used.user + used.system) / 1000,
      series: body.data.result.length,
      points: body.data.result.reduce((a, s) => a + s.values.length, 0),
      warnings: body.warnings ?? [],
    };
  };
  try {
    global.gc?.();
    const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
    const sampler = setInterval(sample, 50);
    const cold = await ask();
    const warm = await ask();
    clearInterval(sampler);
    sample();
    process.stdout.write(
      JSON.stringify({
        series: n,
        resolution: resolution ?? 'chosen',
        cold,
        warm,
        rssBeforeMiB: Math.round(rssBeforeMiB),
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        peakHeapMiB: Math.round(peakHeap / 2 ** 20),
      }) + '\n'
    );
  } finally {
    await companion.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
