import { handle } from './handlers';

const FIVE_MIN = 300_000;
const t = (n: number) => Float64Array.from({ length: n }, (_, i) => i * FIVE_MIN);
const v = (n: number) => Float64Array.from({ length: n }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288));

describe('worker handlers: warm-up at the series step', () => {
  it('minPoints takes the step: the ensemble needs 331 points at 5 min (300 for the provisional Holt-Winters member, then 30 calibration points, then the point judged), 131 without a step', async () => {
    expect(await handle('minPoints', [{}, FIVE_MIN])).toEqual({ ok: true, result: 331 });
    expect(await handle('minPoints', [{}])).toEqual({ ok: true, result: 131 });
  });

  it('detect returns the readable not_enough_data message for 250 points at 5 min', async () => {
    const res = await handle('detect', [t(250), v(250), {}]);
    expect(res).toEqual({
      ok: false,
      error: {
        name: 'MlError',
        code: 'not_enough_data',
        message:
          'the ensemble detector needs at least 331 points at this step (about 27.5 h at 5 min per point), got 250',
      },
    });
  });
});
