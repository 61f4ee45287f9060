/**
 * The Bellwether data source as Grafana builds it from its instance settings: uid `bw`, behind the
 * proxy route that tests/support/grafanaRuntime.ts sends to the test companion, with `jsonData` (its
 * configuration page's options; a companion URL unless given).
 */
import type { DataSourceInstanceSettings } from '@grafana/data';
import { DataSource } from '../../src/datasource/datasource';
import type { BellwetherOptions } from '../../src/datasource/types';
import { PROXY } from './grafanaRuntime';

export function bellwetherDataSource(
  jsonData: Partial<BellwetherOptions> = { companionUrl: 'http://companion' }
): DataSource {
  return new DataSource({
    uid: 'bw',
    url: PROXY,
    jsonData,
    name: 'BW',
    type: 'bellwether-ml-datasource',
  } as unknown as DataSourceInstanceSettings<BellwetherOptions>);
}
