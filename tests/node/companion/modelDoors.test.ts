/**
 * Every model of the catalogue through the companion's door (its HTTP API over an in-memory
 * upstream): each model the catalogue lists for the companion answers with numbers, any other is
 * refused with the catalogue's sentence, and the unknown-model error lists exactly what the
 * companion accepts. mstl (augurs' WebAssembly) and lstm (TensorFlow.js) load on first use here.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import {
  DETECTOR_MODELS,
  DETECTORS,
  FORECAST_MODELS,
  FORECASTERS,
  type ModelDoor,
  modelRefusal,
  modelsAt,
  unknownModelMessage,
} from '../../../src/common/models';
import { memoryUpstream } from '../../support/memoryUpstream';
import { get } from './harness';

/** A catalogue entry's doors, as the wide type (the catalogue's own are literal tuples). */
const doorsOf = (e: { doors: readonly ModelDoor[] }): readonly ModelDoor[] => e.doors;
const STEP = 5 * 60_000;
const T0 = Date.UTC(2024, 0, 1);
const N = 4 * 288; // four days of 5-minute points with a daily cycle
const NOW = T0 + (N - 1) * STEP;
const values = Float64Array.from({ length: N }, (_, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 288) + (i % 7) * 0.3);

let companion: Companion;

beforeAll(async () => {
  companion = await startCompanion(fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }), {
    logger: silentLogger,
    now: () => NOW,
    upstream: memoryUpstream([{ labels: { __name__: 'x', job: 'api' }, values }], T0, STEP),
  });
});

afterAll(async () => {
  await companion?.close();
});

/** An instant query at NOW: the HTTP status, the values, the error. */
async function instant(query: string): Promise<{ status: number; values: number[]; error?: string }> {
  const r = await get(companion.url, '/api/v1/query', { query, time: String(NOW / 1000) });
  const result: Array<{ value: [number, string] }> = r.body?.data?.result ?? [];
  return { status: r.status, values: result.map((s) => Number(s.value[1])), error: r.body?.error };
}

describe.each(DETECTOR_MODELS)('detector %s', (model) => {
  test(doorsOf(DETECTORS[model]).includes('companion') ? 'scores the series' : 'is refused by name', async () => {
    const r = await instant(`anomaly_score(x, "model=${model} train=1d step=5m")`);
    const refusal = modelRefusal('detector', model, 'companion');
    if (refusal === undefined) {
      expect(r).toMatchObject({ status: 200 });
      expect(r.values).toHaveLength(1);
      expect(r.values[0]).toBeGreaterThanOrEqual(0);
      expect(r.values[0]).toBeLessThanOrEqual(1);
    } else {
      expect(r).toMatchObject({ status: 400, error: refusal });
    }
  });
});

describe.each(FORECAST_MODELS)('forecaster %s', (model) => {
  test(doorsOf(FORECASTERS[model]).includes('companion') ? 'forecasts the series' : 'is refused by name', async () => {
    const r = await instant(`forecast(x, 1h, "model=${model} train=3d step=5m")`);
    const refusal = modelRefusal('forecast', model, 'companion');
    if (refusal === undefined) {
      expect(r).toMatchObject({ status: 200 });
      expect(r.values).toHaveLength(1);
      expect(Number.isFinite(r.values[0])).toBe(true);
    } else {
      expect(r).toMatchObject({ status: 400, error: refusal });
    }
  });
});

test("mstl runs augurs' MSTL on a seasonal series (not its Holt-Winters fallback), and 'auto' stays the same once it is loaded", async () => {
  const query = (m: string) => `forecast(x, 6h, "model=${m} train=3d step=5m season=1d")`;
  const autoBefore = await instant(query('auto'));
  const mstl = await instant(query('mstl'));
  const hw = await instant(query('holtwinters'));
  expect(mstl.status).toBe(200);
  expect(mstl.values[0]).not.toBe(hw.values[0]);
  expect(await instant(query('auto'))).toEqual(autoBefore);
});

test('time_to_exhaustion takes every forecaster the companion accepts', async () => {
  for (const model of modelsAt('forecast', 'companion')) {
    const r = await instant(`time_to_exhaustion(x, 0, "model=${model} train=3d step=5m")`);
    expect({ model, status: r.status, n: r.values.length }).toEqual({ model, status: 200, n: 1 });
  }
});

test('the unknown-model errors list exactly the models the companion accepts', async () => {
  const detector = await instant('anomaly_score(x, "model=nope")');
  expect(detector.status).toBe(400);
  expect(detector.error).toContain(unknownModelMessage('detector', 'nope', 'companion'));
  const forecaster = await instant('forecast(x, 1h, "model=nope")');
  expect(forecaster.status).toBe(400);
  expect(forecaster.error).toContain(unknownModelMessage('forecast', 'nope', 'companion'));
  // What it lists is what the tests above found working: the catalogue entries open to the companion.
  expect(unknownModelMessage('detector', 'nope', 'companion')).toBe(
    `unknown detector model "nope"; use one of ${DETECTOR_MODELS.filter((m) => doorsOf(DETECTORS[m]).includes('companion')).join(', ')}`
  );
  expect(unknownModelMessage('forecast', 'nope', 'companion')).toBe(
    `unknown forecast model "nope"; use one of ${FORECAST_MODELS.filter((m) => doorsOf(FORECASTERS[m]).includes('companion')).join(', ')}`
  );
});
