import { MlError } from '../types';
import { prepareSeries } from './prepare';

const f = (xs: number[]) => Float64Array.from(xs);

describe('prepareSeries', () => {
  it('sorts unsorted rows and merges duplicate timestamps into their mean', () => {
    const p = prepareSeries({ t: f([3000, 1000, 2000, 2000]), v: f([3, 1, 2, 4]) });
    expect(Array.from(p.t)).toEqual([1000, 2000, 3000]);
    expect(Array.from(p.v)).toEqual([1, 3, 3]);
    expect(p.sorted).toBe(true);
    expect(p.duplicates).toBe(1);
    expect(p.stepMs).toBe(1000);
  });

  it('turns infinities into NaN, drops non-finite timestamps, keeps NaN values', () => {
    const p = prepareSeries({ t: f([0, NaN, 1, 2]), v: f([Infinity, 5, NaN, 2]) });
    expect(Array.from(p.t)).toEqual([0, 1, 2]);
    expect(p.v[0]).toBeNaN();
    expect(p.v[1]).toBeNaN();
    expect(p.nonFinite).toBe(1);
    expect(p.droppedTimestamps).toBe(1);
  });

  it('counts gaps and flags irregular steps', () => {
    const gappy = prepareSeries({ t: f([0, 10, 20, 50, 60, 70]), v: f([1, 1, 1, 1, 1, 1]) });
    expect(gappy.stepMs).toBe(10);
    expect(gappy.gaps).toBe(1);
    expect(gappy.irregular).toBe(false);
    const jitter = prepareSeries({ t: f([0, 10, 23, 30, 47, 50]), v: f([1, 2, 3, 4, 5, 6]) });
    expect(jitter.irregular).toBe(true);
  });

  it('regularises onto the step grid, leaving NaN in gaps and averaging points sharing a slot', () => {
    // diffs 10 10 10 30 9 2 9 -> median step 10
    const p = prepareSeries(
      { t: f([0, 10, 20, 30, 60, 69, 71, 80]), v: f([1, 2, 3, 4, 5, 6, 8, 9]) },
      { regularise: true }
    );
    expect(p.stepMs).toBe(10);
    expect(Array.from(p.t)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    expect(p.v[4]).toBeNaN();
    expect(p.v[5]).toBeNaN();
    expect(p.v[6]).toBe(5);
    expect(p.v[7]).toBe(7); // 69 and 71 both round to slot 70
    expect(Array.from(p.slotOf!)).toEqual([0, 1, 2, 3, 6, 7, 7, 8]);
  });

  it('rejects mismatched lengths, huge values and runaway grids with bad_input', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as MlError).code;
      }
      return 'none';
    };
    expect(code(() => prepareSeries({ t: f([1, 2]), v: f([1]) }))).toBe('bad_input');
    expect(code(() => prepareSeries({ t: f([1, 2]), v: f([1, 1e200]) }))).toBe('bad_input');
    expect(code(() => prepareSeries({ t: f([0, 1, 2, 1e12]), v: f([1, 1, 1, 1]) }, { regularise: true }))).toBe(
      'bad_input'
    );
  });

  it('handles empty input and does not mutate its input', () => {
    expect(prepareSeries({ t: f([]), v: f([]) }).t.length).toBe(0);
    const t = f([2, 1]);
    prepareSeries({ t, v: f([1, 2]) });
    expect(Array.from(t)).toEqual([2, 1]);
  });
});
