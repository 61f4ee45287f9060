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
  /**
   * Keep only the rows with the latest this many timestamps (a forecast trains on its last points):
   * memory stays bounded however long the input; the rest are counted in `unused`. Default: all.
   */
  keepLatest?: number;
}

export interface SeriesCsv {
  /** Timestamps (ms) and values in input order, one entry per kept row. */
  t: Float64Array;
  v: Float64Array;
  /** The first row's timestamp format, to write output timestamps the same way. */
  format: TimeFormat;
  /** Data rows read (no header, blank or comment lines). */
  rows: number;
  /** Rows with a finite value, of all rows read (kept or not). */
  finiteRows: number;
  /** Rows not kept because `keepLatest` later timestamps were read (0 without keepLatest). */
  unused: number;
  /** Line numbers (1-based) of rows with an empty, NaN or null value (the first 1,000; `counts` has them all). */
  missing: number[];
  /** Line numbers of rows with an infinite value. */
  infinite: number[];
  /** Line numbers of bad rows kept as gaps (`badRows: 'gap'`). */
  gapped: number[];
  /** Line numbers of bad rows dropped because their timestamp cannot be read (`badRows: 'gap'`). */
  dropped: number[];
  /** Line numbers of rows whose timestamp equals an earlier kept row's (the engine merges them). */
  duplicates: number[];
  /** Line numbers of rows earlier than a row above them (the engine sorts them). */
  outOfOrder: number[];
  /** How many rows each line list holds in all. */
  counts: Record<LineList, number>;
}

/** The reader's lists of line numbers. */
export type LineList = 'missing' | 'infinite' | 'gapped' | 'dropped' | 'duplicates' | 'outOfOrder';

/** Line numbers each list keeps (its count goes on): messages show three. */
const MAX_LINES = 1000;

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

/**
 * Reads CSV one line at a time (`line`, then `end`), holding only the rows it keeps: with
 * `keepLatest`, the rows of the latest timestamps, compacted whenever twice that many are held.
 * Throws CommandError (exit 1) for a bad row in `error` mode.
 */
export class SeriesCsvReader {
  private t: number[] = [];
  private v: number[] = [];
  private lineNos: number[] = [];
  private readonly seen = new Set<number>();
  private latest = -Infinity;
  /** Rows at or before this time are older than rows already dropped: not kept. */
  private droppedUpTo = -Infinity;
  private headerChecked = false;
  private lineNo = 0;
  private readonly out: Omit<SeriesCsv, 't' | 'v'>;

  constructor(private readonly options: CsvOptions) {
    this.out = {
      format: options.valuesOnly ? 'offset' : 'seconds',
      rows: 0,
      finiteRows: 0,
      unused: 0,
      missing: [],
      infinite: [],
      gapped: [],
      dropped: [],
      duplicates: [],
      outOfOrder: [],
      counts: { missing: 0, infinite: 0, gapped: 0, dropped: 0, duplicates: 0, outOfOrder: 0 },
    };
  }

  private mark(list: LineList, lineNo: number): void {
    this.out.counts[list]++;
    if (this.out[list].length < MAX_LINES) {
      this.out[list].push(lineNo);
    }
  }

  /** Reads the next line of the input. */
  line(raw: string): void {
    this.lineNo++;
    const { source, badRows, valuesOnly, stepMs } = this.options;
    const width = valuesOnly ? 1 : 2;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const lineNo = this.lineNo;
    const out = this.out;
    const cells = cellsOf(line);
    const time = valuesOnly ? { ms: out.rows * stepMs, format: 'offset' as const } : parseTimestamp(cells[0]);
    const value = cells.length === width ? parseValue(cells[width - 1]) : undefined;
    if (!this.headerChecked) {
      this.headerChecked = true;
      if (cells.length === width && value === undefined && (valuesOnly || time === undefined)) {
        return; // a header line
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
        this.mark('dropped', lineNo);
        return;
      }
      this.mark('gapped', lineNo);
    }
    const ms = time!.ms;
    if (out.rows === 0) {
      out.format = time!.format;
    }
    out.rows++;
    const x = value ?? NaN;
    if (problem === undefined && Number.isNaN(x)) {
      this.mark('missing', lineNo);
    } else if (x === Infinity || x === -Infinity) {
      this.mark('infinite', lineNo);
    } else if (Number.isFinite(x)) {
      out.finiteRows++;
    }
    if (ms < this.latest) {
      this.mark('outOfOrder', lineNo);
    }
    this.latest = Math.max(this.latest, ms);
    if (ms <= this.droppedUpTo) {
      out.unused++;
      return;
    }
    if (this.seen.has(ms)) {
      this.mark('duplicates', lineNo);
    }
    this.seen.add(ms);
    this.t.push(ms);
    this.v.push(x);
    this.lineNos.push(lineNo);
    const keep = this.options.keepLatest ?? Infinity;
    // Compacts when twice `keep` rows are held (more only while timestamps repeat).
    if (this.t.length >= 2 * keep && this.seen.size > keep) {
      this.compact(keep);
    }
  }

  /** Keeps the rows of the latest `keep` distinct timestamps (ties kept together), in input order. */
  private compact(keep: number): void {
    const times = [...this.seen].sort((a, b) => a - b);
    const cut = times[times.length - keep - 1];
    const kept = this.t.map((ms, i) => i).filter((i) => this.t[i] > cut);
    this.out.unused += this.t.length - kept.length;
    this.t = kept.map((i) => this.t[i]);
    this.v = kept.map((i) => this.v[i]);
    this.lineNos = kept.map((i) => this.lineNos[i]);
    this.droppedUpTo = Math.max(this.droppedUpTo, cut);
    for (const ms of times) {
      if (ms <= cut) {
        this.seen.delete(ms);
      }
    }
  }

  /** The series read: the kept rows, and the counts of everything else. */
  end(): SeriesCsv {
    const keep = this.options.keepLatest;
    if (keep !== undefined && this.seen.size > keep) {
      this.compact(keep);
    }
    return { t: Float64Array.from(this.t), v: Float64Array.from(this.v), ...this.out };
  }
}

/** Reads CSV text into a series. Throws CommandError (exit 1) for a bad row in `error` mode. */
export function parseSeriesCsv(text: string, options: CsvOptions): SeriesCsv {
  const reader = new SeriesCsvReader(options);
  for (const line of text.split(/\r?\n/)) {
    reader.line(line);
  }
  return reader.end();
}

/** One line per thing the reader or the engine's cleaning changes, for stderr; [] when none. */
export function describeInput(csv: SeriesCsv): string[] {
  const notes: string[] = [];
  const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;
  const n = csv.counts;
  const lines = (list: LineList) => {
    const l = csv[list];
    return `line${n[list] > 1 ? 's' : ''} ${l.slice(0, 3).join(', ')}${n[list] > 3 ? ', …' : ''}`;
  };
  if (n.gapped) {
    notes.push(
      `kept ${plural(n.gapped, 'row with an unreadable value as a gap', 'rows with unreadable values as gaps')} (${lines('gapped')})`
    );
  }
  if (n.dropped) {
    notes.push(`dropped ${plural(n.dropped, 'row', 'rows')} with an unreadable timestamp (${lines('dropped')})`);
  }
  if (n.missing) {
    notes.push(
      `${plural(n.missing, 'row has', 'rows have')} no value (empty, NaN or null): kept as gaps (${lines('missing')})`
    );
  }
  if (n.infinite) {
    notes.push(`${plural(n.infinite, 'infinite value', 'infinite values')} treated as missing (${lines('infinite')})`);
  }
  if (n.outOfOrder) {
    notes.push(
      `sorted ${plural(n.outOfOrder, 'row', 'rows')} that came after a later timestamp (${lines('outOfOrder')})`
    );
  }
  if (n.duplicates) {
    const kept = csv.rows - csv.unused;
    notes.push(
      `merged ${plural(n.duplicates, 'duplicate timestamp', 'duplicate timestamps')} into the mean of their values ` +
        `(${plural(kept, 'row', 'rows')} → ${plural(kept - n.duplicates, 'point', 'points')}; ${lines('duplicates')})`
    );
  }
  if (csv.unused) {
    notes.push(
      `kept the ${plural(csv.rows - csv.unused, 'row', 'rows')} with the latest timestamps, which hold every point the ` +
        `model can train on: ${plural(csv.unused, 'earlier row was', 'earlier rows were')} not used`
    );
  }
  return notes;
}
