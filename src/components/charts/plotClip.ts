import type uPlot from 'uplot';

/**
 * Runs `draw` on the plot's canvas clipped to its plotting area (so marks near an edge do not spill
 * onto the axes), and restores the canvas state afterwards.
 */
export function drawInPlot(u: uPlot, draw: (ctx: CanvasRenderingContext2D, bbox: uPlot.BBox) => void): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  draw(ctx, bbox);
  ctx.restore();
}

/** The device pixel ratio: canvas sizes are in device pixels. 1 where there is no window (tests). */
export function pixelRatio(): number {
  return typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
}
