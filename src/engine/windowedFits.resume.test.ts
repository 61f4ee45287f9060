/**
 * A fit pass stopped by the query's timeout keeps the series it fitted (at a settled fit time): the
 * next ask fits only the rest, and answers as a fresh pass. Before, a pass was kept only whole, so a
 * cold selector whose fits took longer than the timeout (the capacity dashboard's time to exhaustion
 * over 500 filesystems) timed out again on every refresh. Any other error keeps nothing.
 */
import { matrixEnv, type EngineEnv } from './context';
import { KindedError } from './errors';
import type { GridMatrix } from './history';
import type { FunctionCall } from './query';
import { type Fit, fitsAt, type FitterFamily } from './windowedFits';

const STEP = 60_000;
const N = 600;
const SERIES = 6;
const matrix: GridMatrix = {
  from: 0,
  step: STEP,
  series: Array.from({ length: SERIES }, (_, s) => ({
    labels: { instance: `node-${s}` },
    values: Float64Array.from({ length: N }, (_, i) => 100 - s - i / 10),
  })),
};
const call: FunctionCall = { func: 'trend_slope', inner: 'disk', options: { train: 5 * 3_600_000 } };
const F = (N - 1) * STEP;
const timeout = new KindedError('timeout', 'query timed out in query execution (limit 0.001s)');

/** A fitter that answers each window's last value, counting its calls; `onCall` runs before each. */
function family(onCall: (n: number) => void = () => {}): { fam: FitterFamily<number>; calls: () => number } {
  let calls = 0;
  const fam: FitterFamily<number> = {
    name: 'last',
    scalar: true,
    fitter: async (w): Promise<Fit<number>> => {
      onCall(++calls);
      const last = w.v[w.v.length - 1];
      return { outputs: { value: () => last }, detail: last };
    },
  };
  return { fam, calls: () => calls };
}

it('keeps the series fitted before the timeout; the next ask fits only the rest and answers as a fresh pass', async () => {
  const base = matrixEnv(matrix);
  const ctl = new AbortController();
  // The deadline passes during the fourth fit: three are whole.
  const stopped = family((n) => n === 4 && ctl.abort(timeout));
  const aborting: EngineEnv = { ...base, signal: ctl.signal };
  await expect(fitsAt(call, F, STEP, aborting, stopped.fam)).rejects.toBe(timeout);

  const again = family();
  const answer = await fitsAt(call, F, STEP, base, again.fam);
  expect(again.calls()).toBe(SERIES - 4);
  const fresh = await fitsAt(call, F, STEP, matrixEnv(matrix), family().fam);
  expect(answer.series.map((s) => [s.labels.instance, s.fit?.detail])).toEqual(
    fresh.series.map((s) => [s.labels.instance, s.fit?.detail])
  );
  // Whole now: a third ask fits nothing.
  const third = family();
  await fitsAt(call, F, STEP, base, third.fam);
  expect(third.calls()).toBe(0);
});

it('an error that is not a timeout keeps nothing: asking again fits every series', async () => {
  const base = matrixEnv(matrix);
  const broken = family((n) => {
    if (n === 4) {
      throw new Error('model failed');
    }
  });
  await expect(fitsAt(call, F, STEP, base, broken.fam)).rejects.toThrow('model failed');
  const again = family();
  await fitsAt(call, F, STEP, base, again.fam);
  expect(again.calls()).toBe(SERIES);
});
