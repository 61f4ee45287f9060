import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { themedAxis, ValueFormatSource, valueAxis } from './chartTheme';

/**
 * The x and y axes of a layered chart (see LayeredUPlot): `visible` for the bottom layer; `hidden`
 * for the layers above it, which keep the same sizes (so every plot area lines up) but draw no text,
 * grid or ticks over the bottom layer's. The y ticks are formatted like the values of `format` (a series).
 */
export function layerAxes(
  theme: GrafanaTheme2,
  format?: ValueFormatSource
): { visible: uPlot.Axis[]; hidden: uPlot.Axis[] } {
  const visible = [themedAxis(theme), valueAxis(theme, format)];
  const hidden = visible.map((a) => ({
    ...a,
    stroke: 'transparent',
    grid: { show: false },
    ticks: { show: false },
  }));
  return { visible, hidden };
}
