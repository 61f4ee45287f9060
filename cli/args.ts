/**
 * Argument handling every command shares: `--help`/`-h` prints the usage (exit 0); a usage error is
 * one line on stderr plus a pointer to `--help` (exit 2), never the whole usage.
 */
import { didYouMean } from '../src/common/closestName';
import { CommandError, EXIT, usageError } from './exitCodes';

/** Writes a usage error as `bellwether <command>: <message>` and a pointer to --help; returns 2. */
export function reportUsageError(command: string, message: string): number {
  process.stderr.write(`bellwether ${command}: ${message}\nRun \`bellwether ${command} --help\` for the options.\n`);
  return EXIT.usage;
}

/**
 * The start every command shares. `parse` returns the parsed arguments, or a message (or throws a
 * CommandError) for a usage error. Returns the parsed arguments, or the exit code.
 */
export function parseOrExit<T>(
  command: string,
  argv: string[],
  usage: string,
  parse: (argv: string[]) => T | string
): T | number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return EXIT.ok;
  }
  let parsed: T | string;
  try {
    parsed = parse(argv);
  } catch (e) {
    if (e instanceof CommandError) {
      return reportUsageError(command, e.message);
    }
    throw e;
  }
  return typeof parsed === 'string' ? reportUsageError(command, parsed) : parsed;
}

/**
 * For the commands that read their flags by hand (serve, demo): `--name=V` as `--name V` for their
 * value flags, as parseFlags takes both (`serve --port=0` was an unknown option).
 */
export function splitEqualsForms(argv: string[], valueFlags: readonly string[]): string[] {
  return argv.flatMap((a) => {
    const eq = a.indexOf('=');
    return eq > 0 && valueFlags.includes(a.slice(0, eq)) ? [a.slice(0, eq), a.slice(eq + 1)] : [a];
  });
}

/** "unknown option --prot (did you mean --port?)": the nearest of `known` (with dashes), as parseFlags words it. */
export function unknownOption(arg: string, known: readonly string[]): string {
  const eq = arg.indexOf('=');
  const name = eq > 0 ? arg.slice(0, eq) : arg;
  return `unknown option ${name}${didYouMean(name, known)}`;
}

/** `value`: the flag takes a value (`--name V` or `--name=V`); `switch`: it takes none. */
export type FlagKind = 'value' | 'switch';

export interface Flags {
  /** Values of the `value` flags given, by name without the dashes. */
  values: Record<string, string>;
  /** Names of the `switch` flags given. */
  switches: Set<string>;
  /** Other arguments in order; a lone `-` (standard input) is one. */
  positionals: string[];
}

/**
 * Splits `argv` by `spec` (flag name without dashes → kind). A value may start with a dash
 * (`--capacity -5`). Throws a usage error for an unknown flag (naming the nearest known one), a missing value, a value given to a
 * switch, or a flag given twice.
 */
export function parseFlags(argv: string[], spec: Record<string, FlagKind>): Flags {
  const out: Flags = { values: {}, switches: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-') {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(a.startsWith('--') ? 2 : 1, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!a.startsWith('--') || kind === undefined) {
      const hint = didYouMean(name, Object.keys(spec)).replace(/mean (\S+)\?/, 'mean --$1?');
      throw usageError(`unknown option ${eq < 0 ? a : a.slice(0, eq)}${hint}`);
    }
    if (name in out.values || out.switches.has(name)) {
      throw usageError(`--${name} is given twice`);
    }
    if (kind === 'switch') {
      if (eq >= 0) {
        throw usageError(`--${name} takes no value`);
      }
      out.switches.add(name);
    } else if (eq >= 0) {
      out.values[name] = a.slice(eq + 1);
    } else if (i + 1 < argv.length) {
      out.values[name] = argv[++i];
    } else {
      throw usageError(`--${name} needs a value`);
    }
  }
  return out;
}
