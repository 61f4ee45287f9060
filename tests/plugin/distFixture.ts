import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DIST = join(__dirname, '..', '..', 'dist');

/** Fails clearly when the build has not run (npm test builds first). */
export function requireDist(): string {
  if (!existsSync(join(DIST, 'plugin.json'))) {
    throw new Error('dist/ is missing: run `npm run build` before these tests (npm test does).');
  }
  return DIST;
}

/** A throw-away copy of dist/ to break on purpose. */
export function copyOfDist(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'bw-dist-')), 'dist');
  cpSync(requireDist(), dir, { recursive: true });
  return dir;
}
