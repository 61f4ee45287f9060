/**
 * Every model of the catalogue through the CLI's door (`bellwether detect|forecast|tte --model`):
 * each model the catalogue opens to the CLI answers with numbers, any other is refused with the
 * catalogue's sentence, and the help and the unknown-model errors list exactly what the CLI accepts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DETECTOR_MODELS, FORECAST_MODELS, modelRefusal, modelsAt, unknownModelMessage } from '../../src/common/models';
import { capture } from '../testCli';
import { run as detect } from './detect';
import { run as forecast } from './forecast';
import { run as tte } from './tte';

let dir: string;
let file: string;

// Three days of 5-minute points with a daily cycle (288 points a day) and a slow decline.
const T0 = 1_700_000_000;
const rows = Array.from({ length: 3 * 288 }, (_, i) => {
  const v = 500 - 0.1 * i + 20 * Math.sin((2 * Math.PI * i) / 288) + (i % 7) * 0.3;
  return `${T0 + 300 * i},${v.toFixed(4)}`;
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-model-doors-'));
  file = join(dir, 'series.csv');
  writeFileSync(file, 'timestamp,value\n' + rows.join('\n') + '\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Exit code and first line of stderr (usage errors add a pointer to --help). */
function outcome(r: { code: number; err: string }) {
  return { code: r.code, err: r.err.split('\n')[0] };
}

/** The numeric cells of column `col` of a CSV output. */
function column(out: string, col: number): number[] {
  return out
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => r.split(',')[col])
    .filter((c) => c !== '')
    .map(Number);
}

describe.each(DETECTOR_MODELS)('bellwether detect --model %s', (model) => {
  test(modelRefusal('detector', model, 'cli') ? 'is refused by name' : 'scores the series', async () => {
    const r = await capture(detect, [file, '--model', model, '--train-window', '200']);
    const refusal = modelRefusal('detector', model, 'cli');
    if (refusal === undefined) {
      expect(r).toMatchObject({ code: 0 });
      const scores = column(r.out, 5);
      expect(scores.length).toBeGreaterThan(rows.length / 2);
      expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    } else {
      expect(outcome(r)).toEqual({ code: 2, err: `bellwether detect: ${refusal}` });
    }
  });
});

describe.each(FORECAST_MODELS)('bellwether forecast and tte --model %s', (model) => {
  test(
    modelRefusal('forecast', model, 'cli') ? 'are refused by name' : 'forecast the series and its exhaustion',
    async () => {
      const f = await capture(forecast, [file, '--model', model, '--horizon', '12']);
      const t = await capture(tte, [file, '--model', model, '--capacity', '0', '--direction', 'down']);
      const refusal = modelRefusal('forecast', model, 'cli');
      if (refusal === undefined) {
        expect(f).toMatchObject({ code: 0 });
        const yhat = column(f.out, 1);
        expect(yhat).toHaveLength(12);
        expect(yhat.every(Number.isFinite)).toBe(true);
        expect(t).toMatchObject({ code: 0 });
        expect(JSON.parse(t.out)).toHaveProperty('verdict');
      } else {
        expect(outcome(f)).toEqual({ code: 2, err: `bellwether forecast: ${refusal}` });
        expect(outcome(t)).toEqual({ code: 2, err: `bellwether tte: ${refusal}` });
      }
    }
  );
});

test("mstl runs augurs' MSTL on a seasonal series, not its Holt-Winters fallback", async () => {
  const mstl = await capture(forecast, [file, '--model', 'mstl', '--horizon', '12', '--season', '288']);
  const hw = await capture(forecast, [file, '--model', 'holtwinters', '--horizon', '12', '--season', '288']);
  expect(mstl.code).toBe(0);
  expect(column(mstl.out, 1)).not.toEqual(column(hw.out, 1));
});

test('the help and the unknown-model errors list exactly the models the CLI accepts', async () => {
  const detectors = modelsAt('detector', 'cli');
  const forecasters = modelsAt('forecast', 'cli');
  expect((await capture(detect, ['--help'])).out).toContain(`--model NAME         ${detectors.join(' | ')} (default`);
  expect((await capture(forecast, ['--help'])).out).toContain(
    `--model NAME         ${forecasters.join(' | ')} (default`
  );
  expect((await capture(tte, ['--help'])).out).toContain(`--model NAME         ${forecasters.join(' | ')} (default`);
  expect(outcome(await capture(detect, [file, '--model', 'nope']))).toEqual({
    code: 2,
    err: `bellwether detect: ${unknownModelMessage('detector', 'nope', 'cli')}`,
  });
  expect(outcome(await capture(forecast, [file, '--model', 'nope', '--horizon', '3']))).toEqual({
    code: 2,
    err: `bellwether forecast: ${unknownModelMessage('forecast', 'nope', 'cli')}`,
  });
  expect(outcome(await capture(tte, [file, '--model', 'nope', '--capacity', '0', '--direction', 'down']))).toEqual({
    code: 2,
    err: `bellwether tte: ${unknownModelMessage('forecast', 'nope', 'cli')}`,
  });
});
