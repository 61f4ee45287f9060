/**
 * `npm run eval`: runs every `eval/*.eval.ts` module in name order (or only those whose name
 * contains one of the arguments). Each module exports `run(): Promise<void>`, prints its table
 * and writes its JSON under `eval/results/`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.eval.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    throw new Error('no eval modules matched ' + JSON.stringify(filters));
  }
  for (const f of files) {
    process.stdout.write('\n=== ' + f + ' ===\n');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(__dirname, f)) as { run(): Promise<void> };
    await mod.run();
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exitCode = 1;
});
