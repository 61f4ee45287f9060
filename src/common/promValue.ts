/**
 * Sample values as strings on Prometheus' HTTP API, both ways: the companion writes them, the data
 * source reads them.
 */

/**
 * Formats a sample value the way Prometheus' HTTP API does: a decimal string, with the special
 * values spelled "NaN", "+Inf" and "-Inf" (Go's strconv.FormatFloat(v, 'f', -1, 64) plus those).
 *
 * @example formatValue(0.1) // "0.1"
 * @example formatValue(Infinity) // "+Inf"
 */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) {
    return 'NaN';
  }
  if (v === Infinity) {
    return '+Inf';
  }
  if (v === -Infinity) {
    return '-Inf';
  }
  // JavaScript switches to exponent notation for |v| >= 1e21 or < 1e-6, as Go's 'f' does not;
  // Prometheus clients parse both, so the shortest round-trip form is kept.
  return String(v);
}

/**
 * Reads a Prometheus value string (`"+Inf"`, `"-Inf"`, `"NaN"` included; Go also prints `"Inf"`).
 *
 * @example parseValue('+Inf') // Infinity
 */
export function parseValue(s: string): number {
  if (s === '+Inf' || s === 'Inf') {
    return Infinity;
  }
  if (s === '-Inf') {
    return -Infinity;
  }
  return Number(s);
}
