/**
 * For tests of chart drawing: a uPlot stand-in whose canvas context records every call and every
 * property set, in order, with the plot box and value-to-pixel mapping a test gives.
 */
import type uPlot from 'uplot';

export function recordingPlot(bbox: uPlot['bbox'], valToPos: (v: number, scale: string) => number) {
  const calls: Array<[string, ...unknown[]]> = [];
  const ctx = new Proxy({} as Record<string, unknown>, {
    get:
      (_t, k) =>
      (...args: unknown[]) =>
        calls.push([String(k), ...args]),
    set: (_t, k, v) => {
      calls.push([`set ${String(k)}`, v]);
      return true;
    },
  });
  const u = { ctx, bbox, valToPos } as unknown as uPlot;
  return { u, calls };
}
