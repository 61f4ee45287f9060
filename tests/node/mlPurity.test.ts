/**
 * src/ml must stay framework-free so the same code runs in a Web Worker and in Node: no React,
 * no @grafana/* imports. This walks every source file below src/ml and reads its imports.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ML = join(__dirname, '..', '..', 'src', 'ml');
const FORBIDDEN = /^(react|react-dom|@grafana\/|@emotion\/)/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx|js|mjs)$/.test(e) ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports, require() and dynamic import() calls. */
function importedModules(code: string): string[] {
  const specs: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      specs.push(m[1]);
    }
  }
  return specs;
}

it('finds forbidden imports in every syntax (the check can fail)', () => {
  const code = `import React from 'react';\nexport { x } from '@grafana/data';\nconst u = require('@grafana/ui');\nimport('react-dom');\nimport './side';`;
  expect(importedModules(code).filter((s) => FORBIDDEN.test(s)).sort()).toEqual(['@grafana/data', '@grafana/ui', 'react', 'react-dom']);
});

it('src/ml imports neither React nor @grafana/*', () => {
  const files = sources(ML);
  expect(files.length).toBeGreaterThan(0);
  const offenders = files.flatMap((f) =>
    importedModules(readFileSync(f, 'utf8'))
      .filter((s) => FORBIDDEN.test(s))
      .map((s) => `${relative(ML, f)} imports ${s}`)
  );
  expect(offenders).toEqual([]);
});
