/**
 * Keeps the x axis' tick labels inside the chart. uPlot centres each label on its tick, so a tick
 * near the plot's right edge drew half its label past the canvas, cut to "9:00ar" for "9:00am".
 * Grafana's time axis drops such a label; so do we (the tick and grid line stay).
 */
import type uPlot from 'uplot';

/**
 * The labels with those blanked whose centred text would reach past either edge of a canvas
 * `width` wide: `x` is each tick's position and `w` each label's width, in CSS pixels.
 *
 * @example labelsInside(['8:00am', '9:00am'], [500, 790], [40, 40], 800) // ['8:00am', '']
 */
export function labelsInside<T>(labels: T[], x: number[], w: number[], width: number): Array<T | ''> {
  return labels.map((l, i) => (x[i] - w[i] / 2 < 0 || x[i] + w[i] / 2 > width ? '' : l));
}

/**
 * Wraps the x axis' own label formatter (uPlot's default for time, with the plot's time zone) so a
 * label that would overflow the canvas is dropped. Call right after `new uPlot(...)` with
 * `uPlot.pxRatio`: the first draw is queued, so it already uses the wrapped formatter.
 */
export function keepTickLabelsInside(u: uPlot, pxRatio: number, font = '12px sans-serif'): void {
  const axis = u.axes[0];
  const format = axis?.values;
  if (typeof format !== 'function') {
    return;
  }
  axis.values = (self, splits, axisIdx, space, incr) => {
    const labels = format(self, splits, axisIdx, space, incr) as Array<string | number | null>;
    const ctx = self.ctx;
    ctx.save();
    ctx.font = font;
    const w = labels.map((l) => (l == null ? 0 : ctx.measureText(String(l)).width));
    ctx.restore();
    // bbox is in canvas pixels (uPlot's pixel ratio times CSS pixels; the canvas itself may not be
    // sized yet while uPlot lays out the axes).
    const x = splits.map((s) => self.bbox.left / pxRatio + self.valToPos(s, 'x'));
    const kept = labelsInside(labels, x, w, self.width);
    // Drawn on canvas; kept on the plot's element too, for tests and troubleshooting.
    self.root.dataset.xTicks = JSON.stringify(kept);
    return kept as string[];
  };
}
