/**
 * The browser engine's history cache: what it asks the source for on a repeated query, a refresh
 * that moved forward, a tail not yet settled and a long lead-in, and that its answer is always the
 * uncached one.
 */
import type { GridMatrix } from '../../engine/history';
import { HistoryCache, MAX_POINTS_PER_REQUEST } from './historyCache';

const STEP = 15_000;
const T0 = Date.UTC(2026, 0, 10);

/** A source whose value at t is a function of t and the series; `from` sets when series b appears. */
function source(opts: { bFrom?: number; version?: () => number } = {}) {
  const asked: Array<[number, number]> = [];
  const fetch = async (start: number, end: number): Promise<GridMatrix> => {
    asked.push([start, end]);
    const n = Math.round((end - start) / STEP) + 1;
    const at = (k: number) => start + k * STEP;
    const series = [{ labels: { job: 'a' }, values: Float64Array.from({ length: n }, (_, k) => Math.sin(at(k) / 1e6) + (opts.version?.() ?? 0)) }];
    if (opts.bFrom !== undefined && end >= opts.bFrom) {
      // Listed first, as a source may: the answer still orders series by labels.
      series.unshift({ labels: { job: 'b' }, values: Float64Array.from({ length: n }, (_, k) => (at(k) >= opts.bFrom! ? at(k) / 1e9 : NaN)) });
    }
    return { from: start, step: STEP, series };
  };
  return { fetch, asked };
}

/** Everything long settled: the clock is a day after T0's points. */
const later = () => T0 + 100 * 86_400_000;

test('a repeated query asks the source nothing; a refresh 3 steps on asks for those 3 points only', async () => {
  const src = source();
  const cache = new HistoryCache(64e6, 60_000, later);
  const start = T0;
  const end = T0 + 2000 * STEP;
  const first = await cache.get('k', start, end, STEP, 50, src.fetch);
  expect(src.asked).toEqual([[start, end]]);
  const again = await cache.get('k', start, end, STEP, 50, src.fetch);
  expect(src.asked).toHaveLength(1);
  expect(again).toEqual(first);
  const moved = await cache.get('k', start, end + 3 * STEP, STEP, 50, src.fetch);
  expect(src.asked).toEqual([
    [start, end],
    [end + STEP, end + 3 * STEP],
  ]);
  expect(moved).toEqual(await new HistoryCache(64e6, 60_000, later).get('k', start, end + 3 * STEP, STEP, 50, source().fetch));
});

test('when the lead-in start moves forward too, only the new tail is fetched and the answer is the uncached one', async () => {
  const src = source({ bFrom: T0 + 2100 * STEP });
  const cache = new HistoryCache(64e6, 60_000, later);
  await cache.get('k', T0, T0 + 2000 * STEP, STEP, 50, src.fetch);
  const moved = await cache.get('k', T0 + 500 * STEP, T0 + 2200 * STEP, STEP, 50, src.fetch);
  expect(src.asked[1]).toEqual([T0 + 2001 * STEP, T0 + 2200 * STEP]);
  const cold = await new HistoryCache(64e6, 60_000, later).get('k', T0 + 500 * STEP, T0 + 2200 * STEP, STEP, 50, source({ bFrom: T0 + 2100 * STEP }).fetch);
  expect(moved).toEqual(cold);
  // Series b appeared in the tail: NaN before, ordered by labels like the cold answer.
  expect(moved.series.map((s) => s.labels.job)).toEqual(['a', 'b']);
  expect(moved.from).toBe(T0 + 500 * STEP);
});

test('points younger than the settle time are fetched on every query and never kept', async () => {
  let version = 0;
  const src = source({ version: () => version });
  const end = T0 + 1000 * STEP;
  // The clock stands 2 steps after the last point, the settle time is 4 steps: the last 2 points are fresh.
  const cache = new HistoryCache(64e6, 4 * STEP, () => end + 2 * STEP);
  await cache.get('k', T0, end, STEP, 50, src.fetch);
  expect(src.asked).toEqual([
    [T0, end - 2 * STEP],
    [end - STEP, end],
  ]);
  version = 1; // a late scrape changed the source
  const again = await cache.get('k', T0, end, STEP, 50, src.fetch);
  expect(src.asked.slice(2)).toEqual([[end - STEP, end]]);
  const v = again.series[0].values;
  expect(v[v.length - 1]).toBeCloseTo(Math.sin(end / 1e6) + 1, 12);
  expect(v[v.length - 3]).toBeCloseTo(Math.sin((end - 2 * STEP) / 1e6), 12);
});

test('a long lead-in is fetched in requests Prometheus accepts', async () => {
  const src = source();
  const cache = new HistoryCache(64e6, 60_000, later);
  const m = await cache.get('k', T0, T0 + 24_999 * STEP, STEP, 50, src.fetch);
  expect(src.asked.map(([a, b]) => Math.round((b - a) / STEP) + 1)).toEqual([MAX_POINTS_PER_REQUEST, MAX_POINTS_PER_REQUEST, 3000]);
  expect(m.series[0].values).toHaveLength(25_000);
  expect(m).toEqual(await new HistoryCache(64e6, 60_000, later).get('k', T0, T0 + 24_999 * STEP, STEP, 1, async (a, b) => {
    const n = Math.round((b - a) / STEP) + 1;
    return { from: a, step: STEP, series: [{ labels: { job: 'a' }, values: Float64Array.from({ length: n }, (_, k) => Math.sin((a + k * STEP) / 1e6)) }] };
  }));
});

test('the series limit holds over the cached and the fresh part together', async () => {
  const cache = new HistoryCache(64e6, 60_000, later);
  await cache.get('k', T0, T0 + 100 * STEP, STEP, 1, source().fetch);
  await expect(cache.get('k', T0, T0 + 200 * STEP, STEP, 1, source({ bFrom: T0 + 150 * STEP }).fetch)).rejects.toThrow(
    /returned 2 series, more than the limit of 1/
  );
});

test('an entry larger than the byte bound is not kept, so the next query fetches again', async () => {
  const src = source();
  const cache = new HistoryCache(1000, 60_000, later);
  await cache.get('k', T0, T0 + 1000 * STEP, STEP, 50, src.fetch);
  await cache.get('k', T0, T0 + 1000 * STEP, STEP, 50, src.fetch);
  expect(src.asked).toHaveLength(2);
});

test('an earlier start than held fetches the whole window again', async () => {
  const src = source();
  const cache = new HistoryCache(64e6, 60_000, later);
  await cache.get('k', T0 + 100 * STEP, T0 + 200 * STEP, STEP, 50, src.fetch);
  const m = await cache.get('k', T0, T0 + 200 * STEP, STEP, 50, src.fetch);
  expect(src.asked[1]).toEqual([T0, T0 + 200 * STEP]);
  expect(m.series[0].values).toHaveLength(201);
});
