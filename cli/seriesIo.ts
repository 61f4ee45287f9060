/**
 * Input and output of the data commands (detect, forecast, tte), the same for each: the series comes
 * from a positional FILE, `-` (standard input) or `--input FILE`; the result goes to standard output
 * or `--output FILE`; bad rows follow `--bad-rows`; what the reader changed is reported on stderr.
 */
import { type FileHandle, open, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { FlagKind, Flags } from './args';
import { inputError, usageError } from './exitCodes';
import { BAD_ROWS, BadRows, describeInput, SeriesCsv, SeriesCsvReader } from './seriesCsv';

/** The flags every data command takes, for parseFlags. */
export const DATA_FLAGS: Record<string, FlagKind> = { input: 'value', output: 'value', 'bad-rows': 'value' };

/** The help paragraph for DATA_FLAGS, the same in every data command. */
export const DATA_HELP = `Input and output:
  FILE | -             the series, CSV "timestamp,value" (header optional); - or no FILE reads
                       standard input. Timestamps: epoch seconds or milliseconds,
                       "2014-04-10 07:15:00" or ISO 8601, UTC unless they name a zone
  --input FILE         the same as FILE
  --output FILE        write the result to FILE (default: standard output)
  --bad-rows MODE      a row whose value is not a number or whose timestamp cannot be read:
                         error  stop with the file and line (default)
                         gap    keep it as a missing value and report the count on stderr
                                (a row without a readable timestamp is dropped and counted)
  Empty, NaN and null values are missing values (gaps). Duplicate timestamps are merged into their
  mean and rows out of time order are sorted. Each of these is reported on stderr with a count.
`;

export interface DataArgs {
  /** File to read; undefined or '-' reads standard input. */
  input?: string;
  /** File to write; undefined or '-' writes standard output. */
  output?: string;
  badRows: BadRows;
}

/** The input, output and bad-rows settings from parsed flags; throws a usage error. */
export function dataArgs(flags: Flags): DataArgs {
  const { positionals, values } = flags;
  if (positionals.length > 1) {
    throw usageError(`one input file at most, got ${positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  }
  if (positionals.length === 1 && values.input !== undefined) {
    throw usageError(`give the input once: FILE or --input FILE, got ${JSON.stringify(positionals[0])} and --input`);
  }
  const badRows = (values['bad-rows'] ?? 'error') as BadRows;
  if (!BAD_ROWS.includes(badRows)) {
    throw usageError(`--bad-rows must be ${BAD_ROWS.join(' or ')}, got ${JSON.stringify(values['bad-rows'])}`);
  }
  return { input: positionals[0] ?? values.input, output: values.output, badRows };
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};

/** A file-system error in a few words, without the path the message already names. */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code && REASONS[code] ? `${REASONS[code]} (${code})` : (e as Error).message;
}

const fromStdin = (file?: string) => file === undefined || file === '-';

/** The input's lines, one at a time, from the file or standard input (never all held at once). */
async function* inputLines(file: string | undefined): AsyncGenerator<string> {
  if (!fromStdin(file)) {
    let handle: FileHandle;
    try {
      handle = await open(file!, 'r');
      if ((await handle.stat()).isDirectory()) {
        await handle.close();
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      }
    } catch (e) {
      throw inputError(`cannot read ${file}: ${reason(e)}`);
    }
    try {
      yield* handle.readLines({ encoding: 'utf8' });
    } catch (e) {
      throw inputError(`cannot read ${file}: ${reason(e)}`);
    } finally {
      await handle.close().catch(() => undefined);
    }
    return;
  }
  if (file === undefined && process.stdin.isTTY) {
    throw usageError('no input: give FILE, - or --input FILE, or pipe the series into standard input');
  }
  yield* createInterface({ input: process.stdin, crlfDelay: Infinity });
}

/**
 * Reads and checks the series, line by line: writes the reader's notes to stderr, and throws
 * CommandError (exit 1) for a bad row (error mode), no data rows, or no numeric value at all. With
 * `keepLatest`, only the rows of the latest timestamps are held (see SeriesCsvReader).
 */
export async function readSeries(
  command: string,
  args: DataArgs,
  shape: { valuesOnly: boolean; stepMs: number; keepLatest?: number } = { valuesOnly: false, stepMs: 1000 }
): Promise<SeriesCsv> {
  const source = fromStdin(args.input) ? 'stdin' : args.input!;
  const reader = new SeriesCsvReader({ source, badRows: args.badRows, ...shape });
  for await (const line of inputLines(args.input)) {
    reader.line(line);
  }
  const csv = reader.end();
  for (const note of describeInput(csv)) {
    process.stderr.write(`bellwether ${command}: ${source}: ${note}\n`);
  }
  if (csv.rows === 0) {
    throw inputError(`${source}: no data rows`);
  }
  if (csv.finiteRows === 0) {
    throw inputError(`${source}: no row has a numeric value`);
  }
  return csv;
}

/** Writes the result to --output FILE or standard output. */
export async function writeResult(args: DataArgs, text: string): Promise<void> {
  if (args.output === undefined || args.output === '-') {
    process.stdout.write(text);
    return;
  }
  try {
    await writeFile(args.output, text);
  } catch (e) {
    throw inputError(`cannot write ${args.output}: ${reason(e)}`);
  }
}
