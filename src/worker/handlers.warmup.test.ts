import { handle } from './handlers';

const FIVE_MIN = 300_000;
const t = (n: number) => Float64Array.from({ length: n }, (_, i) => i * FIVE_MIN);
const v = (n: number) => Float64Array.from({ length: n }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288));

describe('worker handlers: warm-up at the series step', () => {
  it('minPoints takes the step: the ensemble needs 608 points at 5 min (two days + 1 point for the Prophet-style member, then 30 calibration points), 331 without a step', async () => {
    expect(await handle('minPoints', [{}, FIVE_MIN])).toEqual({ ok: true, result: 608 });
    expect(await handle('minPoints', [{}])).toEqual({ ok: true, result: 331 });
  });

  it('detect returns the readable not_enough_data message for 450 points at 5 min', async () => {
    const res = await handle('detect', [t(450), v(450), {}]);
    expect(res).toEqual({
      ok: false,
      error: {
        name: 'MlError',
        code: 'not_enough_data',
        message:
          'the ensemble detector needs at least 608 points at this step (about 2.1 d at 5 min per point), got 450',
      },
    });
  });
});
