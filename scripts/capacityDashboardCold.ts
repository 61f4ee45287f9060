/**
 * `node --import tsx scripts/capacityDashboardCold.ts`: the shipped capacity dashboard's companion
 * queries (src/dashboards/capacity.json, panels 1 and 4) on a cold companion over a generated fleet
 * (tests/support/fleet.ts), each timed alone on a new companion, beside the home page's query of the
 * same filesystems (`train=14d step=1h refit=1h`). Env: BW_CAP_FS (filesystems, default 500: 100
 * nodes, under limits.maxSeries), BW_CAP_QUERY_TIMEOUT (default 60s, the companion's).
 * Prints one line per query: wall time, HTTP status, upstream points read.
 */
import { startCompanion } from '../companion/src/app';
import { fromRaw } from '../companion/src/config/loadConfig';
import { silentLogger } from '../companion/src/log/logger';
import { fleetUpstream } from '../tests/support/fleet';

const FS = Number(process.env.BW_CAP_FS ?? 500);
const TIMEOUT = process.env.BW_CAP_QUERY_TIMEOUT ?? '60s';
const REPEAT = Number(process.env.BW_CAP_REPEAT ?? 1);
const ANCHOR = Date.UTC(2026, 11, 6, 12, 0, 0);
const SEL = 'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs", instance=~".*"}';
// 10 minutes past the hour, as a refresh within the hour: a fit time on the hour has settled (a fit
// at a time less than cache.settle old is never kept, whole or in part).
const NOW_MS = ANCHOR + 10 * 60_000;
const now = NOW_MS / 1000;

const QUERIES: Array<[string, Record<string, string>]> = [
  [
    'panel 1, time_to_exhaustion (dashboard, default step)',
    { path: '/api/v1/query', query: `time_to_exhaustion(${SEL}, 0, "direction=down")`, time: String(now) },
  ],
  [
    'panel 1 with step=1h (the home page options)',
    {
      path: '/api/v1/query',
      query: `time_to_exhaustion(${SEL}, 0, "direction=down train=14d step=1h refit=1h")`,
      time: String(now),
    },
  ],
  [
    'panel 4, trend_pvalue range 7d at 10m (1 process a node)',
    {
      path: '/api/v1/query_range',
      query: 'trend_pvalue(node_filesystem_avail_bytes{mountpoint="/data0"}, "train=1d")',
      start: String(now - 7 * 86400),
      end: String(now),
      step: '600',
    },
  ],
];

async function main(): Promise<void> {
  const only = process.env.BW_CAP_ONLY ? Number(process.env.BW_CAP_ONLY) : undefined;
  for (const [i, [name, { path, ...form }]] of QUERIES.entries()) {
    if (only !== undefined && only !== i) {
      continue;
    }
    const upstream = fleetUpstream(FS, 0, ANCHOR);
    let points = 0;
    let reads = 0;
    const range = upstream.queryRange.bind(upstream);
    upstream.queryRange = async (params: URLSearchParams) => {
      const r = await range(params);
      reads++;
      points += ('matrix' in r ? (r.matrix ?? []) : []).reduce((n, s) => n + s.values.length, 0);
      return r;
    };
    const companion = await startCompanion(
      fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: TIMEOUT } }),
      { logger: silentLogger, now: () => NOW_MS, upstream }
    );
    // Asked again on the same companion, as a dashboard's refresh does: does a timed-out query's work carry over?
    for (let attempt = 1; attempt <= REPEAT; attempt++) {
      points = 0;
      reads = 0;
      const t0 = performance.now();
      const res = await fetch(`${companion.url}${path}`, { method: 'POST', body: new URLSearchParams(form) });
      const body = (await res.json()) as { data?: { result: unknown[] }; error?: string; warnings?: string[] };
      const s = ((performance.now() - t0) / 1000).toFixed(1);
      console.log(
        `${name}, ask ${attempt}: ${s} s, HTTP ${res.status}, ${body.data?.result.length ?? 0} series, ${points.toLocaleString('en-US')} upstream points in ${reads} reads` +
          (body.error ? `, error: ${body.error}` : '') +
          (body.warnings?.length ? `, warnings: ${body.warnings.join(' | ').slice(0, 300)}` : '')
      );
    }
    await companion.close();
  }
}

void main();
