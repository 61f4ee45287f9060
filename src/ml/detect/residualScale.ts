import { normalTwoSidedTail } from '../core/normal';

/**
 * Robust running scale of one-step residuals: an exponentially weighted mean of |e| with each |e|
 * clipped at 4 current standard deviations, so an anomaly does not inflate the band that should catch
 * the next one. For normal errors E|e| = sigma sqrt(2/pi), hence sigma = 1.2533 * mean|e|.
 * The first `memory` residuals are averaged equally (no start-up bias), later ones with weight 1/memory.
 */
export class ResidualScale {
  meanAbs = 0;
  count = 0;

  constructor(readonly memory: number) {}

  /** Current sigma estimate (NaN before any residual). */
  get sigma(): number {
    return this.count > 0 ? 1.2533141373155003 * this.meanAbs : NaN;
  }

  /** Adds a residual (NaN ignored). */
  add(e: number): void {
    if (!Number.isFinite(e)) {
      return;
    }
    let a = Math.abs(e);
    if (this.count >= 10) {
      a = Math.min(a, 4 * this.sigma);
    }
    this.count++;
    this.meanAbs += (a - this.meanAbs) / Math.min(this.count, this.memory);
  }

  toJSON(): [number, number] {
    return [this.meanAbs, this.count];
  }

  static fromJSON(memory: number, j: [number, number]): ResidualScale {
    const r = new ResidualScale(memory);
    r.meanAbs = j[0];
    r.count = j[1];
    return r;
  }
}

/**
 * Evidence and native score of a residual e against sigma: z = |e| / sigma, evidence = -log10 of the
 * two-sided normal tail, score = evidence / (evidence + 5) (see evidenceToScore). Sigma 0 (a perfectly predictable stretch) makes any
 * deviation certain (evidence 16, score 1) and no deviation evidence 0.
 */
export function residualEvidence(e: number, sigma: number, out: { evidence: number; score: number }): void {
  if (!Number.isFinite(e) || !(sigma >= 0)) {
    out.evidence = NaN;
    out.score = NaN;
    return;
  }
  if (sigma === 0) {
    const dev = Math.abs(e) > 1e-12;
    out.evidence = dev ? 300 : 0;
    out.score = dev ? evidenceToScore(300) : 0;
    return;
  }
  out.evidence = twoSidedEvidence(Math.abs(e) / sigma);
  out.score = evidenceToScore(out.evidence);
}

/**
 * -log10 of the two-sided normal tail P(|Z| >= z), without the float floor of 1 - p: erfc up to z = 8,
 * beyond it the asymptotic ln(2 phi(z) / z (1 - 1/z^2)), accurate to better than 1e-4 relative there.
 */
export function twoSidedEvidence(z: number): number {
  if (z < 8) {
    return -Math.log10(normalTwoSidedTail(z));
  }
  const ln = Math.log(2) - (z * z) / 2 - 0.5 * Math.log(2 * Math.PI) - Math.log(z) + Math.log(1 - 1 / (z * z));
  return -ln / Math.LN10;
}

/**
 * Maps evidence e = -log10(tail) >= 0 to a score in [0, 1): e / (e + 5). Monotone and never saturating,
 * so thresholds can be swept; 0.5 is a one-in-100,000 deviation (the default sensitivity's threshold).
 */
export function evidenceToScore(e: number): number {
  return e / (e + 5);
}
