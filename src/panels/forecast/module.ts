import './publicPath';
import { PanelPlugin } from '@grafana/data';
import { ForecastPanel } from './components/ForecastPanel';
import { ForecastOptions } from './types';

export const plugin = new PanelPlugin<ForecastOptions>(ForecastPanel).setPanelOptions((builder) =>
  builder
    .addTextInput({ path: 'model', name: 'Model', defaultValue: 'auto' })
    .addNumberInput({ path: 'horizon', name: 'Horizon (steps)', defaultValue: 48 })
);
