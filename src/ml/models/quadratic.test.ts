import { mulberry32 } from '../core/prng';
import { MlError } from '../types';
import { hacMaxLag } from './hacSlope';
import { fitQuadratic, hacCurvatureT, quadraticAt, quadraticInterval } from './quadratic';

const DAY = 86_400_000;
const STEP = 600_000;

/** Every 10 minutes for `days`: f(days since the start) plus normal noise of sd `sd`. */
function tenMinutes(seed: number, days: number, sd: number, f: (d: number) => number) {
  const rand = mulberry32(seed);
  const t = Float64Array.from({ length: days * 144 }, (_, i) => i * STEP);
  const v = t.map((x) => f(x / DAY) + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
  return { t, v };
}

describe('quadratic', () => {
  it('recovers an exact parabola, with an infinite curvature t and a zero-width interval', () => {
    // y = 2 + 3x - 0.5x^2 at x = 10..20 (not centred, to exercise the scaling).
    const x = Float64Array.from({ length: 11 }, (_, i) => 10 + i);
    const y = x.map((v) => 2 + 3 * v - 0.5 * v * v);
    const fit = fitQuadratic(x, y);
    expect(quadraticAt(fit, 30)).toBeCloseTo(2 + 90 - 450, 8);
    expect(fit.sigma).toBeLessThan(1e-9);
    expect(Math.abs(fit.tCurvature)).toBeGreaterThan(1e6);
    expect(fit.tCurvature).toBeLessThan(0);
    expect(quadraticInterval(fit, 30, 1.96)).toBeLessThan(1e-6);
  });

  it('matches a hand-worked fit and prediction interval, skipping NaN pairs', () => {
    // x = -2..2, y = x^2 + e with e = (1, -2, 0, 2, -1); e is orthogonal to 1, x and x^2, so the fit is
    // exactly y = x^2 and SSE = 10, sigma^2 = 10 / (5 - 3) = 5. X'X = [[5,0,10],[0,10,0],[10,0,34]],
    // so Var(b2) = sigma^2 * 5/70 and t = 1 / sqrt(5 * 5 / 70). At x0 = 3 the leverage u0'(X'X)^-1 u0 is
    // (34 - 2*9*10 + 81*5) / 70 + 9/10 = 4.6, so the half-width is z sqrt(5 (1 + 4.6)) = z sqrt(28).
    const fit = fitQuadratic([-2, -1, NaN, 0, 1, 2], [5, -1, 7, 0, 3, 3]);
    expect(fit.n).toBe(5);
    expect(quadraticAt(fit, 0)).toBeCloseTo(0, 12);
    expect(quadraticAt(fit, 3)).toBeCloseTo(9, 12);
    expect(fit.sigma).toBeCloseTo(Math.sqrt(5), 12);
    expect(fit.tCurvature).toBeCloseTo(1 / Math.sqrt(25 / 70), 12);
    expect(quadraticInterval(fit, 3, 2)).toBeCloseTo(2 * Math.sqrt(28), 12);
  });

  it('refuses fewer than 3 finite points or 3 distinct x; 3 points give no sigma', () => {
    expect(() => fitQuadratic([0, 1, NaN], [1, 2, 3])).toThrow(MlError);
    expect(() => fitQuadratic([1, 1, 2, 2], [1, 2, 3, 4])).toThrow(/distinct/);
    const three = fitQuadratic([-1, 0, 1], [1, 0, 1]);
    expect(quadraticAt(three, 2)).toBeCloseTo(4, 12);
    expect(three.sigma).toBeNaN();
    expect(three.tCurvature).toBeNaN();
  });

  describe('hacCurvatureT', () => {
    it('is several times smaller than the textbook t when the curve is an unfinished daily cycle', () => {
      // A steady fill of 1.5 %/day under a 2 % daily cycle, 2.5 days: the textbook t reads the half
      // cycle left over as a curvature (about -7.5); over lags of a day it is noise (about -2.1).
      const { t, v } = tenMinutes(7, 2.5, 0.3, (d) => 60 - 1.5 * d + 2 * Math.sin(2 * Math.PI * (d + 0.5)));
      const fit = fitQuadratic(t, v);
      const hac = hacCurvatureT(fit, t, v, hacMaxLag(fit.n, STEP));
      expect(fit.tCurvature).toBeLessThan(-6);
      expect(hac).toBeGreaterThan(-3);
      expect(hac).toBeLessThan(0);
    });

    it('keeps most of the t of a fill that accelerates under independent noise, and never exceeds it', () => {
      const { t, v } = tenMinutes(21, 3.5, 2, (d) => 60 * (1 - (d / 10) ** 2));
      const fit = fitQuadratic(t, v);
      const hac = hacCurvatureT(fit, t, v, hacMaxLag(fit.n, STEP));
      expect(hac).toBeLessThan(-3);
      expect(Math.abs(hac)).toBeGreaterThan(0.6 * Math.abs(fit.tCurvature));
      expect(Math.abs(hac)).toBeLessThanOrEqual(Math.abs(fit.tCurvature) * (1 + 1e-12));
    });

    it('is NaN without a residual scale', () => {
      const fit = fitQuadratic([-1, 0, 1], [1, 0, 1]);
      expect(hacCurvatureT(fit, [-1, 0, 1], [1, 0, 1], 1)).toBeNaN();
    });
  });
});
