import './publicPath';
import { DataSourcePlugin } from '@grafana/data';
import { DataSource } from './datasource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { BellwetherOptions, BellwetherQuery } from './types';

export const plugin = new DataSourcePlugin<DataSource, BellwetherQuery, BellwetherOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
