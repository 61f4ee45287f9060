import { Field, fieldReducers, FieldType, PanelOptionsEditorBuilder, reduceField } from '@grafana/data';
import { LegendDisplayMode, VizLegendOptions } from '@grafana/schema';
import { commonOptionsBuilder } from '@grafana/ui';

/** The legend as a panel draws it, resolved from the saved options. */
export interface ResolvedLegend {
  show: boolean;
  mode: 'list' | 'table';
  placement: 'bottom' | 'right';
  /** Reducer ids (last, max, mean, ...) shown per series; table columns or list suffixes. */
  calcs: string[];
  /** Width in px when placed right, if set. */
  width?: number;
}

/**
 * Adds Grafana's own legend options (Visibility, Mode list | table, Placement bottom | right, Width,
 * Values), the same editor rows the time series panel shows, and returns the builder to chain on.
 */
export function withLegendOptions<T extends { legend?: VizLegendOptions }>(
  builder: PanelOptionsEditorBuilder<T>
): PanelOptionsEditorBuilder<T> {
  // addLegendOptions is typed for OptionsWithLegend; the panels' options carry `legend` the same way.
  commonOptionsBuilder.addLegendOptions(builder as unknown as PanelOptionsEditorBuilder<{ legend: VizLegendOptions }>);
  return builder;
}

/**
 * The legend to draw from the options: Grafana's `legend` object, with its "hidden" mode meaning not
 * shown (old dashboards), and the panel's earlier `showLegend: false` switch still honoured.
 */
export function resolveLegend(legend: Partial<VizLegendOptions> | undefined, showLegend?: boolean): ResolvedLegend {
  const show = showLegend !== false && legend?.showLegend !== false && legend?.displayMode !== LegendDisplayMode.Hidden;
  return {
    show,
    mode: legend?.displayMode === LegendDisplayMode.Table ? 'table' : 'list',
    placement: legend?.placement === 'right' ? 'right' : 'bottom',
    calcs: (legend?.calcs ?? []).filter((c) => typeof c === 'string'),
    width: typeof legend?.width === 'number' && legend.width > 0 ? legend.width : undefined,
  };
}

/** Column header of a reducer, as Grafana's legend shows it ("Last", "Max", "Mean"). */
export function calcTitle(id: string): string {
  return fieldReducers.getIfExists(id)?.name ?? id;
}

/**
 * The legend values of one series (last, max, mean, ... by reducer id), computed by Grafana's own
 * reducers over its values (NaN = missing, as null to the reducers).
 */
export function legendCalcs(v: Float64Array, calcs: string[]): Record<string, number> {
  if (calcs.length === 0) {
    return {};
  }
  const values = Array.from(v, (x) => (Number.isFinite(x) ? x : null));
  const field: Field = { name: 'value', type: FieldType.number, values, config: {} };
  const reduced = reduceField({ field, reducers: calcs });
  const out: Record<string, number> = {};
  for (const id of calcs) {
    const x = reduced[id];
    out[id] = typeof x === 'number' ? x : NaN;
  }
  return out;
}

/**
 * Width of a legend placed right of the charts: its set width, else 30 % of the panel (160-400 px),
 * always leaving the charts 120 px; 0 when it is not placed right.
 */
export function rightLegendWidth(legend: ResolvedLegend, panelWidth: number): number {
  if (!legend.show || legend.placement !== 'right') {
    return 0;
  }
  return Math.min(legend.width ?? Math.max(160, Math.min(400, Math.round(panelWidth * 0.3))), panelWidth - 120);
}
