/**
 * The contract between the ensemble's band and its score: a point inside the band scores below the
 * threshold. The ensemble draws its band where its calibrated vote would reach the threshold
 * (ensemble.ts), so this holds by construction wherever the vote grows with the distance from the
 * expected value; {@link bandBoundedScore} enforces it where it does not (between two members that
 * disagree, or within floating-point rounding of the edge).
 */

/**
 * Distance of v from `expected` in band half-widths, on v's side of the band: 0 at the expected
 * value, 1 at the edge. A band of zero width on that side gives 0 at the expected value and Infinity
 * elsewhere; NaN when v or the band is missing.
 *
 * @example bandDistance(3, 1, 0, 2) // 2: twice as far above the expected value as the upper edge
 */
export function bandDistance(v: number, expected: number, lower: number, upper: number): number {
  const dev = v - expected;
  const half = dev >= 0 ? upper - expected : expected - lower;
  if (!(half >= 0) || Number.isNaN(dev)) {
    return NaN;
  }
  return dev === 0 ? 0 : Math.abs(dev) / half;
}

/**
 * The score `s` of a point `d` band half-widths from the expected value: inside the band (d < 1) at
 * most threshold x d, so below the threshold and reaching it at the edge; unchanged elsewhere.
 *
 * @example bandBoundedScore(0.9, 0.5, 0.765) // 0.3825: half-way to the edge, half the threshold
 * @example bandBoundedScore(0.9, 1.5, 0.765) // 0.9: outside the band the score stands
 */
export function bandBoundedScore(s: number, d: number, threshold: number): number {
  return d < 1 ? Math.min(s, threshold * d) : s;
}

/** Share of the score above the threshold that says how far outside the band a point is (the rest: how rare). */
export const MAGNITUDE_SHARE = 0.5;
/** Distance from the expected value, in band half-widths, at which the magnitude part is full. */
export const MAGNITUDE_SPAN = 16;

/**
 * The reported score of a flagged point (s >= threshold) `d` band half-widths from the expected
 * value: the part above the threshold is shared between the calibrated surprise (how rare the point's
 * evidence is among the member's recent evidence) and how far outside the band it is,
 * log(d) / log(MAGNITUDE_SPAN) up to 1. The surprise saturates: every record of a member's recent
 * evidence reads 1, so on a noisy series the routine 1-in-1,000 blip and a spike ten times further
 * out tie, and a threshold chosen on other series cannot tell them apart. Below the threshold the
 * score is unchanged, and a flagged point never reads below the threshold, so the decision
 * (score >= threshold) is unchanged too.
 *
 * @example magnitudeScore(1, 1, 0.765) // 0.8825: a rare point just outside the band
 * @example magnitudeScore(1, 16, 0.765) // 1: rare and 16 half-widths out
 * @example magnitudeScore(0.5, 3, 0.765) // 0.5: not flagged, unchanged
 */
export function magnitudeScore(s: number, d: number, threshold: number): number {
  if (!(s >= threshold)) {
    return s;
  }
  const far = d > 1 ? Math.min(1, Math.log(d) / Math.log(MAGNITUDE_SPAN)) : 0;
  return threshold + (s - threshold) * (1 - MAGNITUDE_SHARE) + MAGNITUDE_SHARE * (1 - threshold) * far;
}
