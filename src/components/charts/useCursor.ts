import { useCallback, useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';

/** Where the chart cursor is: data index and position (px) in the plot area, or none. */
export interface CursorState {
  idx: number;
  left: number;
  top: number;
  /** Value of the y scale at the cursor's height. */
  yValue: number;
}

/**
 * Cursor state for a React tooltip, updated at most once per animation frame. Returns the state and
 * a stable uPlot `setCursor` hook to put in the chart's options.
 */
export function useCursor(): [CursorState | null, (u: uPlot) => void] {
  const [cursor, setCursor] = useState<CursorState | null>(null);
  const frame = useRef(0);
  const latest = useRef<CursorState | null>(null);
  const hook = useCallback((u: uPlot) => {
    const { idx, left, top } = u.cursor;
    latest.current =
      idx == null || left == null || left < 0
        ? null
        : {
            idx,
            left: left + u.bbox.left / devicePixelRatio,
            top: (top ?? 0) + u.bbox.top / devicePixelRatio,
            yValue: u.posToVal(top ?? 0, 'y'),
          };
    if (!frame.current) {
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        setCursor(latest.current);
      });
    }
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  return [cursor, hook];
}
