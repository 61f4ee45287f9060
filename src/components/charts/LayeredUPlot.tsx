import React, { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { keepTickLabelsInside } from './tickLabelsInside';
import 'uplot/dist/uPlot.min.css';

/** One uPlot instance of a layered chart: its options (without size) and data. */
export interface PlotLayer {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
}

interface Props {
  /** Bottom layer first. Every layer must use the same x data, fixed scale ranges and axis sizes. */
  layers: PlotLayer[];
  width: number;
  height: number;
  testId?: string;
  /** Called once every layer has been drawn. */
  onDrawn?: () => void;
}

/**
 * Many series drawn as a stack of uPlot layers, one drawn per animation frame, instead of one plot
 * drawn in a single long task: a busy chart (50 series x 2,000 points with bands) would otherwise
 * block the UI thread for hundreds of ms. The bottom layer (axes, grid) and the top layer (cursor,
 * pointer) stay live uPlot instances; each layer in between is drawn off-screen, copied onto one
 * shared canvas and destroyed, so the page never holds more than three canvases. The layers line up
 * because they share the x data, fixed scale ranges and axis sizes. A size change redraws all layers.
 */
export function LayeredUPlot({ layers, width, height, testId, onDrawn }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const done = useRef(onDrawn);
  useEffect(() => {
    done.current = onDrawn;
  }, [onDrawn]);

  useEffect(() => {
    const host = ref.current;
    if (!host || layers.length === 0) {
      return;
    }
    let cancelled = false;
    let frame = 0;
    const live: uPlot[] = [];
    const ratio = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
    const composite = document.createElement('canvas');
    composite.width = Math.round(width * ratio);
    composite.height = Math.round(height * ratio);
    composite.style.cssText = `position:absolute;left:0;top:0;width:${width}px;height:${height}px;pointer-events:none;`;
    const place = (last: boolean) => {
      const el = document.createElement('div');
      el.style.cssText = `position:absolute;left:0;top:0;${last ? '' : 'pointer-events:none;'}`;
      host.appendChild(el);
      return el;
    };
    const mount = (i: number) => {
      if (cancelled) {
        return;
      }
      if (i >= layers.length) {
        done.current?.();
        return;
      }
      const { options, data } = layers[i];
      const last = i === layers.length - 1;
      if (i === 0 || last) {
        if (last && layers.length > 2) {
          host.appendChild(composite);
        }
        const plot = new uPlot({ ...options, width, height }, data, place(last));
        keepTickLabelsInside(plot, uPlot.pxRatio, options.axes?.[0]?.font);
        live.push(plot);
      } else {
        // Drawn off-screen; its draw hook copies the pixels onto the shared canvas.
        const copy = (u: uPlot) => {
          composite.getContext('2d')?.drawImage(u.ctx.canvas, 0, 0);
          setTimeout(() => u.destroy());
        };
        const hooks = { ...options.hooks, draw: [...(options.hooks?.draw ?? []), copy] };
        new uPlot({ ...options, hooks, width, height }, data, document.createElement('div'));
      }
      frame = requestAnimationFrame(() => mount(i + 1));
    };
    mount(0);
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      for (const p of live) {
        p.destroy();
      }
      host.replaceChildren();
    };
  }, [layers, width, height]);

  return <div ref={ref} data-testid={testId} style={{ position: 'relative', width, height }} />;
}

/**
 * Splits items into consecutive groups whose summed cost stays within `budget` (each group has at
 * least one item), e.g. series by the number of points a layer has to draw.
 */
export function splitByCost<T>(items: T[], cost: (item: T) => number, budget: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let sum = 0;
  for (const item of items) {
    const c = cost(item);
    if (current.length > 0 && sum + c > budget) {
      groups.push(current);
      current = [];
      sum = 0;
    }
    current.push(item);
    sum += c;
  }
  if (current.length > 0) {
    groups.push(current);
  }
  return groups;
}
