import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { themedAxis, ValueFormatSource, valueAxis } from './chartTheme';

/**
 * The least room, in CSS pixels, between time ticks. uPlot's 50 put a "7:40am" every 45 px on a
 * 3-hour window, label against label; 70 keeps a gap, as Grafana's time axes do.
 */
const TIME_TICK_SPACE = 70;

/**
 * The x and y axes of a layered chart (see LayeredUPlot): `visible` for the bottom layer; `hidden`
 * for the layers above it, which keep the same sizes (so every plot area lines up) but draw no text,
 * grid or ticks over the bottom layer's. The y ticks are formatted like the values of `format` (a series).
 */
export function layerAxes(
  theme: GrafanaTheme2,
  format?: ValueFormatSource
): { visible: uPlot.Axis[]; hidden: uPlot.Axis[] } {
  const visible = [themedAxis(theme, { space: TIME_TICK_SPACE }), valueAxis(theme, format)];
  const hidden = visible.map((a) => ({
    ...a,
    stroke: 'transparent',
    grid: { show: false },
    ticks: { show: false },
  }));
  return { visible, hidden };
}
