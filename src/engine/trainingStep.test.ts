import { trainingStep } from './trainingStep';

const S = 1000;
const M = 60 * S;
const D = 86_400 * S;

describe('trainingStep', () => {
  it('keeps the data step when the window fits in the points limit', () => {
    expect(trainingStep(6 * D, M, 10_000)).toBe(M);
    expect(trainingStep(7 * D, M, 10_000)).toBe(2 * M);
    expect(trainingStep(14 * D, 5 * M, 10_000)).toBe(5 * M);
    expect(trainingStep(14 * D, 3 * M, 10_000)).toBe(3 * M);
    // 10,080 points at 2 minutes: read at 4.
    expect(trainingStep(14 * D, 2 * M, 10_000)).toBe(4 * M);
  });

  it('reads 14 days at 1 minute every 3 minutes, which divides the hour', () => {
    expect(trainingStep(14 * D, M, 10_000)).toBe(3 * M);
  });

  it('skips a multiple the hour does not divide (135 s at 15 s) for the next that does (150 s)', () => {
    expect(trainingStep(14 * D, 15 * S, 10_000)).toBe(150 * S);
    expect(Math.round((14 * D) / (150 * S))).toBeLessThanOrEqual(10_000);
  });

  it('falls back to a day, then to the least multiple that holds the window', () => {
    // 7 s divides neither an hour nor a day: the least multiple that holds 14 days.
    expect(trainingStep(14 * D, 7 * S, 10_000)).toBe(Math.ceil((14 * D) / (7 * S) / 10_000) * 7 * S);
    // 90 days at 15 s: no multiple of 15 s up to an hour holds them in 10,000 points; 15 minutes does
    // (8,640 points) and divides the hour.
    expect(trainingStep(90 * D, 15 * S, 10_000)).toBe(15 * M);
  });

  it('always holds the window in the points limit', () => {
    for (const step of [S, 5 * S, 10 * S, 15 * S, 30 * S, M, 7 * S, 13 * S]) {
      for (const train of [3 * D, 7 * D, 14 * D, 30 * D, 90 * D]) {
        const coarse = trainingStep(train, step, 10_000);
        expect(coarse % step).toBe(0);
        expect(train / coarse).toBeLessThanOrEqual(10_000.5);
      }
    }
  });
});
