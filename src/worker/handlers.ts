/**
 * The worker's handler table: method name → function of plain, structured-cloneable arguments.
 * Later features add their entries here (detect, forecast, ...). Pure: testable in Node.
 */
import { median } from '../ml';

export const handlers: Record<string, (...args: any[]) => unknown> = {
  ping: () => 'pong',
  median: (xs: ArrayLike<number>) => median(xs),
};

/** Runs one request against the table; errors become values so the worker never dies on bad input. */
export function handle(method: string, args: unknown[]): { ok: true; result: unknown } | { ok: false; error: { name: string; code?: string; message: string } } {
  const fn = handlers[method];
  if (!fn) {
    return { ok: false, error: { name: 'Error', message: `unknown worker method "${method}"` } };
  }
  try {
    return { ok: true, result: fn(...args) };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { ok: false, error: { name: err.name ?? 'Error', code: err.code, message: err.message ?? String(e) } };
  }
}
