import { currentRuns } from './anomalous';

const sel = { title: 'CPU', expr: 'cpu' };
const part = (labels: Record<string, string>, times: number[]) => ({ labels, times, values: times.map(() => 0.9) });

describe('current anomaly runs from explain-labelled parts', () => {
  it('finds series anomalous at the end, how long, the kind and the members', () => {
    const times = [0, 60, 120, 180, 240, 300];
    const parts = [
      part({ instance: 'a' }, [0, 60, 120]),
      part({ instance: 'a', anomaly_kind: 'level_shift', anomaly_fired: 'mad,holtwinters' }, [180, 240, 300]),
      part({ instance: 'b' }, times.slice(0, 5)),
      part({ instance: 'b', anomaly_kind: 'spike' }, [300]),
      part({ instance: 'c', anomaly_kind: 'spike' }, [120]),
      part({ instance: 'c' }, [0, 60, 180, 240, 300]),
    ];
    const { rows, matched } = currentRuns(sel, parts, 300, 60, 0);
    expect(matched).toBe(3);
    expect(rows.map((r) => [r.labels.instance, r.sinceS, r.kind, r.fired, r.longer])).toEqual([
      ['a', 180, 'level_shift', ['mad', 'holtwinters'], false],
      ['b', 60, 'spike', [], false],
    ]);
  });

  it('marks a run that reaches the start of the look-back as possibly longer', () => {
    const { rows } = currentRuns(sel, [part({ instance: 'a', anomaly_kind: 'spike' }, [0, 60, 120])], 120, 60, 0);
    expect(rows[0].sinceS).toBe(180);
    expect(rows[0].longer).toBe(true);
  });
});
