/**
 * The nearest of some names to a misspelt one, for "did you mean" in option errors (every door's
 * option parser uses it: the companion's option string, the data source, the CLI's flags).
 */

/**
 * The candidate nearest to `word` by edit distance, when near enough to be a likely typo (at most
 * a third of the word's length, and at least 2 edits allowed); undefined otherwise.
 *
 * @example closestName('sensitivty', ['model', 'sensitivity']) // 'sensitivity'
 */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** " (did you mean X?)" for a near candidate, else "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closestName(word, candidates);
  return c === undefined ? '' : ` (did you mean ${c}?)`;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
