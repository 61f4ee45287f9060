import { fft } from './fft';

describe('fft', () => {
  it('transforms [1, 2, 3, 4] to [10, -2+2i, -2, -2-2i] and back', () => {
    const re = Float64Array.from([1, 2, 3, 4]);
    const im = new Float64Array(4);
    fft(re, im);
    expect(Array.from(re).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([10, -2, -2, -2]);
    expect(Array.from(im).map((x) => Math.round(x * 1e9) / 1e9 + 0)).toEqual([0, 2, 0, -2]);
    fft(re, im, true);
    expect(Array.from(re).map((x) => Math.round((x / 4) * 1e9) / 1e9)).toEqual([1, 2, 3, 4]);
  });

  it('rejects lengths that are not a power of two', () => {
    expect(() => fft(new Float64Array(3), new Float64Array(3))).toThrow(RangeError);
  });
});
