/**
 * Runs every `<dir>/*.<kind>.ts` module in name order, or only those whose file name contains one
 * of `filters`. Each module exports `run(): Promise<void>`, prints its table and writes its JSON.
 * Shared by `npm run eval` (eval/run.ts) and `npm run bench` (bench/run.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { installNodeMlRuntime } from '../companion/src/runtime/nodeMlRuntime';

export async function runModules(dir: string, kind: 'eval' | 'bench', filters: string[]): Promise<void> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(`.${kind}.ts`))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    throw new Error(`no ${kind} modules matched ${JSON.stringify(filters)}`);
  }
  for (const f of files) {
    process.stdout.write(`\n=== ${f} ===\n`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, f)) as { run(): Promise<void> };
    await mod.run();
  }
}

/** Entry point of a runner script: runs and sets the exit code on failure. */
export function main(dir: string, kind: 'eval' | 'bench'): void {
  installNodeMlRuntime();
  runModules(dir, kind, process.argv.slice(2)).catch((err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
    process.exitCode = 1;
  });
}
