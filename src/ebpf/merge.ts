/**
 * Puts reference, measured and live rows together, one row per agent (names matched
 * case-insensitively), keeping each figure's own source. Nothing is averaged across sources.
 */
import { AgentComparison } from './figures';

/**
 * Merges rows from several sources.
 * @param order display order of agent names; unknown agents follow in first-seen order.
 */
export function mergeComparisons(rowSets: AgentComparison[][], order: string[] = []): AgentComparison[] {
  const byName = new Map<string, AgentComparison>();
  for (const rows of rowSets) {
    for (const r of rows) {
      const key = r.agent.toLowerCase();
      const existing = byName.get(key);
      if (!existing) {
        byName.set(key, { ...r, figures: [...r.figures] });
        continue;
      }
      existing.figures.push(...r.figures);
      if (r.scores && !existing.scores) {
        existing.scores = r.scores;
      }
    }
  }
  const rank = (name: string) => {
    const i = order.findIndex((o) => o.toLowerCase() === name.toLowerCase());
    return i < 0 ? order.length : i;
  };
  return [...byName.values()].map((r, i) => ({ r, i })).sort((a, b) => rank(a.r.agent) - rank(b.r.agent) || a.i - b.i).map((x) => x.r);
}
