/**
 * Pixie result tables as the companion's `/api/v1/pixie/query` returns them (in the Prometheus
 * envelope, `data: { tables }`) and the data source reads them. The companion assembles them from
 * Pixie's stream (companion/src/pixie/tables.ts); values are JSON-friendly: TIME64NS in
 * milliseconds, INT64 as a number (exact up to 2^53), UINT128 as a 32-digit hex string.
 */

/** One column of a result table. */
export interface PixieColumn {
  name: string;
  /** Pixie DataType name: BOOLEAN, INT64, UINT128, FLOAT64, STRING, TIME64NS. */
  type: string;
  /** Pixie SemanticType number (e.g. 2 = ST_TIME_NS, 800 = ST_BYTES). */
  semanticType: number;
  values: Array<number | string | boolean | null>;
}

/** One result table of a PxL script (one per `px.display`). */
export interface PixieTable {
  id: string;
  name: string;
  columns: PixieColumn[];
}

/** The `data` of a Pixie query answer. */
export interface PixieQueryData {
  tables: PixieTable[];
}
