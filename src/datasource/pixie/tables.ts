/**
 * Pixie tables (as the companion's `/api/v1/pixie/query` returns them) → Grafana frames, and → the
 * engine's grid matrix for derived outputs: rows are grouped into series by their string columns
 * (the labels, e.g. service, pod), the time column is `time_` (or the first TIME64NS column), and
 * values in one grid slot are averaged. Rows without a time are dropped and counted (a warning).
 */
import { DataFrame, FieldType, createDataFrame } from '@grafana/data';
import type { GridMatrix } from '../../engine/history';
import { alignDown } from '../../engine/grid';
import { rowNotes } from '../../engine/warnings';
import { QueryError } from '../prometheus/frames';
import type { PixieColumn, PixieTable } from '../../common/pixieTables';

export type { PixieColumn, PixieTable };

const NUMERIC = new Set(['INT64', 'FLOAT64']);

function fieldType(c: PixieColumn): FieldType {
  switch (c.type) {
    case 'TIME64NS':
      return FieldType.time;
    case 'INT64':
    case 'FLOAT64':
      return FieldType.number;
    case 'BOOLEAN':
      return FieldType.boolean;
    default:
      return FieldType.string;
  }
}

/** Units Grafana knows for Pixie's semantic types (ST_BYTES, ST_PERCENT, ST_DURATION_NS, ...). */
const SEMANTIC_UNIT: Record<number, string> = { 800: 'bytes', 900: 'percent', 901: 'ns', 902: 'reqps', 903: 'Bps' };

/** Every table as a frame, column types mapped (time in ms). */
export function tablesToFrames(tables: PixieTable[], refId: string): DataFrame[] {
  return tables.map((t) =>
    createDataFrame({
      refId,
      name: t.name,
      fields: t.columns.map((c) => ({
        name: c.name,
        type: fieldType(c),
        values: c.values,
        config: SEMANTIC_UNIT[c.semanticType] ? { unit: SEMANTIC_UNIT[c.semanticType] } : {},
      })),
    })
  );
}

/** The grid matrix of a PxL script's table, and what reading its rows said (rows dropped without a time). */
export interface PixieMatrix {
  matrix: GridMatrix;
  warnings: string[];
}

/**
 * Rows of the first table with a time column → one series per combination of string columns. Rows
 * without a finite time are dropped and counted in `warnings`, in the words the CLI's reader uses.
 *
 * @throws QueryError when no table has a time column or the value column is missing or not numeric.
 */
export function tablesToMatrix(
  tables: PixieTable[],
  valueColumn: string | undefined,
  from: number,
  to: number,
  step: number,
  maxSeries: number
): PixieMatrix {
  const table = tables.find((t) => t.columns.some((c) => c.type === 'TIME64NS'));
  if (!table) {
    throw new QueryError(
      'the PxL script returned no table with a time column (time_); derived outputs need px.display() of a time series'
    );
  }
  const time = table.columns.find((c) => c.name === 'time_') ?? table.columns.find((c) => c.type === 'TIME64NS')!;
  const value = valueColumn
    ? table.columns.find((c) => c.name === valueColumn)
    : table.columns.find((c) => NUMERIC.has(c.type));
  if (!value || !NUMERIC.has(value.type)) {
    const numeric = table.columns.filter((c) => NUMERIC.has(c.type)).map((c) => c.name);
    throw new QueryError(
      `value column ${valueColumn ? `"${valueColumn}" is missing or not numeric` : 'not found'} in table "${table.name}"; numeric columns: ${numeric.join(', ') || 'none'}`
    );
  }
  const labelCols = table.columns.filter((c) => c.type === 'STRING');
  const n = Math.round((to - from) / step) + 1;
  const groups = new Map<string, { labels: Record<string, string>; sum: Float64Array; count: Float64Array }>();
  let noTime = 0;
  for (let r = 0; r < time.values.length; r++) {
    // A null time is no time (Number(null) would read it as the epoch).
    const t = time.values[r] === null ? NaN : Number(time.values[r]);
    if (!Number.isFinite(t)) {
      noTime++;
      continue;
    }
    const v = Number(value.values[r]);
    const k = Math.round((alignDown(t, step) - from) / step);
    // A row outside the grid is outside the range asked for; a row without a value is a gap.
    if (!Number.isFinite(v) || k < 0 || k >= n) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const c of labelCols) {
      labels[c.name] = String(c.values[r] ?? '');
    }
    const key = JSON.stringify(labels);
    let g = groups.get(key);
    if (!g) {
      if (groups.size >= maxSeries) {
        throw new QueryError(
          `the PxL script produced more than ${maxSeries} series (Max series in the data source settings); group by fewer columns`
        );
      }
      g = { labels, sum: new Float64Array(n), count: new Float64Array(n) };
      groups.set(key, g);
    }
    g.sum[k] += v;
    g.count[k]++;
  }
  return {
    matrix: {
      from,
      step,
      series: [...groups.values()].map((g) => ({
        labels: g.labels,
        values: g.sum.map((s, k) => (g.count[k] > 0 ? s / g.count[k] : NaN)),
      })),
    },
    warnings: rowNotes({ outOfOrder: 0, merged: 0, noTime, offGrid: 0 }, '', () => '').map(
      (w) => `Pixie table "${table.name}": ${w}`
    ),
  };
}
