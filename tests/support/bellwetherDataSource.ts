/**
 * The Bellwether data source as Grafana builds it from its instance settings: uid `bw`, behind the
 * proxy route that tests/support/grafanaRuntime.ts sends to the test companion.
 */
import type { DataSourceInstanceSettings } from '@grafana/data';
import { DataSource } from '../../src/datasource/datasource';
import type { BellwetherOptions } from '../../src/datasource/types';
import { PROXY } from './grafanaRuntime';

export function bellwetherDataSource(): DataSource {
  return new DataSource({
    uid: 'bw',
    url: PROXY,
    jsonData: { companionUrl: 'http://companion' },
    name: 'BW',
    type: 'bellwether-ml-datasource',
  } as unknown as DataSourceInstanceSettings<BellwetherOptions>);
}
