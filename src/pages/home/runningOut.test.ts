import { bySoonest, type ExhaustionRowData } from './runningOut';
import { FILESYSTEMS } from './selectors';

const row = (name: string, seconds: number, verdict?: ExhaustionRowData['verdict']): ExhaustionRowData => ({
  labels: { instance: name, mountpoint: '/' },
  seconds,
  lower: NaN,
  upper: seconds,
  sinceReset: false,
  verdict,
  pair: FILESYSTEMS,
  query: '',
  seriesExpr: '',
});

it('sorts soonest first, then "not within 30 d", then "no trend" (the engine verdict, or no answer)', () => {
  const rows = [row('a', Infinity, 'no_trend'), row('b', NaN), row('c', Infinity, 'beyond_horizon'), row('d', 3600, 'within'), row('e', 0, 'exhausted')];
  expect(rows.sort(bySoonest).map((r) => r.labels.instance)).toEqual(['e', 'd', 'c', 'a', 'b']);
});
