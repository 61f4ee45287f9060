import { setBackendSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';
import { bySoonest, type ExhaustionRowData, loadPair } from './runningOut';
import { CompanionClient } from './companionClient';
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

it('a query whose every series the companion refused shows them refused with the reason, not as a failed query', async () => {
  // The companion's answer when every series of a shard is refused (tests/node/companion/refusedSeries.test.ts).
  const why = 'limit 1.05 is above the largest possible value 1 (max=1): it can never be reached';
  const refused = `time_to_exhaustion: 2 of 2 series refused: {instance="a", mountpoint="/"}: ${why}; {instance="b", mountpoint="/"}: ${why}`;
  setBackendSrv({
    fetch: (options: { url: string }) =>
      new Observable((sub) => {
        if (options.url.endsWith('/api/v1/series')) {
          sub.next({
            status: 200,
            ok: true,
            data: {
              status: 'success',
              data: [
                { instance: 'a', mountpoint: '/' },
                { instance: 'b', mountpoint: '/' },
              ],
            },
          });
          sub.complete();
        } else {
          sub.error({
            status: 400,
            statusText: 'Bad Request',
            data: { status: 'error', errorType: 'bad_data', error: why, warnings: [refused] },
          });
        }
      }),
  } as any);
  const progress: Array<[number, number]> = [];
  const r = await loadPair(
    new CompanionClient('/companion'),
    { ...FILESYSTEMS, shardLabel: '' },
    1_800_000_000,
    (d, t) => progress.push([d, t])
  );
  expect(r.error).toBeUndefined();
  expect(r.rows).toEqual([]);
  expect(r.note).toBe(`${FILESYSTEMS.title}: ${refused}`);
  expect(r.refused).toBe(2);
  // Both series were evaluated (and refused): the progress line reaches its total.
  expect(progress[progress.length - 1]).toEqual([2, 2]);
});

it('a 400 without the refusal warning is still a failed query', async () => {
  setBackendSrv({
    fetch: (options: { url: string }) =>
      new Observable((sub) => {
        if (options.url.endsWith('/api/v1/series')) {
          sub.next({ status: 200, ok: true, data: { status: 'success', data: [{ instance: 'a', mountpoint: '/' }] } });
          sub.complete();
        } else {
          sub.error({
            status: 400,
            statusText: 'Bad Request',
            data: {
              status: 'error',
              errorType: 'bad_data',
              error: 'unknown option "trian"',
              warnings: ['something else'],
            },
          });
        }
      }),
  } as any);
  const r = await loadPair(new CompanionClient('/companion'), { ...FILESYSTEMS, shardLabel: '' }, 1_800_000_000);
  expect(r.error).toBe(`${FILESYSTEMS.title}: 1 of 1 queries failed (0 series shown): unknown option "trian"`);
  expect(r.note).toBeUndefined();
});
