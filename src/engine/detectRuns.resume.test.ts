/**
 * A detector run stopped at a query's deadline keeps the series it fed: the next query feeds only
 * the rest, and answers exactly as a fresh environment does. A query that accepts a partial answer
 * (EngineEnv.wrapUp) stops feeding at its deadline after at least one series, answers with the
 * series fed, and says how many it left out.
 */
import { matrixEnv, type EngineEnv } from './context';
import { detectAllOnGrid } from './detectRuns';
import { KindedError } from './errors';
import type { GridMatrix } from './history';
import type { FunctionCall } from './query';
import { isLearningWarning } from './learning';
import { EngineWarnings, partialAnswerLeft } from './warnings';

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
const grid = { step: STEP, points: Array.from({ length: N }, (_, i) => i * STEP) };
const timeout = new KindedError('timeout', 'query timed out in query execution (limit 0.001s)');

/** `base` counting the series its runs feed (EngineEnv.background is awaited before each). */
function counting(base: EngineEnv, extra: Partial<EngineEnv> = {}): { env: EngineEnv; fed: () => number } {
  let fed = 0;
  const env: EngineEnv = {
    ...base,
    warnings: new EngineWarnings(),
    background: async () => {
      fed++;
    },
    ...extra,
  };
  return { env, fed: () => fed };
}

it('keeps the series fed before an abort; the next query feeds only the rest and answers as a fresh run', async () => {
  const base = matrixEnv(matrix);
  const ctl = new AbortController();
  let calls = 0;
  const aborting: EngineEnv = {
    ...base,
    signal: ctl.signal,
    // Aborts, as the deadline would, before the third series: two are fed.
    background: async () => {
      if (++calls === 3) {
        ctl.abort(timeout);
      }
    },
  };
  await expect(detectAllOnGrid(call, grid, aborting)).rejects.toBe(timeout);
  expect(base.cache.size).toBe(1);

  const again = counting(base);
  const answer = await detectAllOnGrid(call, grid, again.env);
  expect(again.fed()).toBe(SERIES - 2);
  expect(answer).toEqual(await detectAllOnGrid(call, grid, matrixEnv(matrix)));
  expect(answer.filter((d) => d.outputs.isAnomaly.some((v) => v === 1)).length).toBeGreaterThan(0);
});

it('wraps up at the deadline with the series fed, a counted warning, and goes on from there', async () => {
  const base = matrixEnv(matrix);
  const fresh = await detectAllOnGrid(call, grid, matrixEnv(matrix));
  const past = AbortSignal.abort(timeout);
  // Deadline already passed: one series per query, never none.
  const first = counting(base, { wrapUp: past });
  const one = await detectAllOnGrid(call, grid, first.env);
  expect(one).toHaveLength(1);
  expect(partialAnswerLeft(first.env.warnings!.list())).toEqual({ left: SERIES - 1, of: SERIES });
  expect(one[0]).toEqual(fresh.find((d) => d.labels.instance === one[0].labels.instance));

  const second = counting(base, { wrapUp: past });
  const two = await detectAllOnGrid(call, grid, second.env);
  expect(second.fed()).toBe(1);
  expect(two).toHaveLength(2);
  expect(partialAnswerLeft(second.env.warnings!.list())).toEqual({ left: SERIES - 2, of: SERIES });

  const rest = counting(base);
  const all = await detectAllOnGrid(call, grid, rest.env);
  expect(rest.fed()).toBe(SERIES - 2);
  // No partial answer (the 10-hour matrix is short of the lead-in: that is said, and only that).
  expect(rest.env.warnings!.list().filter((w) => !isLearningWarning(w))).toEqual([]);
  expect(all).toEqual(fresh);
});

it('a deadline that never passes changes nothing', async () => {
  const { env } = counting(matrixEnv(matrix), { wrapUp: new AbortController().signal });
  expect(await detectAllOnGrid(call, grid, env)).toEqual(await detectAllOnGrid(call, grid, matrixEnv(matrix)));
  expect(env.warnings!.list().filter((w) => !isLearningWarning(w))).toEqual([]);
});
