import { mulberry32 } from '../../../src/ml/core/prng';
import { KindedError } from '../../../src/engine/errors';
import { columnsOf, type MatrixColumns } from './matrixColumns';
import { scanMatrix } from './scanMatrix';

/** What the answer gave before the scanner: JSON.parse, then each value through parseValue. */
function viaJsonParse(text: string): { body: unknown; matrix: MatrixColumns[] } {
  const body = JSON.parse(text);
  const matrix = columnsOf(body.data.result);
  body.data.result = [];
  return { body, matrix };
}

/** Bit for bit: the same bytes in every column, the same labels and envelope. */
function expectSame(text: string): void {
  const scanned = scanMatrix(Buffer.from(text));
  expect(scanned).toBeDefined();
  const old = viaJsonParse(text);
  expect(scanned!.body).toEqual(old.body);
  expect(scanned!.matrix.map((s) => s.metric)).toEqual(old.matrix.map((s) => s.metric));
  for (let k = 0; k < old.matrix.length; k++) {
    for (const col of ['times', 'values'] as const) {
      const a = Buffer.from(
        scanned!.matrix[k][col].buffer,
        scanned!.matrix[k][col].byteOffset,
        scanned!.matrix[k][col].byteLength
      );
      const b = Buffer.from(old.matrix[k][col].buffer, old.matrix[k][col].byteOffset, old.matrix[k][col].byteLength);
      expect(a.equals(b)).toBe(true);
    }
  }
}

function answer(result: unknown[], extra = ''): string {
  return `{"status":"success","data":{"resultType":"matrix","result":${JSON.stringify(result)}}${extra}}`;
}

it('reads special, signed, huge, tiny and long values as JSON.parse and parseValue do', () => {
  const values = [
    'NaN',
    '+Inf',
    '-Inf',
    'Inf',
    'nan',
    '-0',
    '0',
    '0.0',
    '1',
    '-1',
    '+1',
    '007',
    '5.',
    '.5',
    '-.5',
    '12.345',
    '0.1',
    '0.30000000000000004',
    '1e22',
    '1e23',
    '1e-22',
    '1e-23',
    '2.5e3',
    '2.5E+3',
    '4e-7',
    '1.7976931348623157e+308',
    '1e308',
    '1e309',
    '-1e400',
    '5e-324',
    '1e-400',
    '123456789012345',
    '1234567890123456',
    '12345678901234567890',
    '0.000001234',
    '9007199254740993',
    '3.141592653589793',
  ];
  const result = [{ metric: { __name__: 'x', job: 'a' }, values: values.map((v, i) => [1700000000 + i * 15, v]) }];
  expectSame(answer(result));
});

it('reads times as JSON.parse does: whole seconds, milliseconds, exponents', () => {
  const times = [1700000000, 1700000000.001, 1700000000.5, 1700000000.123, 0, 1e9, 17e8, 1.7e9];
  const text = answer([{ metric: {}, values: [] }]).replace(
    '"values":[]',
    `"values":[${times.map((t) => `[${t},"1"]`).join(',')}]`
  );
  expectSame(text);
  expectSame(text.replace('[17e8,', '[1.7E+9,'));
});

it('matches JSON.parse on 20,000 random values in every notation', () => {
  const rnd = mulberry32(7);
  const values: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
    const r = rnd();
    values.push(
      r < 0.3
        ? String(x)
        : r < 0.6
          ? x.toFixed(Math.floor(rnd() * 8))
          : r < 0.8
            ? x.toExponential(Math.floor(rnd() * 20))
            : x.toPrecision(1 + Math.floor(rnd() * 20))
    );
  }
  expectSame(answer([{ metric: { s: '1' }, values: values.map((v, i) => [1700000000 + i, v]) }]));
});

it('keeps the envelope: warnings, infos, empty results, key order, whitespace, escaped labels', () => {
  const series = [
    {
      metric: { __name__: 'x', path: 'a"b\\c\n', uni: 'é✓' },
      values: [
        [1, '1'],
        [2, 'NaN'],
      ],
    },
    { values: [[3, '+Inf']], metric: {} },
    { metric: { a: 'b' }, values: [] },
  ];
  expectSame(answer(series, ',"warnings":["PromQL info: x"],"infos":["y"]'));
  expectSame(answer([]));
  expectSame(`{"data":{"result":${JSON.stringify(series)},"resultType":"matrix"},"status":"success","warnings":[]}`);
  expectSame(
    ` {\n "status" : "success" ,\n "data" : { "resultType" : "matrix" , "result" : [ { "metric" : { } , "values" : [ [ 1 , "2" ] , [ 2.5 , "-3e2" ] ] } ] } }\n`
  );
});

it('gives up (so the caller parses the old way) on anything outside its grammar', () => {
  const ok = answer([{ metric: { a: 'b' }, values: [[1, '1']] }]);
  const variants = [
    ok.slice(0, -5), // truncated
    ok + 'x', // trailing garbage
    ok.replace('"1"]', '1]'), // a value as a number
    ok.replace('[1,', '["1",'), // a time as a string
    ok.replace('[1,', '[01,'), // a leading zero
    ok.replace('"1"]', '"\\u0031"]'), // an escape in a value
    ok.replace('"values"', '"histograms"'), // another key
    ok.replace('"values":[[1,"1"]]', '"values":[[1,"1"]],"histograms":[]'),
    ok.replace('"metric":{"a":"b"}', '"metric":{"a":"b"},"metric":{}'), // a duplicate key
    ok.replace('"data":', '"dat\\u0061":'), // an escaped key
    ok.replace('"result":[', '"result":[],"result":['),
    ok.replace('"metric":{"a":"b"}', '"metric":{"a":b}'), // malformed labels
    '{"status":"error","errorType":"bad_data","error":"parse error"}',
    '{"status":"success","data":{"resultType":"vector","result":{}}}',
    '<html>Bad Gateway</html>',
    '',
  ];
  for (const v of variants) {
    expect(scanMatrix(Buffer.from(v))).toBeUndefined();
  }
});

it('refuses a garbled sample value with the message the history store gave', () => {
  const text = answer([
    {
      metric: {},
      values: [
        [1, '1'],
        [2, 'oops'],
      ],
    },
  ]);
  let err: unknown;
  try {
    scanMatrix(Buffer.from(text));
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(KindedError);
  expect(err).toMatchObject({
    kind: 'unavailable',
    message: 'upstream answered not a Prometheus sample value: "oops"',
  });
});
