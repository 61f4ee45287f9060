/**
 * The data source's Outliers frames, read back by the panels' series extraction: each member's
 * outlier band and score attach to that member's series (the frames carry `bw_output`, which must not
 * keep a derived field from matching its source series), whatever the order of the frames.
 */
import { extractSeries } from '../components/charts/panelSeries';
import { buildFrames, type FuncValues } from './outputs';
import type { DerivedFunc } from './plan';

const points = [0, 60_000, 120_000];
const pods = ['web-0', 'web-1', 'web-2'];
const labels = (pod: string) => ({ namespace: 'shop', pod });

function derived(func: DerivedFunc, base: number): FuncValues[] {
  return pods.map((pod, p) => ({
    labels: labels(pod),
    func,
    values: Float64Array.from(points, (_, i) => base + p + i / 10),
  }));
}

describe('Outliers frames in a panel', () => {
  it.each([
    ['grouped by function', (d: FuncValues[]) => d],
    ['in reverse order', (d: FuncValues[]) => [...d].reverse()],
  ])("attach each member's band and score to its own series (%s)", (_, order) => {
    const frames = buildFrames({
      refId: 'A',
      output: 'outliers',
      points,
      raw: {
        from: 0,
        step: 60_000,
        series: pods.map((pod, p) => ({ labels: labels(pod), values: Float64Array.from(points, () => 10 + p) })),
      },
      derived: order([...derived('outliers', 0.1), ...derived('outliers_upper', 20), ...derived('outliers_lower', 5)]),
    });
    const { series } = extractSeries(frames);
    expect(series.map((s) => s.labels?.pod)).toEqual(pods);
    series.forEach((s, p) => {
      expect([s.labels?.pod, Array.from(s.v)]).toEqual([s.labels?.pod, [10 + p, 10 + p, 10 + p]]);
      expect(Array.from(s.derived.upper ?? [])).toEqual(points.map((_, i) => 20 + p + i / 10));
      expect(Array.from(s.derived.lower ?? [])).toEqual(points.map((_, i) => 5 + p + i / 10));
      expect(Array.from(s.derived.score ?? [])).toEqual(points.map((_, i) => 0.1 + p + i / 10));
    });
  });
});
