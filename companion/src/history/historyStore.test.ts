import { ByteLru, type Sized } from '../../../src/engine/byteLru';
import { KindedError } from '../../../src/engine/errors';
import type { Upstream } from '../upstream/types';
import { HistoryStore } from './historyStore';

const STEP = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** An upstream answering every range query with one series of the given value strings from T0. */
function upstreamOf(values: string[]): Upstream {
  return {
    description: 'fixed',
    ready: async () => undefined,
    call: async () => ({
      status: 200,
      body: {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [{ metric: { __name__: 'x' }, values: values.map((v, i) => [(T0 + i * STEP) / 1000, v]) }],
        },
      },
    }),
  };
}

function store(values: string[]): HistoryStore {
  const cache = new ByteLru<Sized>(1 << 20, (v) => v.sizeBytes());
  const limits = { maxPointsPerRequest: 11_000, maxSeries: 10, maxKeepPoints: 100_000 };
  return new HistoryStore(upstreamOf(values), cache, limits, 0, () => T0 + 10 * STEP);
}

it("reads the upstream's +Inf, -Inf and NaN as the numbers they spell", async () => {
  const w = await store(['1', '+Inf', '-Inf', 'NaN', '2.5e3']).get('x', STEP, T0, T0 + 4 * STEP);
  expect([...w.series[0].values]).toEqual([1, Infinity, -Infinity, NaN, 2500]);
});

it('refuses a garbled sample value as the upstream answering garbage', async () => {
  const err = await store(['1', 'oops'])
    .get('x', STEP, T0, T0 + STEP)
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KindedError);
  expect(err).toMatchObject({
    kind: 'unavailable',
    message: 'upstream answered not a Prometheus sample value: "oops"',
  });
});

it('leaves out of a window a series it holds only from other times, as a fresh read does', async () => {
  // Series "a" from T0, series "b" from T0 + 50 steps (a pod started later), both to T0 + 99 steps.
  const upstream: Upstream = {
    description: 'two series',
    ready: async () => undefined,
    call: async (_path, params) => {
      const start = Number(params.get('start')) * 1000;
      const end = Number(params.get('end')) * 1000;
      const series = (name: string, from: number) => {
        const values: Array<[number, string]> = [];
        for (let t = Math.max(start, from); t <= Math.min(end, T0 + 99 * STEP); t += STEP) {
          values.push([t / 1000, '1']);
        }
        return { metric: { __name__: 'x', s: name }, values };
      };
      const result = [series('a', T0), series('b', T0 + 50 * STEP)].filter((s) => s.values.length > 0);
      return { status: 200, body: { status: 'success', data: { resultType: 'matrix', result } } };
    },
  };
  const limits = { maxPointsPerRequest: 11_000, maxSeries: 10, maxKeepPoints: 100_000 };
  const make = () =>
    new HistoryStore(upstream, new ByteLru<Sized>(1 << 20, (v) => v.sizeBytes()), limits, 0, () => T0 + 200 * STEP);
  const names = (w: { series: Array<{ labels: Record<string, string> }> }) => w.series.map((s) => s.labels.s).sort();

  const warm = make();
  await warm.get('x', STEP, T0 + 60 * STEP, T0 + 99 * STEP); // holds "b" from later points
  const earlier = await warm.get('x', STEP, T0, T0 + 40 * STEP);
  const fresh = await make().get('x', STEP, T0, T0 + 40 * STEP);
  expect(names(fresh)).toEqual(['a']);
  expect(names(earlier)).toEqual(names(fresh));
  // A window reaching into "b"'s samples still has it.
  expect(names(await warm.get('x', STEP, T0 + 30 * STEP, T0 + 55 * STEP))).toEqual(['a', 'b']);
});

it('reads a step at two phases (a coarse training read ending between fit times) on their own grids', async () => {
  // The value at each time is its minute count from T0; a coarse read at 3 minutes ends at a fit time,
  // which a refit after a jump puts 1 minute off the 3-minute grid.
  const upstream: Upstream = {
    description: 'minutes',
    ready: async () => undefined,
    call: async (_path, params) => {
      const start = Number(params.get('start')) * 1000;
      const end = Number(params.get('end')) * 1000;
      const every = Number(params.get('step')) * 1000;
      const values: Array<[number, string]> = [];
      for (let t = start; t <= end; t += every) {
        values.push([t / 1000, String((t - T0) / STEP)]);
      }
      return {
        status: 200,
        body: { status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'x' }, values }] } },
      };
    },
  };
  const cache = new ByteLru<Sized>(1 << 20, (v) => v.sizeBytes());
  const limits = { maxPointsPerRequest: 11_000, maxSeries: 10, maxKeepPoints: 100_000 };
  const s = new HistoryStore(upstream, cache, limits, 0, () => T0 + 100 * STEP);
  const coarse = 3 * STEP;
  const a = await s.get('x', coarse, T0 + 3 * STEP, T0 + 12 * STEP);
  const b = await s.get('x', coarse, T0 + 4 * STEP, T0 + 13 * STEP);
  expect([...a.series[0].values]).toEqual([3, 6, 9, 12]);
  expect([...b.series[0].values]).toEqual([4, 7, 10, 13]);
});

it('keeps nothing of a read the upstream failed part way: the next read fetches it all again', async () => {
  // 30 points in requests of 10: the second request fails once. The entry was widened to the whole
  // window before the answers were placed, so keeping it would read as 10 missing points.
  let calls = 0;
  let failed = false;
  const upstream: Upstream = {
    description: 'fails once',
    ready: async () => undefined,
    call: async (_path, params) => {
      calls++;
      if (calls === 2 && !failed) {
        failed = true;
        return { status: 503, body: { status: 'error', errorType: 'unavailable', error: 'try again' } };
      }
      const start = Number(params.get('start')) * 1000;
      const end = Number(params.get('end')) * 1000;
      const values: Array<[number, string]> = [];
      for (let t = start; t <= end; t += STEP) {
        values.push([t / 1000, String((t - T0) / STEP)]);
      }
      return {
        status: 200,
        body: { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } },
      };
    },
  };
  const cache = new ByteLru<Sized>(1 << 20, (v) => v.sizeBytes());
  const limits = { maxPointsPerRequest: 10, maxSeries: 10, maxKeepPoints: 100_000 };
  const s = new HistoryStore(upstream, cache, limits, 0, () => T0 + 100 * STEP);
  await expect(s.get('x', STEP, T0, T0 + 29 * STEP)).rejects.toThrow('try again');
  expect(cache.size).toBe(0);
  const w = await s.get('x', STEP, T0, T0 + 29 * STEP);
  expect([...w.series[0].values]).toEqual(Array.from({ length: 30 }, (_, i) => i));
  // A wider read of a held entry that fails also leaves nothing that would read as missing.
  failed = false;
  calls = 1;
  await expect(s.get('x', STEP, T0 - 20 * STEP, T0 + 29 * STEP)).rejects.toThrow('try again');
  const again = await s.get('x', STEP, T0 - 20 * STEP, T0 + 29 * STEP);
  expect([...again.series[0].values]).toEqual(Array.from({ length: 50 }, (_, i) => i - 20));
});
