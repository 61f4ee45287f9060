/**
 * The calibration's evidence bins (calibrator.ts: bins of 1/8 of -log10 of the two-sided normal tail)
 * as distances in sigmas: bin b holds the residuals with |z| from Z[b] to Z[b + 1]. The ensemble's
 * band asks its members' calibrations about many hypothetical values per point; with this table a
 * residual's bin is a binary search instead of an erfc and a logarithm.
 */
import { BINS, BIN_WIDTH } from './calibrator';
import { twoSidedEvidence } from './residualScale';

let edges: Float64Array | undefined;
/** The last bin (BINS - 1), copied once: the band reads it in its innermost loop. */
const LAST = BINS - 1;

/** The |z| at which twoSidedEvidence reaches e (bisection; twoSidedEvidence grows with z). */
function zAt(e: number): number {
  let a = 0;
  let b = 64;
  for (let j = 0; j < 80; j++) {
    const mid = (a + b) / 2;
    if (twoSidedEvidence(mid) >= e) {
      b = mid;
    } else {
      a = mid;
    }
  }
  return b;
}

/** Z[b] = the |z| where evidence b x BIN_WIDTH starts, for b = 0..BINS (Z[BINS]: evidence 16). */
function zEdges(): Float64Array {
  if (!edges) {
    edges = new Float64Array(BINS + 1);
    for (let b = 1; b <= BINS; b++) {
      edges[b] = zAt(b * BIN_WIDTH);
    }
  }
  return edges;
}

/**
 * The calibration bin of a residual r against scale s, or BINS when its evidence is at least
 * BINS x BIN_WIDTH (past the last bin's start: the calibration files it in the last bin): one search
 * answers both {@link evidenceBin} and {@link pastLastBin}, which the band asks for every member at
 * every value it tries. At scale 0 any deviation is past the last bin. NaN when r or s is not usable.
 *
 * @example binOrPast(0, 1) // 0
 * @example binOrPast(10, 1) // 128: 10 sigmas is past evidence 16
 */
export function binOrPast(r: number, s: number): number {
  if (!Number.isFinite(r) || !(s >= 0)) {
    return NaN;
  }
  if (s === 0) {
    return Math.abs(r) > 1e-12 ? LAST + 1 : 0;
  }
  const z = Math.abs(r) / s;
  const zs = edges ?? zEdges();
  let lo = 0;
  let hi = LAST + 1;
  // The last b with zs[b] <= z (zs[0] = 0).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (zs[mid] <= z) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

/**
 * The calibration bin of a residual r against scale s, as TailCalibrator would file its evidence
 * (residualEvidence): the last bin for any deviation at scale 0; NaN when r or s is not usable.
 *
 * @example evidenceBin(0, 1) // 0
 * @example evidenceBin(10, 1) // 127: 10 sigmas is past evidence 16
 */
export function evidenceBin(r: number, s: number): number {
  return Math.min(binOrPast(r, s), LAST);
}

/** Whether a residual r against scale s has evidence of at least BINS x BIN_WIDTH (16). */
export function pastLastBin(r: number, s: number): boolean {
  return binOrPast(r, s) === LAST + 1;
}
