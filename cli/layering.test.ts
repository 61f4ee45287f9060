/**
 * The CLI sits on top: it may import companion/ and src/, but companion/ never imports cli/ (the
 * companion's container image and its tests must not depend on the command line).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'cli');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx|js|mjs)$/.test(e) ? [p] : [];
  });
}

/** Relative module specifiers of imports, re-exports, require() and import(), resolved to paths. */
function importedPaths(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const re = /(?:\bfrom\s+|\bimport\s+|\brequire\(\s*|\bimport\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;
  return [...code.matchAll(re)].map((m) => resolve(dirname(file), m[1]));
}

const insideCli = (p: string) => !relative(CLI, p).startsWith('..');

it('resolves a relative import into cli/ (the check can fail)', () => {
  const file = join(ROOT, 'companion', 'src', 'app.ts');
  expect(insideCli(resolve(dirname(file), '../../cli/args'))).toBe(true);
  expect(
    importedPaths(join(CLI, 'commands', 'serve.ts'))
      .filter(insideCli)
      .map((p) => relative(ROOT, p))
  ).toContain('cli/args');
});

it('companion/ imports nothing from cli/', () => {
  const files = sources(join(ROOT, 'companion'));
  expect(files.length).toBeGreaterThan(0);
  const offenders = files.flatMap((f) =>
    importedPaths(f)
      .filter(insideCli)
      .map((p) => `${relative(ROOT, f)} imports ${relative(ROOT, p)}`)
  );
  expect(offenders).toEqual([]);
});
