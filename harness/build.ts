/**
 * Bundles the harness (vendor externals + AMD loader + render helpers) with esbuild into
 * harness/dist/vendor.js. Rebuilt only when its inputs are newer than the output.
 */
import { build } from 'esbuild';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const HARNESS_DIR = __dirname;
export const VENDOR_JS = join(__dirname, 'dist', 'vendor.js');

function newestInput(): number {
  const files = readdirSync(HARNESS_DIR).filter((f) => /\.(ts|tsx|html)$/.test(f)).map((f) => join(HARNESS_DIR, f));
  files.push(join(HARNESS_DIR, '..', 'package-lock.json'));
  return Math.max(...files.filter(existsSync).map((f) => statSync(f).mtimeMs));
}

export async function buildHarness(force = false): Promise<string> {
  if (!force && existsSync(VENDOR_JS) && statSync(VENDOR_JS).mtimeMs >= newestInput()) {
    return VENDOR_JS;
  }
  await build({
    entryPoints: [join(HARNESS_DIR, 'vendor.tsx')],
    bundle: true,
    outfile: VENDOR_JS,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: false,
    sourcemap: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
  });
  return VENDOR_JS;
}

if (require.main === module) {
  buildHarness(true).then((f) => process.stdout.write(`built ${f}\n`));
}
