import { RefObject, useEffect, useState } from 'react';

/** Width of an element, following resizes (ResizeObserver; a fixed fallback where there is none). */
export function useWidth(ref: RefObject<HTMLElement>, fallback = 600): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) {
      return;
    }
    setWidth(el.clientWidth || fallback);
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const ro = new ResizeObserver((entries) => setWidth(Math.floor(entries[0].contentRect.width) || fallback));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, fallback]);
  return width;
}
