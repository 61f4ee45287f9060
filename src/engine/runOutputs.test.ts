import { type OutputName, RUN_CHUNK_OVERHEAD_BYTES, RUN_CHUNK_POINTS, RUN_POINT_BYTES, RunOutputs } from './runOutputs';

const OUTPUTS: OutputName[] = ['score', 'upper', 'lower', 'expected', 'isAnomaly', 'fired', 'kind'];

/** A run born at `born`, kept from `readFrom`, with `n` points pushed (distinct values per output). */
function filled(born: number, readFrom: number, n: number): RunOutputs {
  const out = new RunOutputs(born, readFrom);
  for (let k = 0; k < n; k++) {
    const i = born + k;
    out.push(i + 0.25, i + 0.5, i - 0.5, i + 0.125, i % 2, (i * 2654435761) >>> 0, i % 7);
  }
  return out;
}

describe('RunOutputs.read', () => {
  it('reads the same values as get, point by point, across chunks and from any offset', () => {
    const out = filled(3, 700, 700 + 3 * RUN_CHUNK_POINTS);
    const end = out.end;
    for (const o of OUTPUTS) {
      for (const [from, to] of [
        [700, end],
        [700, 701],
        // Across a chunk boundary (chunks count from the first point kept).
        [700 + RUN_CHUNK_POINTS * 2 - 1, 700 + RUN_CHUNK_POINTS * 2 + 1],
        [end - 1, end],
        [800, 800],
      ]) {
        const dst = new Float64Array(to - from + 5).fill(-1);
        out.read(o, from, to, dst, 2);
        const want = [-1, -1, ...Array.from({ length: to - from }, (_, k) => out.get(o, from + k)), -1, -1, -1];
        expect(Array.from(dst)).toEqual(want);
      }
    }
  });

  it('gives NaN before the series was born, as get does', () => {
    const out = filled(10, 0, 20);
    const dst = new Float64Array(15);
    out.read('score', 0, 15, dst, 0);
    expect(Array.from(dst.subarray(0, 10)).every(Number.isNaN)).toBe(true);
    expect(Array.from(dst.subarray(10))).toEqual([10.25, 11.25, 12.25, 13.25, 14.25]);
    expect(out.get('score', 4)).toBeNaN();
  });

  it('throws for points not held: dropped, never kept, or not pushed yet', () => {
    const out = filled(0, 0, 3 * RUN_CHUNK_POINTS);
    out.dropBefore(RUN_CHUNK_POINTS + 5);
    const dst = new Float64Array(4 * RUN_CHUNK_POINTS);
    expect(() => out.read('score', RUN_CHUNK_POINTS - 1, RUN_CHUNK_POINTS + 1, dst, 0)).toThrow('not all held');
    expect(() => out.read('score', out.end - 1, out.end + 1, dst, 0)).toThrow('not all held');
    expect(() => filled(0, 100, 200).read('kind', 99, 101, dst, 0)).toThrow('not all held');
    out.read('score', RUN_CHUNK_POINTS, out.end, dst, 0);
    expect(dst[0]).toBe(RUN_CHUNK_POINTS + 0.25);
  });
});

describe('RunOutputs chunks', () => {
  const oneChunk = RUN_CHUNK_POINTS * RUN_POINT_BYTES + RUN_CHUNK_OVERHEAD_BYTES + 96;

  it.each([0, 5, 100, 127, 700, 17_265])(
    'a span kept from %i (the home scan asks 120 points) takes one chunk wherever it starts in the run',
    (readFrom) => {
      const out = filled(0, readFrom, readFrom + RUN_CHUNK_POINTS);
      expect(out.bytes).toBe(oneChunk);
      expect(out.get('score', readFrom)).toBe(readFrom + 0.25);
      expect(out.get('kind', out.end - 1)).toBe((out.end - 1) % 7);
    }
  );

  it('drops whole chunks counted from the first point kept, and reads what is left', () => {
    const out = filled(0, 100, 100 + 3 * RUN_CHUNK_POINTS);
    out.dropBefore(100 + RUN_CHUNK_POINTS + 5);
    expect(out.first).toBe(100 + RUN_CHUNK_POINTS);
    expect(out.bytes).toBe(2 * oneChunk - 96);
    const dst = new Float64Array(2 * RUN_CHUNK_POINTS);
    expect(() => out.read('score', out.first - 1, out.first + 1, dst, 0)).toThrow('not all held');
    out.read('expected', out.first, out.end, dst, 0);
    expect(Array.from(dst)).toEqual(Array.from({ length: 2 * RUN_CHUNK_POINTS }, (_, k) => out.first + k + 0.125));
  });
});
