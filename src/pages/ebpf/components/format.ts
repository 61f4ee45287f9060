/** Number formatting shared by the page's tables and charts. */

/**
 * A figure's value with a sensible number of digits for its size.
 * @example formatNumber(0.04213) // "0.0421"
 * @example formatNumber(1536) // "1,536"
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) {
    return '–';
  }
  const a = Math.abs(v);
  if (a === 0) {
    return '0';
  }
  if (a >= 100) {
    return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  }
  if (a >= 10) {
    return v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  }
  return Number(v.toPrecision(3)).toLocaleString('en-US', { maximumSignificantDigits: 3 });
}

/** A delta with its sign: "+1.2", "−0.4". */
export function formatSigned(v: number): string {
  if (!Number.isFinite(v)) {
    return '–';
  }
  const s = formatNumber(Math.abs(v));
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
}

/** Whole currency units with thousands separators: 18615.2 → "18,615". */
export function formatMoney(v: number): string {
  return Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : '–';
}
