/**
 * The time the preview opens the home page at: the latest demo incident of the last 4 days that the
 * home's scan flags, so "Anomalous now" shows it whatever the time of day. Shared by the page and
 * its test.
 */
import { DEMO_INCIDENTS } from './home';
import { type MatrixSeries, queryRange } from './promClient';

/** Points one range query may return (Prometheus' limit, the companion's `limits.maxPoints`). */
const MAX_POINTS = 11_000;

/**
 * Step of a view's incident search over `searchSeconds`: the finest whole minute that fits one
 * query. A coarser step skips short incidents (the demo's 2-6 min latency spikes at 10 min).
 */
export function incidentSearchStep(searchSeconds: number): number {
  return 60 * Math.max(1, Math.ceil(searchSeconds / MAX_POINTS / 60));
}

/** A series' identity without its name and the scan's explanation labels. */
function seriesKey(labels: Record<string, string>): string {
  const { __name__: _name, anomaly_kind: _kind, anomaly_fired: _fired, ...rest } = labels;
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The last time (unix seconds) at which a series of `raw` was at or above `above` and the same
 * series of `scan` (an `explain=true` answer: anomalous points carry `anomaly_kind`) was anomalous.
 */
export function lastFlaggedIncident(raw: MatrixSeries[], above: number, scan: MatrixSeries[]): number | undefined {
  const high = new Set<string>();
  for (const s of raw) {
    const key = seriesKey(s.labels);
    s.values.forEach((v, i) => v !== null && v >= above && high.add(`${key}@${s.timesMs[i]}`));
  }
  let last: number | undefined;
  for (const s of scan) {
    if (!s.labels.anomaly_kind) {
      continue;
    }
    const key = seriesKey(s.labels);
    for (const t of s.timesMs) {
      if (high.has(`${key}@${t}`)) {
        last = Math.max(last ?? 0, t / 1000);
      }
    }
  }
  return last;
}

/** The latest minute of the last 4 days inside a demo incident the home's scan flags (unix seconds), if any. */
export async function latestIncident(api: string, nowSeconds: number): Promise<number | undefined> {
  let latest: number | undefined;
  for (const { expr, above, scan } of DEMO_INCIDENTS) {
    const raw = await queryRange(api, expr, nowSeconds, 4 * 86400, 60);
    const t = lastFlaggedIncident(raw, above, await queryRange(api, scan, nowSeconds, 4 * 86400, 60));
    if (t !== undefined) {
      latest = Math.max(latest ?? 0, t);
    }
  }
  return latest;
}
