import React, { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { keepTickLabelsInside } from './tickLabelsInside';
import 'uplot/dist/uPlot.min.css';

interface Props {
  /** uPlot options without width and height (the component sets them). */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  /** uPlot data: x values (seconds) first, then one array per series. */
  data: uPlot.AlignedData;
  width: number;
  height: number;
  /** Test id of the wrapping element. */
  testId?: string;
}

/**
 * A thin React wrapper over uPlot, the chart library Grafana itself uses. Recreates the plot when
 * the options change and only swaps data or size otherwise, so re-renders stay cheap (a new plot is
 * drawn once, with its data, never twice).
 */
export function UPlotChart({ options, data, width, height, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const drawn = useRef<{ data: uPlot.AlignedData; width: number; height: number } | null>(null);

  useEffect(() => {
    if (!ref.current) {
      return;
    }
    plot.current = new uPlot({ ...options, width, height }, data, ref.current);
    keepTickLabelsInside(plot.current, uPlot.pxRatio, options.axes?.[0]?.font);
    drawn.current = { data, width, height };
    return () => {
      plot.current?.destroy();
      plot.current = null;
      drawn.current = null;
    };
    // Size and data changes are applied below without recreating the plot.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options]);

  useEffect(() => {
    if (plot.current && drawn.current && drawn.current.data !== data) {
      drawn.current.data = data;
      plot.current.setData(data);
    }
  }, [data]);

  useEffect(() => {
    if (plot.current && drawn.current && (drawn.current.width !== width || drawn.current.height !== height)) {
      drawn.current.width = width;
      drawn.current.height = height;
      plot.current.setSize({ width, height });
    }
  }, [width, height]);

  return <div ref={ref} data-testid={testId} />;
}
