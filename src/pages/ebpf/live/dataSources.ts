/** The Prometheus data sources Grafana knows, for the live section's picker. */
import { getDataSourceSrv } from '@grafana/runtime';

/** True when Grafana's data source service is there (it is not in bare component tests). */
export function hasDataSourceSrv(): boolean {
  try {
    return Boolean(getDataSourceSrv());
  } catch {
    return false;
  }
}

/** The uid of the default Prometheus data source, else the first one, else undefined. */
export function defaultPrometheusUid(): string | undefined {
  if (!hasDataSourceSrv()) {
    return undefined;
  }
  const list = getDataSourceSrv().getList({ type: 'prometheus' });
  return (list.find((d) => d.isDefault) ?? list[0])?.uid;
}
