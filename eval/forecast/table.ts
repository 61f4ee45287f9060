/** Plain-text tables for the forecast and time-to-exhaustion evals. */

/** Formats a figure: 3 decimals under 10, 1 under 100, none above; `inf` for +Infinity. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) {
    return x > 0 ? 'inf' : String(x);
  }
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3);
}

/** A table with a header row, the first column left-aligned and the others right-aligned. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}
