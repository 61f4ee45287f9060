import { useCallback, useRef, useState } from 'react';

/**
 * The rendered height of an element, followed on resize, so a chart below content of unknown height
 * (wrapped text) gets the rest of the panel. Attach the returned callback as the element's `ref`.
 * The height is measured as the element is attached, before the browser paints, and is undefined
 * until then: draw the chart only once it is known, so it is drawn once, at its final size.
 */
export function useElementHeight(): [(el: HTMLElement | null) => void, number | undefined] {
  const [height, setHeight] = useState<number>();
  const observer = useRef<ResizeObserver>();
  const ref = useCallback((el: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = undefined;
    setHeight(el ? el.offsetHeight : undefined);
    if (el && typeof ResizeObserver !== 'undefined') {
      observer.current = new ResizeObserver(() => setHeight(el.offsetHeight));
      observer.current.observe(el);
    }
  }, []);
  return [ref, height];
}
