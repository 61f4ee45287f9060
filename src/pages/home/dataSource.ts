/**
 * Which Bellwether ML data source the home page reads through: the one named in the URL (`ds=`),
 * else the first of its type. Its `companion` proxy route reaches the companion.
 */
import { getDataSourceSrv } from '@grafana/runtime';

export const ML_DATASOURCE_TYPE = 'bellwether-ml-datasource';

export interface MlDataSourceRef {
  uid: string;
  name: string;
  /** The companion's base URL through Grafana's proxy. */
  companionBase: string;
  /** jsonData.companionUrl, or undefined when the data source has none. */
  companionUrl?: string;
}

/** The data sources of our type, or an empty list. */
export function findMlDataSources(): MlDataSourceRef[] {
  return getDataSourceSrv()
    .getList({ type: ML_DATASOURCE_TYPE })
    .map((ds) => ({
      uid: ds.uid,
      name: ds.name,
      companionBase: `/api/datasources/proxy/uid/${ds.uid}/companion`,
      companionUrl: (ds.jsonData as { companionUrl?: string } | undefined)?.companionUrl || undefined,
    }));
}

/** The one to use: `wanted` by uid or name when given, else the first. */
export function chooseMlDataSource(list: MlDataSourceRef[], wanted?: string): MlDataSourceRef | undefined {
  if (wanted) {
    return list.find((d) => d.uid === wanted || d.name === wanted);
  }
  return list[0];
}
