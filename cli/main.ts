/**
 * Entry of the `bellwether` command: `bellwether <command> [options]`.
 * Each command lives in its own file under ./commands and exports `run(args): Promise<number>`
 * plus a one-line `summary`; adding a command needs no edit here.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { installNodeMlRuntime } from '../companion/src/runtime/nodeMlRuntime';

export interface Command {
  /** One line for `bellwether help`. */
  summary: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

const commandsDir = join(__dirname, 'commands');

/** Names of the available commands, from the files in ./commands. */
export function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function load(name: string): Promise<Command> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(commandsDir, name)) as Command;
}

async function help(): Promise<string> {
  const lines = ['Usage: bellwether <command> [options]', '', 'Commands:'];
  const names = commandNames();
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    lines.push(`  ${name.padEnd(width)}  ${(await load(name)).summary}`);
  }
  lines.push('', 'Run `bellwether <command> --help` for the options of a command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  installNodeMlRuntime();
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write((await help()) + '\n');
    return name ? 0 : 2;
  }
  if (!commandNames().includes(name)) {
    process.stderr.write(`bellwether: unknown command "${name}"\nRun \`bellwether help\` for the commands.\n`);
    return 2;
  }
  return (await load(name)).run(rest);
}
