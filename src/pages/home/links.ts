/**
 * Links from a home page row to Grafana: Explore with the Bellwether ML data source, showing the
 * forecast (Running out) or the expected band and anomalies (Anomalous now) of that one series,
 * evaluated by the companion; and the shipped capacity dashboard for a filesystem.
 */
import { config } from '@grafana/runtime';
import { requireDuration } from '../../common/duration';
import { ML_DATASOURCE_TYPE } from './dataSource';
import type { ScanRules } from './selectors';

function explore(dsUid: string, queries: Array<Record<string, unknown>>, from: string, to = 'now'): string {
  const datasource = { type: ML_DATASOURCE_TYPE, uid: dsUid };
  const panes = {
    a: {
      datasource: dsUid,
      queries: queries.map((q) => ({ datasource, engine: 'companion', source: 'prometheus', ...q })),
      range: { from, to },
    },
  };
  return `${config.appSubUrl ?? ''}/explore?schemaVersion=1&orgId=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

/** The row's evaluation: its training window, grid and refit interval, and when it was evaluated. */
export interface RowEvaluation {
  train: string;
  /** The grid the row's figures were computed on (the data source's per-query step). */
  step: string;
  /** How often the row's fit is refitted (the data source's default is 50 steps, the row's may differ). */
  refit: string;
  /** Evaluation time, unix seconds (the page's `time=`, or when the page loaded). */
  at: number;
}

/**
 * Explore: the series, its forecast 7 days ahead and its time to exhaustion, with the row's training
 * window, step and refit interval, over the `train` before the row's time (not before now), so it
 * opens where and as the row was evaluated: the time to exhaustion at its last point is the row's.
 */
export function forecastLink(
  dsUid: string,
  expr: string,
  capacity: number,
  direction: 'up' | 'down',
  row: RowEvaluation
): string {
  const o = { train: row.train, step: row.step, refit: row.refit };
  const to = row.at * 1000;
  const from = to - requireDuration(row.train, 'train');
  return explore(
    dsUid,
    [
      { refId: 'A', expr, output: 'raw', step: row.step },
      { refId: 'B', expr, output: 'forecast', horizon: '7d', ...o },
      { refId: 'C', expr, output: 'tte', capacity, direction, ...o },
    ],
    String(from),
    String(to)
  );
}

/**
 * Explore: the series with its expected band and its anomalies, at the scan's training window, step
 * and rules. The step is said, not left to Explore: at Explore's own interval for 6 hours on a wide
 * screen (20 s at 1,000 px) a 3-day window holds more than the data source's 10,000 training points,
 * and the link would open on an error instead of the row's figure. It opens on the 6 hours before the
 * page's time `at` (unix seconds), where the row was found: a page pinned to an incident (`time=`)
 * opened on the 6 hours before now, without the incident.
 */
export function overlayLink(
  dsUid: string,
  expr: string,
  train: string,
  step: string,
  at: number,
  rules?: ScanRules
): string {
  const ruleFields = rules ? { anomalyDirection: rules.side, minRel: rules.minRel } : {};
  return explore(
    dsUid,
    [
      { refId: 'A', expr, output: 'band', train, step, ...ruleFields },
      { refId: 'B', expr, output: 'anomalies', train, step, ...ruleFields },
    ],
    String((at - 6 * 3600) * 1000),
    String(at * 1000)
  );
}

/** The shipped capacity dashboard for one instance. */
export function capacityDashboardLink(instance: string): string {
  return `${config.appSubUrl ?? ''}/d/bellwether-capacity?var-instance=${encodeURIComponent(instance)}`;
}
