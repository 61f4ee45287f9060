import { atRows, labelsKey, matrixHistory, rowsOnGrid } from './history';

describe('labelsKey', () => {
  it('is the same for the same label set in any order, and differs otherwise', () => {
    expect(labelsKey({ job: 'api', instance: 'a:1' })).toBe(labelsKey({ instance: 'a:1', job: 'api' }));
    expect(labelsKey({ job: 'api' })).not.toBe(labelsKey({ job: 'api', instance: 'a:1' }));
    expect(labelsKey({ a: 'b,c' })).not.toBe(labelsKey({ 'a,b': 'c' }));
  });

  it("orders Prometheus label names as the companion's and the home page's former copies did", () => {
    // Those sorted whole entries as strings ("name,value"); by name alone is the same order whenever
    // no name has a character below ',' (Prometheus names are [a-zA-Z_][a-zA-Z0-9_]*), prefixes included.
    const labels = { job: 'x', __name__: 'm', a: '1', a_b: '2', ab: '3', A: '4', instance: 'i', a0: '5' };
    expect(labelsKey(labels)).toBe(JSON.stringify(Object.entries(labels).sort()));
  });
});

describe('rowsOnGrid', () => {
  it('sorts rows, merges equal times into their mean, and reads each row back at its point', () => {
    const t = [300, 0, 100, 100, NaN, 200, 0];
    const v = [4, 1, 2, 6, 9, 3, NaN];
    const g = rowsOnGrid(t, v);
    expect(g.step).toBe(100);
    expect(Array.from(g.t)).toEqual([0, 100, 200, 300]);
    // Time 0's rows: 1 and a missing value (the mean of the finite ones); time 100's: 2 and 6.
    expect(Array.from(g.v)).toEqual([1, 4, 3, 4]);
    expect(Array.from(g.matrix.series[0].values)).toEqual([1, 4, 3, 4]);
    expect(Array.from(g.rows.at)).toEqual([3, 0, 1, 1, -1, 2, 0]);
    expect(Array.from(atRows(g.rows, Float64Array.from([10, 11, 12, 13])))).toEqual([13, 10, 11, 11, NaN, 12, 10]);
    // Every row after the first (time 300) but the one without a time came after a later one.
    expect(g.counts).toEqual({ outOfOrder: 5, merged: 2, noTime: 1, offGrid: 0 });
  });

  it('leaves rows in time order with distinct times as they are, at the step given', () => {
    const g = rowsOnGrid([0, 60, 130, 180], [1, 2, 3, 4], 60);
    expect(Array.from(g.matrix.series[0].values)).toEqual([1, 2, 3, 4]);
    expect(g.counts).toEqual({ outOfOrder: 0, merged: 0, noTime: 0, offGrid: 0 });
  });

  it('refuses a series with fewer than two distinct times when no step is given', () => {
    expect(() => rowsOnGrid([5, 5], [1, 2])).toThrow('two distinct timestamps');
  });
});

describe('matrixHistory at a coarser step', () => {
  it('reads every k-th value ending where asked, as Prometheus answers at that step (a coarse training read)', async () => {
    const values = Float64Array.from({ length: 20 }, (_, i) => i);
    const h = matrixHistory({ from: 60_000, step: 60_000, series: [{ labels: {}, values }] });
    // From the grid point 2 to 11, every 3 minutes: indices 1, 4, 7, 10.
    const w = await h.get('x', 180_000, 120_000, 660_000);
    expect([...w.series[0].values]).toEqual([1, 4, 7, 10]);
    // Neither a step that is not a multiple nor a start off the matrix's grid.
    await expect(h.get('x', 90_000, 120_000, 660_000)).rejects.toThrow(/matrix history holds step 60s/);
    await expect(h.get('x', 180_000, 150_000, 690_000)).rejects.toThrow(/matrix history holds step 60s/);
  });
});
