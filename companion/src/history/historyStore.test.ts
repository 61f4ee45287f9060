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
  const err = await store(['1', 'oops']).get('x', STEP, T0, T0 + STEP).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KindedError);
  expect(err).toMatchObject({ kind: 'unavailable', message: 'upstream answered not a Prometheus sample value: "oops"' });
});
