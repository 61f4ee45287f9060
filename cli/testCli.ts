/**
 * Test helpers for the commands: run one in-process with stdout and stderr captured, or run the real
 * `bellwether` binary as a child process (for standard input, and for loaders Jest would hide).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Calls `run(args)` with process.stdout/stderr captured. */
export async function capture(run: (args: string[]) => Promise<number>, args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

export const BIN = join(__dirname, '../bin/bellwether.mjs');

/** Runs `node bin/bellwether.mjs ...args` with `stdin` as its standard input. */
export function spawnCli(args: string[], stdin = ''): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { input: stdin, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
