import { bySoonest, type ExhaustionRowData, loadPair } from './runningOut';
import type { CompanionClient } from './companionClient';
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
  const rows = [
    row('a', Infinity, 'no_trend'),
    row('b', NaN),
    row('c', Infinity, 'beyond_horizon'),
    row('d', 3600, 'within'),
    row('e', 0, 'exhausted'),
  ];
  expect(rows.sort(bySoonest).map((r) => r.labels.instance)).toEqual(['e', 'd', 'c', 'a', 'b']);
});

it('series the companion refused (a limit they can never reach) are said in the pair note, not dropped silently', async () => {
  const refused =
    'time_to_exhaustion: 1 of 2 series refused: {instance="b", mountpoint="/"}: limit 1.05 is above the largest possible value 1 (max=1): it can never be reached';
  const answer = { ...row('a', 3600, 'within'), pair: undefined };
  const client = {
    series: async () => [
      { instance: 'a', mountpoint: '/' },
      { instance: 'b', mountpoint: '/' },
    ],
    exhaustionWithWarnings: async () => ({ rows: [answer], warnings: ['something else', refused] }),
  } as unknown as CompanionClient;
  const r = await loadPair(client, { ...FILESYSTEMS, shardLabel: '' }, 1_800_000_000);
  expect(r.rows.map((x) => x.labels.instance)).toEqual(['a']);
  expect(r.note).toBe(`${FILESYSTEMS.title}: ${refused}`);
  expect(r.error).toBeUndefined();
});
