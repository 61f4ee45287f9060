import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { themedAxis, valueAxis } from './chartTheme';

/**
 * The x and y axes of a layered chart (see LayeredUPlot): `visible` for the bottom layer; `hidden`
 * for the layers above it, which keep the same sizes (so every plot area lines up) but draw no text,
 * grid or ticks over the bottom layer's.
 */
export function layerAxes(theme: GrafanaTheme2, unit?: string): { visible: uPlot.Axis[]; hidden: uPlot.Axis[] } {
  const visible = [themedAxis(theme), valueAxis(theme, unit)];
  const hidden = visible.map((a) => ({
    ...a,
    stroke: 'transparent',
    grid: { show: false },
    ticks: { show: false },
  }));
  return { visible, hidden };
}
