/**
 * Sample values as strings on Prometheus' HTTP API and in its text exposition, both ways: the
 * companion writes them (query results, /metrics), and the companion (upstream history, recording
 * rules), the data source and the eBPF page read them. Every reader goes through `parseValue`:
 * JavaScript's `Number("+Inf")` is NaN, so a plain `Number()` silently loses infinities.
 */

/**
 * Formats a sample value the way Prometheus' HTTP API does: a decimal string, with the special
 * values spelled "NaN", "+Inf" and "-Inf" (Go's strconv.FormatFloat(v, 'f', -1, 64) plus those).
 * The text exposition formats (Prometheus 0.0.4 and OpenMetrics) spell them the same way.
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
  if (Object.is(v, -0)) {
    return '-0'; // as Go prints it; String(-0) is "0"
  }
  // JavaScript switches to exponent notation for |v| >= 1e21 or < 1e-6, as Go's 'f' does not;
  // Prometheus clients parse both, so the shortest round-trip form is kept.
  return String(v);
}

/** A decimal number as Go's ParseFloat reads it (no hex floats: Prometheus never writes them). */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Go's ParseFloat spellings of the specials, any case: "+Inf", "Inf", "-inf", "Infinity", "NaN". */
const SPECIAL = /^(?:([+-]?)inf(?:inity)?|(nan))$/i;

/**
 * Reads a Prometheus sample value string: decimals, and the specials in Go's spellings (`"+Inf"`,
 * `"-Inf"`, `"NaN"`, also `"Inf"`, `"Infinity"` and any case). Throws on anything else (an empty
 * string, a number with spaces, `"0x10"`) rather than guessing, so a garbled answer is an error,
 * never a silent wrong value.
 *
 * @example parseValue('+Inf') // Infinity
 * @example parseValue('-1.5e3') // -1500
 */
export function parseValue(s: string): number {
  if (typeof s === 'string') {
    if (DECIMAL.test(s)) {
      return Number(s);
    }
    const special = SPECIAL.exec(s);
    if (special) {
      return special[2] ? NaN : special[1] === '-' ? -Infinity : Infinity;
    }
  }
  throw new Error(`not a Prometheus sample value: ${JSON.stringify(s)}`);
}
