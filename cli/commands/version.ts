import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const summary = 'Print the Bellwether version.';

export async function run(): Promise<number> {
  const pkgPath = join(__dirname, '../../package.json');
  process.stdout.write(`bellwether ${JSON.parse(readFileSync(pkgPath, 'utf8')).version}\n`);
  return 0;
}
