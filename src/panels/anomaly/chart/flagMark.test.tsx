/**
 * The demo's latency at a 2-minute step (SRE walk-through): the step after a 2.4 s spike is flagged
 * for the spike's last minute, scored at the data's resolution, and its own sample is a normal
 * 0.336 s. The dot was drawn on that sample, where it reads as a false flag.
 */
import { render, screen } from '@testing-library/react';
import React from 'react';
import type { PanelSeries } from '../../../components/charts/panelSeries';
import type { SeriesAnalysis } from '../analysis';
import { AnomalyTooltip } from '../components/AnomalyTooltip';
import type { DrawnSeries } from './columns';
import { flagMark, markStart } from './flagMark';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 29, 7, 10);
const t = Float64Array.from([T0, T0 + 2 * MIN, T0 + 4 * MIN]);
const v = Float64Array.from([0.3, 2.05, 0.336]);
const base: SeriesAnalysis = {
  status: 'ok',
  source: 'engine',
  model: 'ensemble',
  isAnomaly: Uint8Array.from([0, 1, 1]),
  lower: new Float64Array(3).fill(0.1),
  upper: new Float64Array(3).fill(0.5),
};

describe('flagMark', () => {
  it('puts the mark of a step scored finer at the fine point that scored', () => {
    const a = {
      ...base,
      peak: { t: Float64Array.from([NaN, T0 + 2 * MIN, T0 + 3 * MIN]), v: Float64Array.from([NaN, 2.05, 2.4]) },
    };
    expect(flagMark(a, t, v, 2, 2 * MIN)).toEqual({ kind: 'peak', t: T0 + 3 * MIN, v: 2.4 });
    // A step whose own sample scored keeps its dot on the line.
    expect(flagMark(a, t, v, 1, 2 * MIN)).toEqual({ kind: 'value', t: T0 + 2 * MIN, v: 2.05 });
    expect(flagMark(a, t, v, 0, 2 * MIN)).toBeUndefined();
    expect(markStart(flagMark(a, t, v, 2, 2 * MIN), t[2])).toBe(T0 + 3 * MIN);
  });

  it('with the score from the data, marks the step, not a sample inside its band', () => {
    const a = { ...base, source: 'data' as const };
    expect(flagMark(a, t, v, 2, 2 * MIN)).toEqual({ kind: 'step', from: T0 + 2 * MIN, to: T0 + 4 * MIN });
    // A sample outside its band is what scored: its dot stays.
    expect(flagMark(a, t, v, 1, 2 * MIN)).toEqual({ kind: 'value', t: T0 + 2 * MIN, v: 2.05 });
    expect(markStart(flagMark(a, t, v, 2, 2 * MIN), t[2])).toBe(T0 + 2 * MIN);
  });

  it('judges a sample inside its band on the side the panel judges', () => {
    // Under the band's lower edge: outside it both ways, normal when only a rise counts.
    const low = Float64Array.from([0.3, 2.05, 0.05]);
    const a = { ...base, source: 'data' as const };
    expect(flagMark(a, t, low, 2, 2 * MIN)).toEqual({ kind: 'value', t: T0 + 4 * MIN, v: 0.05 });
    expect(flagMark(a, t, low, 2, 2 * MIN, 'above')).toEqual({ kind: 'step', from: T0 + 2 * MIN, to: T0 + 4 * MIN });
    expect(flagMark(a, t, v, 1, 2 * MIN, 'below')).toEqual({ kind: 'step', from: T0, to: T0 + 2 * MIN });
  });
});

describe('the tooltip of a step flagged for a spike inside it', () => {
  const series: PanelSeries = { name: 'p99 api-1', t, v, unit: 's', derived: {} };
  const tooltip = (outcome: SeriesAnalysis) => {
    const drawn = { series, outcome, color: '#f00', step: 2 * MIN } as unknown as DrawnSeries;
    render(<AnomalyTooltip drawn={drawn} row={2} timeMs={t[2]} timeZone="utc" />);
    return screen.getByTestId('bw-tooltip-scored').textContent;
  };

  it('names the value that scored and its minute', () => {
    const peak = { t: Float64Array.from([NaN, NaN, T0 + 3 * MIN]), v: Float64Array.from([NaN, NaN, 2.4]) };
    expect(tooltip({ ...base, peak })).toBe('Scoredmax inside this 2 min step: 2.40 s at 07:13');
  });

  it('with the score from the data, says the step scored, not its sample', () => {
    expect(tooltip({ ...base, source: 'data' })).toBe(
      'Scoredon more than the sample shown (step 07:12–07:14)'
    );
  });
});
