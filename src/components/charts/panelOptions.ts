import { ComponentType } from 'react';
import { PanelOptionsEditorBuilder, PanelPlugin, PanelProps } from '@grafana/data';
import { VizLegendOptions } from '@grafana/schema';
import { PANEL_FIELD_CONFIG } from './fieldConfig';
import { withLegendOptions } from './legendOptions';

/** What both panels' options have in common: Grafana's legend and a cap on the series drawn. */
export interface CommonPanelOptions {
  legend?: VizLegendOptions;
  maxSeries: number;
}

/**
 * A panel plugin with Grafana's standard field options (unit, decimals, min/max, display name,
 * colour), as the time series panel has.
 */
export function standardPanel<T extends CommonPanelOptions>(component: ComponentType<PanelProps<T>>): PanelPlugin<T> {
  return new PanelPlugin<T>(component).useFieldConfig(PANEL_FIELD_CONFIG);
}

/** How one panel words and bounds its "Maximum series" option. */
export interface MaxSeriesSpec {
  /** What happens to the series past the cap: "analysed", "forecast". */
  verb: string;
  defaultValue: number;
  max: number;
  category: string;
}

/**
 * The options both panels share, the one place they are built: Grafana's legend rows (visibility,
 * list | table, placement, values) and "Maximum series". Returns the builder to chain on.
 */
export function withCommonOptions<T extends CommonPanelOptions>(
  builder: PanelOptionsEditorBuilder<T>,
  maxSeries: MaxSeriesSpec
): PanelOptionsEditorBuilder<T> {
  return withLegendOptions(builder).addNumberInput({
    path: 'maxSeries',
    name: 'Maximum series',
    description: `Series beyond this number are not ${maxSeries.verb}; the panel says how many were dropped.`,
    category: [maxSeries.category],
    defaultValue: maxSeries.defaultValue,
    settings: { min: 1, max: maxSeries.max, integer: true },
  });
}
