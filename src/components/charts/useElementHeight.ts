import { useLayoutEffect, useState } from 'react';

/**
 * The rendered height of an element, followed on resize, so a chart below content of unknown height
 * (wrapped text) gets the rest of the panel. Attach the returned callback as the element's `ref`.
 * `estimate` stands in until the first measurement, and where there is no ResizeObserver (jsdom).
 */
export function useElementHeight(estimate: number): [(el: HTMLElement | null) => void, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [height, setHeight] = useState<number>();
  // Observing from a layout effect: the first notification arrives before the browser paints.
  useLayoutEffect(() => {
    if (!el || typeof ResizeObserver === 'undefined') {
      return;
    }
    const ro = new ResizeObserver(() => setHeight(el.offsetHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, el && height !== undefined ? height : estimate];
}
