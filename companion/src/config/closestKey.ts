/**
 * "Did you mean": the valid key nearest to a misspelt one, by edit distance (insertions, deletions,
 * substitutions and swaps of neighbours, ignoring case), if it is near enough to be a typo.
 */

/** Optimal string alignment distance between a and b. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) {
    d[0][j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** The key of `valid` closest to `key`, or undefined when none is within a third of its length (at least 2). */
export function closestKey(key: string, valid: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  const limit = Math.max(2, Math.floor(k.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of valid) {
    const dist = editDistance(k, candidate.toLowerCase());
    if (dist < bestDistance) {
      best = candidate;
      bestDistance = dist;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
