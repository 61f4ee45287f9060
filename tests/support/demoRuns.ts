/**
 * The demo's own series (companion/src/upstream/demo/demoSeries.ts) as tests read the truth from them:
 * one series by name and labels, a minute-sampled history of it for an in-memory upstream, and the
 * runs of samples at or above a level (the spikes a detector must flag).
 */
import { type DemoSeries, demoSeries } from '../../companion/src/upstream/demo/demoSeries';
import type { Upstream } from '../../companion/src/upstream/types';
import { memoryUpstream } from './memoryUpstream';

const MIN = 60_000;

/** The demo's db-1 PostgreSQL volume's free bytes, cleaned up every 14 days, as a query. */
export const DB1_DISK = 'node_filesystem_avail_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}';

/** db-1's last two clean-ups in the demo (demoSeries.ts diskAvail: every 14 days). */
export const DB1_CLEANUPS = [Date.UTC(2026, 10, 19), Date.UTC(2026, 11, 3)];

/** The demo's api-1 p99 latency (spikes of 2 to 6 minutes, about one a day) as a query. */
export const API1_P99 = 'http_request_duration_seconds{instance="api-1:8080",quantile="0.99"}';

/** The demo series named `name` whose labels include `labels`; throws where there is none. */
export function demoSeriesOf(name: string, labels: Record<string, string> = {}): DemoSeries {
  const s = demoSeries().find(
    (d) => d.labels.__name__ === name && Object.entries(labels).every(([k, v]) => d.labels[k] === v)
  );
  if (!s) {
    throw new Error(`no demo series ${name} ${JSON.stringify(labels)}`);
  }
  return s;
}

/** The demo's api-1 p99 latency series ({@link API1_P99}). */
export function api1Latency(): DemoSeries {
  return demoSeriesOf('http_request_duration_seconds', { instance: 'api-1:8080', quantile: '0.99' });
}

/**
 * An upstream answering Prometheus' API (selectors by label) over `series` sampled every minute from
 * `t0` to `end`, as the compose stack's Prometheus holds the demo.
 */
export function minuteHistory(series: DemoSeries[], t0: number, end: number): Upstream {
  return memoryUpstream(
    series.map((s) => ({
      labels: s.labels,
      values: Float64Array.from({ length: (end - t0) / MIN + 1 }, (_, i) => s.at(t0 + i * MIN)),
    })),
    t0,
    MIN,
    { matchLabels: true }
  );
}

/**
 * [start, end) of each run of samples of `series` every `step` ms (a minute unless given) at `level`
 * or more in [from, to]; a run still high at `to` ends a step after it.
 */
export function runsAtOrAbove(
  series: DemoSeries,
  level: number,
  from: number,
  to: number,
  step = MIN
): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start: number | undefined;
  for (let t = from; t <= to + step; t += step) {
    const high = t <= to && series.at(t) >= level;
    if (high && start === undefined) {
      start = t;
    } else if (!high && start !== undefined) {
      runs.push([start, t]);
      start = undefined;
    }
  }
  return runs;
}
