import { colorManipulator, getValueFormat, formattedValueToString, GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';

/** Width reserved for the y axis, shared by stacked charts so their plot areas line up. */
export const Y_AXIS_SIZE = 64;

/** The i-th colour of the theme's classic palette, as Grafana's time series panel assigns them. */
export function seriesColor(theme: GrafanaTheme2, i: number): string {
  const palette = theme.visualization.palette;
  return theme.visualization.getColorByName(palette[i % palette.length]);
}

/** `color` with opacity `a` (0..1). */
export function fade(color: string, a: number): string {
  return colorManipulator.alpha(color, a);
}

/** Formats a value with a Grafana unit id ('bytes', 'percent', ...), or plainly without one. */
export function formatValue(value: number, unit?: string, decimals?: number): string {
  if (!Number.isFinite(value)) {
    return '–';
  }
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

/** A y axis whose tick labels use the field's unit. */
export function valueAxis(theme: GrafanaTheme2, unit?: string, extra: uPlot.Axis = {}): uPlot.Axis {
  return themedAxis(theme, {
    size: Y_AXIS_SIZE,
    values: (_u, splits) => splits.map((v) => (v == null ? '' : formatValue(v, unit))),
    ...extra,
  });
}
