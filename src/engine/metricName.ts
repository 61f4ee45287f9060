/** The metric name of an inner query that is a plain selector (`node_filesystem_avail_bytes{...}`). */
export function metricNameOf(inner: string): string | undefined {
  return /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^{}]*\})?\s*$/.exec(inner)?.[1];
}
