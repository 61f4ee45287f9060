/** The p-value of a test in the words every view prints it with. */

/** A p-value as people read it: "p < 0.001", "p = 0.042". */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) {
    return 'p = –';
  }
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`;
}
