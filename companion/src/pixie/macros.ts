/**
 * Time macros in PxL scripts, as the Pixie Grafana plugin (pixie-io/grafana-plugin,
 * pkg/pixie_queries.go) replaces them: `__time_from` and `__time_to` become the query range's
 * bounds in Unix nanoseconds, `__interval` the suggested interval in nanoseconds. Grafana's own
 * `$__from`, `$__to` and `$__interval` are replaced by Grafana in the browser before the script is
 * sent. Unlike the plugin's plain substring replacement, a macro here must stand alone (not be part of
 * a longer identifier), so a column such as `my__interval_count` is left intact.
 */

/** The query's time range and interval, in milliseconds. */
export interface MacroContext {
  fromMs: number;
  toMs: number;
  intervalMs: number;
}

const NS_PER_MS = BigInt(1_000_000);

/** Milliseconds → nanoseconds as a decimal string (exact beyond 2^53). */
export function msToNs(ms: number): string {
  return (BigInt(Math.round(ms)) * NS_PER_MS).toString();
}

/**
 * Replaces the time macros of a PxL script.
 *
 * @example expandMacros("px.DataFrame('http_events', start_time=__time_from)", { fromMs: 1, toMs: 2, intervalMs: 1000 })
 * // "px.DataFrame('http_events', start_time=1000000)"
 */
export function expandMacros(script: string, ctx: MacroContext): string {
  const values: Record<string, string> = {
    __time_from: msToNs(ctx.fromMs),
    __time_to: msToNs(ctx.toMs),
    __interval: msToNs(ctx.intervalMs),
  };
  return script.replace(/(?<![A-Za-z0-9_$])(__time_from|__time_to|__interval)(?![A-Za-z0-9_])/g, (m) => values[m]);
}
