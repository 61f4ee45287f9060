/**
 * The one user-facing knob. Sensitivity s in [0, 1] (higher flags more) maps to:
 * - for parametric members (MAD, Gaussian, Holt-Winters, Prophet-style, LSTM): a two-sided tail
 *   probability alpha = 10^-(2 + 6 (1 - s)), i.e. from 1e-8 (s = 0) to 1e-2 (s = 1); the score
 *   threshold is e / (e + 5) with e = -log10(alpha) (0.5 at the default s = 0.5) and the band is expected +- z(alpha)
 *   sigma, so "outside the band" and "anomalous" agree;
 * - for the Isolation Forest: a threshold on its score s(x), 0.95 - 0.1 s (0.9 at the default; a
 *   point outside the range of the whole training sample scores 2^(-1/c(256)) = 0.935);
 * - for the ensemble: a threshold on the combined score, see {@link ensembleThreshold}.
 */
import type { DetectorThreshold } from '../../common/models';
import { normalQuantile } from '../core/normal';

/** Clamps a sensitivity to [0, 1]; NaN or undefined -> the default. */
export function clampSensitivity(s: number | undefined, fallback: number): number {
  if (s === undefined || !Number.isFinite(s)) {
    return fallback;
  }
  return Math.min(1, Math.max(0, s));
}

/** Two-sided tail probability below which a parametric model flags a point. */
export function tailAlpha(s: number): number {
  return Math.pow(10, -(2 + 6 * (1 - s)));
}

/** Threshold on a parametric member's score e / (e + 5), e = -log10(tail). */
export function parametricThreshold(s: number): number {
  const e = -Math.log10(tailAlpha(s));
  return e / (e + 5);
}

/** Half-width of the band in sigmas for sensitivity s. */
export function bandZ(s: number): number {
  return normalQuantile(1 - tailAlpha(s) / 2);
}

/** Score threshold of the Isolation Forest. */
export function iforestThreshold(s: number): number {
  return 0.95 - 0.1 * s;
}

/** Threshold of the ensemble's combined score (calibrated, see ensemble.ts). */
export function ensembleThreshold(s: number): number {
  return 0.95 - 0.37 * s;
}

/** Score threshold of a detector's threshold family (its catalogue entry's `threshold`). */
export function scoreThreshold(family: DetectorThreshold, s: number): number {
  switch (family) {
    case 'isolation':
      return iforestThreshold(s);
    case 'vote':
      return ensembleThreshold(s);
    case 'parametric':
      return parametricThreshold(s);
  }
}
