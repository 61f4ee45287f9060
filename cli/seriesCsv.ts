/**
 * The one reader of series input for every data command: CSV `timestamp,value` (or one value per
 * line), with the bad-rows rule and everything the reader did counted so it can be reported.
 *
 * - Blank lines and lines starting with `#` are skipped. The first other line is a header when
 *   neither its timestamp nor its value can be read (`timestamp,value`).
 * - A value is a decimal number; `+Inf`/`-Inf` are infinite (the engine treats them as missing);
 *   an empty cell, `NaN` or `null` is a missing value, kept as a gap.
 * - A bad row (wrong number of fields, unreadable value or timestamp) is an error naming its line
 *   (`badRows: 'error'`, the default), or with `badRows: 'gap'` a gap at its timestamp; a row whose
 *   timestamp cannot be read has no place in time and is dropped. Both are counted with their lines.
 */
import { CommandError, EXIT } from './exitCodes';
import { parseTimestamp, TimeFormat } from './timestamps';

/** What to do with a bad row: stop with an error naming it, or keep it as a gap and count it. */
export type BadRows = 'error' | 'gap';

export const BAD_ROWS: readonly BadRows[] = ['error', 'gap'];

export interface CsvOptions {
  /** Name of the input in messages: the file name, or "stdin". */
  source: string;
  badRows: BadRows;
  /** One value per line; timestamps are `stepMs` apart from 0. */
  valuesOnly: boolean;
  stepMs: number;
}

export interface SeriesCsv {
  /** Timestamps (ms) and values in input order, one entry per kept row. */
  t: Float64Array;
  v: Float64Array;
  /** The first row's timestamp format, to write output timestamps the same way. */
  format: TimeFormat;
  /** Data rows read (no header, blank or comment lines). */
  rows: number;
  /** Line numbers (1-based) of rows with an empty, NaN or null value. */
  missing: number[];
  /** Line numbers of rows with an infinite value. */
  infinite: number[];
  /** Line numbers of bad rows kept as gaps (`badRows: 'gap'`). */
  gapped: number[];
  /** Line numbers of bad rows dropped because their timestamp cannot be read (`badRows: 'gap'`). */
  dropped: number[];
  /** Line numbers of rows whose timestamp equals an earlier row's (the engine merges them). */
  duplicates: number[];
  /** Line numbers of rows earlier than a row above them (the engine sorts them). */
  outOfOrder: number[];
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = /^(|nan|null)$/i;
const INFINITE = /^([+-]?)inf(inity)?$/i;

/** A cell's value: a number, NaN for a missing value, or undefined when unreadable. */
export function parseValue(text: string): number | undefined {
  if (MISSING.test(text)) {
    return NaN;
  }
  const inf = INFINITE.exec(text);
  if (inf) {
    return inf[1] === '-' ? -Infinity : Infinity;
  }
  return NUMBER.test(text) ? Number(text) : undefined;
}

/** 4730 → "4,730". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A cell for a one-line message, cut at 40 characters. */
function quote(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
}

function cellsOf(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** Reads CSV text into a series. Throws CommandError (exit 1) for a bad row in `error` mode. */
export function parseSeriesCsv(text: string, options: CsvOptions): SeriesCsv {
  const { source, badRows, valuesOnly, stepMs } = options;
  const width = valuesOnly ? 1 : 2;
  const t: number[] = [];
  const v: number[] = [];
  const out: Omit<SeriesCsv, 't' | 'v'> = {
    format: valuesOnly ? 'offset' : 'seconds',
    rows: 0,
    missing: [],
    infinite: [],
    gapped: [],
    dropped: [],
    duplicates: [],
    outOfOrder: [],
  };
  const seen = new Set<number>();
  let latest = -Infinity;
  let headerChecked = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const lineNo = i + 1;
    const cells = cellsOf(line);
    const time = valuesOnly ? { ms: out.rows * stepMs, format: 'offset' as const } : parseTimestamp(cells[0]);
    const value = cells.length === width ? parseValue(cells[width - 1]) : undefined;
    if (!headerChecked) {
      headerChecked = true;
      if (cells.length === width && value === undefined && (valuesOnly || time === undefined)) {
        continue; // a header line
      }
    }
    let problem: string | undefined;
    if (cells.length !== width) {
      problem = `expected ${valuesOnly ? '1 field (a value)' : '2 fields "timestamp,value"'}, got ${cells.length}`;
    } else if (time === undefined) {
      problem = `cannot read the timestamp ${quote(cells[0])}`;
    } else if (value === undefined) {
      problem = `the value ${quote(cells[width - 1])} is not a number`;
    }
    if (problem !== undefined) {
      if (badRows === 'error') {
        throw new CommandError(
          `${source} line ${lineNo}: ${problem} (--bad-rows gap keeps such rows as gaps)`,
          EXIT.input
        );
      }
      if (time === undefined) {
        out.dropped.push(lineNo);
        continue;
      }
      out.gapped.push(lineNo);
    }
    const ms = time!.ms;
    if (out.rows === 0) {
      out.format = time!.format;
    }
    out.rows++;
    if (seen.has(ms)) {
      out.duplicates.push(lineNo);
    }
    seen.add(ms);
    if (ms < latest) {
      out.outOfOrder.push(lineNo);
    }
    latest = Math.max(latest, ms);
    const x = value ?? NaN;
    if (problem === undefined && Number.isNaN(x)) {
      out.missing.push(lineNo);
    } else if (x === Infinity || x === -Infinity) {
      out.infinite.push(lineNo);
    }
    t.push(ms);
    v.push(x);
  }
  return { t: Float64Array.from(t), v: Float64Array.from(v), ...out };
}

/** One line per thing the reader or the engine's cleaning changes, for stderr; [] when none. */
export function describeInput(csv: SeriesCsv): string[] {
  const notes: string[] = [];
  const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;
  const lines = (l: number[]) =>
    `line${l.length > 1 ? 's' : ''} ${l.slice(0, 3).join(', ')}${l.length > 3 ? ', …' : ''}`;
  const { gapped, dropped, missing, infinite, outOfOrder, duplicates } = csv;
  if (gapped.length) {
    notes.push(
      `kept ${plural(gapped.length, 'row with an unreadable value as a gap', 'rows with unreadable values as gaps')} (${lines(gapped)})`
    );
  }
  if (dropped.length) {
    notes.push(`dropped ${plural(dropped.length, 'row', 'rows')} with an unreadable timestamp (${lines(dropped)})`);
  }
  if (missing.length) {
    notes.push(
      `${plural(missing.length, 'row has', 'rows have')} no value (empty, NaN or null): kept as gaps (${lines(missing)})`
    );
  }
  if (infinite.length) {
    notes.push(
      `${plural(infinite.length, 'infinite value', 'infinite values')} treated as missing (${lines(infinite)})`
    );
  }
  if (outOfOrder.length) {
    notes.push(
      `sorted ${plural(outOfOrder.length, 'row', 'rows')} that came after a later timestamp (${lines(outOfOrder)})`
    );
  }
  if (duplicates.length) {
    notes.push(
      `merged ${plural(duplicates.length, 'duplicate timestamp', 'duplicate timestamps')} into the mean of their values ` +
        `(${plural(csv.rows, 'row', 'rows')} → ${plural(csv.rows - duplicates.length, 'point', 'points')}; ${lines(duplicates)})`
    );
  }
  return notes;
}
