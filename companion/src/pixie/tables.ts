/**
 * Assembles the ExecuteScript response stream into tables: a `meta_data` message announces a table
 * (id, name, column names and types); `data.batch` messages append rows column by column. Values
 * become JSON-friendly: TIME64NS → milliseconds, INT64 → number (exact up to 2^53), UINT128 → a
 * 32-digit hex string, BOOLEAN/FLOAT64/STRING as they are.
 */

import type { PixieColumn, PixieTable } from '../../../src/common/pixieTables';

// The tables' shape is shared with the data source (src/common/pixieTables.ts).
export type { PixieColumn, PixieTable };

/** The parts of an ExecuteScriptResponse the assembler reads (proto-loader, camelCase, longs as strings). */
export interface ExecuteScriptMessage {
  status?: { code?: number; message?: string; errorDetails?: Array<{ compilerError?: { line?: string | number; column?: string | number; message?: string } }> } | null;
  metaData?: { id?: string; name?: string; relation?: { columns?: Array<{ columnName?: string; columnType?: string; columnSemanticType?: number }> } } | null;
  data?: { batch?: RowBatch | null; encryptedBatch?: Buffer | Uint8Array } | null;
}

interface RowBatch {
  tableId?: string;
  numRows?: string | number;
  cols?: Array<Record<string, { data?: unknown[] } | string | undefined>>;
}

const NS_PER_MS = BigInt(1_000_000);

function toMs(ns: unknown): number {
  const s = String(ns);
  const big = BigInt(s);
  // Whole milliseconds plus the sub-millisecond remainder as a fraction.
  return Number(big / NS_PER_MS) + Number(big % NS_PER_MS) / 1e6;
}

function hex64(x: unknown): string {
  return BigInt(String(x ?? 0)).toString(16).padStart(16, '0');
}

/** Converts one column's raw values by its oneof field. */
function columnValues(col: Record<string, unknown>): Array<number | string | boolean | null> {
  const which = col.colData as string | undefined;
  const data = ((which ? (col[which] as { data?: unknown[] }) : undefined)?.data ?? []) as unknown[];
  switch (which) {
    case 'time64nsData':
      return data.map(toMs);
    case 'int64Data':
      return data.map((x) => Number(x));
    case 'uint128Data':
      return data.map((x) => {
        const u = x as { high?: unknown; low?: unknown };
        return hex64(u.high) + hex64(u.low);
      });
    case 'float64Data':
      return data.map((x) => Number(x));
    case 'booleanData':
      return data.map((x) => Boolean(x));
    case 'stringData':
      return data.map((x) => String(x));
    default:
      return [];
  }
}

/** Script failed: compiler errors carry line and column. */
export class PixieScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PixieScriptError';
  }
}

/** Accumulates stream messages into tables, enforcing a row limit. */
export class TableAssembler {
  private readonly tables = new Map<string, PixieTable>();
  private rows = 0;

  constructor(private readonly maxRows: number) {}

  /** Feeds one stream message; throws PixieScriptError on a failed status or RangeError over the row limit. */
  add(msg: ExecuteScriptMessage): void {
    const status = msg.status;
    if (status && status.code) {
      const details = (status.errorDetails ?? [])
        .map((d) => d.compilerError)
        .filter((c): c is NonNullable<typeof c> => Boolean(c))
        .map((c) => `line ${c.line}, column ${c.column}: ${c.message}`);
      throw new PixieScriptError(`Pixie could not run the script (code ${status.code}): ${[status.message, ...details].filter(Boolean).join('; ')}`);
    }
    if (msg.metaData) {
      const m = msg.metaData;
      this.tables.set(m.id ?? '', {
        id: m.id ?? '',
        name: m.name ?? '',
        columns: (m.relation?.columns ?? []).map((c) => ({
          name: c.columnName ?? '',
          type: c.columnType ?? 'DATA_TYPE_UNKNOWN',
          semanticType: c.columnSemanticType ?? 0,
          values: [],
        })),
      });
    }
    if (msg.data?.encryptedBatch && msg.data.encryptedBatch.length > 0) {
      throw new PixieScriptError('Pixie sent an encrypted batch; the companion does not request encryption and cannot read it');
    }
    const batch = msg.data?.batch;
    if (batch) {
      const table = this.tables.get(batch.tableId ?? '');
      if (!table) {
        throw new PixieScriptError(`Pixie sent rows for unknown table ${batch.tableId}`);
      }
      const n = Number(batch.numRows ?? 0);
      this.rows += n;
      if (this.rows > this.maxRows) {
        throw new RangeError(`the script returned more than ${this.maxRows} rows (pixie.maxRows); aggregate in PxL (groupby/agg) or shorten the range`);
      }
      (batch.cols ?? []).forEach((col, i) => {
        const target = table.columns[i];
        if (target) {
          target.values.push(...columnValues(col as Record<string, unknown>));
        }
      });
    }
  }

  /** The tables received, in announcement order. */
  result(): PixieTable[] {
    return [...this.tables.values()];
  }
}
