import { ResidualScale } from './residualScale';

const SQRT_PI_2 = 1.2533141373155003;

/** Fraction of the mean level below which the level-dependent scale stops shrinking (a quiet hour of 0 counts). */
const LEVEL_FLOOR = 0.1;
/** Judged residuals before the two scales' fits are compared. */
const MIN_COMPARED = 100;
/**
 * Dispersion (residual variance / expected level, in the data's own units) that counts as count noise:
 * Poisson noise has 1, bursty counts a few. Outside it (a deterministic 0/20 series, 0.4; taxi
 * passengers per half hour, about 2,700) the noise is not count noise and the scale stays constant.
 */
const MIN_DISPERSION = 0.5;
const MAX_DISPERSION = 16;

/**
 * Laplace log-likelihood (up to a constant) of a residual of size `a` at mean absolute deviation `b`,
 * |e| clipped at 4 sigmas like the scales. A module function, not a closure in add(): the companion
 * runs its sources through tsx, which wraps each closure created in a call with __name (an
 * Object.defineProperty), and add() runs once a point: 16 % of a cold scan's profile (docs/home.md).
 */
function laplaceLogLik(a: number, b: number): number {
  return -Math.log(b) - Math.min(a / b, 4 * SQRT_PI_2);
}

/**
 * Residual scale that grows with the expected level where the data are counts: a Poisson count's
 * standard deviation is the square root of its mean, so a busy hour is noisier than a quiet one and
 * one constant scale flags busy hours and misses quiet ones. Two robust scales run side by side: the
 * constant one (ResidualScale of e) and one of e / sqrt(max(level, LEVEL_FLOOR x mean level)). The
 * second is used only while
 * - every value seen is a non-negative integer (checked on the warm-up's values, and >= 0 after),
 * - its running log-likelihood (Laplace, |e| clipped at 4 sigmas like the scales) beats the constant
 *   one's over the recent residuals, and
 * - its dispersion lies in [MIN_DISPERSION, MAX_DISPERSION].
 * Elsewhere the scale is exactly the constant one (every non-count series is judged as before).
 */
export class LevelScale {
  readonly constant: ResidualScale;
  readonly relative: ResidualScale;
  /** Running mean of max(level, 0). */
  private levelMean = 0;
  private levelCount = 0;
  /** Running mean of the per-point log-likelihood of the relative scale minus the constant one's. */
  private gain = 0;
  private gainCount = 0;
  private countLike = true;

  constructor(readonly memory: number) {
    this.constant = new ResidualScale(memory);
    this.relative = new ResidualScale(memory);
  }

  private factor(level: number): number {
    return Math.sqrt(Math.max(Number.isFinite(level) ? level : this.levelMean, LEVEL_FLOOR * this.levelMean));
  }

  /** Whether the level-dependent scale is in use. */
  get relativeInUse(): boolean {
    if (!this.countLike || !(this.levelMean > 0) || this.gainCount < MIN_COMPARED || !(this.gain > 0)) {
      return false;
    }
    const dispersion = this.relative.sigma ** 2;
    return dispersion >= MIN_DISPERSION && dispersion <= MAX_DISPERSION;
  }

  /** Sigma at a point whose expected value is `level` (NaN before any residual). */
  sigmaAt(level: number): number {
    return this.relativeInUse ? this.relative.sigma * this.factor(level) : this.constant.sigma;
  }

  /**
   * Seeds both scales from a sigma measured around a mean level (a fit's in-sample errors);
   * `countLike`: whether the fitted values are all non-negative integers.
   */
  seed(sigma: number, level: number, count: number, countLike: boolean): void {
    this.constant.meanAbs = sigma / SQRT_PI_2;
    this.constant.count = count;
    this.countLike = this.countLike && countLike;
    if (Number.isFinite(level)) {
      this.levelMean = Math.max(level, 0);
      this.levelCount = count;
    }
    if (this.levelMean > 0) {
      this.relative.meanAbs = sigma / SQRT_PI_2 / this.factor(this.levelMean);
      this.relative.count = count;
    }
  }

  /**
   * Adds the value v of a point whose expected value was `level` (NaN ignored). Not checked for
   * integers: the ensemble teaches an incident's first point clipped to the band.
   */
  add(v: number, level: number): void {
    const e = v - level;
    if (!Number.isFinite(e)) {
      return;
    }
    if (v < 0) {
      this.countLike = false;
    }
    const f = this.levelMean > 0 ? this.factor(level) : NaN;
    const bc = this.constant.meanAbs;
    const br = this.relative.meanAbs * f;
    if (bc > 0 && br > 0 && this.constant.count >= 10 && this.relative.count >= 10) {
      const a = Math.abs(e);
      this.gainCount++;
      this.gain += (laplaceLogLik(a, br) - laplaceLogLik(a, bc) - this.gain) / Math.min(this.gainCount, this.memory);
    }
    this.constant.add(e);
    if (f > 0) {
      this.relative.add(e / f);
    }
    this.levelCount++;
    this.levelMean += (Math.max(level, 0) - this.levelMean) / Math.min(this.levelCount, this.memory);
  }

  toJSON(): number[] {
    return [
      this.constant.meanAbs,
      this.constant.count,
      this.relative.meanAbs,
      this.relative.count,
      this.levelMean,
      this.levelCount,
      this.gain,
      this.gainCount,
      this.countLike ? 1 : 0,
    ];
  }

  /**
   * Restores a state. A state of the constant scale alone ([meanAbs, count], before this scale
   * existed) keeps the constant scale: its warm-up values were not checked for counts.
   */
  static fromJSON(memory: number, j: number[]): LevelScale {
    const s = new LevelScale(memory);
    s.constant.meanAbs = j[0];
    s.constant.count = j[1];
    if (j.length >= 9) {
      s.relative.meanAbs = j[2];
      s.relative.count = j[3];
      s.levelMean = j[4];
      s.levelCount = j[5];
      s.gain = j[6];
      s.gainCount = j[7];
      s.countLike = j[8] === 1;
    } else {
      s.countLike = false;
    }
    return s;
  }
}
