/**
 * Links from a home page row to Grafana: Explore with the Bellwether ML data source, showing the
 * forecast (Running out) or the expected band and anomalies (Anomalous now) of that one series,
 * evaluated by the companion; and the shipped capacity dashboard for a filesystem.
 */
import { config } from '@grafana/runtime';
import { ML_DATASOURCE_TYPE } from './dataSource';

function explore(dsUid: string, queries: Array<Record<string, unknown>>, from: string): string {
  const datasource = { type: ML_DATASOURCE_TYPE, uid: dsUid };
  const panes = { a: { datasource: dsUid, queries: queries.map((q) => ({ datasource, engine: 'companion', source: 'prometheus', ...q })), range: { from, to: 'now' } } };
  return `${config.appSubUrl ?? ''}/explore?schemaVersion=1&orgId=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

/** Explore: the series, its forecast 7 days ahead and its time to exhaustion. */
export function forecastLink(dsUid: string, expr: string, capacity: number, direction: 'up' | 'down'): string {
  return explore(
    dsUid,
    [
      { refId: 'A', expr, output: 'raw' },
      { refId: 'B', expr, output: 'forecast', horizon: '7d' },
      { refId: 'C', expr, output: 'tte', capacity, direction },
    ],
    'now-3d'
  );
}

/** Explore: the series with its expected band and its anomalies. */
export function overlayLink(dsUid: string, expr: string, train: string): string {
  return explore(
    dsUid,
    [
      { refId: 'A', expr, output: 'band', train },
      { refId: 'B', expr, output: 'anomalies', train },
    ],
    'now-6h'
  );
}

/** The shipped capacity dashboard for one instance. */
export function capacityDashboardLink(instance: string): string {
  return `${config.appSubUrl ?? ''}/d/bellwether-capacity?var-instance=${encodeURIComponent(instance)}`;
}
