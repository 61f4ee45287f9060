/**
 * A detector run stops between series once the query's signal aborts (abort.ts); a run stopped
 * half fed keeps only whole series (detectRuns.resume.test.ts): the same query asked again
 * afterwards gets exactly the answers of a fresh environment.
 */
import { matrixEnv, type EngineEnv } from './context';
import { detectAllOnGrid } from './detectRuns';
import { KindedError } from './errors';
import type { GridMatrix } from './history';
import type { FunctionCall } from './query';

const STEP = 60_000;
const N = 600;
const SERIES = 6;

const matrix: GridMatrix = {
  from: 0,
  step: STEP,
  series: Array.from({ length: SERIES }, (_, s) => ({
    labels: { instance: `node-${s}` },
    values: Float64Array.from({ length: N }, (_, i) => 10 + s + Math.sin(i / 9 + s) + (i === 450 + s ? 8 : 0)),
  })),
};
const call: FunctionCall = { func: 'anomaly_score', inner: 'cpu', options: {} };
const grid = (to: number) => ({ step: STEP, points: Array.from({ length: to + 1 }, (_, i) => i * STEP) });
const timeout = new KindedError('timeout', 'query timed out in query execution (limit 0.001s)');

/** An environment whose signal aborts, as at a query's deadline, once `abortAfterReads` history reads are done. */
function abortingEnv(base: EngineEnv, abortAfterReads: number): { env: EngineEnv; reads: () => number } {
  const ctl = new AbortController();
  let reads = 0;
  const history = base.history;
  const env: EngineEnv = {
    ...base,
    signal: ctl.signal,
    history: {
      get: async (q, step, from, to, signal) => {
        const w = await history.get(q, step, from, to, signal);
        if (++reads >= abortAfterReads) {
          ctl.abort(timeout);
        }
        return w;
      },
    },
  };
  return { env, reads: () => reads };
}

it('stops a cold run at the abort with the deadline error, and caches nothing', async () => {
  const { env, reads } = abortingEnv(matrixEnv(matrix), 1);
  await expect(detectAllOnGrid(call, grid(N - 1), env)).rejects.toBe(timeout);
  expect(reads()).toBe(1);
  expect(env.cache.size).toBe(0);
});

it('a cached run that an aborted query had begun to extend, asked again, answers as a fresh run', async () => {
  const base = matrixEnv(matrix);
  await detectAllOnGrid(call, grid(300), base);
  expect(base.cache.size).toBe(1);
  const { env } = abortingEnv(base, 1);
  await expect(detectAllOnGrid(call, grid(N - 1), env)).rejects.toBe(timeout);
  const again = await detectAllOnGrid(call, grid(N - 1), base);
  const fresh = await detectAllOnGrid(call, grid(N - 1), matrixEnv(matrix));
  expect(again).toEqual(fresh);
  // The comparison is not vacuous: the spikes are judged.
  expect(fresh.filter((d) => d.outputs.isAnomaly.some((v) => v === 1)).length).toBeGreaterThan(0);
});

it('a signal that never aborts changes nothing', async () => {
  const { env } = abortingEnv(matrixEnv(matrix), Number.POSITIVE_INFINITY);
  expect(await detectAllOnGrid(call, grid(N - 1), env)).toEqual(
    await detectAllOnGrid(call, grid(N - 1), matrixEnv(matrix))
  );
});
