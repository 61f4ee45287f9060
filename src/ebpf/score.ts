/**
 * Weighted score over the reference table's criteria (CPU efficiency, memory efficiency, features,
 * ease of use): Σ wᵢ·sᵢ / Σ wᵢ. With equal weights this is the unweighted mean the reference report
 * uses, so it reproduces that table (Beyla 89.5, Tetragon 87.5, Parca 85.5, Pixie 80.0, Datadog 72.5).
 */
import { EbpfModelError } from './errors';
import { AgentComparison, ScoreCriterion } from './figures';

/** The criteria, in the reference table's order. */
export const SCORE_CRITERIA: ScoreCriterion[] = ['cpu_efficiency', 'memory_efficiency', 'features', 'ease_of_use'];

/** Weight per criterion; only ratios matter. */
export type ScoreWeights = Record<ScoreCriterion, number>;

/** Equal weights: reproduce the reference table. */
export const EQUAL_WEIGHTS: ScoreWeights = { cpu_efficiency: 1, memory_efficiency: 1, features: 1, ease_of_use: 1 };

/**
 * Weighted mean of sub-scores.
 * @throws EbpfModelError when a weight is negative or not finite, or all weights are 0.
 * @example weightedScore({ cpu_efficiency: 98, memory_efficiency: 95, features: 70, ease_of_use: 95 }, EQUAL_WEIGHTS) // 89.5
 */
export function weightedScore(scores: Record<ScoreCriterion, number>, weights: ScoreWeights): number {
  let sw = 0;
  let s = 0;
  for (const c of SCORE_CRITERIA) {
    const w = weights[c];
    if (!Number.isFinite(w) || w < 0) {
      throw new EbpfModelError('bad_input', `weight of ${c} must be a finite number ≥ 0, got ${w}`);
    }
    sw += w;
    s += w * scores[c];
  }
  if (sw === 0) {
    throw new EbpfModelError('bad_input', 'at least one weight must be above 0');
  }
  return s / sw;
}

/** An agent's score, for a ranked list. */
export interface RankedScore {
  agent: string;
  score: number;
  /** Citation of the sub-scores. */
  citation: string;
}

/** Agents that have sub-scores, best first (ties keep input order). */
export function rankByScore(rows: AgentComparison[], weights: ScoreWeights): RankedScore[] {
  return rows
    .filter((r) => r.scores)
    .map((r) => ({ agent: r.agent, score: weightedScore(r.scores!.values, weights), citation: r.scores!.source.citation }))
    .map((x, i) => ({ x, i }))
    .sort((a, b) => b.x.score - a.x.score || a.i - b.i)
    .map((y) => y.x);
}
