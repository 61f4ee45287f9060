import { buildFrames } from './outputs';

describe('buildFrames: the engine warnings', () => {
  const derived = [{ labels: { job: 'a' }, func: 'forecast_lower' as const, values: Float64Array.of(0, 0) }];

  it('become warning notices on the first frame, each once', () => {
    const frames = buildFrames({
      refId: 'A',
      output: 'forecast',
      points: [0, 60_000],
      derived,
      warnings: ['held at the bound', 'held at the bound', 'window cut'],
    });
    expect(frames[0].meta?.notices).toEqual([
      { severity: 'warning', text: 'held at the bound' },
      { severity: 'warning', text: 'window cut' },
    ]);
    expect(frames.slice(1).every((f) => f.meta?.notices === undefined)).toBe(true);
  });

  it('are kept on an empty frame when there are no values, and absent when there are none', () => {
    const empty = buildFrames({ refId: 'A', output: 'forecast', points: [0], derived: [], warnings: ['window cut'] });
    expect(empty).toHaveLength(1);
    expect(empty[0].meta?.notices).toEqual([{ severity: 'warning', text: 'window cut' }]);
    expect(
      buildFrames({ refId: 'A', output: 'forecast', points: [0, 60_000], derived })[0].meta?.notices
    ).toBeUndefined();
  });
});
