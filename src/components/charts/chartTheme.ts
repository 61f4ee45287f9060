import {
  colorManipulator,
  DecimalCount,
  DisplayProcessor,
  getValueFormat,
  formattedValueToString,
  GrafanaTheme2,
  guessDecimals,
  roundDecimals,
} from '@grafana/data';
import type uPlot from 'uplot';

/**
 * Width reserved for the y axis, shared by stacked charts so their plot areas line up; wide enough
 * for a unit's label such as "93.1 GiB" or "100.0%" at the theme's 12 px.
 */
export const Y_AXIS_SIZE = 76;

/** The i-th colour of the theme's classic palette, as Grafana's time series panel assigns them. */
export function seriesColor(theme: GrafanaTheme2, i: number): string {
  const palette = theme.visualization.palette;
  return theme.visualization.getColorByName(palette[i % palette.length]);
}

/** `color` with opacity `a` (0..1). */
export function fade(color: string, a: number): string {
  return colorManipulator.alpha(color, a);
}

/** What formats a series' values: its display processor (field config), else its bare unit. */
export interface ValueFormatSource {
  unit?: string;
  display?: DisplayProcessor;
}

/**
 * Formats a value as Grafana does for its field: `format` is a series (its display processor applies
 * the field config: unit, decimals, value mappings; without one its unit) or a bare unit id
 * ('bytes', 'percent', ...); plainly without either. `decimals` overrides the field's.
 */
export function formatValue(value: number, format?: string | ValueFormatSource, decimals?: DecimalCount): string {
  if (!Number.isFinite(value)) {
    return '–';
  }
  if (typeof format === 'object' && format.display) {
    return formattedValueToString(format.display(value, decimals));
  }
  const unit = typeof format === 'object' ? format.unit : format;
  return formattedValueToString(getValueFormat(unit || 'short')(value, decimals));
}

/** Axis styling from the theme: text colour, grid lines, the theme's font. */
export function themedAxis(theme: GrafanaTheme2, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: theme.colors.text.secondary,
    grid: { stroke: theme.colors.border.weak, width: 1 },
    ticks: { stroke: theme.colors.border.weak, width: 1 },
    font: `12px ${theme.typography.fontFamily}`,
    ...extra,
  };
}

/**
 * A y axis whose tick labels are formatted as the series' field config says (unit, decimals). Without
 * set decimals, every tick gets the decimals its increment needs, as Grafana's own axes do, so ticks
 * at 0.5 steps read "0.5", "1", "1.5" rather than the unit's per-value rounding ("0.500", "1.50").
 */
export function valueAxis(theme: GrafanaTheme2, format?: ValueFormatSource, extra: uPlot.Axis = {}): uPlot.Axis {
  return themedAxis(theme, {
    size: Y_AXIS_SIZE,
    values: (u, splits, _axisIdx, _space, incr) => {
      const decimals = tickDecimals(incr);
      const labels = splits.map((v) => (v == null ? '' : formatValue(v, format, decimals)));
      // The tick labels are drawn on canvas; kept on the plot's element too, for tests and troubleshooting.
      u.root.dataset.yTicks = JSON.stringify(labels);
      return labels;
    },
    ...extra,
  });
}

/** Decimals for ticks `incr` apart (Grafana's rule); undefined leaves the unit's own rounding. */
export function tickDecimals(incr: number | undefined): DecimalCount {
  if (incr == null || !Number.isFinite(incr) || incr <= 0) {
    return undefined;
  }
  const decimals = guessDecimals(roundDecimals(incr, 6));
  return decimals > 0 ? decimals : undefined;
}
