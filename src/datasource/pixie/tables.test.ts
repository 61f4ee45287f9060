import { FieldType } from '@grafana/data';
import { tablesToFrames, tablesToMatrix, type PixieTable } from './tables';

const T = Date.UTC(2024, 4, 1, 10);
const table: PixieTable = {
  id: 't1',
  name: 'output',
  columns: [
    { name: 'time_', type: 'TIME64NS', semanticType: 2, values: [T, T, T + 60_000, T + 90_000] },
    { name: 'service', type: 'STRING', semanticType: 300, values: ['a', 'b', 'a', 'a'] },
    { name: 'requests', type: 'INT64', semanticType: 1, values: [10, 4, 20, 40] },
    { name: 'bytes', type: 'FLOAT64', semanticType: 800, values: [1, 2, 3, 4] },
  ],
};

describe('Pixie tables', () => {
  test('frames keep column types; time in ms; semantic units', () => {
    const [f] = tablesToFrames([table], 'A');
    expect(f.fields.map((x) => x.type)).toEqual([FieldType.time, FieldType.string, FieldType.number, FieldType.number]);
    expect(f.fields[3].config.unit).toBe('bytes');
    expect(f.length).toBe(4);
  });

  test('rows → one series per string-column combination, averaged per grid slot', () => {
    const { matrix: m, warnings } = tablesToMatrix([table], 'requests', T, T + 120_000, 60_000, 10);
    expect(warnings).toEqual([]);
    expect(m.series.map((s) => s.labels)).toEqual([{ service: 'a' }, { service: 'b' }]);
    // service a: 10 at 10:00; 20 (10:01:00) and 40 (10:01:30) share the 10:01 slot → 30.
    expect(Array.from(m.series[0].values)).toEqual([10, 30, NaN]);
    expect(Array.from(m.series[1].values)).toEqual([4, NaN, NaN]);
  });

  test('rows without a time are dropped and counted in a warning, never silently (a null time is not the epoch)', () => {
    const columns = table.columns.map((c) => (c.name === 'time_' ? { ...c, values: [T, null, 'x', T + 60_000] } : c));
    const { matrix, warnings } = tablesToMatrix([{ ...table, columns }], 'requests', T, T + 120_000, 60_000, 10);
    expect(Array.from(matrix.series[0].values)).toEqual([10, 40, NaN]);
    expect(matrix.series).toHaveLength(1);
    expect(warnings).toEqual(['Pixie table "output": Dropped 2 rows without a timestamp.']);
  });

  test('clear errors: no time column, unknown value column, too many series', () => {
    expect(() => tablesToMatrix([{ ...table, columns: table.columns.slice(1) }], undefined, T, T, 1000, 10)).toThrow(
      /no table with a time column/
    );
    expect(() => tablesToMatrix([table], 'service', T, T, 1000, 10)).toThrow(
      /"service" is missing or not numeric.*requests, bytes/
    );
    expect(() => tablesToMatrix([table], undefined, T, T + 60_000, 60_000, 1)).toThrow(/more than 1 series/);
  });
});
