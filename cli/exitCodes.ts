/**
 * The exit codes every `bellwether` command uses, and the error that carries one. A CommandError is
 * something the user can fix: it is printed as one line, `bellwether <command>: <message>`, never
 * with a stack trace or the whole usage.
 */
export const EXIT = {
  ok: 0,
  /** The input cannot be used: unreadable file, bad row, no data, or the engine refused the data. */
  input: 1,
  /** A wrong, missing or repeated option. */
  usage: 2,
  /** The input is valid but too short for the model to judge. */
  notEnoughData: 3,
} as const;

/** The exit-code paragraph of the data commands' --help and of the docs. */
export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  bad input: a file that cannot be read or written, a bad row (named by file and line),
     no data rows, or data the engine refuses
  2  usage error: unknown, missing or invalid option
  3  not enough data: the series is valid but too short for the model
`;

export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** A usage error (exit 2). */
export function usageError(message: string): CommandError {
  return new CommandError(message, EXIT.usage);
}

/** An input error (exit 1). */
export function inputError(message: string): CommandError {
  return new CommandError(message, EXIT.input);
}
