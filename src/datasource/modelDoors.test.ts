/**
 * Every model of the catalogue through the data source's browser engine (the worker's handler table,
 * run in-process): each model the catalogue opens to the browser engine answers with numbers, any
 * other is refused up front with the catalogue's sentence, and the unknown-model error lists exactly
 * what the browser engine accepts. The companion engine passes every companion model on.
 */
import { DataQueryRequest, DataSourceInstanceSettings, dateTime, FieldType, createDataFrame } from '@grafana/data';
import { of } from 'rxjs';
import {
  DETECTOR_MODELS,
  DETECTORS,
  FORECAST_MODELS,
  FORECASTERS,
  type ModelDoor,
  modelRefusal,
  unknownModelMessage,
} from '../common/models';
import { handle } from '../worker/handlers';
import { supplyAugursFromDisk } from '../../tests/support/augursFromDisk';
import { DataSource } from './datasource';
import type { BellwetherOptions, BellwetherQuery } from './types';

/** A catalogue entry's doors, as the wide type (the catalogue's own are literal tuples). */
const doorsOf = (e: { doors: readonly ModelDoor[] }): readonly ModelDoor[] => e.doors;
const promQuery = jest.fn();
const fetchMock = jest.fn();

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ replace: (s: string) => s }),
  getDataSourceSrv: () => ({ get: async () => ({ uid: 'prom1', name: 'Prom', type: 'prometheus', query: promQuery }) }),
  getBackendSrv: () => ({ fetch: fetchMock }),
}));

// The worker runs its handler table in-process (jsdom has no Worker).
jest.mock('../worker/client', () => jest.requireActual('../../tests/support/inProcessWorker'));

// The engine worker loads augurs (src/worker/augursBundled.ts); in-process, it is read from disk.
supplyAugursFromDisk();

const STEP = 60_000;
const T0 = Date.UTC(2024, 0, 1);

function ds() {
  return new DataSource({
    uid: 'bw',
    url: '/api/datasources/proxy/uid/bw',
    jsonData: { companionUrl: 'http://c:9091' },
    name: 'BW',
    type: 'bellwether-ml-datasource',
  } as unknown as DataSourceInstanceSettings<BellwetherOptions>);
}

function request(target: BellwetherQuery): DataQueryRequest<BellwetherQuery> {
  return {
    targets: [target],
    range: { from: dateTime(T0 + 3000 * STEP), to: dateTime(T0 + 3059 * STEP), raw: { from: 'now-1h', to: 'now' } },
    intervalMs: STEP,
    interval: '1m',
    scopedVars: {},
    requestId: 'r1',
    app: 'dashboard',
    timezone: 'utc',
    startTime: 0,
  } as unknown as DataQueryRequest<BellwetherQuery>;
}

beforeEach(() => {
  promQuery.mockReset();
  fetchMock.mockReset();
  // One series with an hourly wave on whatever range the data source asks for.
  promQuery.mockImplementation((req: DataQueryRequest<any>) => {
    const time: number[] = [];
    for (let t = req.range.from.valueOf(); t <= req.range.to.valueOf(); t += req.intervalMs) {
      time.push(t);
    }
    const value = time.map((t) => 10 + Math.sin((2 * Math.PI * t) / 3_600_000) + ((t / STEP) % 5) * 0.01);
    return of({
      data: [
        createDataFrame({
          fields: [
            { name: 'Time', type: FieldType.time, values: time },
            { name: 'Value', type: FieldType.number, values: value, labels: { __name__: 'up', job: 'api' } },
          ],
        }),
      ],
    });
  });
});

/** Finite numbers in the value fields of the derived frames (named "<labels> <function>"), not the raw series. */
function numbers(frames: any[]): number[] {
  return frames
    .filter((f) => /\} \S/.test(f.name))
    .flatMap((f) => f.fields.filter((x: any) => x.type === FieldType.number).flatMap((x: any) => [...x.values]))
    .filter((v: unknown) => typeof v === 'number' && Number.isFinite(v));
}

const browser = (output: 'score' | 'forecast', model: string): BellwetherQuery => ({
  refId: 'A',
  datasourceUid: 'prom1',
  expr: 'up',
  output,
  model,
  train: '200m',
  engine: 'browser',
});

describe.each(DETECTOR_MODELS)('detector %s, browser engine', (model) => {
  test(
    doorsOf(DETECTORS[model]).includes('browser') ? 'scores the series' : 'is refused up front by name',
    async () => {
      const res = await ds().query(request(browser('score', model)));
      const refusal = modelRefusal('detector', model, 'browser');
      if (refusal === undefined) {
        expect(res.errors).toBeUndefined();
        expect(numbers(res.data).length).toBeGreaterThan(50);
      } else {
        expect(res.errors?.[0].message).toBe(`A: ${refusal}`);
        expect(promQuery).not.toHaveBeenCalled();
      }
    }
  );
});

describe.each(FORECAST_MODELS)('forecaster %s, browser engine', (model) => {
  test(
    doorsOf(FORECASTERS[model]).includes('browser') ? 'forecasts the series' : 'is refused up front by name',
    async () => {
      const res = await ds().query(request(browser('forecast', model)));
      const refusal = modelRefusal('forecast', model, 'browser');
      if (refusal === undefined) {
        expect(res.errors).toBeUndefined();
        expect(numbers(res.data).length).toBeGreaterThan(50);
      } else {
        expect(res.errors?.[0].message).toBe(`A: ${refusal}`);
        expect(promQuery).not.toHaveBeenCalled();
      }
    }
  );
});

test('the refusals are written for operators: where the model works and what the browser engine supports', () => {
  expect(modelRefusal('detector', 'lstm', 'browser')).toBe(
    "model lstm is available in the panels, the companion and the CLI only; the data source's browser engine supports: ensemble, mad, holtwinters, prophet, iforest, gaussian"
  );
  // Every forecaster runs in the browser engine (mstl loads augurs' WebAssembly in the worker).
  expect(FORECAST_MODELS.map((m) => modelRefusal('forecast', m, 'browser'))).toEqual(
    FORECAST_MODELS.map(() => undefined)
  );
});

test('the unknown-model errors list exactly the models the browser engine accepts', async () => {
  let res = await ds().query(request(browser('score', 'nope')));
  expect(res.errors?.[0].message).toBe(`A: ${unknownModelMessage('detector', 'nope', 'browser')}`);
  res = await ds().query(request(browser('forecast', 'nope')));
  expect(res.errors?.[0].message).toBe(`A: ${unknownModelMessage('forecast', 'nope', 'browser')}`);
  expect(unknownModelMessage('detector', 'nope', 'browser')).toBe(
    `unknown detector model "nope"; use one of ${DETECTOR_MODELS.filter((m) => doorsOf(DETECTORS[m]).includes('browser')).join(', ')}`
  );
});

test('the worker itself refuses what the browser engine does not run, with the same sentence', async () => {
  const call = { func: 'anomaly_score' as const, inner: 'up', options: { model: 'lstm' } };
  const matrix = { from: T0, step: STEP, series: [] };
  const r = await handle('evaluate', [matrix, [call], [T0]]);
  expect(r).toEqual({
    ok: false,
    error: { name: 'KindedError', code: 'bad_input', message: modelRefusal('detector', 'lstm', 'browser') },
  });
});

test('the companion engine passes a model the browser engine refuses on to the companion', async () => {
  fetchMock.mockReturnValue(of({ data: { status: 'success', data: { resultType: 'matrix', result: [] } } }));
  const res = await ds().query(request({ ...browser('score', 'lstm'), engine: 'companion' }));
  expect(res.errors).toBeUndefined();
  expect(new URLSearchParams(fetchMock.mock.calls[0][0].data).get('query')).toMatch(/^anomaly_score\(up, "model=lstm /);
});
