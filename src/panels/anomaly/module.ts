import './publicPath';
import { PanelPlugin } from '@grafana/data';
import { AnomalyPanel } from './components/AnomalyPanel';
import { AnomalyOptions } from './types';

export const plugin = new PanelPlugin<AnomalyOptions>(AnomalyPanel).setPanelOptions((builder) =>
  builder
    .addTextInput({ path: 'model', name: 'Model', defaultValue: 'ensemble' })
    .addSliderInput({ path: 'sensitivity', name: 'Sensitivity', defaultValue: 0.5, settings: { min: 0, max: 1, step: 0.05 } })
);
