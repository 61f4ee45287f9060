/** SI prefixes from kilo to exa, by power of 1000. */
const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/**
 * A number short enough to read in a sentence, without knowing its unit: whole numbers under
 * 10,000 as they are, larger magnitudes with an SI prefix to 3 significant digits, and long
 * fractions to 3 significant digits. Warnings name bounds this way (a 500 GB capacity reads
 * "500 G", not "500000000000").
 *
 * @example compactNumber(500e9) // "500 G"
 * @example compactNumber(1) // "1"
 * @example compactNumber(0.000123456) // "0.000123"
 */
export function compactNumber(n: number): string {
  if (!Number.isFinite(n) || (Number.isInteger(n) && Math.abs(n) < 1e4)) {
    return String(n);
  }
  const abs = Math.abs(n);
  if (abs >= 1e4) {
    const power = Math.min(PREFIXES.length - 1, Math.floor(Math.log10(abs) / 3));
    const scaled = Number((n / 10 ** (3 * power)).toPrecision(3));
    // Rounding may reach the next prefix (999,999 -> "1000 k"): move up one.
    if (Math.abs(scaled) >= 1000 && power < PREFIXES.length - 1) {
      return `${Number((n / 10 ** (3 * power + 3)).toPrecision(3))} ${PREFIXES[power + 1]}`;
    }
    return `${scaled} ${PREFIXES[power]}`;
  }
  return String(Number(n.toPrecision(3)));
}
