import {
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  TestDataSourceResponse,
} from '@grafana/data';
import { BellwetherOptions, BellwetherQuery, DEFAULT_QUERY } from './types';

/** The Bellwether ML data source. Query execution arrives with the data source feature. */
export class DataSource extends DataSourceApi<BellwetherQuery, BellwetherOptions> {
  constructor(readonly instanceSettings: DataSourceInstanceSettings<BellwetherOptions>) {
    super(instanceSettings);
  }

  getDefaultQuery(): Partial<BellwetherQuery> {
    return DEFAULT_QUERY;
  }

  async query(_request: DataQueryRequest<BellwetherQuery>): Promise<DataQueryResponse> {
    return { data: [], error: { message: 'Bellwether ML queries are not available in this build yet.' } };
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    if (!this.instanceSettings.jsonData.companionUrl) {
      return { status: 'error', message: 'Set the companion URL first.' };
    }
    return { status: 'success', message: 'Settings saved. Source checks arrive with the data source feature.' };
  }
}
