/**
 * Bundles the preview page's script (preview/main.ts) with esbuild into preview/dist/preview.js,
 * and makes sure the harness vendor bundle it runs on exists (harness/build.ts). Rebuilt only
 * when an input is newer than the output.
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildHarness } from '../harness/build';

export const PREVIEW_DIR = __dirname;
export const PREVIEW_JS = join(__dirname, 'dist', 'preview.js');

function newestInput(): number {
  return Math.max(
    ...readdirSync(PREVIEW_DIR)
      .filter((f) => /\.(ts|html)$/.test(f))
      .map((f) => statSync(join(PREVIEW_DIR, f)).mtimeMs)
  );
}

/** Builds the harness vendor bundle and the preview script when missing or stale. */
export async function buildPreview(force = false): Promise<void> {
  await buildHarness('react18', force);
  if (!force && existsSync(PREVIEW_JS) && statSync(PREVIEW_JS).mtimeMs >= newestInput()) {
    return;
  }
  await build({
    entryPoints: [join(PREVIEW_DIR, 'main.ts')],
    bundle: true,
    outfile: PREVIEW_JS,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'warning',
  });
}

if (require.main === module) {
  buildPreview(true).then(() => process.stdout.write(`built ${PREVIEW_JS}\n`));
}
