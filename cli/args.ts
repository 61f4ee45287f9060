/**
 * The start every command shares: `--help`/`-h` prints the usage (exit 0); an argument error is
 * printed with the usage on stderr (exit 2). Returns the parsed arguments, or the exit code.
 */
export function parseOrExit<T>(command: string, argv: string[], usage: string, parse: (argv: string[]) => T | string): T | number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`bellwether ${command}: ${parsed}\n\n${usage}`);
    return 2;
  }
  return parsed;
}
