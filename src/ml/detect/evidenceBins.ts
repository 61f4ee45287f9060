/**
 * The calibration's evidence bins (calibrator.ts: bins of 1/8 of -log10 of the two-sided normal tail)
 * as distances in sigmas: bin b holds the residuals with |z| from Z[b] to Z[b + 1]. The ensemble's
 * band asks its members' calibrations about many hypothetical values per point; with this table a
 * residual's bin is a table look-up and a step or two instead of an erfc and a logarithm.
 */
import { BINS, BIN_WIDTH } from './calibrator';
import { twoSidedEvidence } from './residualScale';

let edges: Float64Array | undefined;
/** Cells per sigma of {@link starts}: a power of two, so z x CELLS and its floor are exact. */
const CELLS = 64;
/**
 * starts[c] = the last bin b with Z[b] <= c / CELLS, for c up to Z[BINS] x CELLS: a residual's bin is
 * then at most a step or two above starts[floor(z x CELLS)] (the edges are 0.03 sigmas apart or more,
 * a cell is 1/64).
 */
let starts: Uint8Array | undefined;
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
export function binEdges(): Float64Array {
  if (!edges) {
    const zs = new Float64Array(BINS + 1);
    for (let b = 1; b <= BINS; b++) {
      zs[b] = zAt(b * BIN_WIDTH);
    }
    const st = new Uint8Array(Math.floor(zs[BINS] * CELLS) + 1);
    let b = 0;
    for (let c = 0; c < st.length; c++) {
      while (zs[b + 1] <= c / CELLS) {
        b++;
      }
      st[c] = b;
    }
    starts = st;
    edges = zs;
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
  const zs = edges ?? binEdges();
  if (z >= zs[LAST + 1]) {
    return LAST + 1;
  }
  // The last b with zs[b] <= z (zs[0] = 0): at or above the cell's start, below BINS since z is.
  let b = starts![Math.floor(z * CELLS)];
  while (zs[b + 1] <= z) {
    b++;
  }
  return b;
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
